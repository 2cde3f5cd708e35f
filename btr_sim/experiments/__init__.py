"""Experiments: designs of scenarios, replicated with common seeds, run on any executor.

One concern per module:

- :mod:`~btr_sim.experiments.spec`: the experiment file's typed models and validation;
- :mod:`~btr_sim.experiments.schema`: its JSON Schema, for editors;
- :mod:`~btr_sim.experiments.scenarios`: the base scenarios (files, inline, ``extends:``);
- :mod:`~btr_sim.experiments.designs`: list, factorial, grid and Latin hypercube designs,
  expanded into named design points;
- :mod:`~btr_sim.experiments.ranges`: the parameters a design may set, numeric ranges over
  them and Latin hypercubes;
- :mod:`~btr_sim.experiments.naming`: design-point and run names, and the reference;
- :mod:`~btr_sim.experiments.worlds`: worlds given by the caller, crossed with the design;
- :mod:`~btr_sim.experiments.hashing`: the hash that matches a results folder to its plan;
- :mod:`~btr_sim.experiments.plan`: the resolved experiment (points, seeds, runs, hash);
- :mod:`~btr_sim.experiments.models`: model hooks, functions run instead of the simulation;
- :mod:`~btr_sim.experiments.worker`: one run as a picklable task;
- :mod:`~btr_sim.experiments.executors`: serial, process pool and Dask executors;
- :mod:`~btr_sim.experiments.store`: the atomic, incremental, resumable results folder;
- :mod:`~btr_sim.experiments.runner`: :func:`run_experiment`, all of the above together.

The folder's contract and its one reader, :func:`btr_sim.open_results`, are the package below,
:mod:`btr_sim.results`.
"""

from typing import TYPE_CHECKING

from btr_sim.lazy import exports

if TYPE_CHECKING:
    from btr_sim.experiments.designs import DesignPoint
    from btr_sim.experiments.executors import EXECUTORS, SerialExecutor, open_executor
    from btr_sim.experiments.plan import ExperimentPlan, plan_experiment, plan_scenarios
    from btr_sim.experiments.runner import run_experiment
    from btr_sim.experiments.spec import ExperimentSpec, file_kind, load_experiment_spec
    from btr_sim.experiments.store import ResultsStore, StoreMismatchError

# Imported when first used: `btr-sim check` reads an experiment file without the executors,
# the store or the model.
_API = {
    "EXECUTORS": "btr_sim.experiments.executors",
    "DesignPoint": "btr_sim.experiments.designs",
    "ExperimentPlan": "btr_sim.experiments.plan",
    "ExperimentSpec": "btr_sim.experiments.spec",
    "ResultsStore": "btr_sim.experiments.store",
    "SerialExecutor": "btr_sim.experiments.executors",
    "StoreMismatchError": "btr_sim.experiments.store",
    "file_kind": "btr_sim.experiments.spec",
    "load_experiment_spec": "btr_sim.experiments.spec",
    "open_executor": "btr_sim.experiments.executors",
    "plan_experiment": "btr_sim.experiments.plan",
    "plan_scenarios": "btr_sim.experiments.plan",
    "run_experiment": "btr_sim.experiments.runner",
}

__all__ = [
    "EXECUTORS",
    "DesignPoint",
    "ExperimentPlan",
    "ExperimentSpec",
    "ResultsStore",
    "SerialExecutor",
    "StoreMismatchError",
    "file_kind",
    "load_experiment_spec",
    "open_executor",
    "plan_experiment",
    "plan_scenarios",
    "run_experiment",
]

__getattr__, __dir__ = exports(__name__, _API)
