"""Scoring a calibration experiment's design points against the targets, and the fitted values.

The procedure (docs/validation.md):

1. run a Latin hypercube over the free parameters (``experiments/calibration.yaml``) with a few
   replications per point;
2. for each design point take the mean of each target metric over its replications and its
   distance to the target's range (0 inside, else the shortfall in units of the range's
   width; :meth:`~btr_sim.validation.targets.Target.distance`); the point's score is the sum;
3. the best point is the one with the lowest score (ties, such as several points meeting every
   target: the largest ``margin``, the smallest distance of any target's mean to the nearer
   end of its range, in units of its width);
4. its design values are the fitted parameters (``btr-sim calibrate RESULTS`` prints them and
   writes them to ``RESULTS/fitted.yaml``), to be copied into the defaults of
   :mod:`btr_sim.config`; a second, finer hypercube around them may follow.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import yaml

from btr_sim.results import ExperimentResults, open_results
from btr_sim.results.contract import factor_of, is_design_column
from btr_sim.validation.targets import CALIBRATION_TARGETS, Target

__all__ = ["best_point", "fitted_values", "score_design", "write_fitted"]


def score_design(
    results: ExperimentResults | str | Path, targets: Sequence[Target] = CALIBRATION_TARGETS
) -> pd.DataFrame:
    """Score every design point of a calibration experiment against ``targets``.

    Parameters
    ----------
    results
        A results folder (or its :class:`ExperimentResults`) of an experiment whose design
        varies the parameters to fit.
    targets
        The targets to score against.

    Returns
    -------
    pandas.DataFrame
        One row per design point (index: the point's name), sorted best first, with the design
        values (``design.*``), the mean of each target metric, its distance (``d.<target>``),
        ``score`` (the sum of distances), ``worst`` (the largest), ``met`` (targets met) and
        ``margin`` (the smallest margin inside a range; see :meth:`Target.margin`).
    """
    if not isinstance(results, ExperimentResults):
        results = open_results(results)
    runs = results.ok_runs
    if runs.empty:
        raise ValueError(f"{results.path}: no successful runs to score")
    design = [c for c in runs.columns if is_design_column(c)]
    grouped = runs.groupby("scenario", sort=False)
    table = grouped[design].first() if design else pd.DataFrame(index=grouped.size().index)
    table["replications"] = grouped.size()
    for t in targets:
        table[t.metric] = grouped[t.metric].mean()
        table[f"d.{t.name}"] = table[t.metric].map(t.distance)
    distances = table[[f"d.{t.name}" for t in targets]]
    table["score"] = distances.sum(axis=1)
    table["worst"] = distances.max(axis=1)
    table["met"] = (distances == 0).sum(axis=1)
    margins = pd.DataFrame({t.name: table[t.metric].map(t.margin) for t in targets})
    table["margin"] = margins.min(axis=1)
    return table.sort_values(["score", "margin"], ascending=[True, False], kind="stable")


def best_point(scores: pd.DataFrame) -> pd.Series:
    """The best-scoring design point (the first row of :func:`score_design`'s table)."""
    return scores.iloc[0]


def fitted_values(scores: pd.DataFrame) -> dict[str, float | int]:
    """The best point's design values, as ``{dotted parameter path: value}``."""
    best = best_point(scores)
    out: dict[str, float | int] = {}
    for column, value in best.items():
        if is_design_column(column):
            number = float(value)
            out[factor_of(column)] = int(number) if number.is_integer() else number
    return out


def write_fitted(scores: pd.DataFrame, path: str | Path) -> Path:
    """Write the fitted values and the best point's score to a YAML file of overrides.

    The file is a valid scenario file (``extends`` the status quo is left to the reader), so
    ``btr-sim run FILE`` reruns the fitted point.
    """
    best = best_point(scores)
    path = Path(path)
    header = (
        f"# Fitted by btr-sim calibrate: design point {best.name}, score {best['score']:.4f}, "
        f"{int(best['met'])} targets met over {int(best['replications'])} replications.\n"
    )
    body = yaml.safe_dump({"name": "calibrated", **_nested(fitted_values(scores))}, sort_keys=False)
    path.write_text(header + body, encoding="utf-8")
    return path


def _nested(flat: dict[str, float | int]) -> dict:
    out: dict = {}
    for dotted, value in flat.items():
        node = out
        *parents, leaf = dotted.split(".")
        for key in parents:
            node = node.setdefault(key, {})
        node[leaf] = round(value, 4) if isinstance(value, float) else value
    return out


def confirmation_experiment(
    scores: pd.DataFrame,
    base: str | Path,
    top: int = 5,
    replications: int = 20,
    master_seed: int = 6,
    name: str = "calibration_confirm",
) -> dict:
    """An experiment (as a mapping) rerunning the ``top`` best points with fresh seeds.

    A hypercube with a few replications per point picks its best point partly by luck; the
    confirmation stage reruns the leaders with more replications and other seeds, and
    :func:`score_design` on its results gives the final choice. Each point warms up under its
    own rules (``before: own``): the status quo it describes in its own equilibrium.

    Parameters
    ----------
    scores
        :func:`score_design`'s table of the previous stage.
    base
        The scenario file the design points override (the status quo).
    top, replications, master_seed, name
        How many points, runs per point, the master seed and the experiment's name.
    """
    base = Path(base).resolve()
    points = []
    for point, row in scores.head(top).iterrows():
        overrides = {
            factor_of(column): (int(v) if float(v).is_integer() else float(v))
            for column, v in row.items()
            if is_design_column(column)
        }
        points.append({"name": str(point), "extends": str(base), "before": "own", **overrides})
    return {
        "name": name,
        "description": f"Confirmation of the {top} best calibration points with fresh seeds.",
        "scenarios": points,
        "replications": replications,
        "master_seed": master_seed,
    }
