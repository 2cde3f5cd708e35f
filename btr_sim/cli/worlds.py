"""The worlds an experiment file's own sections ask for, as ``btr-sim run`` and ``check`` plan.

An experiment with ``worlds: {posterior: ...}`` is run in worlds drawn from a posterior; one
with ``uncertainties:`` in sampled worlds. ``btr-sim robustness`` and ``btr-sim sensitivity``
sample them their way; ``btr-sim run`` and ``btr-sim check`` follow the file: the posterior's
draws with a ``worlds:`` section, else a Latin hypercube with a ``robustness:`` section, else
the SALib sample of its ``sensitivity:`` section, so that each plans the same experiment the
analysing command does.
"""

from __future__ import annotations

import pandas as pd

from btr_sim.experiments.spec import ExperimentSpec
from btr_sim.loading import ConfigError
from btr_sim.sensitivity.worlds import posterior_worlds, robustness_worlds, sensitivity_worlds

__all__ = ["file_worlds"]


def file_worlds(spec: ExperimentSpec) -> pd.DataFrame | None:
    """The worlds ``spec`` asks for by its own sections; None if it declares none.

    A world sampler (:data:`~btr_sim.experiments.worlds.WorldSampler`) for
    :func:`~btr_sim.experiments.plan_experiment`.

    Raises
    ------
    ConfigError
        If the experiment declares uncertainties but no section saying how to sample them.
    """
    if spec.worlds is not None:
        return posterior_worlds(spec)
    if not spec.uncertainties:
        return None
    if spec.robustness is not None:
        return robustness_worlds(spec)
    if spec.sensitivity is not None:
        return sensitivity_worlds(spec)
    raise ConfigError(
        "uncertainties",
        [
            "uncertainties: say how to sample them: add `robustness: {worlds: N}` (a Latin "
            "hypercube) or `sensitivity: {method: morris}` (a SALib sample)"
        ],
    )
