"""Taking up a results folder: its tables and left-over batches, checked, damage set aside.

When an experiment is resumed, its store reads what the folder holds — the tables, and the
batches of runs a killed process stored after the tables were last written — and checks it:
every file must read whole (page checksums included), every table must hold the rows the
manifest counted, and every finished run must have its whole monthly series. What fails is
*damage*: the damaged files are moved aside to ``damaged/<time>/`` (never deleted), and the
runs whose rows they held are dropped from the tables, so that the experiment runs them again.
Good rows are kept; nothing damaged is read as if it were whole.
"""

from __future__ import annotations

import os
import shutil
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from btr_sim.experiments.plan import ExperimentPlan
from btr_sim.experiments.rows import SUFFIX, merge, run_ids
from btr_sim.results.contract import DAMAGED, OK, PARTS, TABLES
from btr_sim.results.damage import DamagedFile, read_whole, row_count_problem

__all__ = ["TakenUp", "take_up"]


@dataclass
class TakenUp:
    """What a results folder held, checked.

    Attributes
    ----------
    tables : dict of str to pyarrow.Table
        Each recorded kind's table, the left-over batches merged in, the runs of damaged
        files dropped.
    changed : bool
        Whether the tables differ from the files (batches merged, runs dropped): they must be
        written again.
    damage : list of str
        One line per damaged file or inconsistency, for the warning.
    moved_to : Path or None
        Where the damaged files were moved.
    redo : int
        How many stored runs were dropped, to be run again.
    """

    tables: dict[str, pa.Table]
    changed: bool = False
    damage: list[str] = field(default_factory=list)
    moved_to: Path | None = None
    redo: int = 0


def take_up(
    root: Path, plan: ExperimentPlan, manifest: dict[str, Any], schemas: dict[str, pa.Schema]
) -> TakenUp:
    """Read and check a results folder's tables and left-over batches (see the module)."""
    kinds = list(plan.record)
    damaged: list[Path] = []
    found = TakenUp(tables={})
    lost_kinds: set[str] = set()
    for kind in kinds:
        path = root / TABLES[kind]
        table = schemas[kind].empty_table()
        if path.exists():
            try:
                table = _conformed(read_whole(path), schemas[kind], path)
            except DamagedFile as exc:
                damaged.append(path)
                found.damage.append(f"{path.name}: {exc.reason}")
                lost_kinds.add(kind)
            else:
                # Fewer rows than counted: rows were lost. More: the process was killed after
                # writing the table and before the manifest, which is no damage.
                counted = (manifest.get("rows") or {}).get(path.name)
                if isinstance(counted, int) and table.num_rows < counted:
                    problem = row_count_problem(path.name, table.num_rows, manifest)
                    found.damage.append(f"{path.name}: {problem}")
                    lost_kinds.add(kind)
        found.tables[kind] = table
    batches = _batches(root / PARTS, kinds, schemas, damaged, found)
    if any(batches.values()):
        replaced = run_ids(batches["summary"])
        points = pa.array([p.name for p in plan.points], pa.string())
        for kind in kinds:
            found.tables[kind] = merge(found.tables[kind], batches[kind], replaced, points)
        found.changed = True
    _drop_incomplete_runs(plan, found, lost_kinds)
    if damaged:
        found.moved_to = _move_aside(root, damaged)
        found.changed = True
    return found


def _conformed(table: pa.Table, schema: pa.Schema, path: Path) -> pa.Table:
    """The table in the store's schema; a table that does not fit it is damaged."""
    try:
        return table.select(schema.names).cast(schema)
    except (KeyError, pa.ArrowInvalid, pa.ArrowNotImplementedError, ValueError) as exc:
        raise DamagedFile(path, f"does not have the columns of its table ({exc})") from None


def _batches(
    parts: Path,
    kinds: list[str],
    schemas: dict[str, pa.Schema],
    damaged: list[Path],
    found: TakenUp,
) -> dict[str, list[pa.Table]]:
    """The batches a killed process left, each read whole or set aside whole."""
    batches: dict[str, list[pa.Table]] = {kind: [] for kind in kinds}
    if not parts.is_dir():
        return batches
    # A batch's rows are written last: without them its other parts are runs never stored.
    for rows in sorted(parts.glob(f"*{SUFFIX['summary']}")):
        stem = rows.name.removesuffix(SUFFIX["summary"])
        files = {kind: parts / f"{stem}{SUFFIX[kind]}" for kind in kinds}
        present = {kind: file for kind, file in files.items() if file.exists()}
        try:
            read = {k: _conformed(read_whole(f), schemas[k], f) for k, f in present.items()}
        except DamagedFile as exc:
            damaged += present.values()
            found.damage.append(f"{PARTS}/{exc.path.name}: {exc.reason} (its batch is set aside)")
            continue
        for kind, table in read.items():
            batches[kind].append(table)
    return batches


def _drop_incomplete_runs(plan: ExperimentPlan, found: TakenUp, lost: set[str]) -> None:
    """Drop the stored runs whose series or events are missing, so that they run again."""
    summary = found.tables["summary"]
    ok = summary.filter(pc.equal(summary["status"], OK))
    if "events" in lost:
        # Which runs the lost events belonged to cannot be told: every finished run again.
        incomplete = set(ok["run_id"].to_pylist())
        note = f"{TABLES['events']}: its event logs are lost; every finished run runs again"
    elif "series" in found.tables:
        incomplete = _without_whole_series(plan, ok, found.tables["series"])
        note = (
            f"{TABLES['series']}: the monthly series of {len(incomplete)} stored run(s) are "
            "missing or incomplete; they run again"
        )
    else:
        return
    if not incomplete:
        return
    found.damage.append(note)
    keep = pc.invert(pc.is_in(summary["run_id"], value_set=pa.array(sorted(incomplete))))
    found.tables["summary"] = summary.filter(keep)
    found.redo = len(incomplete)
    found.changed = True


def _without_whole_series(plan: ExperimentPlan, ok: pa.Table, series: pa.Table) -> set[str]:
    """The finished runs whose series lack a row: month 0, then one row per month."""
    rows = {p.name: p.scenario.months + 1 for p in plan.points}
    counts = Counter(series["run_id"].to_pylist())
    return {
        run
        for run, scenario in zip(ok["run_id"].to_pylist(), ok["scenario"].to_pylist(), strict=True)
        if counts.get(run, 0) != rows.get(scenario)
    }


def _move_aside(root: Path, files: list[Path]) -> Path:
    """Move damaged files to ``damaged/<UTC time>/``, keeping their place in the folder."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    folder = root / DAMAGED / stamp
    n = 1
    while folder.exists():
        n += 1
        folder = root / DAMAGED / f"{stamp}-{n}"
    for file in files:
        target = folder / file.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(file, target)
        except OSError:  # another file system: copy, then remove
            shutil.move(str(file), str(target))
    return folder
