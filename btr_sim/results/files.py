"""Reading a results folder's files, each refused with a :class:`ResultsError` if unreadable."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq

from btr_sim.results.checks import ResultsError
from btr_sim.results.contract import MANIFEST

__all__ = ["read_columns", "read_manifest", "read_table"]


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


def read_table(file: Path, source: str) -> pd.DataFrame:
    """A Parquet table of the folder ``source``."""
    if not file.exists():
        raise ResultsError(source, [f"{file.name}: not found"])
    try:
        return pd.read_parquet(file)
    except Exception as exc:  # pyarrow raises several unrelated types for a bad file
        raise ResultsError(source, [f"{file.name}: cannot be read as Parquet: {exc}"]) from None


def read_columns(file: Path, source: str) -> list[str]:
    """A table's column names, from its schema: the table itself is read when first used."""
    try:
        return list(pq.read_schema(file).names)
    except Exception as exc:  # pyarrow raises several unrelated types for a bad file
        raise ResultsError(source, [f"{file.name}: cannot be read as Parquet: {exc}"]) from None
