"""Scenario discovery, rule-based: which uncertain parameters decide when a countermeasure fails.

Two summaries of the worlds where a countermeasure fails on a criterion:

- *thirds*: for each uncertain parameter, the failure rate among worlds in the low third of
  its range and among worlds in the high third; a large gap marks a deciding parameter;
- *the best single-threshold rule* (a one-dimensional box, as PRIM would peel it):
  ``parameter <= t`` or ``parameter > t``, with its *coverage* (the share of all failures the
  rule holds) and *density* (the share of the worlds it holds that fail). Among the rules with
  coverage at least ``min_coverage``, the densest wins; ties go to the higher coverage, then to
  the parameter listed first.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

__all__ = ["best_rule", "failure_by_thirds"]


def failure_by_thirds(
    worlds: pd.DataFrame, failed: pd.Series, ranges: Mapping[str, tuple[float, float]]
) -> pd.DataFrame:
    """Failure rate in the low and the high third of each parameter's range.

    Parameters
    ----------
    worlds
        One row per world, one column per uncertain parameter.
    failed
        Whether the countermeasure fails in each world (same index; NA worlds are left out).
    ranges
        Each parameter's ``[low, high]``; the thirds split this range.

    Returns
    -------
    pandas.DataFrame
        ``parameter``, ``low_worlds``, ``low_failure_rate``, ``high_worlds``,
        ``high_failure_rate``, ``difference`` (high - low), sorted by the absolute difference,
        largest first.
    """
    known = failed.dropna().astype(bool)
    x = worlds.loc[known.index]
    rows = []
    for param, (low, high) in ranges.items():
        width = (high - low) / 3
        in_low = x[param] <= low + width
        in_high = x[param] >= high - width
        low_rate = float(known[in_low].mean()) if in_low.any() else np.nan
        high_rate = float(known[in_high].mean()) if in_high.any() else np.nan
        rows.append(
            {
                "parameter": param,
                "low_worlds": int(in_low.sum()),
                "low_failure_rate": low_rate,
                "high_worlds": int(in_high.sum()),
                "high_failure_rate": high_rate,
                "difference": high_rate - low_rate,
            }
        )
    table = pd.DataFrame(rows)
    order = table["difference"].abs().fillna(-1).sort_values(ascending=False, kind="stable")
    return table.loc[order.index].reset_index(drop=True)


def best_rule(
    worlds: pd.DataFrame, failed: pd.Series, *, min_coverage: float = 0.5
) -> dict[str, object] | None:
    """The best single-threshold rule describing the failing worlds.

    Parameters
    ----------
    worlds
        One row per world, one column per uncertain parameter.
    failed
        Whether the countermeasure fails in each world (NA worlds are left out).
    min_coverage
        The least share of the failures a rule must hold.

    Returns
    -------
    dict or None
        ``rule`` (text), ``parameter``, ``direction`` (``<=`` or ``>``), ``threshold``,
        ``coverage``, ``density``, ``worlds`` (in the box), ``failures`` (in the box) and
        ``base_rate`` (failures / worlds overall); None when no world fails.
    """
    known = failed.dropna().astype(bool)
    n_fail = int(known.sum())
    if n_fail == 0:
        return None
    x = worlds.loc[known.index]
    best: tuple[float, float, int] | None = None
    found: dict[str, object] | None = None
    for order, param in enumerate(x.columns):
        values = np.sort(x[param].unique())
        # Thresholds halfway between neighbouring values: every distinct split of the sample.
        for t in (values[:-1] + values[1:]) / 2:
            for direction, inside in (("<=", x[param] <= t), (">", x[param] > t)):
                worlds_in = int(inside.sum())
                fails_in = int(known[inside].sum())
                coverage = fails_in / n_fail
                if coverage < min_coverage or worlds_in == 0:
                    continue
                density = fails_in / worlds_in
                key = (density, coverage, -order)
                if best is None or key > best:
                    best = key
                    found = {
                        "rule": f"{param} {direction} {t:.4g}",
                        "parameter": param,
                        "direction": direction,
                        "threshold": float(t),
                        "coverage": coverage,
                        "density": density,
                        "worlds": worlds_in,
                        "failures": fails_in,
                        "base_rate": n_fail / len(known),
                    }
    if found is None:  # every failure shares one value of every parameter: the whole sample
        found = {
            "rule": "(all worlds)",
            "parameter": "",
            "direction": "",
            "threshold": np.nan,
            "coverage": 1.0,
            "density": n_fail / len(known),
            "worlds": len(known),
            "failures": n_fail,
            "base_rate": n_fail / len(known),
        }
    return found
