"""A pyabc sampler on the project's executors, whose results do not depend on timing.

pyabc hands a sampler ``simulate_one``, a closure that draws a candidate's parameters (from the
prior or by perturbing the last population), simulates it and decides whether to accept it,
drawing every random number from numpy's global state. :class:`ExecutorSampler` numbers the
candidates of generation ``t`` as k = 0, 1, 2, ... and evaluates them in batches on any
:class:`concurrent.futures.Executor` (serial, process pool, Dask: see
:mod:`btr_sim.experiments.executors`); before candidate k it seeds numpy's (and Python's)
global state from the master seed, ``t`` and ``k``, and gives the model its own seed for k
(:func:`candidate_seed`). A generation keeps the candidates up to the n-th accepted one in k
order, whatever finished first: so the population depends on the master seed only, not on the
number of workers nor on which of them was quick — and a generation interrupted and run again
gives the same population.

The closure travels to the workers with cloudpickle (pyabc's own dependency) through the
module-level function :func:`evaluate_candidates`, which every executor can pickle.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from contextlib import contextmanager
from typing import Any

import cloudpickle
import numpy as np
from pyabc.population import Particle, Sample
from pyabc.sampler import Sampler
from tqdm import tqdm

__all__ = ["ExecutorSampler", "candidate_seed", "candidate_seeds", "evaluate_candidates"]

# The model seed of the candidate being evaluated in this process (set around simulate_one).
_MODEL_SEED: list[int] = []


def candidate_seeds(master_seed: int, t: int, k: int) -> tuple[int, int]:
    """The seeds of candidate ``k`` of generation ``t``: numpy's global state's, the model's.

    Generation -1 is pyabc's sample from the prior that sets the first temperature.
    """
    state = np.random.SeedSequence(master_seed, spawn_key=(t + 1, k)).generate_state(3)
    numpy_seed = int(state[0])  # the legacy global state takes 32 bits
    model_seed = int((int(state[1]) << 31) | (int(state[2]) >> 1))  # 63 bits, as replication seeds
    return numpy_seed, model_seed


def candidate_seed() -> int:
    """The model seed of the candidate being evaluated (for the model inside ``simulate_one``).

    Raises
    ------
    RuntimeError
        Outside :func:`evaluate_candidates`.
    """
    if not _MODEL_SEED:
        raise RuntimeError("no candidate is being evaluated: the model runs inside a sampler")
    return _MODEL_SEED[-1]


@contextmanager
def _seeded(numpy_seed: int, model_seed: int) -> Iterator[None]:
    random.seed(numpy_seed)
    # pyabc draws parameters and acceptance from numpy's global state; seeding it per
    # candidate is what makes a candidate's outcome a function of (master seed, t, k).
    np.random.seed(numpy_seed)  # noqa: NPY002
    _MODEL_SEED.append(model_seed)
    try:
        yield
    finally:
        _MODEL_SEED.pop()


def evaluate_candidates(
    payload: bytes, candidates: list[tuple[int, int, int]]
) -> list[tuple[int, Particle]]:
    """Evaluate candidates: ``(k, numpy seed, model seed)`` each; what every executor runs.

    Parameters
    ----------
    payload
        pyabc's ``simulate_one``, cloudpickled.
    candidates
        The candidates' numbers and seeds (:func:`candidate_seeds`).

    Returns
    -------
    list of (int, Particle)
        Each candidate's number and pyabc's particle (accepted or not).
    """
    simulate_one = cloudpickle.loads(payload)
    out = []
    for k, numpy_seed, model_seed in candidates:
        with _seeded(numpy_seed, model_seed):
            out.append((k, simulate_one()))
    return out


class ExecutorSampler(Sampler):
    """Evaluate pyabc's candidates on an executor, in batches, deterministically.

    Parameters
    ----------
    executor
        Where candidates run: :class:`~btr_sim.experiments.executors.SerialExecutor`, a process
        pool, a Dask executor.
    master_seed
        The seed every candidate's seeds come from.
    workers
        How many candidates the executor runs at once (sets how many are kept in flight).
    chunk
        Candidates per task (fewer round trips for fast models).
    progress
        Show a bar per generation (accepted of the population) on stderr.

    Attributes
    ----------
    evaluated
        Candidates simulated in the last generation, those beyond the n-th accepted included
        (pyabc's ``nr_evaluations_`` counts only those up to it, so that it does not depend on
        the number of workers).
    total
        Candidates simulated by this sampler in all generations.
    on_batch
        If set, called with (t, candidates back so far) whenever evaluations come back.
    """

    def __init__(
        self,
        executor: Executor,
        master_seed: int,
        *,
        workers: int = 1,
        chunk: int = 1,
        progress: bool = False,
    ) -> None:
        super().__init__()
        self.executor = executor
        self.master_seed = master_seed
        self.workers = max(1, workers)
        self.chunk = max(1, chunk)
        self.progress = progress
        self.evaluated = 0
        self.total = 0
        self.on_batch: Callable[[int, int], None] | None = None

    def sample_until_n_accepted(
        self,
        n: int,
        simulate_one: Callable[[], Particle],
        t: int,
        *,
        max_eval: float = np.inf,
        all_accepted: bool = False,
        ana_vars: Any = None,  # pyabc's interface; not needed here
    ) -> Sample:
        """Evaluate candidates 0, 1, 2, ... until the first n in k order hold n accepted."""
        payload = cloudpickle.dumps(simulate_one)
        # Every candidate is accepted in pyabc's sample from the prior: exactly n are needed.
        limit = n if all_accepted else max_eval
        found: dict[int, Particle] = {}
        cut = None  # the number of the n-th accepted candidate, once known
        bar = tqdm(
            total=n,
            desc=f"generation {t + 1}" if t >= 0 else "prior sample",
            unit="accepted",
            disable=not self.progress,
            file=sys.stderr,
            leave=False,
        )
        pending: dict[Future, list[int]] = {}
        next_k, scanned, accepted = 0, 0, 0
        try:
            while cut is None:
                while len(pending) < 2 * self.workers and next_k < limit:
                    ks = list(range(next_k, int(min(next_k + self.chunk, limit))))
                    next_k += len(ks)
                    seeds = [(k, *candidate_seeds(self.master_seed, t, k)) for k in ks]
                    pending[self.executor.submit(evaluate_candidates, payload, seeds)] = ks
                if not pending:
                    break  # max_eval reached without n acceptances
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    pending.pop(future)
                    batch = future.result()
                    found.update(batch)
                    self.total += len(batch)
                # Scan the contiguous prefix in k order: acceptances count only there.
                while scanned in found and cut is None:
                    if found[scanned].accepted:
                        accepted += 1
                        bar.update()
                        if accepted == n:
                            cut = scanned
                    scanned += 1
                if self.on_batch is not None:
                    self.on_batch(t, len(found))
        finally:
            for future in pending:
                future.cancel()
            bar.close()
        self.evaluated = len(found)
        sample = self._create_empty_sample()
        last = scanned - 1 if cut is None else cut
        for k in range(last + 1):
            sample.append(found[k])
        self.nr_evaluations_ = last + 1
        if cut is None:
            sample.ok = False
        return sample
