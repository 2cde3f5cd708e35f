"""Damaged files of a results folder: found and named, never read as if they were whole.

A table or part file is damaged when it cannot be read whole — cut short by a full disk or a
crash, or with bytes changed, which the page checksums the store writes reveal — or when a
table holds another number of rows than the manifest counted when the table was written.
The reader (:func:`btr_sim.open_results`) refuses a damaged folder, naming the files and how
to repair it; the store (:mod:`btr_sim.experiments.store`) repairs it when the experiment is
run again: it moves the damaged files aside and runs their runs again.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from btr_sim.results.contract import DAMAGED

__all__ = ["DamagedFile", "footer_rows", "read_whole", "repair_advice", "row_count_problem"]


class DamagedFile(Exception):
    """A file of the folder that cannot be read whole.

    Parameters
    ----------
    path
        The file.
    reason
        What is wrong, in words (the reader's own message, shortened).
    """

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path.name}: {reason}")


def read_whole(path: Path, columns: list[str] | None = None) -> pa.Table:
    """A Parquet file read whole, its page checksums verified.

    Raises
    ------
    DamagedFile
        If any part of it cannot be read or fails its checksum.
    """
    try:
        _names_agree(path)
        return pq.read_table(path, columns=columns, page_checksum_verification=True)
    except (FileNotFoundError, DamagedFile):
        raise
    except Exception as exc:  # pyarrow raises many unrelated types for a damaged file
        raise DamagedFile(path, _reason(exc)) from None


def footer_rows(path: Path) -> int:
    """The number of rows a Parquet file's footer declares (the file itself is not read).

    Raises
    ------
    DamagedFile
        If the footer cannot be read (the file was cut short, or is not Parquet).
    """
    try:
        _names_agree(path)
        return int(pq.ParquetFile(path).metadata.num_rows)
    except (FileNotFoundError, DamagedFile):
        raise
    except Exception as exc:  # as above
        raise DamagedFile(path, _reason(exc)) from None


def row_count_problem(name: str, rows: int, manifest: dict[str, Any]) -> str | None:
    """Why a table's row count disagrees with the count the manifest recorded, or None."""
    counted = (manifest.get("rows") or {}).get(name)
    if not isinstance(counted, int) or counted == rows:
        return None
    return f"holds {rows:,} rows, but the manifest counted {counted:,} when it was written"


def repair_advice(root: Path, manifest: dict[str, Any]) -> str:
    """How to repair a damaged folder: run its experiment again, with the same results folder."""
    source = str(manifest.get("source") or "")
    again = (
        f"`btr-sim run {source} --out {root}`"
        if source.endswith((".yaml", ".yml"))
        else "the command that wrote it, with the same --out"
    )
    return (
        f"to repair it, run {again} again: the damaged files are moved aside to "
        f"{root / DAMAGED}/ and the runs they held are run again, the others kept"
    )


def _names_agree(path: Path) -> None:
    """Refuse a file whose footer names its columns in two ways that disagree.

    The page checksums cover the data, not the footer: a changed byte in a column's name would
    be read as another column. pyarrow writes the names twice — in the Parquet schema and in
    the Arrow schema it stores beside it — so a change in either shows as a disagreement (or
    as a name that is not text at all, which raises).
    """
    metadata = pq.ParquetFile(path).metadata
    stored = (metadata.metadata or {}).get(b"ARROW:schema")
    if stored is None:  # not written by pyarrow: nothing to compare
        return
    arrow = pa.ipc.read_schema(pa.py_buffer(base64.b64decode(stored)))
    parquet = [metadata.schema.column(i).name for i in range(metadata.num_columns)]
    if [f.name for f in arrow if not pa.types.is_nested(f.type)] != parquet:
        raise DamagedFile(path, "its footer names its columns in two ways that disagree")


def _reason(exc: Exception) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return f"cannot be read whole ({text[:160]}); it was cut short or its bytes changed"
