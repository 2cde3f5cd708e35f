"""The rows of the results tables: merged from batches, ordered by design, written whole.

A table is the rows it held, less the runs stored again since (a failed run retried), plus the
batches stored since, sorted by design point (in design order), replication, and each run's own
row order. The same merge serves the store while it runs and when it takes up the batches a
killed process left behind, so that both end with the tables an uninterrupted run writes.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from btr_sim.results.contract import WRITE_OPTIONS

__all__ = ["SUFFIX", "merge", "replace_atomically", "run_ids", "write_table"]

#: The suffix of each kind of record's part files: ``parts/<batch><suffix>``.
SUFFIX = {"summary": ".runs.parquet", "series": ".series.parquet", "events": ".events.parquet"}


def run_ids(tables: Sequence[pa.Table]) -> pa.Array:
    """The run ids the tables hold."""
    return pa.array([r for t in tables for r in t["run_id"].to_pylist()], pa.string())


def merge(
    old: pa.Table, batches: Sequence[pa.Table], replaced: pa.Array, points: pa.Array
) -> pa.Table:
    """``old`` less the runs in ``replaced``, plus ``batches``, in design order.

    Parameters
    ----------
    old
        The table as it was.
    batches
        Rows stored since, with ``old``'s schema.
    replaced
        The run ids of every run stored since (their old rows go, whichever table).
    points
        The design points' names in design order.
    """
    kept = old.filter(pc.invert(pc.is_in(old["run_id"], value_set=replaced)))
    table = pa.concat_tables(
        [kept, *(b.select(old.schema.names).cast(old.schema) for b in batches)]
    )
    keyed = table.append_column(
        "_point", pc.index_in(table["scenario"], value_set=points)
    ).append_column("_row", pa.array(np.arange(table.num_rows), pa.int64()))
    order = pc.sort_indices(
        keyed,
        sort_keys=[("_point", "ascending"), ("replication", "ascending"), ("_row", "ascending")],
    )
    return table.take(order)


def write_table(table: pa.Table, path: Path) -> None:
    """Write a table or part file whole, with page checksums, through a rename."""
    replace_atomically(path, lambda p: pq.write_table(table, p, **WRITE_OPTIONS))


def replace_atomically(path: Path, write: Callable[[Path], Any]) -> None:
    """Write ``path`` through a temporary file and a rename, so it is whole or absent."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
