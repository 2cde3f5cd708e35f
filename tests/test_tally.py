"""The run summary from the counters a run keeps equals the summary from its event log.

Several seeds and rule sets (a timeline among them), chosen so that between them every kind
of event the summary counts occurs: removals of both kinds of incident, quiet and announced
reinstatements, discoveries, apologies and no-action decisions.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from conftest import small

from btr_sim import BTRModel
from btr_sim.api import run_model
from btr_sim.core.events import EVENT_COLUMNS, EventKind
from btr_sim.core.metrics import RunRecord, summarize
from btr_sim.core.tally import EventTally

RULE_SETS = [
    {},
    # Costly resignations and frequent incidents under due process: supervisors order
    # resignations, which the calibrated status quo rarely does in a small world.
    {
        "procedure__rule": "formal",
        "standards__rule": "unified",
        "transparency": 0.9,
        "citizen_participation": 0.8,
        "cadres__resignation_cost": 3.0,
        "incidents__accident_rate": 0.05,
    },
    {"procedure__rule": "formal", "transparency": 0.9},
    {"reinstatement__disclosure": "public", "reinstatement__cooling_off_months": 2},
    {
        "months": 48,
        "timeline": [
            {"month": 12, "transparency": 0.8, "procedure.rule": "formal"},
            {"month": 30, "transparency": 0.2},
        ],
    },
]


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


#: The seeds of the comparison (and of the check that they exercise every count).
SEEDS = (1, 7, 23)


@pytest.mark.parametrize("overrides", RULE_SETS)
@pytest.mark.parametrize("seed", SEEDS)
def test_counters_equal_event_log_counts(overrides, seed):
    result = run_model(BTRModel(small(**overrides), seed=seed))
    events = result.events
    from_log = summarize(RunRecord(result.scenario, seed, events, result.series))
    assert from_log.keys() == result.summary.keys()
    differ = {k: (result.summary[k], from_log[k]) for k in from_log}
    differ = {k: v for k, v in differ.items() if not _same(*v)}
    assert not differ  # every outcome to the last bit

    # The counts themselves, kind by kind, as the log has them.
    tally = _tally_of(result)
    counts = events["event"].value_counts()
    assert tally.counts == {kind: int(n) for kind, n in counts.items()}
    assert sum(tally.counts.values()) == len(events)


def _tally_of(result) -> EventTally:
    """The tally that recording the result's event log again keeps."""
    standards = result.scenario.standards
    tally = EventTally(standards.culpability_bar, standards.severity_threshold)
    for row in result.events.itertuples(index=False):
        tally.add(
            row.event, row.incident, row.severity, row.culpability, row.kind, row.rule, row.value
        )
    return tally


def test_the_rule_sets_exercise_every_count():
    """Else the comparison above could pass for want of events."""
    seen: dict[str, int] = {}
    quiet = 0
    for overrides in RULE_SETS:
        for seed in SEEDS:
            result = run_model(BTRModel(small(**overrides), seed=seed))
            for kind, n in result.events["event"].value_counts().items():
                seen[kind] = seen.get(kind, 0) + int(n)
            quiet += int(result.events["rule"].str.endswith("/quiet").sum())
    for kind in (
        EventKind.VOLUNTARY_RESIGNATION,
        EventKind.ORDERED_RESIGNATION,
        EventKind.DISMISSAL,
        EventKind.APOLOGY,
        EventKind.NO_ACTION,
        EventKind.REINSTATEMENT,
        EventKind.DISCOVERY,
        EventKind.EXPOSURE,
        EventKind.DISCLOSURE,
    ):
        assert seen.get(kind.value, 0) > 0, kind
    assert quiet > 0


def test_known_answer():
    tally = EventTally(culpability_bar=0.5, severity_threshold=2.0)
    nan = float("nan")
    tally.add("incident", 1, 3.0, 0.9, "accident", "", nan)  # culpable, serious
    tally.add("incident", 2, 1.0, 0.9, "misconduct", "", nan)  # culpable, not serious
    tally.add("dismissal", 1, 3.0, 0.9, "accident", "x", 0.8)
    tally.add("ordered_resignation", 2, 1.0, 0.1, "misconduct", "y", 0.6)
    tally.add("reinstatement", 1, 3.0, 0.9, "accident", "lenient/quiet", 7.0)
    tally.add("rules", -1, nan, nan, "", "status_quo", nan)
    assert tally.n(["incident", "rules"]) == 3
    assert tally.n_culpable(["dismissal", "ordered_resignation"]) == 1
    assert tally.n_culpable_serious(["incident"]) == 1
    assert tally.due_incidents(["incident"]) == [1]
    assert tally.n_of_kind("misconduct", ["incident", "ordered_resignation"]) == 2
    assert tally.n_quiet(["reinstatement"]) == 1
    assert tally.incident_ids(["dismissal", "ordered_resignation"]) == {1, 2}
    assert tally.incident_ids(["rules"]) == set()
    np.testing.assert_array_equal(tally.column("severity", ["incident"]), [3.0, 1.0])
    np.testing.assert_array_equal(tally.column("value", ["reinstatement"]), [7.0])
    tally.clear()
    assert tally.n(["incident"]) == 0


@pytest.mark.parametrize("overrides", RULE_SETS[:2])
def test_event_frame_is_what_from_records_builds(overrides):
    model = BTRModel(small(**overrides), seed=4).run()
    expected = pd.DataFrame.from_records(model.events._rows, columns=list(EVENT_COLUMNS))
    pd.testing.assert_frame_equal(model.events.to_frame(), expected, check_exact=True)
