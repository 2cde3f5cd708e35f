"""The results store: one folder per experiment, written run by run, safe to interrupt.

The folder's contract is :mod:`btr_sim.results.contract` (for people,
``docs/results-format.md``)::

    manifest.json              the resolved experiment, its hash, provenance and counts
    runs.parquet               one row per run
    series.parquet             monthly series (when recorded)
    events.parquet             event logs (when recorded)
    scenarios/<name>.yaml      every design point as a scenario file, to reproduce any run

Each finished run is written at once as small part files under ``parts/``, each through a
temporary file and an atomic rename; the run's row is written last and marks the run as
stored. Consolidation merges the parts into the tables, again through temporary files and
renames, and only then removes the parts: it happens when the experiment ends, when it is
interrupted, and when it is resumed. A killed process therefore loses at most the runs in
flight, and a rerun finds every stored run, skips it and ends with the same tables.
"""

from __future__ import annotations

import contextlib
import json
import os
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import yaml

from btr_sim.experiments.plan import ExperimentPlan
from btr_sim.experiments.provenance import git_revision, now, platform_text, versions
from btr_sim.experiments.worker import RunOutcome, RunTask
from btr_sim.loading import ConfigError
from btr_sim.results.contract import (
    FAILED,
    FAILURES,
    FORMAT_VERSION,
    LOCK,
    MANIFEST,
    OK,
    PARTS,
    RUNS,
    SCENARIOS,
    TABLES,
    Manifest,
    design_column,
    events_schema,
    runs_schema,
    series_schema,
)

__all__ = ["CodeChangedWarning", "ResultsStore", "StoreMismatchError"]

#: The suffix of each kind of record's part files.
_SUFFIX = {"summary": ".run.parquet", "series": ".series.parquet", "events": ".events.parquet"}


class CodeChangedWarning(UserWarning):
    """A results folder is resumed by different code than wrote its stored runs."""


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

    def __init__(self, root: str | Path, plan: ExperimentPlan) -> None:
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

    # -- opening and closing ----------------------------------------------------------------

    def open(self) -> dict[str, str]:
        """Create the folder, or check that it holds this experiment and take up its runs.

        Returns
        -------
        dict of str to str
            The status (``ok`` or ``failed``) of every run already stored, by run id.

        Raises
        ------
        StoreMismatchError
            If the folder holds results of another experiment, or other files, or another
            process is writing to it.
        """
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
            self.root.mkdir(parents=True, exist_ok=True)
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
        self.consolidate()
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
        """The status of every run in ``runs.parquet``, by run id."""
        path = self.root / RUNS
        if not path.exists():
            return {}
        table = pq.read_table(path, columns=["run_id", "status"])
        return dict(zip(table["run_id"].to_pylist(), table["status"].to_pylist(), strict=True))

    def write(self, task: RunTask, outcome: RunOutcome) -> None:
        """Store one finished run: its series and events, then its row (which marks it stored)."""
        ids = {
            "run_id": task.run_id,
            "scenario": task.scenario.name,
            "replication": task.replication,
            "seed": task.seed,
        }
        if outcome.ok and outcome.series is not None and "series" in self.plan.record:
            frame = outcome.series.reset_index()
            self._write_part(task.key, "series", _with_ids(frame, ids))
        if outcome.ok and outcome.events is not None and "events" in self.plan.record:
            self._write_part(task.key, "events", _with_ids(outcome.events, ids))
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
        self._write_part(task.key, "summary", pd.DataFrame([row]))

    def _write_part(self, key: str, kind: str, frame: pd.DataFrame) -> None:
        table = pa.Table.from_pandas(frame, schema=self.schemas[kind], preserve_index=False)
        table = table.replace_schema_metadata(None)
        _replace_atomically(
            self.parts / f"{key}{_SUFFIX[kind]}", lambda p: pq.write_table(table, p)
        )

    # -- consolidation -----------------------------------------------------------------------

    def consolidate(self, finished: str | None = None) -> None:
        """Merge the part files into the tables, remove them, and rewrite the manifest.

        A table is rewritten only when there are parts to merge or the table is missing; the
        rows of each table are sorted by design point (in design order), replication, and
        their order within the run.
        """
        row_parts = sorted(self.parts.glob(f"*{_SUFFIX['summary']}"))
        keys = [p.name.removesuffix(_SUFFIX["summary"]) for p in row_parts]
        new_rows = [pq.read_table(p) for p in row_parts]
        replaced = pa.array([r for t in new_rows for r in t["run_id"].to_pylist()], pa.string())
        for kind in self.plan.record:
            path = self.root / TABLES[kind]
            if not keys and path.exists():
                continue
            schema = self.schemas[kind]
            pieces = []
            if path.exists():
                old = pq.read_table(path)
                pieces.append(old.filter(pc.invert(pc.is_in(old["run_id"], value_set=replaced))))
            for key in keys:  # parts of runs whose row is stored; orphans are dropped
                part = self.parts / f"{key}{_SUFFIX[kind]}"
                if part.exists():
                    pieces.append(pq.read_table(part))
            pieces = [p.select(schema.names).cast(schema) for p in pieces]
            table = pa.concat_tables(pieces) if pieces else schema.empty_table()
            table = self._sorted(table)
            _replace_atomically(path, lambda p, t=table: pq.write_table(t, p))
        for leftover in self.parts.iterdir():
            leftover.unlink(missing_ok=True)
        self._write_manifest(finished)

    def _sorted(self, table: pa.Table) -> pa.Table:
        keyed = table.append_column(
            "_point", pc.index_in(table["scenario"], value_set=self._points)
        ).append_column("_row", pa.array(np.arange(table.num_rows), pa.int64()))
        order = pc.sort_indices(
            keyed,
            sort_keys=[
                ("_point", "ascending"),
                ("replication", "ascending"),
                ("_row", "ascending"),
            ],
        )
        return table.take(order)

    # -- manifest and scenario files ---------------------------------------------------------

    def _read_manifest(self) -> dict[str, Any] | None:
        path = self.root / MANIFEST
        if not path.exists():
            return None
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise StoreMismatchError(str(path), [f"unreadable manifest: {exc}"]) from None
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
        }

    def _write_manifest(self, finished: str | None) -> None:
        text = json.dumps(self.manifest(finished), indent=2, ensure_ascii=False, allow_nan=False)
        _replace_atomically(self.root / MANIFEST, lambda p: p.write_text(text + "\n", "utf-8"))

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
            _replace_atomically(path, lambda p, t=text: p.write_text(t, "utf-8"))

    def scenario_file(self, scenario: str) -> Path:
        """The scenario file of a design point, with which any of its runs is reproduced."""
        return self.root / SCENARIOS / f"{scenario}.yaml"


# -- helpers -------------------------------------------------------------------------------------


def _ours(entry: Path) -> bool:
    """Whether a folder entry is one the store makes before its first manifest."""
    return entry.name in (LOCK, PARTS, SCENARIOS) or ".tmp-" in entry.name


def _with_ids(frame: pd.DataFrame, ids: dict[str, Any]) -> pd.DataFrame:
    front = pd.DataFrame({k: [v] * len(frame) for k, v in ids.items()}, index=frame.index)
    return pd.concat([front, frame], axis=1)


def _replace_atomically(path: Path, write: Callable[[Path], Any]) -> None:
    """Write ``path`` through a temporary file and a rename, so it is whole or absent."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
