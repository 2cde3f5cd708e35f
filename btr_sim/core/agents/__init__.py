"""The Mesa agents: cadres, supervisors and citizens."""

from btr_sim.core.agents.cadre import Cadre, CadreState
from btr_sim.core.agents.citizen import Citizen
from btr_sim.core.agents.supervisor import Supervisor

__all__ = ["Cadre", "CadreState", "Citizen", "Supervisor"]
