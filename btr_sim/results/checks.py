"""Checking a results folder against its contract, every problem at once.

Each check returns one line per problem, so that a broken folder is reported whole, as a
:class:`ResultsError` (a :class:`~btr_sim.loading.ConfigError`: the CLI ends with exit status
2 and the message, not a traceback).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any

import pandas as pd

from btr_sim.core.metrics import SERIES, SUMMARY
from btr_sim.loading import ConfigError
from btr_sim.results.contract import (
    DESIGN_KINDS,
    ID_COLUMNS,
    MANIFEST,
    MANIFEST_REQUIRED,
    MONTH,
    OK,
    RUN_COLUMNS,
    RUNS,
    SERIES_FILE,
    STATUSES,
    design_column,
)

__all__ = [
    "ResultsError",
    "finished_run_problems",
    "manifest_problems",
    "runs_problems",
    "series_problems",
]


class ResultsError(ConfigError):
    """A results folder that does not follow the results-store contract, or a bad request of it.

    Parameters
    ----------
    source
        The results folder.
    problems
        One line per problem.
    headline
        What kind of problem (by default: the folder breaks the contract).
    """

    def __init__(
        self,
        source: str,
        problems: list[str],
        headline: str = "not a usable results folder (see docs/results-format.md)",
    ) -> None:
        self.headline = headline
        super().__init__(source, problems)

    def __str__(self) -> str:
        lines = [f"{self.source}: {self.headline}"]
        lines += [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


def manifest_problems(manifest: dict[str, Any]) -> list[str]:
    """What is missing or malformed in ``manifest.json``."""
    problems = [f"{MANIFEST}: missing key {k!r}" for k in MANIFEST_REQUIRED if k not in manifest]
    if "design" in manifest:
        problems += _design_problems(manifest["design"])
    if "scenarios" in manifest and not isinstance(manifest["scenarios"], dict | list):
        problems.append(f"{MANIFEST}: scenarios: must map scenario names to scenarios")
    return problems


def _design_problems(design: Any) -> list[str]:
    if not isinstance(design, dict):
        return [f"{MANIFEST}: design: must be an object with 'kind' and 'factors'"]
    problems = []
    kind = design.get("kind")
    if kind not in DESIGN_KINDS:
        problems.append(
            f"{MANIFEST}: design.kind: {kind!r} is not one of {', '.join(DESIGN_KINDS)}"
        )
    factors = design.get("factors") or {}
    if not isinstance(factors, dict):
        problems.append(f"{MANIFEST}: design.factors: must map factor names to levels")
        return problems
    for name, levels in factors.items():
        if not isinstance(levels, list | dict) or len(levels) == 0:
            problems.append(f"{MANIFEST}: design.factors.{name}: must list at least one level")
    return problems


def runs_problems(runs: pd.DataFrame, manifest: dict[str, Any]) -> list[str]:
    """What in ``runs.parquet`` breaks the contract or disagrees with the manifest.

    An empty table, or one of failed runs only, follows the contract (an experiment interrupted
    before its first run, or whose every run failed); :func:`finished_run_problems` is what
    analysis asks of it besides.
    """
    problems = [f"{RUNS}: missing column {c!r}" for c in RUN_COLUMNS if c not in runs.columns]
    if problems:
        return problems
    design = manifest.get("design") if isinstance(manifest.get("design"), dict) else {}
    factors = design.get("factors") or {}
    for name in factors if isinstance(factors, dict) else ():
        if design_column(name) not in runs.columns:
            problems.append(f"{RUNS}: missing column {design_column(name)!r}")
    problems += _scenario_problems(runs, list(manifest.get("scenarios") or []))
    bad_status = sorted(set(runs["status"]) - set(STATUSES))
    if bad_status:
        allowed = " or ".join(repr(s) for s in STATUSES)
        problems.append(f"{RUNS}: status must be {allowed}, found {bad_status}")
    duplicated = runs.duplicated(["scenario", "replication"])
    if duplicated.any():
        first = runs.loc[duplicated, "run_id"].iloc[0]
        problems.append(f"{RUNS}: {int(duplicated.sum())} duplicate run(s), for example {first!r}")
    return problems


def _scenario_problems(runs: pd.DataFrame, declared: Sequence[Any]) -> list[str]:
    problems = []
    for scenario in pd.unique(runs["scenario"]):
        if scenario not in declared:
            guess = difflib.get_close_matches(str(scenario), [str(s) for s in declared], n=1)
            hint = f"; did you mean {guess[0]!r}?" if guess else ""
            problems.append(f"{RUNS}: scenario {scenario!r} is not in the manifest{hint}")
    return problems


def finished_run_problems(runs: pd.DataFrame) -> list[str]:
    """Why runs that follow the contract give nothing to analyse, if they do.

    Analysis needs at least one run that finished and an outcome registered in
    :data:`btr_sim.core.metrics.SUMMARY` (a ``model:`` hook's outcomes are not).
    """
    if runs.empty:
        return [f"{RUNS}: holds no run"]
    if not any(c in SUMMARY for c in runs.columns):
        return [f"{RUNS}: no outcome column (any name of btr_sim.core.metrics.SUMMARY)"]
    if not (runs["status"] == OK).any():
        first_error = str(runs["error"].iloc[0])
        return [
            f"{RUNS}: all {len(runs)} runs failed; nothing to analyse (first error: {first_error})"
        ]
    return []


def series_problems(columns: Sequence[str]) -> list[str]:
    """The columns ``series.parquet`` lacks, given the columns it has."""
    wanted = [f.name for f in (*ID_COLUMNS, MONTH)]
    missing = [c for c in wanted if c not in columns]
    if "credibility" not in columns and "credibility" in SERIES:
        missing.append("credibility")
    return [f"{SERIES_FILE}: missing column {c!r}" for c in missing]
