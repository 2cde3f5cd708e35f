"""``btr-sim sensitivity`` and ``btr-sim robustness`` end to end.

Both resolve the experiment file into a plan whose design points are *worlds* of the uncertain
parameters crossed with the file's design (the policies), run it with
:func:`btr_sim.experiments.run_experiment` (the same executors, seeds and resumable results
folder as every experiment), average each world's replications, and write their analysis under
``<results folder>/analysis/``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from btr_sim.experiments.plan import ExperimentPlan, plan_experiment
from btr_sim.experiments.runner import run_experiment
from btr_sim.experiments.spec import (
    ExperimentSpec,
    RobustnessSettings,
    SensitivitySettings,
    load_experiment_spec,
    spec_from_mapping,
)
from btr_sim.loading import ConfigError
from btr_sim.results import ExperimentResults
from btr_sim.results.contract import ANALYSIS, WORLD, design_column
from btr_sim.sensitivity.aggregate import world_means
from btr_sim.sensitivity.analysis import analyse
from btr_sim.sensitivity.discovery import best_rule, failure_by_thirds
from btr_sim.sensitivity.figures import morris_figure, robustness_figure, sobol_figure
from btr_sim.sensitivity.robustness import robustness_summary, world_effects
from btr_sim.sensitivity.sampling import Method, sensitivity_sample
from btr_sim.sensitivity.tables import save_table
from btr_sim.sensitivity.worlds import robustness_worlds

__all__ = ["RobustnessStudy", "SensitivityStudy", "run_robustness", "run_sensitivity"]


@dataclass
class SensitivityStudy:
    """What ``btr-sim sensitivity`` made.

    Attributes
    ----------
    results : ExperimentResults
        The runs.
    method : str
        ``morris`` or ``sobol``.
    indices : pandas.DataFrame
        One row per (policy, outcome, parameter) with the indices and CI half-widths.
    files : list of Path
        Tables and figures written.
    problems : list of str
        Outcomes that could not be analysed, and why (failed runs, undefined values).
    """

    results: ExperimentResults
    method: str
    indices: pd.DataFrame
    files: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass
class RobustnessStudy:
    """What ``btr-sim robustness`` made.

    Attributes
    ----------
    results : ExperimentResults
        The runs.
    summary : pandas.DataFrame
        Per countermeasure and criterion, the share of worlds where it succeeds.
    effects : pandas.DataFrame
        Every world's effect of every countermeasure on every criterion.
    thirds, rules : pandas.DataFrame
        Scenario discovery on the failing worlds: failure rates by thirds of each range, and
        the best single-threshold rule per countermeasure and criterion.
    files : list of Path
        Tables and figures written.
    """

    results: ExperimentResults
    summary: pd.DataFrame
    effects: pd.DataFrame
    thirds: pd.DataFrame
    rules: pd.DataFrame
    files: list[Path] = field(default_factory=list)


def _spec(experiment: str | Path | ExperimentSpec | Mapping[str, Any]) -> ExperimentSpec:
    if isinstance(experiment, ExperimentSpec):
        return experiment
    if isinstance(experiment, Mapping):
        return spec_from_mapping(experiment)
    return load_experiment_spec(experiment)


def _planned(experiment: Any, spec: ExperimentSpec) -> str | Path | ExperimentSpec:
    """What to plan: a file as the file (its paths are relative to it), else the spec."""
    return experiment if isinstance(experiment, str | Path) else spec


def _source(experiment: Any) -> str:
    return str(experiment) if isinstance(experiment, str | Path) else "<experiment>"


def _check_outcomes(plan: ExperimentPlan, outcomes: list[str], where: str) -> None:
    bad = [
        f"{where}.{i}: unknown outcome {name!r} (allowed: {', '.join(plan.outcomes)})"
        for i, name in enumerate(outcomes)
        if name not in plan.outcomes
    ]
    if bad:
        raise ConfigError(plan.source, bad)


def run_sensitivity(
    experiment: str | Path | ExperimentSpec | Mapping[str, Any],
    *,
    method: Method | None = None,
    out: str | Path | None = None,
    outcomes: list[str] | None = None,
    **run_options: Any,
) -> SensitivityStudy:
    """Sample the experiment's uncertainties with SALib, run them, and analyse the indices.

    Parameters
    ----------
    experiment
        An experiment file (or spec, or mapping) with ``uncertainties:``; its
        ``sensitivity:`` section (optional) sets the method's sample sizes and outcomes.
    method
        ``morris`` or ``sobol`` (default: the file's ``sensitivity.method``).
    out
        The results folder (default ``results/<name>-<method>/``); rerunning resumes it.
    outcomes
        Outcomes to analyse instead of the file's.
    **run_options
        Passed to :func:`~btr_sim.experiments.run_experiment`: ``executor``, ``workers``,
        ``scheduler``, ``progress``.

    Returns
    -------
    SensitivityStudy
        The runs, the indices and the files written to ``<out>/analysis/``:
        ``<method>_indices.csv``/``.md`` and one figure per outcome (and policy).

    Raises
    ------
    ConfigError
        For an invalid experiment, or one without uncertainties.
    """
    spec = _spec(experiment)
    source = _source(experiment)
    if not spec.uncertainties:
        raise ConfigError(source, ["uncertainties: none declared; nothing to analyse"])
    problem, x, settings = sensitivity_sample(spec, method)
    method = method or settings.method
    chosen = list(outcomes) if outcomes else list(settings.outcomes)
    # The sample itself is the worlds: the analysis needs it as drawn (whole numbers unrounded).
    worlds = pd.DataFrame(x, columns=problem["names"])
    plan = plan_experiment(_planned(experiment, spec), worlds=worlds)
    _check_outcomes(plan, chosen, "sensitivity.outcomes")
    root = Path(out) if out is not None else Path("results") / f"{plan.name}-{method}"
    results = run_experiment(plan, out=root, **run_options)
    means = world_means(results.runs, chosen)
    folder = root / ANALYSIS
    indices, files, problems = _indices(means, chosen, problem, method, x, settings, folder)
    if not indices.empty:
        title = f"{'Morris' if method == 'morris' else 'Sobol'} indices: {plan.name}"
        files = save_table(indices, folder / f"{method}_indices", title) + files
    return SensitivityStudy(results, method, indices, files, problems)


def _indices(
    means: pd.DataFrame,
    outcomes: list[str],
    problem: dict[str, Any],
    method: Method,
    x: np.ndarray,
    settings: SensitivitySettings,
    folder: Path,
) -> tuple[pd.DataFrame, list[Path], list[str]]:
    """Each policy's indices of each outcome, a figure of each, and what could not be analysed."""
    policies = list(dict.fromkeys(means.index.get_level_values("policy")))
    draw = morris_figure if method == "morris" else sobol_figure
    tables, files, problems = [], [], []
    folder.mkdir(parents=True, exist_ok=True)
    for policy in policies:
        at = means.xs(policy, level="policy").sort_index()
        for outcome in outcomes:
            try:
                table = analyse(problem, method, x, at[outcome].to_numpy(), outcome, settings)
            except ValueError as exc:
                problems.append(f"{policy}: {exc}")
                continue
            table.insert(0, "policy", policy)
            tables.append(table)
            stem = outcome if len(policies) == 1 else f"{outcome}_{policy}"
            files.append(draw(table, outcome, folder / f"{method}_{_file_safe(stem)}.png"))
    indices = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame()
    return indices, files, problems


def run_robustness(
    experiment: str | Path | ExperimentSpec | Mapping[str, Any],
    *,
    out: str | Path | None = None,
    worlds: int | None = None,
    min_coverage: float = 0.5,
    **run_options: Any,
) -> RobustnessStudy:
    """Run every policy in every sampled world and summarise where each countermeasure works.

    Parameters
    ----------
    experiment
        An experiment file (or spec, or mapping) with ``uncertainties:`` and a design whose
        reference (``reference:``, or the first scenario or levels) is the status quo.
    out
        The results folder (default ``results/<name>/``); rerunning resumes it.
    worlds
        Overrides ``robustness.worlds`` (a different experiment: give it its own ``out``).
    min_coverage
        The least share of the failures a discovered rule must hold.
    **run_options
        Passed to :func:`~btr_sim.experiments.run_experiment`: ``executor``, ``workers``,
        ``scheduler``, ``replications``, ``months``, ``progress``.

    Returns
    -------
    RobustnessStudy
        The summary, per-world effects and scenario discovery, written to
        ``<out>/analysis/``: ``robustness.csv``/``.md``, ``robustness.png``,
        ``world_effects.csv``, ``discovery_thirds.csv``/``.md``, ``discovery_rules.csv``/``.md``.
    """
    spec = _spec(experiment)
    source = _source(experiment)
    if not spec.uncertainties:
        raise ConfigError(source, ["uncertainties: none declared; nothing to vary"])
    settings = spec.robustness or RobustnessSettings()
    section = settings.model_dump() | ({} if worlds is None else {"worlds": worlds})
    trial = {k: run_options.pop(k) for k in ("replications", "months") if k in run_options}
    plan = plan_experiment(
        _planned(experiment, spec),
        overrides={"robustness": section},  # validated, and recorded in the manifest as run
        worlds=robustness_worlds,
        **trial,
    )
    outcomes = list(dict.fromkeys(c.outcome for c in settings.criteria.values()))
    _check_outcomes(plan, outcomes, "robustness.criteria")
    if plan.reference is None:
        raise ConfigError(source, ["reference: name the status quo design point"])
    root = Path(out) if out is not None else Path("results") / plan.name
    results = run_experiment(plan, out=root, **run_options)
    means = world_means(results.runs, outcomes)
    effects = world_effects(means, plan.reference, settings.criteria)
    summary = robustness_summary(effects)
    x = _worlds_run(results.runs, plan.uncertain)
    thirds, rules = discover(effects, x, spec.uncertainties, min_coverage=min_coverage)
    files = _save_robustness(root / ANALYSIS, plan.name, summary, effects, thirds, rules)
    return RobustnessStudy(results, summary, effects, thirds, rules, files)


def _worlds_run(runs: pd.DataFrame, params: tuple[str, ...]) -> pd.DataFrame:
    """Each world's values of the uncertain parameters, as run, indexed by world."""
    x = (
        runs.drop_duplicates(design_column(WORLD))
        .set_index(design_column(WORLD))
        .sort_index()[[design_column(p) for p in params]]
    )
    x.columns = list(params)
    return x


def _save_robustness(
    folder: Path,
    name: str,
    summary: pd.DataFrame,
    effects: pd.DataFrame,
    thirds: pd.DataFrame,
    rules: pd.DataFrame,
) -> list[Path]:
    """Write the robustness tables and figure to ``folder``; return the files."""
    files = save_table(summary, folder / "robustness", f"Robustness: {name}")
    files.append(robustness_figure(summary, folder / "robustness.png"))
    effects.to_csv(folder / "world_effects.csv", index=False)
    files.append(folder / "world_effects.csv")
    files += save_table(thirds, folder / "discovery_thirds", "Failure rate by thirds")
    files += save_table(rules, folder / "discovery_rules", "Best single-threshold rules")
    return files


def discover(
    effects: pd.DataFrame,
    worlds: pd.DataFrame,
    ranges: Mapping[str, tuple[float, float]],
    *,
    min_coverage: float = 0.5,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Scenario discovery for every countermeasure and criterion with failing worlds.

    Returns
    -------
    thirds : pandas.DataFrame
        :func:`~btr_sim.sensitivity.discovery.failure_by_thirds`, with ``countermeasure`` and
        ``criterion`` columns first.
    rules : pandas.DataFrame
        One row per countermeasure and criterion with failures: the best single-threshold rule.
    """
    thirds, rules = [], []
    for (policy, name), group in effects.groupby(
        ["countermeasure", "criterion"], sort=False, observed=True
    ):
        failed = ~group.set_index("world")["success"].astype("boolean")
        if not failed.fillna(False).any():
            continue
        table = failure_by_thirds(worlds, failed, ranges)
        table.insert(0, "criterion", name)
        table.insert(0, "countermeasure", policy)
        thirds.append(table)
        rule = best_rule(worlds, failed, min_coverage=min_coverage)
        if rule is not None:
            rules.append({"countermeasure": policy, "criterion": name, **rule})
    return (
        pd.concat(thirds, ignore_index=True) if thirds else pd.DataFrame(),
        pd.DataFrame(rules),
    )


def _file_safe(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in text)
