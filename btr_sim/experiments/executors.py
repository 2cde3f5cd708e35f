"""Executors: where the runs of an experiment execute.

Any :class:`concurrent.futures.Executor` will do; three are built in, by name:

- ``serial``: in this process, one run at a time (debugging, tiny experiments);
- ``process``: a pool of local worker processes, one per core (the default);
- ``dask``: Dask distributed, on a local cluster started for the experiment, or on an existing
  scheduler (``scheduler=ADDRESS``), which is how an experiment runs on a SLURM or PBS cluster
  through dask-jobqueue.

Each run is a pure function of its task (scenario and seed) — whether it warms up on its own or
starts from a warm-up shared with the other runs of its group — and the store sorts the rows
when it consolidates them, so the results do not depend on the executor or the number of
workers.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any

from btr_sim.experiments.guard import check_main_guard
from btr_sim.experiments.interrupts import sigint_ignored
from btr_sim.limits import excess
from btr_sim.loading import ConfigError

__all__ = ["EXECUTORS", "SerialExecutor", "available_cores", "in_flight", "open_executor"]

#: The built-in executors, by name.
EXECUTORS = ("serial", "process", "dask")

# How many units of work (groups of runs sharing a warm-up) a parallel executor holds submitted
# at once: enough to keep any realistic cluster busy, few enough that a sweep of millions of
# runs does not queue them all in memory.
_PARALLEL_WINDOW = 10_000

# How long a stopped worker has to end before it is killed.
_STOP_SECONDS = 5.0


class SerialExecutor(Executor):
    """Run each task in this process when it is submitted."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        """Run ``fn`` now; return a completed future holding its result or its exception."""
        future: Future = Future()
        try:
            result = fn(*args, **kwargs)
        except Exception as exc:  # Ctrl-C and the like are not results: they propagate
            future.set_exception(exc)
        else:
            future.set_result(result)
        return future


def available_cores() -> int:
    """Cores this process may use (its CPU affinity where the platform reports it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


def in_flight(executor: Executor) -> int:
    """How many units of work (groups of runs) to keep submitted at once to ``executor``.

    One for the serial executor, which runs a group as it is submitted: its results are then
    stored before the next group starts.
    """
    return 1 if isinstance(executor, SerialExecutor) else _PARALLEL_WINDOW


def _ignore_interrupts() -> None:
    # Ctrl-C reaches every process of the terminal's group; only the parent should act on it
    # (stop submitting, store what is done), not the workers in the middle of a run.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _process_context() -> multiprocessing.context.BaseContext:
    """Forkserver where available, else spawn; never fork.

    Forking a process that runs threads (the progress bar's, Dask's) can deadlock. The fork
    server imports the model once, so that each worker starts without importing it again. It
    is started here, with SIGINT ignored, so that a Ctrl-C while it imports the model does
    not kill it half-way (it ignores SIGINT itself only once its imports are done).
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    from multiprocessing import forkserver  # not on Windows

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["btr_sim.experiments.worker"])
    with sigint_ignored():
        forkserver.ensure_running()
    return context


def _stop_workers(pool: ProcessPoolExecutor) -> None:
    """Stop the pool's workers now, in the middle of their runs, and wait until they are gone.

    Runs in flight are lost (a rerun does them again); waiting for them instead would keep an
    interrupted command alive for as long as its longest run.
    """
    workers = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in workers:
        with contextlib.suppress(ProcessLookupError, ValueError):
            process.terminate()
    for process in workers:
        with contextlib.suppress(ValueError):
            process.join(timeout=_STOP_SECONDS)
            if process.is_alive():
                process.kill()
                process.join()


@contextmanager
def open_executor(
    kind: str = "process", *, workers: int | None = None, scheduler: str | None = None
) -> Iterator[Executor]:
    """Start an executor by name and shut it down afterwards.

    Parameters
    ----------
    kind
        ``serial``, ``process`` or ``dask`` (implied by ``scheduler``).
    workers
        Worker processes for ``process`` and a local Dask cluster (default: one per core).
    scheduler
        Address of a running Dask scheduler, for example ``tcp://10.0.0.5:8786``.

    Raises
    ------
    ConfigError
        For an unknown kind, a missing Dask installation or an unreachable scheduler.
    """
    if scheduler:
        kind = "dask"
    if kind not in EXECUTORS:
        raise ConfigError("--executor", [f"unknown executor {kind!r} (allowed: {EXECUTORS})"])
    workers = workers or available_cores()
    too_many = excess("workers", workers, "workers")
    if too_many:
        raise ConfigError("--workers", [too_many])
    if kind == "serial":
        yield SerialExecutor()
    elif kind == "process":
        check_main_guard("executor='process'")
        context = _process_context()
        pool = ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_ignore_interrupts
        )
        try:
            yield pool
        except BaseException:  # interrupted, or failed: no worker may outlive the command
            _stop_workers(pool)
            raise
        pool.shutdown(wait=True)
    else:
        if not scheduler:
            check_main_guard("executor='dask' (a local cluster)")
        with _dask_executor(workers, scheduler) as executor:
            yield executor


@contextmanager
def _dask_executor(workers: int, scheduler: str | None) -> Iterator[Executor]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ConfigError(
            "--executor dask",
            ["Dask is not installed; install it with pip install 'btr-sim[dask]'"],
        ) from None
    cluster = None
    if scheduler:
        try:
            client = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise ConfigError(f"--scheduler {scheduler}", [f"cannot connect: {exc}"]) from None
    else:
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,  # the model is pure Python and numpy: processes, not threads
            processes=True,
            dashboard_address=None,
            silence_logs=logging.CRITICAL,  # a private cluster: its shutdown chatter is noise
        )
        client = Client(cluster)
    try:
        yield client.get_executor(pure=False)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
