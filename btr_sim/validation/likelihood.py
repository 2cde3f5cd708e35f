"""The calibration's model and observation model: what a particle simulates, how it is judged.

A particle is a set of values of the free parameters. :class:`FactModel` runs the base scenario
with those values over a few replication seeds and returns, for each fitted fact, the mean of
its measure over the replications: the particle's summary.

The observation model is normal and independent across facts: the observed value of fact i is
the model's replication mean plus an error of variance

    sigma_i^2 = var(observation_i) + var(one run's measure_i) / R

— the uncertainty of the observation itself (a binomial count's, or the spread a range in
words allows; :mod:`~btr_sim.validation.observations`) plus the simulation noise of a mean of R
replications, estimated once from ``noise_replications`` runs of the base scenario
(:func:`simulation_noise`). pyabc's ``IndependentNormalKernel`` with these variances, a
``StochasticAcceptor`` and temperatures that fall to 1 make the last generation a sample of the
posterior under exactly this model (Wilkinson 2013). A particle whose measure is undefined in
every replication (nobody removed, so no reinstatement share) is given a value ten sigma from
the observation: almost never accepted, never a NaN in the arithmetic.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from concurrent.futures import Executor

import numpy as np
import pyabc

from btr_sim.config import Scenario
from btr_sim.core.randomness import replication_seeds
from btr_sim.experiments.ranges import takes_whole_numbers
from btr_sim.loading import apply_overrides
from btr_sim.validation.calibration import CalibrationProblem
from btr_sim.validation.facts import Fact
from btr_sim.validation.measures import measure
from btr_sim.validation.sampler import candidate_seed

__all__ = [
    "NOISE",
    "PREDICTIVE",
    "UNDEFINED_SIGMAS",
    "FactModel",
    "derived_seed",
    "kernel_variances",
    "measure_task",
    "observed",
    "particle_scenario",
    "prior_distribution",
    "simulation_noise",
]

#: How many sigma from the observation an undefined summary is put.
UNDEFINED_SIGMAS = 10.0

#: Purposes of the seeds derived from the master seed besides the candidates' (whose spawn keys
#: have two entries, so that none of these collides with them).
NOISE, PREDICTIVE = 1, 2


def derived_seed(master_seed: int, *key: int) -> int:
    """A seed for one purpose (the noise runs, a predictive draw), derived from the master."""
    if len(key) == 2:
        raise ValueError("two-part keys are the candidates' (sampler.candidate_seeds)")
    state = np.random.SeedSequence(master_seed, spawn_key=key).generate_state(2)
    return int((int(state[0]) << 31) | (int(state[1]) >> 1))


def particle_scenario(base: Scenario, values: Mapping[str, float]) -> Scenario:
    """``base`` with a particle's values (whole-number parameters rounded)."""
    settings = {
        name: round(float(v)) if takes_whole_numbers(name) else float(v)
        for name, v in values.items()
    }
    return apply_overrides(base, settings)


def prior_distribution(problem: CalibrationProblem) -> pyabc.Distribution:
    """The prior, for pyabc: independent uniform or log-uniform priors, as the file says."""
    rvs = {}
    for name, prior in problem.priors.items():
        low, high = prior.bounds
        if prior.kind == "uniform":
            rvs[name] = pyabc.RV("uniform", low, high - low)
        else:
            rvs[name] = pyabc.RV("loguniform", low, high)
    return pyabc.Distribution(**rvs)


def measure_task(names: Sequence[str], scenario: Scenario, seeds: Sequence[int]) -> dict:
    """Measure on one scenario (what the noise and predictive runs send to the executor)."""
    return measure(list(names), scenario, list(seeds)).values


def simulation_noise(problem: CalibrationProblem, executor: Executor) -> dict[str, float]:
    """Variance of one run's measure of each fitted fact, over runs of the base scenario.

    A fact undefined in fewer than two runs gets variance 0: its noise is then left to the
    observation's own variance.
    """
    names = list(dict.fromkeys(f.measure for f in problem.facts))
    seeds = replication_seeds(derived_seed(problem.master_seed, NOISE), problem.noise_replications)
    futures = [executor.submit(measure_task, names, problem.base, [s]) for s in seeds]
    values = {n: np.concatenate([f.result()[n] for f in futures]) for n in names}
    out = {}
    for f in problem.facts:
        defined = values[f.measure][~np.isnan(values[f.measure])]
        out[f.name] = float(np.var(defined, ddof=1)) if defined.size > 1 else 0.0
    return out


def observed(facts: Sequence[Fact]) -> dict[str, float]:
    """The observed summary: each fact's observed value."""
    return {f.name: float(f.observation.value) for f in facts}


def kernel_variances(
    facts: Sequence[Fact], noise: Mapping[str, float], replications: int
) -> dict[str, float]:
    """Each fact's error variance: the observation's plus the replication mean's noise."""
    return {f.name: float(f.observation.variance) + noise[f.name] / replications for f in facts}


class FactModel(pyabc.Model):
    """The simulation as pyabc's model: a particle's values in, the facts' means out.

    Parameters
    ----------
    base
        The scenario the particle's values override.
    facts
        The fitted facts.
    replications
        Runs per particle; each particle's seeds come from its candidate seed.
    variances
        The kernel's variances (for placing undefined summaries far away).
    """

    def __init__(
        self,
        base: Scenario,
        facts: Sequence[Fact],
        replications: int,
        variances: Mapping[str, float],
    ) -> None:
        super().__init__("btr_sim")
        self.base = base
        self.facts = tuple(facts)
        self.replications = replications
        self.undefined = {
            f.name: float(f.observation.value) + UNDEFINED_SIGMAS * math.sqrt(variances[f.name])
            for f in self.facts
        }

    def sample(self, pars: Mapping[str, float]) -> dict[str, float]:
        """Run the particle and return each fact's replication mean."""
        scenario = particle_scenario(self.base, dict(pars))
        seeds = replication_seeds(candidate_seed(), self.replications)
        names = list(dict.fromkeys(f.measure for f in self.facts))
        values = measure(names, scenario, seeds).values
        out = {}
        for f in self.facts:
            defined = values[f.measure][~np.isnan(values[f.measure])]
            out[f.name] = float(defined.mean()) if defined.size else self.undefined[f.name]
        return out
