"""Main effects and interactions of a crossed design (factorial or grid), with CIs.

Every effect is a linear contrast of the design points' mean outcomes, averaged over the
factors it does not involve:

- **main effect** of factor A at level a: the mean outcome with A = a minus with A at its base
  (first) level;
- **two-way interaction** A × B: the difference of differences
  ``μ(a, b) − μ(a, b₀) − μ(a₀, b) + μ(a₀, b₀)``, i.e. the effect of switching both on *minus the
  sum of the effects of switching each on alone*. Zero means the two act additively;
- **three-way interaction** A × B × C: how much the A × B interaction changes when C is on;
- **synergy** (designs of three or more on/off factors): all factors on, minus the sum of the
  effects of each factor on alone (the others off) — the thesis's complementarity claim in one
  number.

An interaction is *read* against the outcome's desirable direction where it has one
(:data:`btr_sim.analysis.outcomes.DESIRABLE`: credibility up, scapegoats down, ...): an
interaction in that direction means the factors are **complementary** (better together than
the sum of each alone), against it that they are **substitutes** (together less than the sum).
For outcomes without a desirable direction (how many removals is right?) the reading says
whether the combination **amplifies** or **dampens** separate effects of one sign.

Each contrast is estimated *paired*: computed replication by replication (every design point of
replication k ran on the same seed) and averaged, with a t interval over replications. The
*unpaired* estimate from independent cell means (Welch–Satterthwaite) is given beside it.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from btr_sim.analysis.outcomes import DESIRABLE
from btr_sim.analysis.stats import Estimate, contrast_paired, contrast_unpaired, mean_ci
from btr_sim.i18n import N_
from btr_sim.results import ExperimentResults, level_key

__all__ = ["Effect", "effect_terms", "factorial_effects", "marginal_means"]


@dataclass(frozen=True)
class Effect:
    """One contrast of a crossed design.

    Attributes
    ----------
    name : str
        ``moral``, ``moral × legal``, ``synergy: moral + legal + supporting``.
    kind : str
        ``main``, ``interaction`` or ``synergy``.
    factors : tuple of str
        The factors involved.
    levels : tuple
        Their levels contrasted against the base levels.
    weights : numpy.ndarray
        One weight per design point, in :attr:`ExperimentResults.scenarios` order.
    separate : tuple of numpy.ndarray
        For interactions and synergy: the weights of each involved factor's effect alone (the
        others at base), against whose sum the interaction is read; empty for main effects.
    """

    name: str
    kind: str
    factors: tuple[str, ...]
    levels: tuple
    weights: np.ndarray
    separate: tuple[np.ndarray, ...] = ()

    @property
    def order(self) -> int:
        """Number of factors involved."""
        return len(self.factors)


def _design_matrix(results: ExperimentResults) -> list[dict[str, int]]:
    """Each design point's level index for every factor."""
    index = {f: {level_key(v): i for i, v in enumerate(lv)} for f, lv in results.factors.items()}
    rows = []
    for scenario in results.scenarios:
        levels = results.design_levels(scenario)
        rows.append({f: index[f][level_key(v)] for f, v in levels.items()})
    return rows


def _weights(
    cells: list[dict[str, int]], sizes: dict[str, int], chosen: dict[str, int], averaged: bool
) -> np.ndarray:
    """Weights of the interaction contrast of ``chosen`` (factor -> non-base level index).

    Factors outside ``chosen`` are averaged over their levels (``averaged``) or held at base.
    """
    w = np.zeros(len(cells))
    for i, cell in enumerate(cells):
        weight = 1.0
        for f, level in cell.items():
            if f in chosen:
                weight *= 1.0 if level == chosen[f] else (-1.0 if level == 0 else 0.0)
            elif averaged:
                weight *= 1.0 / sizes[f]
            else:
                weight *= 1.0 if level == 0 else 0.0
        w[i] = weight
    return w


def _separate_parts(
    cells: list[dict[str, int]], sizes: dict[str, int], chosen: dict[str, int], averaged: bool
) -> tuple[np.ndarray, ...]:
    """Weights of each chosen factor's effect alone (the other chosen ones at base)."""
    parts = []
    for f, level in chosen.items():
        w = np.zeros(len(cells))
        for i, cell in enumerate(cells):
            if cell[f] not in (0, level) or any(cell[g] != 0 for g in chosen if g != f):
                continue
            weight = 1.0 if cell[f] == level else -1.0
            for g, lv in cell.items():
                if g not in chosen:
                    weight *= (1.0 / sizes[g]) if averaged else (1.0 if lv == 0 else 0.0)
            w[i] = weight
        parts.append(w)
    return tuple(parts)


def effect_terms(results: ExperimentResults, max_order: int = 3) -> list[Effect]:
    """The main effects and interactions (up to ``max_order`` factors) of a crossed design."""
    if not results.is_crossed:
        return []
    cells = _design_matrix(results)
    sizes = {f: len(v) for f, v in results.factors.items()}
    terms = [
        _term(results, cells, sizes, dict(zip(subset, idx, strict=True)))
        for order in range(1, min(max_order, len(sizes)) + 1)
        for subset in itertools.combinations(sizes, order)
        if all(sizes[f] >= 2 for f in subset)
        for idx in itertools.product(*(range(1, sizes[f]) for f in subset))
    ]
    if len(sizes) >= 3 and all(s == 2 for s in sizes.values()):
        terms.append(_synergy(results, cells, sizes))
    return terms


def _term(
    results: ExperimentResults,
    cells: list[dict[str, int]],
    sizes: dict[str, int],
    chosen: dict[str, int],
) -> Effect:
    """The main effect (one factor) or the interaction of the ``chosen`` factors' levels."""
    subset = tuple(chosen)
    levels = tuple(results.factors[f][i] for f, i in chosen.items())
    # On/off levers read best by name alone; parameter levels need their value.
    two_level = results.design_kind == "factorial" and all(sizes[f] == 2 for f in subset)
    name = " × ".join(f if two_level else f"{f}={lv}" for f, lv in zip(subset, levels, strict=True))
    main = len(subset) == 1
    return Effect(
        name,
        "main" if main else "interaction",
        subset,
        levels,
        _weights(cells, sizes, chosen, averaged=True),
        () if main else _separate_parts(cells, sizes, chosen, averaged=True),
    )


def _synergy(
    results: ExperimentResults, cells: list[dict[str, int]], sizes: dict[str, int]
) -> Effect:
    """Every on/off factor on together minus the sum of each on alone (the others off)."""
    names = list(sizes)
    together = np.array(
        [
            float(all(v == 1 for v in cell.values())) - float(all(v == 0 for v in cell.values()))
            for cell in cells
        ]
    )
    separate = _separate_parts(cells, sizes, dict.fromkeys(names, 1), averaged=False)
    return Effect(
        "synergy: " + " + ".join(names),
        "synergy",
        tuple(names),
        tuple(results.factors[f][1] for f in names),
        together - np.sum(separate, axis=0),
        separate,
    )


def _reading(effect: Effect, est: Estimate, separate: list[float], polarity: int) -> str:
    """How to read an effect; ``separate`` are the involved factors' effects alone.

    The readings are messages of the catalogue (tables translate them where shown).
    """
    if not np.isfinite(est.low) or not np.isfinite(est.high):
        return N_("not estimable")
    if effect.kind == "main":
        if not est.excludes_zero:
            return N_("no effect detected")
        return N_("raises") if est.estimate > 0 else N_("lowers")
    if effect.kind == "interaction" and effect.order > 2:
        # Complementarity is a statement about pairs; a higher-order term says how a pair's
        # interaction changes with the other factors, so it is only reported as found or not.
        if est.excludes_zero:
            return N_("higher-order interaction")
        return N_("no interaction detected")
    if not est.excludes_zero:
        return N_("additive (no interaction detected)")
    sign = np.sign(est.estimate)
    if polarity:
        if sign == polarity:
            return N_("complementary (better together than the sum)")
        return N_("substitutes (together less than the sum)")
    signs = {np.sign(v) for v in separate if np.isfinite(v) and v != 0}
    if len(signs) == 1:
        if sign in signs:
            return N_("amplifying (together beyond the sum)")
        return N_("dampening (together short of the sum)")
    return N_("interaction (+)") if sign > 0 else N_("interaction (−)")


def factorial_effects(
    results: ExperimentResults, outcomes: Sequence[str], max_order: int = 3
) -> pd.DataFrame:
    """Main effects, interactions and synergy of each outcome, paired and unpaired.

    Returns
    -------
    pandas.DataFrame
        One row per (outcome, effect): ``effect``, ``kind``, ``order``, ``factors``,
        ``levels``, ``n_pairs``, ``estimate``, ``low``, ``high`` (paired, by replication seed),
        ``unpaired``, ``unpaired_low``, ``unpaired_high``, ``separate_sum`` (the sum of the
        separate effects, for interactions), ``standardized`` (estimate over the pooled
        within-design-point SD) and ``reading``. Empty for designs that are not crossed.
    """
    terms = effect_terms(results, max_order)
    rows = []
    for outcome in outcomes:
        table, _ = results.seed_table(outcome)
        cells = [results.values(s, outcome) for s in results.scenarios]
        variances = [np.nanvar(c, ddof=1) for c in cells if np.isfinite(c).sum() > 1]
        pooled_sd = float(np.sqrt(np.mean(variances))) if variances else float("nan")
        means = np.array([np.nanmean(c) if np.isfinite(c).any() else np.nan for c in cells])
        for term in terms:
            paired, _ = contrast_paired(table, term.weights)
            unpaired = contrast_unpaired(cells, term.weights)
            best = paired if paired.n >= 2 else unpaired
            parts = [float(np.nansum(w * means)) for w in term.separate]
            separate = float(np.sum(parts)) if parts else np.nan
            rows.append(
                {
                    "outcome": outcome,
                    "effect": term.name,
                    "kind": term.kind,
                    "order": term.order,
                    "factors": ", ".join(term.factors),
                    "levels": ", ".join(str(v) for v in term.levels),
                    "n_pairs": paired.n,
                    "estimate": paired.estimate,
                    "low": paired.low,
                    "high": paired.high,
                    "unpaired": unpaired.estimate,
                    "unpaired_low": unpaired.low,
                    "unpaired_high": unpaired.high,
                    "separate_sum": separate,
                    "standardized": best.estimate / pooled_sd if pooled_sd else np.nan,
                    "reading": _reading(term, best, parts, DESIRABLE.get(outcome, 0)),
                }
            )
    return pd.DataFrame(rows)


def marginal_means(
    results: ExperimentResults, outcome: str, factors: Sequence[str]
) -> pd.DataFrame:
    """Mean outcome at each combination of levels of ``factors``, averaged over the others.

    The average over the other factors is taken replication by replication, so the interval
    is over replications, as for the effects.

    Returns
    -------
    pandas.DataFrame
        One row per combination: the factors' levels, ``n``, ``mean``, ``low``, ``high``.
    """
    table, _ = results.seed_table(outcome)
    cells = _design_matrix(results)
    rows = []
    for idx in itertools.product(*(range(len(results.factors[f])) for f in factors)):
        chosen = dict(zip(factors, idx, strict=True))
        cols = [i for i, c in enumerate(cells) if all(c[f] == chosen[f] for f in factors)]
        sub = table[:, cols]
        with np.errstate(invalid="ignore"):
            per_rep = np.where(np.isfinite(sub).all(axis=1), sub.mean(axis=1), np.nan)
        est = mean_ci(per_rep)
        if est.n == 0:  # no replication complete in every cell: pool the runs instead
            est = mean_ci(sub[np.isfinite(sub)])
        row = {f: results.factors[f][i] for f, i in chosen.items()}
        rows.append({**row, "n": est.n, "mean": est.estimate, "low": est.low, "high": est.high})
    return pd.DataFrame(rows)
