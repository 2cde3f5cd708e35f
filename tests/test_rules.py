"""The rules in one place: the reinstatement policy, sanctions and the states they lead to."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import small

from btr_sim import BTRModel
from btr_sim.core.agents import CadreState
from btr_sim.core.events import REMOVALS, EventKind
from btr_sim.rules import ReinstatementPolicy, Sanction


def policy(**reinstatement) -> ReinstatementPolicy:
    scenario = small(**{f"reinstatement__{k}": v for k, v in reinstatement.items()})
    return ReinstatementPolicy(scenario.reinstatement, power_restriction=0.0, transparency=0.5)


# -- translations between sanctions, events and cadre states -------------------------------------


def test_every_sanction_names_the_event_that_records_it():
    assert {EventKind(s) for s in Sanction} == {
        EventKind.NO_ACTION,
        EventKind.APOLOGY,
        EventKind.ORDERED_RESIGNATION,
        EventKind.DISMISSAL,
    }
    for sanction in Sanction:
        assert sanction.removes == (EventKind(sanction) in REMOVALS)


def test_every_removal_event_leads_to_its_own_removed_state():
    states = [CadreState.removed_by(event) for event in REMOVALS]
    assert states == [CadreState.RESIGNED, CadreState.ORDERED_OUT, CadreState.DISMISSED]
    assert [s for s in CadreState if s.removed] == states
    assert not any(s.removed and s.holds_post for s in CadreState)
    assert str(CadreState.ORDERED_OUT) == "ordered_out"  # the value the event log records


# -- the reinstatement policy --------------------------------------------------------------------


def test_no_return_before_the_cooling_off_ends_nor_without_merit():
    lax = policy(cooling_off_months=12, evaluation="none")
    assert not lax.eligible(11, recorded_culpability=0.9, integrity=0.1)
    assert lax.eligible(12, recorded_culpability=0.9, integrity=0.1)
    assert lax.hazard(11, 0.5, 0.1, 0.9, misconduct=False) == 0.0
    assert lax.hazard(12, 0.5, 0.1, 0.9, misconduct=False) > 0.0
    merit = policy(cooling_off_months=0, evaluation="merit")
    assert not merit.eligible(24, recorded_culpability=0.95, integrity=0.9)
    assert merit.hazard(24, 0.5, 0.9, 0.95, misconduct=False) == 0.0


def test_the_return_window_opens_when_the_cooling_off_ends():
    rule = policy(cooling_off_months=12, return_window_months=36)
    assert not rule.window_closed(47)
    assert rule.window_closed(48)


def test_public_calm_is_relative_to_the_mean_pressure_and_only_when_required():
    pressure = np.array([0.1, 0.1, 0.4])  # mean 0.2
    calm = policy(require_public_calm=True, calm_pressure_ratio=1.5)
    assert calm.calm(pressure, 0)
    assert not calm.calm(pressure, 2)  # 0.4 > 1.5 x 0.2
    assert policy(require_public_calm=False).calm(pressure, 2)


def test_approved_cadres_return_first_approved_first_back():
    approved = ["first", "second", "third"]
    assert approved[policy().next_to_return(approved)] == "first"


def test_reinstatements_record_the_policys_rule():
    # Warmed up under its own rules: every cadre was removed under them.
    scenario = small(
        months=120,
        incidents__accident_rate=0.05,
        reinstatement__monthly_hazard=0.5,
        reinstatement__disclosure="public",
        before="own",
    )
    model = BTRModel(scenario, seed=3).run()
    events = model.events.to_frame()
    back = events[events["event"] == EventKind.REINSTATEMENT]
    assert len(back) > 0
    assert set(back["rule"]) == {model.reinstatement.rule} == {"none/public"}


@pytest.mark.parametrize("require_calm", [False, True])
def test_supervisors_never_approve_a_return_the_policy_forbids(require_calm, monkeypatch):
    # Whatever the draws, an approval needs a positive hazard and a calm former post. The warm-up
    # runs under the same rules (before: own): a cadre removed under the status quo of a
    # warm-up keeps that rule set's return rules, which have no cooling-off.
    scenario = small(
        before="own",
        months=120,
        incidents__accident_rate=0.05,
        reinstatement__monthly_hazard=1.0,
        reinstatement__cooling_off_months=6,
        reinstatement__require_public_calm=require_calm,
        reinstatement__calm_pressure_ratio=1.0,
    )
    model = BTRModel(scenario, seed=5)
    approvals = []
    for supervisor in model.supervisors:
        ask = supervisor.approves_return

        def spy(cadre, month, ask=ask):
            approved = ask(cadre, month)
            if approved:
                out = month - cadre.removed_month
                post = cadre.removal_incident.post
                approvals.append((out, post, model.citizens.pressure.copy()))
            return approved

        monkeypatch.setattr(supervisor, "approves_return", spy)
    model.run()
    assert approvals
    for months_out, former_post, pressure in approvals:
        assert months_out >= 6
        assert model.reinstatement.calm(pressure, former_post)
