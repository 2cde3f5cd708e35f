"""SALib's Morris and Sobol analyses, as tidy tables of indices with confidence intervals."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from btr_sim.experiments.spec import SensitivitySettings
from btr_sim.sensitivity.sampling import Method

__all__ = ["MORRIS_COLUMNS", "SOBOL_COLUMNS", "analyse"]

#: Columns of a Morris table (besides ``outcome`` and ``parameter``).
MORRIS_COLUMNS = ("mu", "mu_star", "mu_star_conf", "sigma")
#: Columns of a Sobol table (besides ``outcome`` and ``parameter``).
SOBOL_COLUMNS = ("S1", "S1_conf", "ST", "ST_conf")


def analyse(
    problem: dict[str, Any],
    method: Method,
    x: np.ndarray,
    y: np.ndarray,
    outcome: str,
    settings: SensitivitySettings,
) -> pd.DataFrame:
    """The indices of every parameter for one outcome.

    Parameters
    ----------
    problem
        SALib's problem (:func:`~btr_sim.sensitivity.sampling.salib_problem`).
    method
        ``morris`` or ``sobol``.
    x
        The sample matrix the runs were made from.
    y
        The outcome at every row of ``x`` (its replications' mean).
    outcome
        The outcome's name, for the table.
    settings
        Resamples, confidence level and seed of the bootstrap.

    Returns
    -------
    pandas.DataFrame
        One row per parameter: ``outcome``, ``parameter`` and, for Morris, ``mu``,
        ``mu_star``, ``mu_star_conf`` (half-width of the CI of mu*), ``sigma``; for Sobol,
        ``S1``, ``S1_conf``, ``ST``, ``ST_conf`` (half-widths of the CIs).

    Raises
    ------
    ValueError
        If ``y`` has undefined values (SALib's estimators need every row).
    """
    y = np.asarray(y, dtype=float)
    if not np.isfinite(y).all():
        bad = int((~np.isfinite(y)).sum())
        raise ValueError(f"{outcome}: {bad} of {len(y)} sample points have no value")
    # SALib is an optional extra (``sensitivity``): imported when an analysis is asked for.
    from SALib.analyze import morris, sobol

    bootstrap = {
        "num_resamples": settings.resamples,
        "conf_level": settings.confidence,
        "seed": settings.seed if settings.seed is not None else 0,
    }
    if method == "morris":
        res = morris.analyze(problem, x, y, num_levels=settings.levels, **bootstrap)
        names = MORRIS_COLUMNS
    elif method == "sobol":
        res = sobol.analyze(problem, y, calc_second_order=settings.second_order, **bootstrap)
        names = SOBOL_COLUMNS
    else:
        raise ValueError(f"unknown method {method!r}")
    columns = {name: np.asarray(res[name], dtype=float) for name in names}
    return pd.DataFrame({"outcome": outcome, "parameter": problem["names"], **columns})
