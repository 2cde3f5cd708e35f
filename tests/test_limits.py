"""Known-answer limits: cases where the rules say exactly what must (not) happen."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import small

from btr_sim import BTRModel, run_scenario
from btr_sim.core.events import REMOVALS

QUIET_WORLD = dict(incidents__accident_rate=0.0, incidents__misconduct_rate=0.0)
BUSY_WORLD = dict(incidents__accident_rate=0.06, incidents__misconduct_rate=0.08, months=120)


def test_no_incidents_no_resignations_and_trust_relaxes_to_baseline():
    # No warm-up: after one, trust would have relaxed already and the test had no room to fail.
    scenario = small(**QUIET_WORLD, months=120, citizens__baseline_trust=0.8, warmup_months=0)
    result = run_scenario(scenario, seed=1)
    ev = result.events
    assert not ev.event.isin([k.value for k in REMOVALS] + ["incident", "reinstatement"]).any()
    # Social influence pulls toward last month's post mean, so without news mean trust
    # follows gap_t = gap_0 (1 - (1 - sigma) rho)^t exactly (ODD, citizens' update).
    rho = scenario.citizens.regression_rate
    sigma = scenario.citizens.social_influence
    gap = 0.8 - result.series.credibility.to_numpy()
    expected = gap[0] * (1 - (1 - sigma) * rho) ** np.arange(len(gap))
    np.testing.assert_allclose(gap, expected, rtol=1e-9, atol=1e-12)
    assert gap[0] > 0.1  # the test has room to fail


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_cooling_off_blocks_early_reinstatement(seed):
    # Removed cadres stay available for two years beyond the cooling-off (the calibrated
    # pool exit of 13 months would leave a one-month window, too short to test the bar).
    # The warm-up runs under the same rules: a cadre removed under a status-quo warm-up keeps
    # its rules of return, which have no cooling-off.
    scenario = small(
        **BUSY_WORLD,
        before="own",
        reinstatement__cooling_off_months=12,
        reinstatement__monthly_hazard=0.5,
        reinstatement__return_window_months=36,
    )
    ev = run_scenario(scenario, seed).events
    months_out = ev[ev.event == "reinstatement"].value
    assert len(months_out) > 0
    assert months_out.min() >= 12


def test_without_cooling_off_reinstatement_comes_early():
    # The control for the test above: the same world returns cadres within months.
    ev = run_scenario(small(**BUSY_WORLD, reinstatement__monthly_hazard=0.5), seed=1).events
    assert ev[ev.event == "reinstatement"].value.min() < 12


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_unified_formal_errorless_procedure_has_no_scapegoats(seed):
    scenario = small(
        **BUSY_WORLD,
        standards__rule="unified",
        procedure__rule="formal",
        procedure__formal_error_sd=0.0,
        citizen_participation=1.0,
        cadres__moral_weight=0.0,
        cadres__stigma=0.0,
    )  # leave it to the supervisor
    result = run_scenario(scenario, seed)
    ev = result.events
    forced = ev[ev.event.isin(["ordered_resignation", "dismissal"])]
    assert len(forced) > 0
    assert result.summary["scapegoats_per_100cy"] == 0.0
    assert (forced.culpability >= scenario.standards.culpability_bar).all()


def test_informal_pressured_procedure_does_make_scapegoats():
    # The control: with error and pressure, innocent cadres are forced out.
    scenario = small(
        **BUSY_WORLD,
        procedure__informal_error_sd=0.4,
        citizen_participation=1.0,
        procedure__pressure_weight=2.0,
    )
    total = sum(run_scenario(scenario, s).summary["scapegoats_per_100cy"] for s in range(3))
    assert total > 0


def _trust_after_scripted(concealed: bool, transparency: float, **extra) -> np.ndarray:
    scripted = [
        {"month": 3, "post": 4, "severity": 5.0, "kind": "misconduct", "concealed": concealed}
    ]
    scenario = small(
        **QUIET_WORLD,
        months=24,
        transparency=transparency,
        incidents__exposure_base=0.0,
        incidents__exposure_transparency=0.0,
        incidents__scripted=scripted,
        **extra,
    )
    return BTRModel(scenario, seed=9).run().citizens.trust.copy()


def test_concealed_incident_without_transparency_or_exposure_reaches_no_citizen():
    nothing = BTRModel(small(**QUIET_WORLD, months=24, transparency=0.0), seed=9).run()
    hidden = _trust_after_scripted(concealed=True, transparency=0.0)
    np.testing.assert_array_equal(hidden, nothing.citizens.trust)
    public = _trust_after_scripted(concealed=False, transparency=0.0)
    assert not np.array_equal(public, nothing.citizens.trust)  # the control


def test_scripted_cover_up_is_exposed_when_scripted():
    scripted = [
        {
            "month": 3,
            "post": 4,
            "severity": 2.0,
            "kind": "accident",
            "concealed": True,
            "exposed_after_months": 2,
            "label": "epidemic cover-up",
        }
    ]
    ev = run_scenario(small(**QUIET_WORLD, months=12, incidents__scripted=scripted), 1).events
    sequence = ev[ev.incident == 0][["month", "event"]]
    assert sequence.iloc[0].tolist() == [3, "incident"]
    assert sequence.iloc[1].tolist() == [3, "concealment"]
    assert sequence.iloc[2].tolist() == [5, "exposure"]
    assert sequence.iloc[3].month == 6  # the response comes the month after it is known


def test_scripted_response_resign_and_stay():
    base = [{"month": 2, "post": 0, "severity": 1.0, "culpability": 0.9}]
    resign = run_scenario(
        small(**QUIET_WORLD, months=6, incidents__scripted=[{**base[0], "response": "resign"}]), 1
    ).events
    stay = run_scenario(
        small(**QUIET_WORLD, months=6, incidents__scripted=[{**base[0], "response": "stay"}]), 1
    ).events
    assert "voluntary_resignation" in set(resign.event)
    assert not stay.event.isin([k.value for k in REMOVALS]).any()
    assert "no_action" in set(stay.event)


def test_event_log_frame_has_documented_columns():
    from btr_sim.core.events import EVENT_COLUMNS

    ev = run_scenario(small(**QUIET_WORLD, months=2), 1).events
    assert list(ev.columns) == list(EVENT_COLUMNS)
    assert isinstance(ev, pd.DataFrame)
