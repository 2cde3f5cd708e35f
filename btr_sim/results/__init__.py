"""The results folder of an experiment: its contract, and the one reader of it.

- :mod:`~btr_sim.results.contract`: the folder's entries, column groups and types, Arrow
  schemas and manifest keys (``docs/results-format.md`` is checked against it);
- :mod:`~btr_sim.results.checks`: a folder checked against the contract, every problem at once;
- :mod:`~btr_sim.results.files`: its files read, or refused with the reason;
- :mod:`~btr_sim.results.reader`: :func:`open_results` and :class:`ExperimentResults`, through
  which every command reads results;
- :mod:`~btr_sim.results.levels`: design levels compared across their spellings;
- :mod:`~btr_sim.results.ema`: the runs in EMA Workbench's ``(experiments, outcomes)`` shape.

The store that writes the folder (:mod:`btr_sim.experiments.store`) sits above this package
and writes by its contract.
"""

from typing import TYPE_CHECKING

from btr_sim.lazy import exports

if TYPE_CHECKING:
    from btr_sim.results.checks import ResultsError
    from btr_sim.results.levels import level_key, short_names
    from btr_sim.results.reader import ExperimentResults, open_results

# Imported when first used (the reader needs pandas; the contract alone does not).
_API = {
    "ExperimentResults": "btr_sim.results.reader",
    "ResultsError": "btr_sim.results.checks",
    "level_key": "btr_sim.results.levels",
    "open_results": "btr_sim.results.reader",
    "short_names": "btr_sim.results.levels",
}

__all__ = ["ExperimentResults", "ResultsError", "level_key", "open_results", "short_names"]

__getattr__, __dir__ = exports(__name__, _API)
