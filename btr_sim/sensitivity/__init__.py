"""Global sensitivity analysis and the robustness of countermeasures over uncertain worlds.

One concern per module:

- :mod:`~btr_sim.sensitivity.sampling`: SALib's problem and samples (Morris, Sobol) of an
  experiment's ``uncertainties:``;
- :mod:`~btr_sim.sensitivity.worlds`: those samples and a Latin hypercube as tables of worlds,
  which the planner crosses with the design;
- :mod:`~btr_sim.sensitivity.aggregate`: a results folder's runs averaged per world;
- :mod:`~btr_sim.sensitivity.analysis`: SALib's Morris and Sobol analyses as tidy tables;
- :mod:`~btr_sim.sensitivity.robustness`: per countermeasure, the share of worlds where it
  beats the status quo;
- :mod:`~btr_sim.sensitivity.discovery`: rule-based scenario discovery on the failing worlds;
- :mod:`~btr_sim.sensitivity.figures` and :mod:`~btr_sim.sensitivity.tables`: what is saved;
- :mod:`~btr_sim.sensitivity.study`: ``btr-sim sensitivity`` and ``btr-sim robustness``
  end to end, through the experiments' executors and results store.
"""

from btr_sim.sensitivity.study import run_robustness, run_sensitivity

__all__ = ["run_robustness", "run_sensitivity"]
