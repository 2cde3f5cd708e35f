"""Tables as CSV (for analysis) and as Markdown (for reading and reports)."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

__all__ = ["markdown_table", "save_table"]


def markdown_table(table: pd.DataFrame, digits: int = 3) -> str:
    """A GitHub-flavoured Markdown table; floats rounded to ``digits`` significant places."""

    def cell(value: object) -> str:
        if isinstance(value, float):
            return "" if math.isnan(value) else f"{value:.{digits}g}"
        if value is None or value is pd.NA:
            return ""
        return str(value).replace("|", "\\|")

    header = "| " + " | ".join(str(c) for c in table.columns) + " |"
    rule = "| " + " | ".join("---" for _ in table.columns) + " |"
    body = ["| " + " | ".join(cell(v) for v in row) + " |" for row in table.itertuples(False)]
    return "\n".join([header, rule, *body]) + "\n"


def save_table(table: pd.DataFrame, path: Path, title: str = "") -> list[Path]:
    """Write ``path.csv`` and ``path.md`` (with ``title`` as a heading); return both paths."""
    path.parent.mkdir(parents=True, exist_ok=True)
    csv, md = path.with_suffix(".csv"), path.with_suffix(".md")
    table.to_csv(csv, index=False)
    heading = f"# {title}\n\n" if title else ""
    md.write_text(heading + markdown_table(table), encoding="utf-8")
    return [csv, md]
