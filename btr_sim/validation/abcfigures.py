"""The posterior against the prior, in a table and in figures (marginals, pairs, predictive).

- :func:`posterior_summary`: per parameter, the prior's and the posterior's median and central
  90% interval, and how much narrower the posterior is (the ratio of the widths);
- :func:`marginals_figure`: each parameter's posterior (weighted histogram) over its prior;
- :func:`pairs_figure`: the particles two parameters at a time, dot area in proportion to
  weight: where parameters trade off against each other, the cloud is a ridge;
- :func:`predictive_figure`: each fact's 90% posterior predictive interval and the observation.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from pyabc.weighted_statistics import weighted_quantile

from btr_sim.analysis.style import OKABE_ITO, new_figure, style
from btr_sim.experiments.posterior import Posterior
from btr_sim.validation.calibration import Prior

__all__ = [
    "CREDIBLE",
    "marginals_figure",
    "pairs_figure",
    "posterior_summary",
    "predictive_figure",
    "prior_quantile",
]

#: Level of the credible intervals reported.
CREDIBLE = 0.90

_POSTERIOR, _PRIOR = OKABE_ITO["blue"], OKABE_ITO["orange"]
_LABELS = {"calibration": OKABE_ITO["blue"], "validation": OKABE_ITO["vermillion"]}


def prior_quantile(prior: Prior, q: float) -> float:
    """The ``q`` quantile of a uniform or log-uniform prior."""
    low, high = prior.bounds
    if prior.kind == "uniform":
        return low + q * (high - low)
    return float(np.exp(np.log(low) + q * (np.log(high) - np.log(low))))


def posterior_summary(posterior: Posterior, priors: Mapping[str, Prior]) -> pd.DataFrame:
    """Prior and posterior medians and 90% intervals, and the ratio of the interval widths.

    Returns
    -------
    pandas.DataFrame
        One row per parameter: ``parameter``, ``prior``, ``prior_low``, ``prior_high``,
        ``median``, ``low``, ``high`` (weighted quantiles of the particles), ``width_ratio``
        (posterior width over prior width: 1 means the facts said nothing about it).
    """
    tail = (1 - CREDIBLE) / 2
    rows = []
    for name, prior in priors.items():
        x = posterior.particles[name].to_numpy(dtype=float)
        w = posterior.weights
        low, median, high = (weighted_quantile(x, w, alpha=q) for q in (tail, 0.5, 1 - tail))
        prior_low, prior_high = prior_quantile(prior, tail), prior_quantile(prior, 1 - tail)
        rows.append(
            {
                "parameter": name,
                "prior": f"{prior.kind} [{prior.bounds[0]:g}, {prior.bounds[1]:g}]",
                "prior_low": prior_low,
                "prior_high": prior_high,
                "median": float(median),
                "low": float(low),
                "high": float(high),
                "width_ratio": float((high - low) / (prior_high - prior_low)),
            }
        )
    return pd.DataFrame(rows)


def _prior_density(prior: Prior, x: np.ndarray) -> np.ndarray:
    low, high = prior.bounds
    if prior.kind == "uniform":
        return np.full_like(x, 1.0 / (high - low))
    return 1.0 / (x * (np.log(high) - np.log(low)))


def marginals_figure(posterior: Posterior, priors: Mapping[str, Prior]) -> Figure:
    """One panel per parameter: posterior histogram, prior density, median and 90% interval."""
    summary = posterior_summary(posterior, priors).set_index("parameter")
    names = list(priors)
    cols = min(3, len(names))
    rows = -(-len(names) // cols)
    with style():
        fig = new_figure(3.6 * cols, 2.6 * rows)
        for i, name in enumerate(names):
            ax = fig.add_subplot(rows, cols, i + 1)
            low, high = priors[name].bounds
            bins = np.linspace(low, high, 25)
            ax.hist(
                posterior.particles[name],
                bins=bins,
                weights=posterior.weights,
                density=True,
                color=_POSTERIOR,
                alpha=0.6,
                label="posterior",
            )
            grid = np.linspace(low, high, 200)
            ax.plot(grid, _prior_density(priors[name], grid), color=_PRIOR, label="prior")
            s = summary.loc[name]
            ax.axvline(s["median"], color="black", lw=1.2, label="median")
            ax.axvspan(s["low"], s["high"], color=_POSTERIOR, alpha=0.12, label="90% interval")
            ax.set_title(name, loc="left", fontsize=9)
            ax.set_yticks([])
            if i == 0:
                ax.legend(loc="upper right")
        fig.suptitle("Posterior marginals over their priors")
    return fig


def pairs_figure(posterior: Posterior, priors: Mapping[str, Prior]) -> Figure:
    """Particles two parameters at a time (area as weight); marginals on the diagonal."""
    names = list(priors)
    d = len(names)
    size = 2.2 * d + 0.8
    area = 400 * posterior.weights / posterior.weights.max()
    with style():
        fig = new_figure(size, size)
        for i, y in enumerate(names):
            for j, x in enumerate(names):
                if j > i:
                    continue
                ax = fig.add_subplot(d, d, i * d + j + 1)
                if i == j:
                    ax.hist(
                        posterior.particles[x],
                        bins=20,
                        range=priors[x].bounds,
                        weights=posterior.weights,
                        color=_POSTERIOR,
                        alpha=0.6,
                    )
                    ax.set_yticks([])
                else:
                    ax.scatter(
                        posterior.particles[x],
                        posterior.particles[y],
                        s=area,
                        color=_POSTERIOR,
                        alpha=0.35,
                        linewidths=0,
                    )
                    ax.set_xlim(*priors[x].bounds)
                    ax.set_ylim(*priors[y].bounds)
                    if j == 0:
                        ax.set_ylabel(y, fontsize=7)
                if i == d - 1:
                    ax.set_xlabel(x, fontsize=7)
        fig.suptitle("Posterior particles, two parameters at a time (area: weight)")
    return fig


def predictive_figure(table: pd.DataFrame) -> Figure:
    """Each checked fact: its 90% predictive interval (bar) and the observed value (diamond)."""
    n = len(table)
    with style():
        fig = new_figure(8, 0.45 * n + 1.4)
        ax = fig.add_subplot(1, 1, 1)
        for y, r in enumerate(table.itertuples()):
            colour: Any = _LABELS.get(r.label, "grey")
            ax.plot([r.ppi_low, r.ppi_high], [y, y], color=colour, lw=5, alpha=0.5)
            ax.plot([r.ppi_median], [y], "|", color=colour, markersize=10)
            if not np.isnan(r.value):
                marker = "D" if r.inside else "X"
                ax.plot([r.value], [y], marker, color="black", markersize=6)
        ax.set_yticks(range(n))
        ax.set_yticklabels([f"{r.fact} ({r.label})" for r in table.itertuples()])
        ax.invert_yaxis()
        ax.axvline(0, color="grey", lw=0.8, ls=":")
        ax.set_xlabel("value (share, or trust gap)")
        ax.set_title(
            "Posterior predictive: 90% interval of replicated observations (bar),\n"
            "observed value (diamond: inside, cross: outside)",
            loc="left",
        )
    return fig
