"""The Mesa agents: cadres, supervisors and citizens."""

from btr_sim.agents.cadre import Cadre, CadreState
from btr_sim.agents.citizen import Citizen
from btr_sim.agents.supervisor import Supervisor

__all__ = ["Cadre", "CadreState", "Citizen", "Supervisor"]
