"""The one reader of a results folder: :func:`open_results` and :class:`ExperimentResults`.

Every command and the Python API read an experiment's results through it. Opening a folder
checks it against its contract (:mod:`btr_sim.results.contract`, ``docs/results-format.md``)
and reports every problem at once as a :class:`~btr_sim.results.checks.ResultsError`.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Any, Self, cast

import numpy as np
import pandas as pd

from btr_sim.core.metrics import SUMMARY
from btr_sim.results.checks import (
    ResultsError,
    finished_run_problems,
    manifest_problems,
    runs_problems,
    series_problems,
)
from btr_sim.results.contract import (
    EVENTS,
    FAILED,
    OK,
    RUN_COLUMNS,
    RUNS,
    SCENARIOS,
    SERIES_FILE,
    Manifest,
    design_column,
    is_design_column,
)
from btr_sim.results.damage import row_count_problem
from btr_sim.results.ema import to_ema_workbench
from btr_sim.results.files import damaged, read_columns, read_manifest, read_table
from btr_sim.results.levels import level_key, short_names

__all__ = ["ExperimentResults", "open_results"]


def open_results(path: str | Path) -> ExperimentResults:
    """Open and check the results folder of an experiment.

    Parameters
    ----------
    path
        The folder that :func:`btr_sim.run_experiment` or ``btr-sim run`` wrote
        (``results/<experiment>/``).

    Returns
    -------
    ExperimentResults

    Raises
    ------
    ResultsError
        With one line per problem: missing files or columns, a manifest that does not match
        the runs.
    """
    path = Path(path)
    source = str(path)
    if not path.is_dir():
        raise ResultsError(source, ["no such folder"])
    manifest = read_manifest(path)
    runs = read_table(path / RUNS, source, manifest, check_rows=False)
    problems = manifest_problems(manifest) + runs_problems(runs, manifest)
    lost = row_count_problem(RUNS, len(runs), manifest)
    if lost:  # rows lost or added behind the store's back: damage, whatever else is wrong
        raise damaged(source, [f"{RUNS}: {lost}", *problems], manifest)
    if problems:
        raise ResultsError(source, problems)
    record = manifest.get("record") or ["summary", "series"]
    if (path / SERIES_FILE).exists():
        problems += series_problems(read_columns(path / SERIES_FILE, source, manifest))
    elif "series" in record:
        problems.append(f"{SERIES_FILE}: not found, though the manifest records series")
    if (path / EVENTS).exists():
        read_columns(path / EVENTS, source, manifest)
    elif "events" in record:
        problems.append(f"{EVENTS}: not found, though the manifest records events")
    if problems:
        raise ResultsError(source, problems)
    return ExperimentResults(path, cast(Manifest, manifest), runs)


class ExperimentResults:
    """The results of an experiment, as stored in its folder (see docs/results-format.md).

    Made by :func:`open_results`, which checks the folder first.

    Parameters
    ----------
    path
        The results folder.
    manifest
        ``manifest.json``.
    runs
        ``runs.parquet``: one row per run, failed runs included.
    """

    def __init__(self, path: Path, manifest: Manifest, runs: pd.DataFrame) -> None:
        self.path = path
        self.manifest = manifest
        self.runs = runs
        self._reinstatements: pd.DataFrame | None = None

    def __repr__(self) -> str:
        m = self.manifest
        return (
            f"ExperimentResults({str(self.path)!r}: experiment {m.get('experiment')!r}, "
            f"{m.get('runs_done')} of {m.get('runs_total')} runs done, "
            f"{m.get('runs_failed')} failed)"
        )

    def require_finished_runs(self) -> Self:
        """These results, if they hold something to analyse: a finished run of an outcome.

        Raises
        ------
        ResultsError
            If no run finished (none stored, or every one failed), or the runs hold no
            outcome of :data:`btr_sim.core.metrics.SUMMARY`.
        """
        problems = finished_run_problems(self.runs)
        if problems:
            raise ResultsError(str(self.path), problems)
        return self

    # -- what the experiment was ---------------------------------------------------------------

    @property
    def name(self) -> str:
        """The experiment's name."""
        return str(self.manifest["experiment"])

    @property
    def description(self) -> str:
        """The experiment's description (may be empty)."""
        return str(self.manifest.get("description") or "")

    @property
    def design_kind(self) -> str:
        """``list``, ``factorial``, ``grid`` or ``lhs``."""
        return str(self.manifest["design"]["kind"])

    @cached_property
    def factors(self) -> dict[str, list[Any]]:
        """Design factors and their levels in design order (the first level is the base)."""
        declared = self.manifest["design"].get("factors") or {}
        out: dict[str, list[Any]] = {}
        for name, levels in declared.items():
            levels = list(levels) if not isinstance(levels, dict) else list(levels.keys())
            seen = {level_key(v) for v in levels}
            column = self.runs[design_column(name)]
            # A sampled (lhs) design declares ranges, not levels: use the values that ran.
            extra = [v for v in pd.unique(column) if level_key(v) not in seen]
            out[name] = levels if not extra else sorted(pd.unique(column).tolist())
        return out

    @cached_property
    def scenarios(self) -> list[str]:
        """Scenarios with at least one run, in design order."""
        present = set(self.runs["scenario"])
        return [s for s in self.manifest["scenarios"] if s in present]

    @property
    def missing_scenarios(self) -> list[str]:
        """Scenarios of the design that have no run yet (an unfinished experiment)."""
        present = set(self.runs["scenario"])
        return [s for s in self.manifest["scenarios"] if s not in present]

    @cached_property
    def outcomes(self) -> list[str]:
        """Outcome columns of ``runs.parquet``: registered ones first, in registry order."""
        numeric = [
            c
            for c in self.runs.columns
            if c not in RUN_COLUMNS
            and not is_design_column(c)
            and pd.api.types.is_numeric_dtype(self.runs[c])
            and not pd.api.types.is_bool_dtype(self.runs[c])
        ]
        return [c for c in SUMMARY if c in numeric] + [c for c in numeric if c not in SUMMARY]

    @property
    def reference(self) -> str | None:
        """The reference scenario the manifest names, if any (docs/results-format.md)."""
        ref = self.manifest.get("reference")
        return str(ref) if ref else None

    def scenario_at(self, levels: dict[str, Any]) -> str | None:
        """The scenario at a design point given as ``{factor: level}`` (others at any level)."""
        wanted = {f: level_key(v) for f, v in levels.items()}
        for scenario in self.scenarios:
            point = {f: level_key(v) for f, v in self.design_levels(scenario).items()}
            if all(point.get(f) == v for f, v in wanted.items()) and len(wanted) == len(point):
                return scenario
        return None

    @cached_property
    def short_names(self) -> dict[str, str]:
        """Each factor's name without its section (``cooling_off_months``), where unambiguous."""
        return short_names(list(self.factors))

    @property
    def is_crossed(self) -> bool:
        """Whether the design crosses its factors fully: one scenario per combination of levels.

        Factorial and grid designs are; their main effects and interactions can be estimated.
        """
        if not self.factors or self.design_kind == "lhs":
            return False
        combos = {tuple(self.design_levels(s).values()) for s in self.scenarios}
        return (
            len(combos)
            == len(self.scenarios)
            == int(np.prod([len(v) for v in self.factors.values()]))
        )

    def rule_changes(self, scenario: str) -> list[tuple[int, str]]:
        """The months and names of the changes of rules in ``scenario``'s timeline.

        Read from the manifest's resolved scenario; empty for a scenario without a timeline
        (or a results folder written before timelines existed).
        """
        resolved = (self.manifest.get("scenarios") or {}).get(scenario) or {}
        timeline = resolved.get("timeline") if isinstance(resolved, dict) else None
        return [
            (int(change["month"]), str(change.get("name", "")))
            for change in timeline or []
            if isinstance(change, dict) and "month" in change
        ]

    def scenario_file(self, scenario: str) -> Path:
        """The scenario file of a design point: ``btr-sim run FILE --seed SEED`` reruns a row."""
        return self.path / SCENARIOS / f"{scenario}.yaml"

    # -- runs ----------------------------------------------------------------------------------

    @property
    def complete(self) -> bool:
        """Whether every run of the experiment is stored and succeeded."""
        m = self.manifest
        return m.get("runs_done") == m.get("runs_total") and not m.get("runs_failed")

    @cached_property
    def ok_runs(self) -> pd.DataFrame:
        """Runs that finished."""
        return self.runs[self.runs["status"] == OK]

    @property
    def failed_runs(self) -> pd.DataFrame:
        """Runs that raised, with their errors."""
        return self.runs[self.runs["status"] == FAILED]

    def design_levels(self, scenario: str) -> dict[str, Any]:
        """The level of each factor at a scenario's design point (in the manifest's spelling)."""
        row = self.runs[self.runs["scenario"] == scenario].iloc[0]
        out = {}
        for name, levels in self.factors.items():
            keys = {level_key(v): v for v in levels}
            value = row[design_column(name)]
            out[name] = keys.get(level_key(value), value)
        return out

    @cached_property
    def _ok_by_scenario(self) -> dict[str, pd.DataFrame]:
        return {str(s): g for s, g in self.ok_runs.groupby("scenario", sort=False)}

    def values(self, scenario: str, outcome: str) -> np.ndarray:
        """An outcome's values over a scenario's finished runs (NaN where undefined)."""
        runs = self._ok_by_scenario.get(scenario)
        return np.array([]) if runs is None else runs[outcome].to_numpy(dtype=float)

    def by_seed(self, scenario: str, outcome: str) -> dict[int, float]:
        """An outcome of a scenario's finished runs by replication seed (NaN dropped)."""
        runs = self._ok_by_scenario.get(scenario)
        if runs is None:
            return {}
        rows = runs[["seed", outcome]].dropna()
        return dict(zip(rows["seed"].astype(int), rows[outcome].astype(float), strict=True))

    def seed_table(self, outcome: str) -> tuple[np.ndarray, list[int]]:
        """An outcome as an array of replication seeds x scenarios (NaN where missing or failed).

        Returns the array (columns in :attr:`scenarios` order) and the seeds of its rows.
        """
        wide = self.ok_runs.pivot_table(
            index="seed", columns="scenario", values=outcome, aggfunc="mean", dropna=False
        ).reindex(columns=self.scenarios)
        return wide.to_numpy(dtype=float), [int(s) for s in wide.index]

    # -- the optional tables -------------------------------------------------------------------

    @cached_property
    def series(self) -> pd.DataFrame | None:
        """Monthly series of every successful run (``series.parquet``), or None if not recorded."""
        file = self.path / SERIES_FILE
        return read_table(file, str(self.path), dict(self.manifest)) if file.exists() else None

    @property
    def events_path(self) -> Path | None:
        """``events.parquet``, or None when event logs were not recorded."""
        file = self.path / EVENTS
        return file if file.exists() else None

    @cached_property
    def events(self) -> pd.DataFrame | None:
        """Event logs of every successful run (``events.parquet``), or None if not recorded."""
        if self.events_path is None:
            return None
        return read_table(self.events_path, str(self.path), dict(self.manifest))

    def reinstatement_months(self) -> pd.DataFrame | None:
        """Months from removal to each reinstatement, from the event logs, or None if not recorded.

        Columns: ``scenario``, ``seed``, ``months``.
        """
        if self.events_path is None:
            return None
        if self._reinstatements is None:
            # Read whole and filtered here: a filter pushed into the reader would trust the
            # file's statistics, which its page checksums do not cover.
            columns = ["scenario", "seed", "event", "value"]
            events = read_table(self.events_path, str(self.path), dict(self.manifest), columns)
            events = events[events["event"] == "reinstatement"]
            ok = set(self.ok_runs["seed"].astype(int).astype(str) + "#" + self.ok_runs["scenario"])
            keep = (events["seed"].astype(int).astype(str) + "#" + events["scenario"]).isin(ok)
            self._reinstatements = events[keep].rename(columns={"value": "months"})[
                ["scenario", "seed", "months"]
            ]
        return self._reinstatements

    def to_ema_workbench(
        self, *, series: bool = False
    ) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
        """The successful runs in EMA Workbench's ``(experiments, outcomes)`` shape.

        See :func:`btr_sim.results.ema.to_ema_workbench`; with ``series``, every monthly
        series is a 2-D outcome too.

        Raises
        ------
        ValueError
            With ``series``, if the experiment did not record monthly series.

        Examples
        --------
        As the README runs it (EMA Workbench 3):

        >>> from ema_workbench.analysis import prim  # doctest: +SKIP
        >>> results = open_results("results/supporting_lhs")  # doctest: +SKIP
        >>> experiments, outcomes = results.to_ema_workbench()  # doctest: +SKIP
        >>> x = experiments.drop(columns=["replication", "seed", "scenario", "policy", "model"])
        >>> credibility = outcomes["credibility_end"]  # doctest: +SKIP
        >>> worst = credibility <= np.quantile(credibility, 0.25)  # doctest: +SKIP
        >>> box = prim.Prim(x, worst).find_box()  # doctest: +SKIP
        """
        if series and self.series is None:
            raise ValueError(f"experiment {self.name!r} did not record series")
        points = list(self.manifest.get("scenarios", {}))
        return to_ema_workbench(self.runs, points, self.series if series else None)
