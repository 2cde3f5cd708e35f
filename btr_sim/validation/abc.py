"""Likelihood-free Bayesian calibration: ABC-SMC with pyabc, one generation at a time, resumable.

:func:`run_abc` fits the free parameters of a :class:`~btr_sim.validation.calibration.
CalibrationProblem` to its calibration facts (docs/validation.md):

1. the simulation noise of each fact is estimated from runs of the base scenario
   (:func:`~btr_sim.validation.likelihood.simulation_noise`), once;
2. pyabc's ABC-SMC samples generations of particles with a stochastic acceptor and a normal
   kernel (:mod:`~btr_sim.validation.likelihood`) at falling temperatures, the last at 1; the
   candidates run on the chosen executor (:class:`~btr_sim.validation.sampler.ExecutorSampler`),
   seeded from the master seed;
3. the last generation is the posterior; the predictive checks and figures follow
   (:mod:`~btr_sim.validation.predictive`, :mod:`~btr_sim.validation.abcfigures`).

Every generation is run by a fresh ``ABCSMC`` loaded from pyabc's database, its temperature
schedule rebuilt from the temperatures stored there. An uninterrupted calibration and one
interrupted and rerun therefore take the very same path and give the same posterior: pyabc's
own resumption re-initialises the temperature scheme from scratch, which would not.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyabc
from pyabc.acceptor import pdf_norm_from_kernel, pdf_norm_max_found
from pyabc.epsilon import Temperature

from btr_sim.experiments.executors import available_cores, open_executor
from btr_sim.experiments.posterior import Posterior
from btr_sim.loading import ConfigError
from btr_sim.validation.abcfolder import CalibrationFolder
from btr_sim.validation.abcresults import AbcRun, write_report
from btr_sim.validation.calibration import CalibrationProblem
from btr_sim.validation.likelihood import (
    FactModel,
    kernel_variances,
    observed,
    prior_distribution,
    simulation_noise,
)
from btr_sim.validation.predictive import posterior_predictive
from btr_sim.validation.sampler import ExecutorSampler

__all__ = ["run_abc", "stored_generations"]

#: What normalises the stochastic acceptance (``acceptance:`` of a calibration file): the
#: kernel's maximum, exact when some parameter value fits every fact; or the best density found
#: so far, when some fact is out of every parameter's reach (acceptance at temperature 1 would
#: otherwise be vanishingly rare; the posterior is the same density up to a constant).
_NORMS = {"kernel": pdf_norm_from_kernel, "best_found": pdf_norm_max_found}

# pyabc's analysis id in its database: one calibration per database.
_ABC_ID = 1


class _Schedule(Temperature):
    """pyabc's adaptive temperatures, told the total number of generations and the past ones.

    pyabc's scheme takes the number of generations from ``run(max_nr_populations=...)`` and
    remembers past temperatures in memory only; a calibration run one generation at a time
    gives it both from the calibration's budget and pyabc's database instead.
    """

    def __init__(self, generations: int, previous: dict[int, float]) -> None:
        super().__init__()
        self.temperatures = dict(previous)
        self._generations = generations

    def initialize(
        self,
        t: int,
        get_weighted_distances: Callable[[], pd.DataFrame],
        get_all_records: Callable[[], list[dict]],
        max_nr_populations: int,  # replaced by the whole calibration's
        acceptor_config: dict,
    ) -> None:
        super().initialize(
            t, get_weighted_distances, get_all_records, self._generations, acceptor_config
        )


def stored_generations(database_url: str) -> pd.DataFrame:
    """The generations in pyabc's database: ``generation``, ``temperature``, ``candidates``."""
    history = pyabc.History(database_url, _id=_ABC_ID, create=False)
    table = history.get_all_populations()
    table = table[table["t"] >= 0]
    return pd.DataFrame(
        {
            "generation": table["t"].astype(int).to_numpy(),
            "temperature": table["epsilon"].astype(float).to_numpy(),
            "candidates": table["samples"].astype(int).to_numpy(),
            "accepted": table["particles"].astype(int).to_numpy(),
            "wall_time_seconds": table["wall_time"].astype(float).to_numpy(),
        }
    )


def run_abc(
    problem: CalibrationProblem,
    out: str | Path | None = None,
    *,
    executor: str | Executor | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: bool = True,
    command: str = "run_abc",
    predictive: bool = True,
    sampler_hook: Callable[[ExecutorSampler], None] | None = None,
    sample: bool = True,
) -> AbcRun:
    """Run (or resume) the ABC-SMC of ``problem`` into its results folder.

    Parameters
    ----------
    problem
        What to fit.
    out
        The results folder (default ``results/<name>/``). Holding this problem's calibration,
        it is resumed from pyabc's database; holding another's, it is refused.
    executor
        ``"serial"``, ``"process"`` (default), ``"dask"``, or an open executor.
    workers
        Workers of the process pool or local Dask cluster (default: one per core).
    scheduler
        Address of a running Dask scheduler (implies ``"dask"``).
    progress
        Show a bar per generation and a line when each ends, on stderr.
    command
        The command line, recorded in the provenance.
    predictive
        Run the posterior predictive checks (:mod:`~btr_sim.validation.predictive`).
    sampler_hook
        Called with the sampler before sampling (tests use it to interrupt a generation).
    sample
        Sample the generations not yet stored (default). False writes the posterior of the
        generations stored so far: of a calibration stopped early, the last generation's
        tempered posterior (its temperature is in the provenance).

    Returns
    -------
    AbcRun
        The posterior and its tables; everything is also written into the folder
        (:func:`~btr_sim.validation.abcresults.write_report`).

    Raises
    ------
    ConfigError
        If the folder holds another calibration.
    KeyboardInterrupt
        When interrupted; the generations finished are in the database, and a rerun resumes.
    """
    root = Path(out) if out is not None else Path("results") / problem.name
    folder = CalibrationFolder(root, problem)
    folder.open(command)
    started = time.perf_counter()
    sampler = None
    try:
        with _pool(executor, workers, scheduler) as (pool, n_workers), _quiet_pyabc():
            noise = folder.noise()
            if noise is None:
                _say(progress, f"simulation noise: {problem.noise_replications} runs of the base")
                noise = simulation_noise(problem, pool)
                folder.save_noise(noise)
            variances = kernel_variances(problem.facts, noise, problem.replications)
            sampler = ExecutorSampler(
                pool, problem.master_seed, workers=n_workers, progress=progress
            )
            if sampler_hook is not None:
                sampler_hook(sampler)
            if sample:
                _sample(problem, folder, sampler, variances, progress)
            elif _done_generations(folder).empty:
                raise ConfigError(str(root), ["--collect: no generation is stored yet"])
            run = _collect(problem, folder, noise, variances)
            if predictive:
                budget = problem.predictive
                _say(
                    progress,
                    f"posterior predictive checks: {budget.draws} draws x "
                    f"{budget.replications} runs",
                )
                run.predictive = posterior_predictive(problem, run.posterior, pool)
    finally:
        folder.add(time.perf_counter() - started, 0 if sampler is None else sampler.total)
    run.posterior.provenance["wall_time_seconds"] = round(folder.manifest["wall_time_seconds"], 1)
    run.posterior.provenance["candidates_simulated"] = folder.manifest["candidates_simulated"]
    run.files = write_report(run)
    return run


def _sample(
    problem: CalibrationProblem,
    folder: CalibrationFolder,
    sampler: ExecutorSampler,
    variances: dict[str, float],
    progress: bool,
) -> None:
    """Run the generations not yet in the database, one fresh ABCSMC each."""
    x0 = observed(problem.facts)
    model = FactModel(problem.base, problem.facts, problem.replications, variances)
    keys = list(x0)
    while True:
        done = _done_generations(folder)
        if not done.empty and (
            done["temperature"].iloc[-1] <= 1.0 or len(done) >= problem.generations
        ):
            return
        t = len(done)
        smc = pyabc.ABCSMC(
            models=model,
            parameter_priors=prior_distribution(problem),
            distance_function=pyabc.IndependentNormalKernel(
                var=[variances[k] for k in keys], keys=keys
            ),
            population_size=problem.population,
            sampler=sampler,
            eps=_Schedule(problem.generations, _temperatures(done)),
            acceptor=pyabc.StochasticAcceptor(pdf_norm_method=_NORMS[problem.acceptance]),
        )
        if t == 0:
            smc.new(folder.database_url, x0)
        else:
            smc.load(folder.database_url, _ABC_ID, observed_sum_stat=x0)
        smc.run(max_nr_populations=1)
        row = _done_generations(folder).iloc[-1]
        _say(
            progress,
            f"generation {t + 1} of at most {problem.generations}: temperature "
            f"{row['temperature']:.3g}, {int(row['accepted'])} accepted of "
            f"{int(row['candidates'])} candidates, {row['wall_time_seconds']:.0f} s",
        )


def _temperatures(done: pd.DataFrame) -> dict[int, float]:
    return {int(t): float(T) for t, T in zip(done["generation"], done["temperature"], strict=True)}


def _done_generations(folder: CalibrationFolder) -> pd.DataFrame:
    """The generations stored; an unfinished first generation's database is removed."""
    if not folder.database.exists():
        return _empty_generations()
    done = stored_generations(folder.database_url)
    if done.empty:
        # Interrupted before generation 0 was stored: start afresh (same seeds, same result).
        folder.database.unlink()
    return done


def _empty_generations() -> pd.DataFrame:
    """An empty table of generations."""
    columns = ["generation", "temperature", "candidates", "accepted", "wall_time_seconds"]
    return pd.DataFrame({c: [] for c in columns})


def _collect(
    problem: CalibrationProblem,
    folder: CalibrationFolder,
    noise: dict[str, float],
    variances: dict[str, float],
) -> AbcRun:
    """Read the generations back from pyabc's database into tables and the posterior."""
    history = pyabc.History(folder.database_url, _id=_ABC_ID, create=False)
    generations = stored_generations(folder.database_url)
    frames = [_population(history, int(t), problem) for t in generations["generation"]]
    generations["ess"] = [float(1.0 / np.sum(f["weight"].to_numpy() ** 2)) for f in frames]
    steps = generations["generation"]
    tagged = [f.assign(generation=t) for t, f in zip(steps, frames, strict=True)]
    populations = pd.concat(tagged, ignore_index=True)
    populations = populations[["generation", *[c for c in populations if c != "generation"]]]
    last = frames[-1]
    manifest = folder.manifest
    provenance = {
        "command": manifest["sessions"][-1]["command"],
        "commands": [s["command"] for s in manifest["sessions"]],
        "git_revision": manifest.get("git_revision"),
        "date": manifest["sessions"][-1]["started"],
        "started": manifest.get("started"),
        "budget": {
            "population": problem.population,
            "generations": problem.generations,
            "replications": problem.replications,
            "noise_replications": problem.noise_replications,
        },
        "generations_run": len(generations),
        "final_temperature": float(generations["temperature"].iloc[-1]),
        "wall_time_seconds": round(float(manifest["wall_time_seconds"]), 1),
        "candidates": int(history.total_nr_simulations),
        "simulations": int(history.total_nr_simulations) * problem.replications
        + problem.noise_replications,
        "candidates_simulated": int(manifest["candidates_simulated"]),
        "master_seed": problem.master_seed,
        "rule_set": problem.rule_set,
        "facts": [f.name for f in problem.facts],
        "observation_model": "normal; variance = observation's + simulation noise / replications",
        "versions": manifest.get("versions"),
        "platform": manifest.get("platform"),
    }
    posterior = Posterior(
        name=problem.rule_set,
        particles=last[problem.parameters].reset_index(drop=True),
        weights=last["weight"].to_numpy(),
        priors={p: prior.model_dump(exclude_none=True) for p, prior in problem.priors.items()},
        provenance=provenance,
        description=problem.description,
    )
    return AbcRun(problem, folder, posterior, last, populations, generations, noise, variances)


def _population(history: Any, t: int, problem: CalibrationProblem) -> pd.DataFrame:
    """One generation's particles: weight, parameters, log density, simulated facts."""
    population = history.get_population(t=t)
    rows = []
    for i, particle in enumerate(population.particles):
        rows.append(
            {
                "particle": i,
                "weight": float(particle.weight),
                **{p: float(particle.parameter[p]) for p in problem.parameters},
                "log_density": float(particle.distance),
                **{f"sim.{k}": float(np.asarray(v)) for k, v in particle.sum_stat.items()},
            }
        )
    frame = pd.DataFrame(rows)
    frame["weight"] = frame["weight"] / frame["weight"].sum()
    return frame


@contextmanager
def _pool(
    executor: str | Executor | None, workers: int | None, scheduler: str | None
) -> Iterator[tuple[Executor, int]]:
    """The executor to evaluate candidates on, and how many it runs at once."""
    n = workers or available_cores()
    if isinstance(executor, Executor):
        yield executor, n
        return
    kind = executor or ("dask" if scheduler else "process")
    with open_executor(kind, workers=n, scheduler=scheduler) as pool:
        yield pool, 1 if kind == "serial" else n


@contextmanager
def _quiet_pyabc() -> Iterator[None]:
    """Silence pyabc's log (every step at INFO): the calibration reports per generation."""
    logger = logging.getLogger("ABC")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def _say(progress: bool, text: str) -> None:
    if progress:
        print(text, file=sys.stderr, flush=True)
