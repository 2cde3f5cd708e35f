"""The results store: one folder per experiment, written in batches, safe to interrupt.

The folder's contract is :mod:`btr_sim.results.contract` (for people,
``docs/results-format.md``)::

    manifest.json              the resolved experiment, its hash, provenance and counts
    runs.parquet               one row per run
    series.parquet             monthly series (when recorded)
    events.parquet             event logs (when recorded)
    scenarios/<name>.yaml      every design point as a scenario file, to reproduce any run

Finished runs are kept and written in batches — every :data:`BATCH_RUNS` runs, or sooner
when :data:`BATCH_SECONDS` have passed since the last batch — as part files under ``parts/``,
each through a temporary file and an atomic rename; a batch's rows are written last and mark
its runs as stored. When the experiment ends, is interrupted or is resumed, the tables are
written from what the store holds (the tables it found, and every batch since), again through
temporary files and renames, and only then are the parts removed: nothing it wrote is read back.
A killed process therefore loses at most the runs of one batch and those in flight, and a rerun
takes up the parts, skips every stored run and ends with the same tables.

Resuming checks what the folder holds (:mod:`btr_sim.experiments.recovery`): damaged files are
moved aside to ``damaged/``, a :class:`DamagedResultsWarning` names them, and their runs run
again.
"""

from __future__ import annotations

import json
import time
import uuid
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import yaml

from btr_sim.experiments.plan import ExperimentPlan
from btr_sim.experiments.provenance import git_revision, now, platform_text, versions
from btr_sim.experiments.recovery import take_up
from btr_sim.experiments.rows import SUFFIX, merge, replace_atomically, run_ids, write_table
from btr_sim.experiments.worker import RunOutcome, RunTask
from btr_sim.loading import ConfigError
from btr_sim.results.contract import (
    DAMAGED,
    FAILED,
    FAILURES,
    FORMAT_VERSION,
    LOCK,
    MANIFEST,
    OK,
    PARTS,
    SCENARIOS,
    TABLES,
    Manifest,
    design_column,
    events_schema,
    runs_schema,
    series_schema,
)

__all__ = [
    "BATCH_RUNS",
    "BATCH_SECONDS",
    "CodeChangedWarning",
    "DamagedResultsWarning",
    "ResultsStore",
    "StoreMismatchError",
]

#: Most finished runs held before they are written as a batch.
BATCH_RUNS = 256
#: Longest time finished runs are held before they are written (what a killed process loses).
BATCH_SECONDS = 2.0


class CodeChangedWarning(UserWarning):
    """A results folder is resumed by different code than wrote its stored runs."""


class DamagedResultsWarning(UserWarning):
    """A resumed results folder held damaged files; they were moved aside, their runs redone."""


class StoreMismatchError(ConfigError):
    """The folder holds something other than results of this experiment."""


# -- the store -----------------------------------------------------------------------------------


class ResultsStore:
    """The results folder of one experiment.

    Parameters
    ----------
    root
        The folder (created if missing).
    plan
        The experiment whose results it holds.
    """

    def __init__(
        self,
        root: str | Path,
        plan: ExperimentPlan,
        *,
        batch_runs: int = BATCH_RUNS,
        batch_seconds: float = BATCH_SECONDS,
    ) -> None:
        self.root = Path(root)
        self.plan = plan
        self.parts = self.root / PARTS
        self.schemas = {
            "summary": runs_schema(plan.factors, plan.outcomes),
            "series": series_schema(),
            "events": events_schema(),
        }
        self._points = pa.array([p.name for p in plan.points], pa.string())
        self._factors = {p.name: p.factors for p in plan.points}
        self._started: str | None = None
        self._lock: Any = None
        self._revisions: list[str] = []  # every code revision that wrote runs here
        self._batch_runs = batch_runs
        self._batch_seconds = batch_seconds
        # The tables as last written, and the batches written since (held, never read back).
        self._tables: dict[str, pa.Table] = {}
        self._batches: dict[str, list[pa.Table]] = {kind: [] for kind in plan.record}
        # Finished runs not yet written, and when the last batch was.
        self._held: dict[str, list[pa.Table]] = {kind: [] for kind in plan.record}
        self._held_runs = 0
        self._last_batch = time.monotonic()
        self._batch_names = (f"{uuid.uuid4().hex[:8]}-{n:06d}" for n in range(10**9))

    # -- opening and closing ----------------------------------------------------------------

    def open(self) -> dict[str, str]:
        """Create the folder, or check that it holds this experiment and take up its runs.

        Damaged files are moved aside and their runs dropped, so that they run again; a
        :class:`DamagedResultsWarning` says which.

        Returns
        -------
        dict of str to str
            The status (``ok`` or ``failed``) of every run already stored, by run id.

        Raises
        ------
        StoreMismatchError
            If the folder holds results of another experiment, or other files, or another
            process is writing to it, or it is not a folder.
        """
        if self.root.exists() and not self.root.is_dir():
            raise StoreMismatchError(
                str(self.root), ["is a file, not a folder: choose another --out for the results"]
            )
        manifest = self._read_manifest()
        if manifest is None:
            if self.root.exists() and any(not _ours(p) for p in self.root.iterdir()):
                raise StoreMismatchError(
                    str(self.root),
                    [
                        f"the folder is not empty and holds no {MANIFEST}: it is not a "
                        "results folder; choose another --out or empty it"
                    ],
                )
            _make_folder(self.root)
        elif manifest.get("hash") != self.plan.hash:
            raise StoreMismatchError(
                str(self.root),
                [
                    f"holds results of experiment {manifest.get('experiment')!r} (hash "
                    f"{str(manifest.get('hash'))[:12]}...), not of this experiment "
                    f"{self.plan.name!r} (hash {self.plan.hash[:12]}...); results of "
                    "different experiments are not mixed: choose another --out, or delete "
                    "the folder to start again"
                ],
            )
        self._take_lock()
        self._started = (manifest or {}).get("started") or now()
        self._note_revision(manifest or {})
        self.parts.mkdir(exist_ok=True)
        for leftover in [*self.root.glob(".*.tmp-*"), *self.parts.glob(".*.tmp-*")]:
            leftover.unlink(missing_ok=True)
        self._write_scenarios()
        found = take_up(self.root, self.plan, manifest or {}, self.schemas)
        if found.damage:
            self._warn_damage(found.damage, found.moved_to, found.redo)
        self._tables = found.tables
        self._write_tables(changed=found.changed)
        return self.statuses()

    def _note_revision(self, manifest: dict[str, Any]) -> None:
        # The hash covers every parameter, not the model's code: a folder resumed after the
        # code changed would mix rows of two models. Say so, and keep every revision on record.
        earlier = manifest.get("git_revisions") or [manifest.get("git_revision")]
        self._revisions = [r for r in earlier if r]
        current = git_revision()
        if current and current not in self._revisions:
            if self._revisions and manifest.get("runs_done"):
                warnings.warn(
                    f"{self.root}: {manifest['runs_done']} stored run(s) were written by code "
                    f"revision {', '.join(self._revisions)}, this one is {current}; the folder "
                    "will mix their rows (listed in the manifest's git_revisions). Use another "
                    "--out to keep them apart.",
                    CodeChangedWarning,
                    stacklevel=3,
                )
            self._revisions.append(current)

    def close(self, *, complete: bool) -> None:
        """Consolidate the stored runs and record in the manifest whether the experiment ended."""
        try:
            self.consolidate(finished=now() if complete else None)
            if complete and not any(self.parts.iterdir()):
                self.parts.rmdir()
        finally:
            if self._lock is not None:
                self._lock.close()
                self._lock = None

    def _take_lock(self) -> None:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no advisory locks
            return
        handle = (self.root / LOCK).open("a")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            raise StoreMismatchError(
                str(self.root), ["another btr-sim process is writing to this folder"]
            ) from None
        self._lock = handle  # the kernel releases the lock if the process dies

    # -- runs --------------------------------------------------------------------------------

    def statuses(self) -> dict[str, str]:
        """The status of every run stored and written, by run id."""
        tables = [self._tables.get("summary"), *self._batches.get("summary", [])]
        tables = [t for t in tables if t is not None]
        if not tables:
            return {}
        replaced = run_ids(self._batches["summary"])
        table = merge(tables[0], tables[1:], replaced, self._points)
        return dict(zip(table["run_id"].to_pylist(), table["status"].to_pylist(), strict=True))

    def write(self, task: RunTask, outcome: RunOutcome) -> None:
        """Store one finished run; it is written with its batch (see :meth:`flush`)."""
        ids = {
            "run_id": task.run_id,
            "scenario": task.scenario.name,
            "replication": task.replication,
            "seed": task.seed,
        }
        if outcome.ok and outcome.series is not None and "series" in self.plan.record:
            frame = outcome.series.reset_index()
            self._hold("series", _columns_with_ids(frame, ids))
        if outcome.ok and outcome.events is not None and "events" in self.plan.record:
            self._hold("events", _columns_with_ids(outcome.events, ids))
        if not outcome.ok and outcome.traceback:
            with (self.root / FAILURES).open("a", encoding="utf-8") as log:
                log.write(f"--- {task.run_id} (seed {task.seed}) at {now()}\n{outcome.traceback}\n")
        row = {
            **ids,
            "status": OK if outcome.ok else FAILED,
            "error": outcome.error,
            **{design_column(k): v for k, v in self._factors[task.scenario.name].items()},
            **{name: (outcome.summary or {}).get(name, np.nan) for name in self.plan.outcomes},
        }
        self._hold("summary", {name: [value] for name, value in row.items()})
        self._held_runs += 1
        waited = time.monotonic() - self._last_batch
        if self._held_runs >= self._batch_runs or waited >= self._batch_seconds:
            self.flush()

    def _hold(self, kind: str, columns: dict[str, Any]) -> None:
        # Column by column, as pa.Table.from_pandas converts each column (NaN and None are
        # null), without building a DataFrame first: a third of the parent's cost per run.
        schema = self.schemas[kind]
        arrays = [pa.array(columns[f.name], type=f.type, from_pandas=True) for f in schema]
        table = pa.Table.from_arrays(arrays, schema=schema)
        self._held[kind].append(table.replace_schema_metadata(None))

    def flush(self) -> None:
        """Write the runs held as one batch: its series and events, then its rows."""
        self._last_batch = time.monotonic()
        if not self._held_runs:
            return
        name = next(self._batch_names)
        for kind in sorted(self._held, key=lambda k: k == "summary"):  # the rows last
            if self._held[kind]:
                batch = pa.concat_tables(self._held[kind])
                write_table(batch, self.parts / f"{name}{SUFFIX[kind]}")
                self._batches[kind].append(batch)
            self._held[kind] = []
        self._held_runs = 0

    # -- consolidation -----------------------------------------------------------------------

    def consolidate(self, finished: str | None = None) -> None:
        """Write the runs held, then the tables from what the store holds; rewrite the manifest.

        A table is rewritten only when batches were written since, or it is missing; its rows
        are sorted by design point (in design order), replication, and their order within the
        run. The part files go once the tables are written.
        """
        self.flush()
        self._write_tables(changed=any(self._batches.values()), finished=finished)

    def _write_tables(self, *, changed: bool, finished: str | None = None) -> None:
        replaced = run_ids(self._batches.get("summary", []))
        for kind in self.plan.record:
            path = self.root / TABLES[kind]
            old = self._tables.get(kind, self.schemas[kind].empty_table())
            if self._batches[kind] or replaced:
                old = merge(old, self._batches[kind], replaced, self._points)
            self._tables[kind] = old
            if changed or not path.exists():
                write_table(old, path)
        self._batches = {kind: [] for kind in self.plan.record}
        for leftover in self.parts.iterdir():  # written into the tables, or never stored
            leftover.unlink(missing_ok=True)
        self._write_manifest(finished)

    def _warn_damage(self, damage: list[str], moved_to: Path | None, redo: int) -> None:
        where = f"moved to {moved_to}; " if moved_to else ""
        again = f"{redo} stored run(s) run again" if redo else "their runs run again"
        warnings.warn(
            f"{self.root}: the results folder was damaged: "
            + "; ".join(damage)
            + f". The damaged files were {where}nothing was deleted; {again}.",
            DamagedResultsWarning,
            stacklevel=3,
        )

    # -- manifest and scenario files ---------------------------------------------------------

    def _read_manifest(self) -> dict[str, Any] | None:
        path = self.root / MANIFEST
        if not path.exists():
            return None
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise StoreMismatchError(
                str(path),
                [
                    f"unreadable manifest ({exc}): without it the folder cannot be matched to "
                    "its experiment; choose another --out, or move the folder aside to start "
                    "again"
                ],
            ) from None
        if not isinstance(manifest, dict):
            raise StoreMismatchError(str(path), ["the manifest is not a JSON object"])
        return manifest

    def manifest(self, finished: str | None = None) -> Manifest:
        """The manifest as it stands: the experiment, provenance, times and counts."""
        plan = self.plan
        statuses = list(self.statuses().values())
        return {
            "format": FORMAT_VERSION,
            "experiment": plan.name,
            "description": plan.description,
            "hash": plan.hash,
            "source": plan.source,
            "spec": plan.spec,
            "design": {"kind": plan.kind, "factors": plan.factors},
            "reference": plan.reference,
            "scenarios": {p.name: p.scenario.model_dump(mode="json") for p in plan.points},
            "replications": plan.replications,
            "master_seed": plan.master_seed,
            "months": plan.months,
            "seeds": list(plan.seeds),
            "record": list(plan.record),
            "versions": versions(),
            "git_revision": git_revision(),
            "git_revisions": self._revisions or [r for r in [git_revision()] if r],
            "platform": platform_text(),
            "started": self._started,
            "finished": finished,
            "runs_total": plan.n_runs,
            "runs_done": statuses.count(OK),
            "runs_failed": statuses.count(FAILED),
            "rows": {TABLES[kind]: table.num_rows for kind, table in self._tables.items()},
        }

    def _write_manifest(self, finished: str | None) -> None:
        text = json.dumps(self.manifest(finished), indent=2, ensure_ascii=False, allow_nan=False)
        replace_atomically(self.root / MANIFEST, lambda p: p.write_text(text + "\n", "utf-8"))

    def _write_scenarios(self) -> None:
        folder = self.root / SCENARIOS
        folder.mkdir(exist_ok=True)
        for point in self.plan.points:
            path = folder / f"{point.name}.yaml"
            header = (
                f"# Design point {point.name!r} of experiment {self.plan.name!r}.\n"
                f"# Reproduce any of its runs: btr-sim run '{path}' --seed SEED\n"
            )
            body = yaml.safe_dump(
                point.scenario.model_dump(mode="json"), sort_keys=False, allow_unicode=True
            )
            text = header + body
            if path.exists() and path.read_text(encoding="utf-8") == text:
                continue
            replace_atomically(path, lambda p, t=text: p.write_text(t, "utf-8"))

    def scenario_file(self, scenario: str) -> Path:
        """The scenario file of a design point, with which any of its runs is reproduced."""
        return self.root / SCENARIOS / f"{scenario}.yaml"


# -- helpers -------------------------------------------------------------------------------------


def _ours(entry: Path) -> bool:
    """Whether a folder entry is one the store makes before its first manifest."""
    return entry.name in (LOCK, PARTS, SCENARIOS, DAMAGED) or ".tmp-" in entry.name


def _columns_with_ids(frame: pd.DataFrame, ids: dict[str, Any]) -> dict[str, Any]:
    """The run's ids repeated on every row, then the frame's columns, as arrays by name."""
    n = len(frame)
    return {
        **{k: [v] * n for k, v in ids.items()},
        **{name: frame[name].to_numpy() for name in frame.columns},
    }


def _make_folder(root: Path) -> None:
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a file in the way, no permission, a read-only file system
        raise StoreMismatchError(str(root), [f"cannot be made a results folder: {exc}"]) from None
