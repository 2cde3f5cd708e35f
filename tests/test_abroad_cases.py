"""Foreign typical cases (configs/cases/ extending configs/abroad/): replayed under their rules.

A foreign case is a case file (:mod:`btr_sim.validation.casefile`) whose rules of the time are
its country's foreign rule set, and whose counterfactual is China's status quo: what the case
would have met under China's rules, in the same (foreign) world. These tests require every
foreign case to pass ``btr-sim check``, to extend its country's file and change nothing of it
but the horizon and the scripted incident, to justify every incident parameter in a comment,
and to replay — under the rules of its time and under the counterfactual — in order, beside its
historical record. They also require that the rules, not the script, decide: the response of
at least one foreign case differs across seeds.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from btr_sim.cli import main
from btr_sim.config import RULE_KEYS, Scenario
from btr_sim.core.events import EventKind
from btr_sim.core.model import BTRModel
from btr_sim.core.randomness import replication_seeds
from btr_sim.loading import load_scenario
from btr_sim.validation.casefile import HISTORY_RESPONSES, bibliography_keys, load_case
from btr_sim.validation.cases import CASES, case_scenario, replay_case

ROOT = Path(__file__).resolve().parents[1]
ABROAD = ROOT / "configs" / "abroad"
STATUS_QUO = ROOT / "configs" / "status_quo.yaml"


def _country(path: Path) -> Path | None:
    """The foreign rule set a case file extends, or None for a Chinese case."""
    extends = yaml.safe_load(path.read_text(encoding="utf-8")).get("extends")
    target = (path.parent / extends).resolve() if extends else None
    return target if target is not None and target.parent == ABROAD.resolve() else None


FOREIGN = [p for p in sorted(CASES.glob("*.yaml")) if _country(p) is not None]

#: What the rules may answer a case with (a decision, or the holder gone before it).
RESPONSES = {*HISTORY_RESPONSES, EventKind.HOLDER_GONE.value}
REMOVALS = {"voluntary_resignation", "ordered_resignation", "dismissal"}

#: The incident parameters a case file must justify in a comment on their line.
JUSTIFIED = ("month", "severity", "kind", "culpability", "concealed", "reach")


def _rules(scenario: Scenario | object) -> dict[str, object]:
    return {key: getattr(scenario, key) for key in RULE_KEYS}


def test_at_least_three_foreign_cases_one_for_each_foreign_system():
    assert len(FOREIGN) >= 3
    assert {_country(p) for p in FOREIGN} == {p.resolve() for p in ABROAD.glob("*.yaml")}


@pytest.mark.parametrize("path", FOREIGN, ids=lambda p: p.stem)
def test_foreign_case_passes_check(path, capsys):
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    case = load_case(path)
    assert f"case: history {case.history.response}" in out
    assert "status_quo.yaml" in out  # the counterfactual it names


@pytest.mark.parametrize("path", FOREIGN, ids=lambda p: p.stem)
def test_foreign_case_extends_its_country_and_changes_only_the_case(path):
    case = load_case(path)
    country = load_scenario(_country(path))
    # The rules of the time, the warm-up (under its own rules) and the world are the
    # country's; only the name, the horizon and the scripted incident are the case's.
    assert _rules(case.scenario) == _rules(country)
    assert case.scenario.before is None and country.before is None
    skip = {"name", "description", "months", "incidents"}
    assert case.scenario.model_dump(exclude=skip) == country.model_dump(exclude=skip)
    assert case.scenario.incidents.model_dump(exclude={"scripted"}) == (
        country.incidents.model_dump(exclude={"scripted"})
    )
    (scripted,) = case.scenario.incidents.scripted
    assert scripted.response == "rules" and scripted.label
    # The counterfactual is China's status quo; the record is sourced.
    assert case.counterfactual == STATUS_QUO.resolve()
    assert case.history.response in HISTORY_RESPONSES
    assert case.history.sources and set(case.history.sources) <= bibliography_keys()


@pytest.mark.parametrize("path", FOREIGN, ids=lambda p: p.stem)
def test_every_incident_parameter_is_justified_in_a_comment(path):
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    (entry,) = raw["incidents"]["scripted"]
    lines = path.read_text(encoding="utf-8").splitlines()
    for key in [*JUSTIFIED, *(["exposed_after_months"] if entry.get("concealed") else [])]:
        assert key in entry, f"{path.name}: the incident's {key} is not written out"
        (line,) = [ln for ln in lines if ln.strip().removeprefix("- ").startswith(f"{key}:")]
        assert "#" in line, f"{path.name}: {key} has no comment saying why"


@pytest.mark.parametrize("path", FOREIGN, ids=lambda p: p.stem)
def test_the_counterfactual_is_chinas_rules_from_the_month_of_the_case(path):
    time = case_scenario(path, "time")
    reformed = case_scenario(path, "reformed")
    country = load_scenario(_country(path))
    status_quo = load_scenario(STATUS_QUO)
    month = time.incidents.scripted[0].month
    assert time.timeline == ()
    # Until the case: the country's rules, warmed up under them (not under China's).
    assert _rules(reformed) == _rules(country) and reformed.before is None
    (change,) = reformed.timeline
    assert change.month == month and change.name == "status_quo"
    assert _rules(change) == _rules(status_quo)
    # China's rules, not China's world: a world key of the country (Korea's norm of
    # resigning) stays the country's.
    assert reformed.cadres == country.cadres


@pytest.mark.parametrize("rules", ["time", "reformed"])
@pytest.mark.parametrize("path", FOREIGN, ids=lambda p: p.stem)
def test_foreign_replays_run_under_their_rules_in_order(path, rules):
    scenario = case_scenario(path, rules)
    scripted = scenario.incidents.scripted[0]
    # The rules in force, as the run's own log records them.
    model = BTRModel(scenario, seed=1)
    while model.month <= scripted.month:
        model.step()
    log = model.events.to_frame()
    changes = log[log["event"] == EventKind.RULES.value][["month", "rule"]]
    expected = [(0, scenario.name)]
    if rules == "reformed":
        expected.append((scripted.month, "status_quo"))
    assert list(changes.itertuples(index=False, name=None)) == expected
    # The case's events, in order: the incident, how it became public, one response (the
    # rules'), then any return.
    replay = replay_case(path, rules, seed=1)
    sequence = replay.sequence
    public = ["concealment", "exposure"] if scripted.concealed else ["disclosure"]
    assert sequence[: 1 + len(public)] == ["incident", *public]
    rest = [e for e in sequence[1 + len(public) :] if e != "investigation"]
    assert rest and rest[0] in RESPONSES, sequence
    assert sum(e in RESPONSES for e in rest) == 1, sequence
    if "reinstatement" in rest:
        assert rest[0] in REMOVALS
    assert replay.events["month"].is_monotonic_increasing
    assert replay.month_of(EventKind.INCIDENT) == scripted.month
    if scripted.concealed:
        exposed = scripted.month + scripted.exposed_after_months
        assert replay.month_of(EventKind.EXPOSURE) == exposed
        assert replay.events.loc[replay.events["event"] == rest[0], "month"].iloc[0] >= exposed


def test_the_rules_not_the_script_decide_a_foreign_response():
    # Over 8 fixed seeds the rules of the time answer the A-level case in more than one way
    # (measured: no action, resignation, ordered resignation, dismissal): the official's
    # traits and the supervisor's leaning are drawn, the response is not fixed.
    path = CASES / "alevels_morris_2002.yaml"
    responses = Counter()
    for seed in replication_seeds(0, 8):
        rest = [e for e in replay_case(path, "time", seed).sequence if e in RESPONSES]
        responses[rest[0]] += 1
    assert len(responses) >= 2, responses
    assert responses["no_action"] < 8 and sum(responses[r] for r in REMOVALS) >= 1


@pytest.mark.parametrize("path", FOREIGN, ids=lambda p: p.stem)
def test_replay_command_shows_the_history_beside_both_rule_sets(path, tmp_path, capsys):
    assert main(["replay", path.stem, "-n", "2", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    # One table per rule set: the country's (of its time), then China's status quo.
    time, counterfactual = out.index("rules of its time"), out.index("counterfactual, status_quo")
    assert time < counterfactual
    tables = [out[time:counterfactual], out[counterfactual:]]
    history = load_case(path).history
    for table in tables:
        lines = table.splitlines()
        assert ["outcome", "model", "history"] in [line.split() for line in lines]
        # The history column marks the response that happened, and says whether it removed.
        (row,) = [line for line in lines if f"response: {history.response}" in line]
        assert row.split()[-1] == "yes"
        (removed,) = [line for line in lines if line.split()[:1] == ["removed"]]
        assert removed.split()[-1] == ("yes" if history.removed else "no")
    assert (tmp_path / f"{path.stem}.png").stat().st_size > 0
    assert (tmp_path / f"{path.stem}.csv").stat().st_size > 0
