"""SALib's problem and samples for an experiment's uncertain parameters."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import numpy as np

from btr_sim.experiments.spec import ExperimentSpec, SensitivitySettings

__all__ = [
    "METHODS",
    "salib_problem",
    "sample",
    "sample_size",
    "sensitivity_sample",
    "sensitivity_settings",
]

#: The supported methods.
METHODS = ("morris", "sobol")

Method = Literal["morris", "sobol"]


def salib_problem(uncertainties: Mapping[str, tuple[float, float]]) -> dict[str, Any]:
    """SALib's problem dict: the parameters' names and ``[low, high]`` bounds, in file order."""
    return {
        "num_vars": len(uncertainties),
        "names": list(uncertainties),
        "bounds": [[float(low), float(high)] for low, high in uncertainties.values()],
    }


def sample(problem: dict[str, Any], method: Method, settings: SensitivitySettings) -> np.ndarray:
    """The sample matrix (one row per design point, one column per parameter).

    Morris: ``trajectories`` one-at-a-time trajectories on a ``levels`` grid,
    ``trajectories x (D + 1)`` rows. Sobol: Saltelli's extension of a scrambled Sobol sequence
    with ``samples`` base points, ``samples x (D + 2)`` rows (``x (2D + 2)`` with second order).
    Both are drawn from ``settings.seed``, so the same file gives the same sample (and a
    rerun resumes the same results folder).
    """
    seed = settings.seed if settings.seed is not None else 0
    if method == "morris":
        from SALib.sample import morris

        return morris.sample(problem, settings.trajectories, num_levels=settings.levels, seed=seed)
    if method == "sobol":
        from SALib.sample import sobol

        return sobol.sample(
            problem, settings.samples, calc_second_order=settings.second_order, seed=seed
        )
    raise ValueError(f"unknown method {method!r} (allowed: {', '.join(METHODS)})")


def sample_size(n_params: int, method: Method, settings: SensitivitySettings) -> int:
    """Rows :func:`sample` gives for ``n_params`` parameters."""
    if method == "morris":
        return settings.trajectories * (n_params + 1)
    return settings.samples * ((2 * n_params + 2) if settings.second_order else (n_params + 2))


def sensitivity_settings(spec: ExperimentSpec) -> SensitivitySettings:
    """The experiment's ``sensitivity:`` settings, the seed defaulting to the master seed's."""
    settings = spec.sensitivity or SensitivitySettings()
    if settings.seed is None:
        settings = settings.model_copy(update={"seed": spec.master_seed % 2**32})
    return settings


def sensitivity_sample(
    spec: ExperimentSpec, method: Method | None = None
) -> tuple[dict[str, Any], np.ndarray, SensitivitySettings]:
    """SALib's problem, the sample matrix and the settings of an experiment's uncertainties.

    ``method`` defaults to ``sensitivity.method``. The same file and method always give the
    same sample: ``btr-sim run`` and ``btr-sim sensitivity`` plan the same experiment.
    """
    settings = sensitivity_settings(spec)
    problem = salib_problem(spec.uncertainties)
    return problem, sample(problem, method or settings.method, settings), settings
