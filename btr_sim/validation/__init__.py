"""Validation: the facts catalogue, the facts suite, calibration by ABC-SMC and case replays.

See docs/validation.md.

One concern per module:

- :mod:`~btr_sim.validation.observations`: what a source observed, with its uncertainty (a
  count, a range in words, an estimate, a sign, an exact value);
- :mod:`~btr_sim.validation.measures`: what a fact measures (a metric of a run, or a named
  function of a designed set of runs);
- :mod:`~btr_sim.validation.facts`: the catalogue, each fact with its rule set, observation,
  sources and label (calibration, validation, by construction);
- :mod:`~btr_sim.validation.corrective`: the corrective-effect experiment (one scripted scandal,
  the official resigns or stays);
- :mod:`~btr_sim.validation.suite` and :mod:`~btr_sim.validation.report`: every fact measured
  under its rule set, the table by label and its figure;
- :mod:`~btr_sim.validation.calibration`: the calibration file (priors, budget, seed) and the
  problem it poses;
- :mod:`~btr_sim.validation.sampler`: a pyabc sampler on the project's executors, deterministic
  from the master seed;
- :mod:`~btr_sim.validation.abc`: ABC-SMC, one generation at a time, resumable;
- :mod:`~btr_sim.validation.predictive` and :mod:`~btr_sim.validation.abcfigures`: posterior
  predictive checks, figures of the posterior;
- :mod:`~btr_sim.validation.cases` and :mod:`~btr_sim.validation.caseplot`: replays of typical
  cases and their credibility plot.
"""

from btr_sim.validation.facts import FACTS, RULE_SETS, Fact, Label

__all__ = ["FACTS", "RULE_SETS", "Fact", "Label"]
