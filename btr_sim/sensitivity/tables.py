"""Tables as CSV (for analysis) and as Markdown (for reading and reports)."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from btr_sim.analysis.document import markdown_table

__all__ = ["format_table", "save_table"]


def format_table(table: pd.DataFrame, digits: int = 3) -> pd.DataFrame:
    """The table as text cells: floats to ``digits`` significant figures, blank if undefined."""

    def cell(value: object) -> str:
        if isinstance(value, float):
            return "" if math.isnan(value) else f"{value:.{digits}g}"
        if value is None or value is pd.NA:
            return ""
        return str(value)

    return table.map(cell)


def save_table(table: pd.DataFrame, path: Path, title: str = "") -> list[Path]:
    """Write ``path.csv`` and ``path.md`` (with ``title`` as a heading); return both paths."""
    path.parent.mkdir(parents=True, exist_ok=True)
    csv, md = path.with_suffix(".csv"), path.with_suffix(".md")
    table.to_csv(csv, index=False)
    heading = f"# {title}\n\n" if title else ""
    md.write_text(heading + markdown_table(format_table(table)) + "\n", encoding="utf-8")
    return [csv, md]
