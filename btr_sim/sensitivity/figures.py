"""Figures: Morris mu*-sigma plots, Sobol index bars with CIs, robustness shares."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

__all__ = ["morris_figure", "robustness_figure", "sobol_figure"]

# Parameters named in a Morris plot, the largest mu* first.
_LABELLED = 6


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")  # files only: no display is needed or wanted
    import matplotlib.pyplot as plt

    return plt


def morris_figure(table: pd.DataFrame, outcome: str, path: Path) -> Path:
    """Morris mu* against sigma for one outcome, with mu*'s confidence intervals.

    The six parameters with the largest mu* are named. Parameters far from the origin matter;
    above the diagonal, their effect depends on the other parameters (interactions or
    non-linearity).
    """
    plt = _pyplot()
    rows = table[table["outcome"] == outcome]
    fig, ax = plt.subplots(figsize=(6.5, 5))
    ax.errorbar(
        rows["mu_star"], rows["sigma"], xerr=rows["mu_star_conf"], fmt="o", capsize=3, color="C0"
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
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def sobol_figure(table: pd.DataFrame, outcome: str, path: Path) -> Path:
    """First-order (S1) and total-order (ST) Sobol indices of one outcome, with CIs."""
    plt = _pyplot()
    rows = table[table["outcome"] == outcome]
    x = np.arange(len(rows))
    fig, ax = plt.subplots(figsize=(max(6.0, 0.7 * len(rows) + 2), 4.5))
    ax.bar(x - 0.2, rows["S1"], 0.4, yerr=rows["S1_conf"], capsize=3, label="S1 (first order)")
    ax.bar(x + 0.2, rows["ST"], 0.4, yerr=rows["ST_conf"], capsize=3, label="ST (total order)")
    ax.set_xticks(x, rows["parameter"], rotation=35, ha="right", fontsize=8)
    ax.axhline(0, color="black", lw=0.8)
    ax.set_ylabel("Sobol index")
    ax.set_title(f"Sobol indices: {outcome}")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def robustness_figure(summary: pd.DataFrame, path: Path) -> Path:
    """Share of worlds in which each countermeasure succeeds, by criterion."""
    plt = _pyplot()
    criteria = list(dict.fromkeys(summary["criterion"]))
    policies = list(dict.fromkeys(summary["countermeasure"]))
    width = 0.8 / max(1, len(criteria))
    fig, ax = plt.subplots(figsize=(max(6.0, 1.6 * len(policies) + 2), 4.5))
    x = np.arange(len(policies))
    for j, name in enumerate(criteria):
        rows = summary[summary["criterion"] == name].set_index("countermeasure").reindex(policies)
        ax.bar(x + (j - (len(criteria) - 1) / 2) * width, rows["share"], width, label=name)
    ax.set_xticks(x, policies, rotation=20, ha="right", fontsize=8)
    ax.set_ylim(0, 1)
    ax.axhline(0.5, color="grey", ls=":", lw=1)
    ax.set_ylabel("share of worlds where it beats the status quo")
    ax.set_title("Robustness of countermeasures across uncertain worlds")
    # Below the axes: shares near 1 fill the top of the plot.
    ax.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=len(criteria))
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path
