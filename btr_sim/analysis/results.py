"""Reading an experiment's results folder, checked against ``docs/results-format.md``.

Analysis reads only the files of the results store: ``manifest.json``, ``runs.parquet``,
``series.parquet`` and, where recorded, ``events.parquet``. :func:`load_results` checks them
against the contract and reports every problem at once as a :class:`ResultsError` (a
:class:`~btr_sim.loading.ConfigError`, so the CLI ends with exit status 2 and a message).
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from btr_sim.loading import ConfigError
from btr_sim.core.metrics import SERIES, SUMMARY

__all__ = [
    "DESIGN_KINDS",
    "DESIGN_PREFIX",
    "Results",
    "ResultsError",
    "level_key",
    "load_results",
    "short_names",
]

DESIGN_PREFIX = "design."
DESIGN_KINDS = ("list", "factorial", "grid", "lhs")
RUN_ID_COLUMNS = ("run_id", "scenario", "replication", "seed", "status", "error")
SERIES_ID_COLUMNS = ("run_id", "scenario", "replication", "seed", "month")
MANIFEST_REQUIRED = ("experiment", "design", "scenarios")


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


def level_key(value: Any) -> str:
    """A comparable key for a design level: ``0.2``, ``np.float64(0.2)`` and ``"0.2"`` agree."""
    if isinstance(value, bool | np.bool_):
        return str(bool(value)).lower()
    if isinstance(value, int | float | np.integer | np.floating):
        return f"{float(value):.12g}"
    text = str(value)
    try:
        return f"{float(text):.12g}"
    except ValueError:
        return text


@dataclass(frozen=True)
class Results:
    """An experiment's results, as stored.

    Attributes
    ----------
    path : Path
        The results folder.
    manifest : dict
        ``manifest.json``.
    runs : pandas.DataFrame
        ``runs.parquet``: one row per run, failed runs included.
    series : pandas.DataFrame or None
        ``series.parquet``, or None when monthly series were not recorded.
    events_path : Path or None
        ``events.parquet`` when event logs were recorded.
    """

    path: Path
    manifest: dict[str, Any]
    runs: pd.DataFrame
    series: pd.DataFrame | None
    events_path: Path | None
    _events: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False, compare=False)

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
            column = self.runs[DESIGN_PREFIX + name]
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
            if c not in RUN_ID_COLUMNS
            and not c.startswith(DESIGN_PREFIX)
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

    # -- runs ----------------------------------------------------------------------------------

    @cached_property
    def ok_runs(self) -> pd.DataFrame:
        """Runs that finished."""
        return self.runs[self.runs["status"] == "ok"]

    @property
    def failed_runs(self) -> pd.DataFrame:
        """Runs that raised."""
        return self.runs[self.runs["status"] != "ok"]

    def design_levels(self, scenario: str) -> dict[str, Any]:
        """The level of each factor at a scenario's design point (in the manifest's spelling)."""
        row = self.runs[self.runs["scenario"] == scenario].iloc[0]
        out = {}
        for name, levels in self.factors.items():
            keys = {level_key(v): v for v in levels}
            value = row[DESIGN_PREFIX + name]
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

    def label(self, scenario: str) -> str:
        """A short display label for a scenario.

        For a design of on/off levers the label lists the levers switched on (``moral + legal``,
        ``all off``);
        for other designs it lists the design values (``transparency=0.2, formal``); scenarios
        of a list keep their names.
        """
        if not self.factors or self.design_kind == "lhs":
            return scenario
        levels = self.design_levels(scenario)
        if self.design_kind == "factorial" and all(len(v) == 2 for v in self.factors.values()):
            on = [f for f, v in levels.items() if level_key(v) != level_key(self.factors[f][0])]
            return " + ".join(on) if on else "all off"
        names = self.short_names
        # A word such as 'unified' says what it is; a number needs its parameter's name.
        return ", ".join(str(v) if _is_word(v) else f"{names[f]}={v}" for f, v in levels.items())

    # -- optional tables -----------------------------------------------------------------------

    def reinstatement_months(self) -> pd.DataFrame | None:
        """Months from removal to each reinstatement, from the event logs, or None if not recorded.

        Columns: ``scenario``, ``seed``, ``months``.
        """
        if self.events_path is None:
            return None
        if "reinstatement" not in self._events:
            events = pd.read_parquet(
                self.events_path,
                columns=["scenario", "seed", "event", "value"],
                filters=[("event", "==", "reinstatement")],
            )
            ok = set(self.ok_runs["seed"].astype(int).astype(str) + "#" + self.ok_runs["scenario"])
            keep = (events["seed"].astype(int).astype(str) + "#" + events["scenario"]).isin(ok)
            self._events["reinstatement"] = events[keep].rename(columns={"value": "months"})[
                ["scenario", "seed", "months"]
            ]
        return self._events["reinstatement"]


def _is_word(value: Any) -> bool:
    """Whether a level is a word (``unified``), not a number or a truth value."""
    if not isinstance(value, str) or value.lower() in ("true", "false"):
        return False
    try:
        float(value)
    except ValueError:
        return True
    return False


def short_names(factors: list[str]) -> dict[str, str]:
    """The last part of each dotted factor name, where that is unambiguous."""
    last = [f.rsplit(".", 1)[-1] for f in factors]
    return {f: (s if last.count(s) == 1 else f) for f, s in zip(factors, last, strict=True)}


# -- loading and checking --------------------------------------------------------------------


def load_results(path: str | Path) -> Results:
    """Read and check an experiment's results folder.

    Parameters
    ----------
    path
        The folder an experiment wrote (``results/<experiment>/``).

    Returns
    -------
    Results

    Raises
    ------
    ResultsError
        With one line per problem: missing files or columns, a manifest that does not match
        the runs, no finished run.
    """
    path = Path(path)
    source = str(path)
    if not path.is_dir():
        raise ResultsError(source, ["no such folder"])
    manifest = _read_manifest(path)
    runs = _read_table(path / "runs.parquet", source)
    problems = _manifest_problems(manifest) + _runs_problems(runs, manifest)
    if problems:
        raise ResultsError(source, problems)
    record = manifest.get("record") or ["summary", "series"]
    series = None
    if (path / "series.parquet").exists():
        series = _read_table(path / "series.parquet", source)
        problems += _series_problems(series)
    elif "series" in record:
        problems.append("series.parquet: not found, though the manifest records series")
    events_path = path / "events.parquet"
    if not events_path.exists():
        if "events" in record:
            problems.append("events.parquet: not found, though the manifest records events")
        events_path = None
    if problems:
        raise ResultsError(source, problems)
    return Results(path, manifest, runs, series, events_path)


def _read_manifest(path: Path) -> dict[str, Any]:
    file = path / "manifest.json"
    if not file.exists():
        found = sorted(p.name for p in path.iterdir())[:8]
        hint = f" (the folder holds: {', '.join(found)})" if found else " (the folder is empty)"
        raise ResultsError(
            str(path),
            [f"manifest.json: not found; expected an experiment's results folder{hint}"],
        )
    try:
        manifest = json.loads(file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ResultsError(
            str(path), [f"manifest.json: not valid JSON at line {exc.lineno}: {exc.msg}"]
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ResultsError(str(path), [f"manifest.json: cannot be read: {exc}"]) from None
    if not isinstance(manifest, dict):
        raise ResultsError(str(path), ["manifest.json: must hold a JSON object"])
    return manifest


def _read_table(file: Path, source: str) -> pd.DataFrame:
    if not file.exists():
        raise ResultsError(source, [f"{file.name}: not found"])
    try:
        return pd.read_parquet(file)
    except Exception as exc:  # pyarrow raises several unrelated types for a bad file
        raise ResultsError(source, [f"{file.name}: cannot be read as Parquet: {exc}"]) from None


def _manifest_problems(manifest: dict[str, Any]) -> list[str]:
    problems = [f"manifest.json: missing key {k!r}" for k in MANIFEST_REQUIRED if k not in manifest]
    design = manifest.get("design")
    if "design" in manifest:
        if not isinstance(design, dict):
            problems.append("manifest.json: design: must be an object with 'kind' and 'factors'")
        else:
            kind = design.get("kind")
            if kind not in DESIGN_KINDS:
                problems.append(
                    f"manifest.json: design.kind: {kind!r} is not one of {', '.join(DESIGN_KINDS)}"
                )
            factors = design.get("factors") or {}
            if not isinstance(factors, dict):
                problems.append("manifest.json: design.factors: must map factor names to levels")
            else:
                for name, levels in factors.items():
                    if not isinstance(levels, list | dict) or len(levels) == 0:
                        problems.append(
                            f"manifest.json: design.factors.{name}: must list at least one level"
                        )
    if "scenarios" in manifest and not isinstance(manifest["scenarios"], dict | list):
        problems.append("manifest.json: scenarios: must map scenario names to scenarios")
    return problems


def _runs_problems(runs: pd.DataFrame, manifest: dict[str, Any]) -> list[str]:
    problems = [
        f"runs.parquet: missing column {c!r}" for c in RUN_ID_COLUMNS if c not in runs.columns
    ]
    if problems:
        return problems
    if runs.empty:
        return ["runs.parquet: holds no run"]
    design = manifest.get("design") if isinstance(manifest.get("design"), dict) else {}
    factors = design.get("factors") or {}
    for name in factors if isinstance(factors, dict) else ():
        if DESIGN_PREFIX + name not in runs.columns:
            problems.append(f"runs.parquet: missing column {DESIGN_PREFIX + name!r}")
    declared = list(manifest.get("scenarios") or [])
    for scenario in pd.unique(runs["scenario"]):
        if scenario not in declared:
            guess = difflib.get_close_matches(str(scenario), [str(s) for s in declared], n=1)
            hint = f"; did you mean {guess[0]!r}?" if guess else ""
            problems.append(f"runs.parquet: scenario {scenario!r} is not in the manifest{hint}")
    bad_status = sorted(set(runs["status"]) - {"ok", "failed"})
    if bad_status:
        problems.append(f"runs.parquet: status must be 'ok' or 'failed', found {bad_status}")
    duplicated = runs.duplicated(["scenario", "replication"])
    if duplicated.any():
        first = runs.loc[duplicated, "run_id"].iloc[0]
        problems.append(
            f"runs.parquet: {int(duplicated.sum())} duplicate run(s), for example {first!r}"
        )
    outcomes = [c for c in runs.columns if c in SUMMARY]
    if not outcomes:
        problems.append("runs.parquet: no outcome column (any name of btr_sim.core.metrics.SUMMARY)")
    if not problems and not (runs["status"] == "ok").any():
        first_error = str(runs["error"].iloc[0])
        problems.append(
            f"runs.parquet: all {len(runs)} runs failed; nothing to analyse "
            f"(first error: {first_error})"
        )
    return problems


def _series_problems(series: pd.DataFrame) -> list[str]:
    missing = [c for c in SERIES_ID_COLUMNS if c not in series.columns]
    if "credibility" not in series.columns and "credibility" in SERIES:
        missing.append("credibility")
    return [f"series.parquet: missing column {c!r}" for c in missing]
