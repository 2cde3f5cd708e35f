"""Accountability rules as small strategy objects, chosen by name from the configuration.

- :mod:`~btr_sim.rules.standards`: when must a cadre take the blame (unified / disunified);
- :mod:`~btr_sim.rules.sanctions`: the graded sanctions of the 2009 provisions;
- :mod:`~btr_sim.rules.procedure`: how culpability is established (formal / informal);
- :mod:`~btr_sim.rules.reinstatement`: follow-up management of removed cadres.
"""

from btr_sim.rules.procedure import PROCEDURES, Procedure, make_procedure
from btr_sim.rules.reinstatement import EVALUATIONS, ReinstatementPolicy
from btr_sim.rules.sanctions import Sanction, grade_sanction
from btr_sim.rules.standards import STANDARDS, Standard, make_standard

__all__ = [
    "EVALUATIONS",
    "PROCEDURES",
    "STANDARDS",
    "Procedure",
    "ReinstatementPolicy",
    "Sanction",
    "Standard",
    "grade_sanction",
    "make_procedure",
    "make_standard",
]
