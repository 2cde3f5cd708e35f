"""Samples of an experiment's uncertain worlds, for the planner to cross with the design.

Each function is a *world sampler* (:data:`~btr_sim.experiments.worlds.WorldSampler`): given
an experiment's spec, it returns a table of worlds, one row per world and one column per
uncertain parameter, which :func:`~btr_sim.experiments.plan_experiment` crosses with the
design points::

    plan_experiment("experiments/robustness.yaml", worlds=robustness_worlds)

Worlds come from uniform ranges (``uncertainties:``, a Latin hypercube or a SALib sample) or
from what a calibration learnt about the parameters (``worlds: {posterior: FILE, draws: N}``,
:func:`posterior_worlds`). The same spec gives the same sample, so a rerun plans the same
experiment and resumes its results folder.
"""

from __future__ import annotations

import pandas as pd

from btr_sim.experiments.posterior import read_posterior
from btr_sim.experiments.ranges import latin_hypercube, takes_whole_numbers
from btr_sim.experiments.spec import ExperimentSpec, RobustnessSettings
from btr_sim.loading import ConfigError
from btr_sim.sensitivity.sampling import Method, sensitivity_sample

__all__ = ["posterior_worlds", "robustness_worlds", "sensitivity_worlds"]


def posterior_worlds(spec: ExperimentSpec) -> pd.DataFrame | None:
    """``worlds.draws`` particles of the ``worlds.posterior`` file, drawn by their weights.

    Drawn with replacement from ``worlds.seed`` (default: the master seed). None without a
    ``worlds:`` section.

    Raises
    ------
    ConfigError
        If the posterior file is missing or invalid, or if the experiment also declares
        ``uncertainties:`` and they are not the posterior's parameters.
    """
    if spec.worlds is None:
        return None
    try:
        posterior = read_posterior(spec.worlds.posterior)
    except ConfigError as exc:  # the planner reports it as the experiment's: name the file
        where = f"worlds.posterior: {spec.worlds.posterior}"
        raise ConfigError(where, [f"{where}: {p}" for p in exc.problems]) from None
    if spec.uncertainties and sorted(spec.uncertainties) != sorted(posterior.parameters):
        raise ConfigError(
            "worlds.posterior",
            [
                f"worlds.posterior: its parameters ({', '.join(posterior.parameters)}) are not "
                f"the uncertainties declared ({', '.join(spec.uncertainties)})"
            ],
        )
    seed = spec.worlds.seed if spec.worlds.seed is not None else spec.master_seed
    return posterior.draw(spec.worlds.draws, seed).reset_index(drop=True)


def robustness_worlds(spec: ExperimentSpec) -> pd.DataFrame | None:
    """A Latin hypercube of ``robustness.worlds`` worlds over the ``uncertainties:`` ranges.

    Drawn from ``robustness.seed`` (default: the master seed); whole-number parameters take
    whole numbers, each equally likely. Without a ``robustness:`` section, its defaults.
    With a ``worlds: {posterior: ...}`` section the worlds are the posterior's draws instead
    (:func:`posterior_worlds`; ``robustness.worlds`` does not apply). None when the
    experiment declares no uncertainties.
    """
    if not spec.uncertainties:
        return None
    if spec.worlds is not None:
        return posterior_worlds(spec)
    settings = spec.robustness or RobustnessSettings()
    seed = settings.seed if settings.seed is not None else spec.master_seed
    # A model hook's inputs are its own, not the simulation's whole-number parameters.
    whole = {p: spec.model is None and takes_whole_numbers(p) for p in spec.uncertainties}
    return pd.DataFrame(latin_hypercube(spec.uncertainties, whole, settings.worlds, seed))


def sensitivity_worlds(spec: ExperimentSpec, method: Method | None = None) -> pd.DataFrame | None:
    """SALib's sample of the ``uncertainties:`` for ``method`` (default ``sensitivity.method``).

    Morris trajectories or Saltelli's extension of a Sobol sequence, sized and seeded by the
    ``sensitivity:`` section (:func:`~btr_sim.sensitivity.sampling.sensitivity_sample`).
    None when the experiment declares no uncertainties.

    Raises
    ------
    ConfigError
        If SALib (the optional ``sensitivity`` extra) is not installed.
    """
    if not spec.uncertainties:
        return None
    try:
        problem, x, _ = sensitivity_sample(spec, method)
    except ImportError as exc:
        raise ConfigError(
            "sensitivity", [f"sensitivity: needs SALib (pip install 'btr-sim[sensitivity]'): {exc}"]
        ) from None
    return pd.DataFrame(x, columns=problem["names"])
