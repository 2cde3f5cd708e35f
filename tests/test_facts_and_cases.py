"""The stylized-facts suite, its new metrics, the corrective effect and the case replays."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from btr_sim.cli import main
from btr_sim.config import Scenario
from btr_sim.core.events import EVENT_COLUMNS, EventKind
from btr_sim.core.metrics import (
    RunRecord,
    early_reinstatements_per_100cy,
    resignation_share_due,
    share_announced,
    share_gap_2_15,
)
from btr_sim.core.randomness import replication_seeds
from btr_sim.validation.cases import CASES, case_scenario, replay_case
from btr_sim.validation.corrective import run_corrective
from btr_sim.validation.facts import FACTS
from btr_sim.validation.suite import FACT_COLUMNS

CASE_FILES = sorted(CASES.glob("*.yaml"))


def _record(rows: list[tuple]) -> RunRecord:
    full = [
        dict(
            zip(
                ("month", "event", "incident", "severity", "culpability", "kind", "rule", "value"),
                r,
                strict=True,
            )
        )
        for r in rows
    ]
    events = pd.DataFrame(full).reindex(columns=list(EVENT_COLUMNS))
    events[["post", "supervisor", "cadre"]] = 0
    scenario = Scenario(months=12)  # 100 posts x 1 year = 100 cadre-years
    return RunRecord(scenario, 0, events, pd.DataFrame({"credibility": [0.6]}))


def test_new_metrics_count_what_they_say():
    bar = Scenario().standards
    hi_c, hi_s = bar.culpability_bar + 0.1, bar.severity_threshold + 0.1
    r = _record(
        [
            # incident 0: due and public, resigned -> counts in numerator
            (1, "incident", 0, hi_s, hi_c, "accident", "", np.nan),
            (1, "disclosure", 0, hi_s, hi_c, "accident", "", np.nan),
            (2, "voluntary_resignation", 0, hi_s, hi_c, "accident", "", hi_c),
            # incident 1: due and public (exposed), dismissed -> not a resignation
            (1, "incident", 1, hi_s, hi_c, "misconduct", "", np.nan),
            (3, "exposure", 1, hi_s, hi_c, "misconduct", "", np.nan),
            (4, "dismissal", 1, hi_s, hi_c, "misconduct", "", hi_c),
            # incident 2: not culpable -> not due
            (1, "incident", 2, hi_s, 0.0, "accident", "", np.nan),
            (1, "disclosure", 2, hi_s, 0.0, "accident", "", np.nan),
            # incident 3: due but concealed for good -> not in the denominator
            (1, "incident", 3, hi_s, hi_c, "accident", "", np.nan),
            (1, "concealment", 3, hi_s, hi_c, "accident", "", np.nan),
            # reinstatements after 1, 5 and 15 months; one announced
            (3, "reinstatement", 0, hi_s, hi_c, "accident", "none/quiet", 1),
            (9, "reinstatement", 0, hi_s, hi_c, "accident", "none/quiet", 5),
            (19, "reinstatement", 0, hi_s, hi_c, "accident", "merit/public", 15),
        ]
    )
    assert resignation_share_due(r) == pytest.approx(0.5)
    assert share_gap_2_15(r) == pytest.approx(2 / 3)
    assert early_reinstatements_per_100cy(r) == pytest.approx(2.0)
    assert share_announced(r) == pytest.approx(1 / 3)
    empty = _record([(1, "incident", 0, hi_s, hi_c, "accident", "", np.nan)])
    assert math.isnan(share_gap_2_15(empty)) and math.isnan(share_announced(empty))
    assert early_reinstatements_per_100cy(empty) == 0.0


def test_corrective_effect_positive_then_fading():
    runs = run_corrective(Scenario(months=60), replication_seeds(11, 4))
    before = runs.gap_at(runs.response_month - 1)
    assert np.allclose(before, 0.0)  # identical until the response (common random numbers)
    assert (runs.early_gap > 0).all()
    assert runs.late_gap.mean() < runs.early_gap.mean()


def test_facts_command_writes_table_and_figure_by_label(tmp_path, capsys):
    status = main(["facts", "-n", "3", "--months", "120", "--out", str(tmp_path)])
    assert status in (0, 1)  # 1 means a fact failed at this short horizon; both are reports
    table = pd.read_csv(tmp_path / "facts.csv")
    assert list(table.columns) == list(FACT_COLUMNS)
    assert list(table["fact"]) == [f.name for f in FACTS]
    measured = table[table["status"] != "not measured"]
    assert (measured["ci_low"] <= measured["mean"]).all()
    assert (measured["mean"] <= measured["ci_high"]).all()
    # Every rule set has a scenario now: the foreign facts are measured too, under their own
    # rule sets (tests/test_abroad.py checks on which scenario).
    foreign = table[~table["rule_set"].isin(["status_quo", "reform_2009", "reform_2014"])]
    assert len(foreign) >= 2 and (foreign["status"] != "not measured").all()
    construction = table[table["label"] == "by construction"]
    assert set(construction["status"]) <= {"holds", "VIOLATED"}
    failing = table.loc[table["status"].isin(["FAIL", "VIOLATED"]), "fact"].tolist()
    assert status == (1 if failing else 0)
    markdown = (tmp_path / "facts.md").read_text()
    sections = ["Calibration facts", "Validation facts", "By construction"]
    assert [markdown.index(s) for s in sections] == sorted(markdown.index(s) for s in sections)
    out = capsys.readouterr().out
    assert "failing: " + (", ".join(failing) if failing else "none") in out
    for name in ("facts.png", "facts.svg"):
        assert (tmp_path / name).stat().st_size > 0


def test_facts_command_refuses_one_replication(tmp_path, capsys):
    assert main(["facts", "-n", "1", "--out", str(tmp_path)]) == 2
    assert "replications" in capsys.readouterr().err


#: What the rules may answer a case with (the response is the model's, not the script's).
RESPONSES = {
    "voluntary_resignation",
    "ordered_resignation",
    "dismissal",
    "apology",
    "no_action",
    "holder_gone",
}


def _check_order(sequence: list[str], concealed: bool) -> None:
    public = ["concealment", "exposure"] if concealed else ["disclosure"]
    assert sequence[: 1 + len(public)] == ["incident", *public]
    rest = [e for e in sequence[1 + len(public) :] if e != "investigation"]
    assert rest and rest[0] in RESPONSES, sequence
    if "reinstatement" in rest:
        assert rest[0] in {"voluntary_resignation", "ordered_resignation", "dismissal"}
    if "discovery" in rest:
        assert rest.index("reinstatement") < rest.index("discovery")


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
@pytest.mark.parametrize("rules", ["time", "reformed"])
def test_case_replays_their_event_sequence_in_order(path, rules):
    scripted = case_scenario(path, rules).incidents.scripted[0]
    replay = replay_case(path, rules, seed=1)
    _check_order(replay.sequence, scripted.concealed)
    assert replay.events["month"].is_monotonic_increasing
    assert replay.month_of(EventKind.INCIDENT) == scripted.month
    if scripted.concealed:
        assert replay.month_of(EventKind.EXPOSURE) == scripted.month + (
            scripted.exposed_after_months
        )
    # The post's citizens are hit harder than the average citizen by the incident.
    month = replay.month_of(EventKind.EXPOSURE) or replay.month_of(EventKind.DISCLOSURE)
    drop = replay.credibility.loc[month - 1] - replay.credibility.loc[month]
    assert drop["post"] > drop["overall"] > 0
    back = replay.months_to_reinstatement
    if rules == "reformed":
        # No return before the counterfactual's cooling-off: a year under the 2014 rules, none
        # under China's status quo (the counterfactual of the foreign cases).
        (change,) = case_scenario(path, rules).timeline
        assert back is None or back >= change.reinstatement.cooling_off_months


def test_cases_return_under_their_time_not_before_a_year_when_reformed():
    # Over replications, some officials of the time return (as they did), the reformed not
    # early. The response is the rules' now, so not every replication removes the official.
    path = CASES / "songhua_river_2005.yaml"
    seeds = replication_seeds(3, 8)
    time = [replay_case(path, "time", s).months_to_reinstatement for s in seeds]
    reformed = [replay_case(path, "reformed", s).months_to_reinstatement for s in seeds]
    assert sum(g is not None for g in time) >= 1
    assert all(g is None or g >= 12 for g in reformed)


def test_replay_command_saves_plot(tmp_path, capsys):
    status = main(["replay", "xiangfen_dam_2008", "-n", "2", "--out", str(tmp_path)])
    assert status == 0
    out = capsys.readouterr().out
    assert "voluntary_resignation" in out and "counterfactual, reform_2014" in out
    assert (tmp_path / "xiangfen_dam_2008.png").stat().st_size > 0
    assert (tmp_path / "xiangfen_dam_2008.svg").stat().st_size > 0


def test_replay_command_unknown_case(capsys):
    assert main(["replay", "no_such_case"]) == 2
    assert "known cases" in capsys.readouterr().err


def test_replay_under_another_reform_file():
    path = CASES / "sars_beijing_2003.yaml"
    reform = CASES.parent / "reform_2009.yaml"
    scenario = case_scenario(path, "reformed", reform)
    time = case_scenario(path)
    # The rules of the time until the case's month; then those of the reform file.
    assert scenario.rules == time.rules and scenario.before == time.before
    (change,) = scenario.timeline
    assert change.month == time.incidents.scripted[0].month and change.name == "reform_2009"
    assert change.reinstatement.evaluation == "none"  # 2009: no merit evaluation
    assert change.reinstatement.cooling_off_months == 12
    assert scenario.incidents.scripted == time.incidents.scripted
    replay = replay_case(path, "reformed", 2, reform)
    assert replay.months_to_reinstatement is None or replay.months_to_reinstatement >= 12
