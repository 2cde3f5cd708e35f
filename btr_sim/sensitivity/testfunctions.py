"""Analytic test functions with known sensitivity indices, for checking the machinery.

They are model hooks (:mod:`btr_sim.experiments.models`): an experiment file with
``model: btr_sim.sensitivity.testfunctions:ishigami`` runs them instead of the simulation.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

__all__ = ["ISHIGAMI_S1", "ISHIGAMI_ST", "ishigami"]

_A, _B = 7.0, 0.1

# Analytic indices of Ishigami & Homma (1990), a = 7, b = 0.1, x_i ~ U(-pi, pi).
_V1 = 0.5 * (1 + _B * math.pi**4 / 5) ** 2
_V2 = _A**2 / 8
_V13 = _B**2 * math.pi**8 * (1 / 18 - 1 / 50)
_V = _V1 + _V2 + _V13

#: First-order Sobol indices of x1, x2, x3.
ISHIGAMI_S1 = (_V1 / _V, _V2 / _V, 0.0)
#: Total-order Sobol indices of x1, x2, x3.
ISHIGAMI_ST = ((_V1 + _V13) / _V, _V2 / _V, _V13 / _V)


def ishigami(inputs: Mapping[str, float], seed: int) -> dict[str, float]:
    """The Ishigami function of ``x1``, ``x2``, ``x3`` (deterministic: the seed is unused).

    Parameters
    ----------
    inputs
        ``{"x1": ..., "x2": ..., "x3": ...}``, each in [-pi, pi].
    seed
        The replication's seed (ignored).

    Returns
    -------
    dict
        ``{"y": sin x1 + 7 sin^2 x2 + 0.1 x3^4 sin x1}``.
    """
    x1, x2, x3 = inputs["x1"], inputs["x2"], inputs["x3"]
    return {"y": math.sin(x1) + _A * math.sin(x2) ** 2 + _B * x3**4 * math.sin(x1)}


ishigami.outcomes = ("y",)  # type: ignore[attr-defined]
