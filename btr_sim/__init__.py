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
"""

from importlib.metadata import version

from btr_sim.api import RunResult, run_scenario, simulate
from btr_sim.config import Scenario
from btr_sim.core.model import BTRModel
from btr_sim.experiments import run_experiment
from btr_sim.loading import ConfigError, load_scenario
from btr_sim.results import ExperimentResults, open_results

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
#: The installed version: pyproject.toml's, the one source (CITATION.cff and codemeta.json
#: repeat it, and a test checks that they do).
__version__ = version("btr-sim")
