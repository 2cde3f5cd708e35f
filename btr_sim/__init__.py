"""btr_sim: an agent-based simulation of the Blame-Taking Resignation system of leading cadres.

The model's API:

- :class:`~btr_sim.config.Scenario`: the typed, validated configuration;
- :func:`~btr_sim.loading.load_scenario`: a scenario from a YAML file of overrides;
- :class:`~btr_sim.core.model.BTRModel`: the Mesa model;
- :func:`~btr_sim.api.run_scenario` and :func:`~btr_sim.api.simulate`: one run as a function;
- :func:`~btr_sim.experiments.run_experiment`: an experiment (designs of scenarios, replicated
  with common seeds, on any executor) into a resumable results folder, and
  :func:`~btr_sim.results.open_results` to read one back (an
  :class:`~btr_sim.results.ExperimentResults`).

Each name is imported when first used, so that ``import btr_sim.cli`` (and ``btr-sim --help``)
does not import the model, Mesa, pandas and the rest before a command needs them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from btr_sim.lazy import exports

if TYPE_CHECKING:
    from btr_sim.api import RunResult, run_scenario, simulate
    from btr_sim.config import Scenario
    from btr_sim.core.model import BTRModel
    from btr_sim.experiments import run_experiment
    from btr_sim.loading import ConfigError, load_scenario
    from btr_sim.results import ExperimentResults, open_results

#: Where each name of the API lives.
_API = {
    "BTRModel": "btr_sim.core.model",
    "ConfigError": "btr_sim.loading",
    "ExperimentResults": "btr_sim.results",
    "RunResult": "btr_sim.api",
    "Scenario": "btr_sim.config",
    "load_scenario": "btr_sim.loading",
    "open_results": "btr_sim.results",
    "run_experiment": "btr_sim.experiments",
    "run_scenario": "btr_sim.api",
    "simulate": "btr_sim.api",
}

__all__ = [
    "BTRModel",
    "ConfigError",
    "ExperimentResults",
    "RunResult",
    "Scenario",
    "load_scenario",
    "open_results",
    "run_experiment",
    "run_scenario",
    "simulate",
]
__version__: str  # read from the installed metadata when first used (see __getattr__)
_exported, __dir__ = exports(__name__, _API)


def __getattr__(name: str) -> object:
    if name == "__version__":
        # The installed version: pyproject.toml's, the one source (CITATION.cff and
        # codemeta.json repeat it, and a test checks that they do). Read when asked for:
        # importlib.metadata alone would cost ``btr-sim --help`` a good part of its time.
        from importlib.metadata import version

        globals()["__version__"] = installed = version("btr-sim")
        return installed
    return _exported(name)
