"""Validation: calibration, the stylized-facts suite and replays of typical cases.

See docs/validation.md.

One concern per module:

- :mod:`~btr_sim.validation.targets`: the stylized facts as data (statement, source, metric,
  target range);
- :mod:`~btr_sim.validation.calibration`: scoring the design points of a calibration
  experiment against the targets, and picking the best;
- :mod:`~btr_sim.validation.corrective`: the corrective-effect experiment (one scripted scandal,
  the official resigns or stays);
- :mod:`~btr_sim.validation.suite`: running every fact (a mean over replications with its 95%
  confidence interval, from :mod:`btr_sim.analysis.stats`) and collecting the table;
- :mod:`~btr_sim.validation.report`: saving the table (CSV, Markdown) and the figure;
- :mod:`~btr_sim.validation.cases` and :mod:`~btr_sim.validation.caseplot`: replays of typical
  cases and their credibility plot.
"""

from btr_sim.validation.targets import CALIBRATION_TARGETS, REFORM_TARGETS, Target

__all__ = ["CALIBRATION_TARGETS", "REFORM_TARGETS", "Target"]
