"""Figures: Morris mu*-sigma plots, Sobol index bars with CIs, robustness shares."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from btr_sim.analysis.style import OKABE_ITO, new_figure, save_figure, style

__all__ = ["morris_figure", "robustness_figure", "sobol_figure"]

# Parameters named in a Morris plot, the largest mu* first.
_LABELLED = 6


def _save(fig: Figure, path: Path) -> Path:
    """Save ``fig`` at ``path``, in the format its suffix names."""
    return save_figure(fig, path.parent, path.stem, (path.suffix.removeprefix("."),))[0]


def morris_figure(table: pd.DataFrame, outcome: str, path: Path) -> Path:
    """Morris mu* against sigma for one outcome, with mu*'s confidence intervals.

    The six parameters with the largest mu* are named. Parameters far from the origin matter;
    above the diagonal, their effect depends on the other parameters (interactions or
    non-linearity).
    """
    rows = table[table["outcome"] == outcome]
    with style():
        fig = new_figure(6.5, 5)
        ax = fig.subplots()
        ax.errorbar(
            rows["mu_star"],
            rows["sigma"],
            xerr=rows["mu_star_conf"],
            fmt="o",
            color=OKABE_ITO["blue"],
        )
        # Only the most influential are named: the rest crowd the origin (the table names them).
        for _, row in rows.nlargest(_LABELLED, "mu_star").iterrows():
            ax.annotate(
                row["parameter"],
                (row["mu_star"], row["sigma"]),
                fontsize=8,
                xytext=(4, 4),
                textcoords="offset points",
            )
        top = float(np.nanmax([rows["mu_star"].max(), rows["sigma"].max(), 1e-12])) * 1.1
        ax.plot([0, top], [0, top], ls=":", color="grey", lw=1, label="sigma = mu*")
        ax.set_xlim(left=0)
        ax.set_ylim(bottom=0)
        ax.set_xlabel("mu* (mean absolute elementary effect)")
        ax.set_ylabel("sigma (sd of elementary effects)")
        ax.set_title(f"Morris screening: {outcome}")
        ax.legend(loc="upper left")
    return _save(fig, path)


def sobol_figure(table: pd.DataFrame, outcome: str, path: Path) -> Path:
    """First-order (S1) and total-order (ST) Sobol indices of one outcome, with CIs."""
    rows = table[table["outcome"] == outcome]
    x = np.arange(len(rows))
    with style():
        fig = new_figure(max(6.0, 0.7 * len(rows) + 2), 4.5)
        ax = fig.subplots()
        ax.bar(x - 0.2, rows["S1"], 0.4, yerr=rows["S1_conf"], label="S1 (first order)")
        ax.bar(x + 0.2, rows["ST"], 0.4, yerr=rows["ST_conf"], label="ST (total order)")
        ax.set_xticks(x, rows["parameter"], rotation=35, ha="right")
        ax.axhline(0, color="black", lw=0.8)
        ax.set_ylabel("Sobol index")
        ax.set_title(f"Sobol indices: {outcome}")
        ax.legend()
    return _save(fig, path)


def robustness_figure(summary: pd.DataFrame, path: Path) -> Path:
    """Share of worlds in which each countermeasure succeeds, by criterion, with Wilson CIs."""
    criteria = list(dict.fromkeys(summary["criterion"]))
    policies = list(dict.fromkeys(summary["countermeasure"]))
    width = 0.8 / max(1, len(criteria))
    x = np.arange(len(policies))
    with style():
        fig = new_figure(max(6.0, 1.6 * len(policies) + 2), 4.5)
        ax = fig.subplots()
        for j, name in enumerate(criteria):
            rows = (
                summary[summary["criterion"] == name].set_index("countermeasure").reindex(policies)
            )
            error = [rows["share"] - rows["share_low"], rows["share_high"] - rows["share"]]
            ax.bar(
                x + (j - (len(criteria) - 1) / 2) * width,
                rows["share"],
                width,
                yerr=np.nan_to_num(error),
                label=name,
            )
        ax.set_xticks(x, policies, rotation=20, ha="right")
        ax.set_ylim(0, 1)
        ax.axhline(0.5, color="grey", ls=":", lw=1)
        ax.set_ylabel("share of worlds where it beats the status quo\n(95% Wilson CI)")
        ax.set_title("Robustness of countermeasures across uncertain worlds")
        # Below the axes: shares near 1 fill the top of the plot.
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=len(criteria))
    return _save(fig, path)
