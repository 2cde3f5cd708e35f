"""SALib's Ishigami function as a model hook, and its analytic Sobol indices.

An experiment with ``model: tests.support.ishigami:ishigami`` runs SALib's own test function
instead of the simulation, through the same plan, executor, store and analysis, so that the
sensitivity machinery is checked against indices known in closed form.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
from SALib.test_functions import Ishigami

A, B = 7.0, 0.1  # SALib's defaults, the textbook's constants

# Analytic variances of Ishigami & Homma (1990), x_i ~ U(-pi, pi).
_V1 = 0.5 * (1 + B * math.pi**4 / 5) ** 2
_V2 = A**2 / 8
_V13 = B**2 * math.pi**8 * (1 / 18 - 1 / 50)
_V = _V1 + _V2 + _V13

#: First-order Sobol indices of x1, x2, x3.
S1 = (_V1 / _V, _V2 / _V, 0.0)
#: Total-order Sobol indices of x1, x2, x3.
ST = ((_V1 + _V13) / _V, _V2 / _V, _V13 / _V)


def ishigami(inputs: Mapping[str, float], seed: int) -> dict[str, float]:
    """``SALib.test_functions.Ishigami`` of ``x1``, ``x2``, ``x3`` (the seed is unused)."""
    x = np.array([[inputs["x1"], inputs["x2"], inputs["x3"]]])
    return {"y": float(Ishigami.evaluate(x, A=A, B=B)[0])}


ishigami.outcomes = ("y",)  # type: ignore[attr-defined]
