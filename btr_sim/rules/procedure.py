"""Procedure: how a supervisor establishes a cadre's culpability before sanctioning.

Lack of procedure is the thesis's second problem. Under ``informal`` the supervisor decides at
once, with a large error, and its finding is pushed up by public pressure (scapegoats) and
down by the cadre's patronage tie (impunity), the latter weakened by power restriction. Under
``formal`` an investigation of ``investigation_months`` finds culpability with a small error and
is swayed by neither.

The assessed culpability is ``c_hat = clip(c + bias + r + e z, 0, 1)`` with ``z ~ N(0, 1)``.
Under ``informal`` ``r`` is the push of the cadre's record
(:meth:`btr_sim.core.record.CadreRecord.culpability_shift`, 0 for a clean record): the
supervisor's accumulated view of the cadre, not only this incident, like pressure and patronage
a push that due process does not allow. Under ``formal`` the investigation finds this
incident's culpability, so ``r = 0`` (the record still weighs in the return, section 7.6).
"""

from __future__ import annotations

import math

import numpy as np

from btr_sim.config import Procedure as ProcedureConfig

__all__ = ["PROCEDURES", "FormalProcedure", "InformalProcedure", "Procedure", "make_procedure"]


class Procedure:
    """Base of the procedure rules: an error-prone finding of culpability after a delay.

    Parameters
    ----------
    delay
        Months between the case being opened and the decision (0 = the same month).
    error_sd
        Standard deviation ``e`` of the finding's error.
    """

    name = "procedure"

    def __init__(self, delay: int, error_sd: float) -> None:
        self.delay = delay
        self.error_sd = error_sd

    def bias(self, pressure: float, connection: float) -> float:
        """Systematic push on the finding (0 under due process)."""
        return 0.0

    def record_push(self, record: float) -> float:
        """How much of the record's push ``record`` the finding takes (none under due process)."""
        return 0.0

    def assess(
        self,
        culpability: float,
        pressure: float,
        connection: float,
        rng: np.random.Generator,
        record: float = 0.0,
    ) -> float:
        """The culpability the supervisor finds (one normal draw, whatever the error size).

        ``record`` is the push of the cadre's record; at 0.0 the finding is bit for bit that
        of a memoryless supervisor under the same draw.
        """
        z = rng.standard_normal()
        push = self.record_push(record)
        found = culpability + self.bias(pressure, connection) + push + self.error_sd * z
        return min(max(found, 0.0), 1.0)

    def finding_probability(
        self,
        culpability: float,
        pressure: float,
        connection: float,
        bar: float,
        record: float = 0.0,
    ) -> float:
        """Chance that the finding reaches ``bar``: what a cadre expects of the procedure."""
        mean = culpability + self.bias(pressure, connection) + self.record_push(record)
        if self.error_sd == 0:
            return float(mean >= bar)
        return 0.5 * (1.0 + math.erf((mean - bar) / (self.error_sd * math.sqrt(2.0))))


class FormalProcedure(Procedure):
    """Due process: an investigation of fixed length, a small error, no outside influence."""

    name = "formal"

    def __init__(self, cfg: ProcedureConfig, power_restriction: float) -> None:
        super().__init__(delay=cfg.investigation_months, error_sd=cfg.formal_error_sd)


class InformalProcedure(Procedure):
    """An immediate decision, a large error, swayed by pressure and by connection."""

    name = "informal"

    def __init__(self, cfg: ProcedureConfig, power_restriction: float) -> None:
        super().__init__(delay=0, error_sd=cfg.informal_error_sd)
        self.pressure_weight = cfg.pressure_weight
        # Power restriction weakens the protection a patron can give.
        self.protection = cfg.connection_weight * (1.0 - power_restriction)

    def bias(self, pressure: float, connection: float) -> float:
        """``w_p pressure - w_c connection (1 - R)``."""
        return self.pressure_weight * pressure - self.protection * connection

    def record_push(self, record: float) -> float:
        """All of it: the informal supervisor judges the cadre, not only the incident."""
        return record


PROCEDURES: dict[str, type[FormalProcedure] | type[InformalProcedure]] = {
    "formal": FormalProcedure,
    "informal": InformalProcedure,
}


def make_procedure(cfg: ProcedureConfig, power_restriction: float) -> Procedure:
    """Build the procedure rule the configuration names."""
    return PROCEDURES[cfg.rule](cfg, power_restriction)
