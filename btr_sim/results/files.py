"""Reading a results folder's files, each refused with a :class:`ResultsError` if unreadable.

A table that cannot be read whole (page checksums included), or whose row count disagrees with
the manifest's, is *damaged*: the error names the files and says how to repair the folder.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from btr_sim.results.checks import ResultsError
from btr_sim.results.contract import MANIFEST
from btr_sim.results.damage import (
    DamagedFile,
    footer_rows,
    read_whole,
    repair_advice,
    row_count_problem,
)

__all__ = ["damaged", "read_columns", "read_manifest", "read_table"]


def read_manifest(path: Path) -> dict[str, Any]:
    """``manifest.json`` of a folder, which must hold a JSON object."""
    file = path / MANIFEST
    if not file.exists():
        found = sorted(p.name for p in path.iterdir())[:8]
        hint = f" (the folder holds: {', '.join(found)})" if found else " (the folder is empty)"
        raise ResultsError(
            str(path), [f"{MANIFEST}: not found; not a results folder of an experiment{hint}"]
        )
    try:
        manifest = json.loads(file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ResultsError(
            str(path), [f"{MANIFEST}: not valid JSON at line {exc.lineno}: {exc.msg}"]
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ResultsError(str(path), [f"{MANIFEST}: cannot be read: {exc}"]) from None
    if not isinstance(manifest, dict):
        raise ResultsError(str(path), [f"{MANIFEST}: must hold a JSON object"])
    return manifest


def read_table(
    file: Path,
    source: str,
    manifest: dict[str, Any] | None = None,
    columns: list[str] | None = None,
    *,
    check_rows: bool = True,
) -> pd.DataFrame:
    """A Parquet table of the folder ``source``, read whole and checked against the manifest.

    ``columns`` reads only those columns (every row, its checksums verified); without
    ``check_rows`` its row count is left for the caller to check (:func:`row_count_problem`).

    Raises
    ------
    ResultsError
        If the file is missing, or damaged (with how to repair the folder).
    """
    if not file.exists():
        raise ResultsError(source, [f"{file.name}: not found"])
    try:
        table = read_whole(file, columns)
    except DamagedFile as exc:
        raise damaged(source, [f"{file.name}: {exc.reason}"], manifest or {}) from None
    problem = row_count_problem(file.name, table.num_rows, manifest or {})
    if problem and check_rows:
        raise damaged(source, [f"{file.name}: {problem}"], manifest or {})
    return table.to_pandas()


def read_columns(file: Path, source: str, manifest: dict[str, Any] | None = None) -> list[str]:
    """A table's column names, from its footer, whose row count is checked against the manifest.

    The table itself is read when first used (:func:`read_table`).
    """
    try:
        rows = footer_rows(file)
        names = list(pq.read_schema(file).names)
    except (DamagedFile, pa.ArrowException, OSError) as exc:
        reason = exc.reason if isinstance(exc, DamagedFile) else str(exc)
        raise damaged(source, [f"{file.name}: {reason}"], manifest or {}) from None
    problem = row_count_problem(file.name, rows, manifest or {})
    if problem:
        raise damaged(source, [f"{file.name}: {problem}"], manifest or {})
    return names


def damaged(source: str, problems: list[str], manifest: dict[str, Any]) -> ResultsError:
    """The error for a damaged folder: its damaged files, and how to repair it."""
    return ResultsError(
        source,
        [*problems, repair_advice(Path(source), manifest)],
        headline="a damaged results folder: some of its files cannot be trusted",
    )
