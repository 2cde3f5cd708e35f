"""Analysis of an experiment's results: statistics, tables, figures and the report.

Everything here reads an experiment's results through the one reader,
:func:`btr_sim.open_results` (:mod:`btr_sim.results`, ``docs/results-format.md``):

- :mod:`~btr_sim.analysis.stats`: means, paired and unpaired differences, contrasts and
  proportions with their CIs (every interval of the package);
- :mod:`~btr_sim.analysis.comparison`: scenarios against a reference scenario;
- :mod:`~btr_sim.analysis.factorial`: main effects and interactions of crossed designs;
- :mod:`~btr_sim.analysis.uncertainty`: effects in worlds drawn from a posterior, with their
  intervals over seed noise, parameter uncertainty and both;
- :mod:`~btr_sim.analysis.timeseries`: monthly series with bands;
- :mod:`~btr_sim.analysis.plots`: the figures, in :mod:`~btr_sim.analysis.style`;
- :mod:`~btr_sim.analysis.tables` and :mod:`~btr_sim.analysis.report`: what ``btr-sim
  compare`` and ``btr-sim report`` print and write.
"""

from btr_sim.analysis.comparison import (
    choose_reference,
    comparison_table,
    differences,
    scenario_summary,
)
from btr_sim.analysis.factorial import factorial_effects, marginal_means

__all__ = [
    "choose_reference",
    "comparison_table",
    "differences",
    "factorial_effects",
    "marginal_means",
    "scenario_summary",
]
