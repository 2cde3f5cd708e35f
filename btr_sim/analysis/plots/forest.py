"""Forest plot: each scenario's effect against the reference, paired and unpaired 95% CIs."""

from __future__ import annotations

import numpy as np
import pandas as pd

from btr_sim.analysis.comparison import differences
from btr_sim.analysis.factorial import factorial_effects
from btr_sim.analysis.naming import level_name, scenario_label
from btr_sim.analysis.outcomes import DESIGN_OUTCOMES
from btr_sim.analysis.plots.common import Plot, bar_height, finish_difference_panels, scenario_axis
from btr_sim.analysis.plots.rows import level_row_label, row_set
from btr_sim.analysis.style import OKABE_ITO, new_figure, style
from btr_sim.i18n import ENGLISH, Translator
from btr_sim.results import ExperimentResults

__all__ = ["plot_forest"]

PAIRED_COLOUR = OKABE_ITO["black"]
UNPAIRED_COLOUR = OKABE_ITO["sky blue"]


def plot_forest(
    results: ExperimentResults, reference: str, tr: Translator = ENGLISH
) -> Plot | None:
    """One panel per key outcome: the difference from the reference for every other scenario.

    Each panel has two error-bar series: paired by replication seed (black dots, thick) and
    unpaired Welch (blue, thin, just below), so the width bought by common random numbers
    shows. Each panel's x label says which way is better for its outcome.
    """
    outcomes = [o for o in DESIGN_OUTCOMES if o in results.outcomes]
    by_factor = row_set(results, reference).by_factor
    if by_factor:
        labels, groups, tables = _main_effect_rows(results, outcomes, tr)
        title = tr("Main effects: each level against the factor's base level")
    else:
        others = [s for s in results.scenarios if s != reference]
        if not others:
            return None
        diffs = differences(results, reference, outcomes)
        labels, groups = [scenario_label(results, s, tr) for s in others], []
        tables = {
            o: diffs[diffs["outcome"] == o].set_index("scenario").reindex(others) for o in outcomes
        }
        title = tr("Effects relative to {name}").format(name=scenario_label(results, reference, tr))
    ncols = 2
    nrows = int(np.ceil(len(outcomes) / ncols))
    with style():
        fig = new_figure(7.2, nrows * bar_height(len(labels), per=0.3, extra=1.0))
        axes = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False)).ravel()
        for ax, outcome in zip(axes, outcomes, strict=False):
            rows = tables[outcome]
            y = scenario_axis(ax, labels, groups)
            for kind, colour, shift, size, lw in (
                ("paired", PAIRED_COLOUR, 0.0, 4.5, 1.6),
                ("unpaired", UNPAIRED_COLOUR, -0.28, 3.0, 0.9),
            ):
                est = rows[kind].to_numpy(dtype=float)
                err = np.vstack(
                    [est - rows[f"{kind}_low"].to_numpy(), rows[f"{kind}_high"].to_numpy() - est]
                )
                ax.errorbar(
                    est,
                    y + shift,
                    xerr=np.nan_to_num(err),
                    fmt="o",
                    color=colour,
                    markersize=size,
                    elinewidth=lw,
                    capsize=0,
                    label=tr("paired by seed (CRN)")
                    if kind == "paired"
                    else tr("unpaired (Welch)"),
                )
        finish_difference_panels(axes, outcomes, ncols, tr)
        handles, names = axes[0].get_legend_handles_labels()
        fig.legend(handles, names, loc="outside lower center", ncols=2)
        fig.suptitle(title, fontweight="bold")
    what = (
        tr(
            "Main effect of each factor level against the factor's base level, averaged over "
            "the other factors,"
        )
        if by_factor
        else tr("Difference of each scenario from the reference ({name})").format(
            name=scenario_label(results, reference, tr)
        )
    )
    caption = tr(
        "{what} in key outcomes, with 95% intervals: black, paired by replication seed "
        "(common random numbers: replication k of every scenario faced the same random "
        "draws); blue, unpaired interval. The dashed line is no difference; under each "
        "panel an arrow points to the better side (none where neither side is better)."
    ).format(what=what)
    return Plot("forest", fig, caption)


def _main_effect_rows(
    results: ExperimentResults, outcomes: list[str], tr: Translator
) -> tuple[list[str], list[int], dict[str, pd.DataFrame]]:
    """Rows of main effects (each non-base level of each factor) in the forest's columns."""
    effects = factorial_effects(results, outcomes, max_order=1)
    keys = [(f, level) for f, levels in results.factors.items() for level in levels[1:]]
    labels = [
        tr("{level} (vs {base})").format(
            level=level_row_label(results, f, level, tr),
            base=level_name(results.factors[f][0], tr),
        )
        for f, level in keys
    ]
    groups = [i for i in range(1, len(keys)) if keys[i][0] != keys[i - 1][0]]
    renamed = effects.rename(
        columns={"estimate": "paired", "low": "paired_low", "high": "paired_high"}
    )
    tables = {}
    for outcome in outcomes:
        sub = renamed[renamed["outcome"] == outcome].set_index(["factors", "levels"])
        tables[outcome] = sub.reindex([(f, str(level)) for f, level in keys])
    return labels, groups, tables
