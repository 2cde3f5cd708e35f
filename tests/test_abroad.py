"""Foreign systems (configs/abroad/, docs/abroad.md): documented key by key, measured under
their own rules, never on China's; the transfer experiment moves their own values.

A foreign system is a rule set *and* a world: it may override world keys, but only those
docs/abroad.md allows, each documented like a rule key. The documentation is the checkable
form: docs/abroad.md holds one table per foreign file, and these tests require the table to
list exactly the keys in which the file differs from China's status quo (and any key it writes
with the status quo's own value), with the file's value, the status quo's, the key's kind and
sources that docs/references.bib holds.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import yaml

from btr_sim.analysis.naming import SCENARIOS
from btr_sim.api import RunResult
from btr_sim.cli import main
from btr_sim.config import RULE_KEYS, Scenario
from btr_sim.core.events import EVENT_COLUMNS
from btr_sim.experiments import plan_experiment
from btr_sim.i18n import translator
from btr_sim.loading import load_scenario
from btr_sim.validation import suite
from btr_sim.validation.facts import RULE_SETS, RuleSet, check_rule_sets, fact
from btr_sim.validation.measures import Measured, departure_share_debated
from btr_sim.validation.report import RULE_SET_NAMES, rule_set_name

ROOT = Path(__file__).resolve().parents[1]
CONFIGS = ROOT / "configs"
ABROAD_FILES = sorted((CONFIGS / "abroad").glob("*.yaml"))
DOC = ROOT / "docs" / "abroad.md"
BIB = ROOT / "docs" / "references.bib"
FOREIGN_FACTS = ("resignation_share_germany", "resignation_share_uk")

# What a scenario file may hold that is neither a rule nor the world.
_NOT_COMPARED = {"name", "description", "months", "timeline", "incidents.scripted"}


def _table(marker: str) -> list[list[str]]:
    """The rows (cells) of the table after ``<!-- abroad:<marker> -->`` in docs/abroad.md."""
    text = DOC.read_text(encoding="utf-8")
    match = re.search(rf"<!-- abroad:{re.escape(marker)} -->\n((?:\|.*\n)+)", text)
    assert match, f"docs/abroad.md has no table for {marker}"
    lines = match.group(1).strip().splitlines()[2:]  # header and rule
    return [[c.strip() for c in line.strip().strip("|").split("|")] for line in lines]


def _flat(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict) and value:
            out.update(_flat(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def _values(scenario: Scenario) -> dict[str, Any]:
    """Every leaf of a scenario as a dotted key; the warm-up's rules as ``before``."""
    data = scenario.model_dump(mode="json", exclude={"before"})
    flat = {k: v for k, v in _flat(data).items() if k not in _NOT_COMPARED}
    flat["before"] = (
        "own"
        if scenario.before is None
        else ("status quo" if scenario.before == Scenario().rules else "other")
    )
    return flat


@pytest.fixture(scope="module")
def status_quo() -> dict[str, Any]:
    return _values(load_scenario(CONFIGS / "status_quo.yaml"))


@pytest.fixture(scope="module")
def bib_keys() -> set[str]:
    return set(re.findall(r"^@\w+\{([^,]+),", BIB.read_text(encoding="utf-8"), re.MULTILINE))


def _written_keys(path: Path) -> list[str]:
    """The dotted keys a scenario file writes a value for (not sections, not its name)."""
    return [
        k
        for k in _flat(yaml.safe_load(path.read_text(encoding="utf-8")))
        if k not in ("extends", "name", "description")
    ]


def test_there_are_the_three_systems_the_issue_asks_for():
    assert {p.stem for p in ABROAD_FILES} >= {"uk", "germany", "south_korea"}


@pytest.mark.parametrize("path", ABROAD_FILES, ids=lambda p: p.stem)
def test_a_foreign_file_passes_check(path, capsys):
    assert main(["check", str(path)]) == 0
    assert "OK" in capsys.readouterr().out


@pytest.mark.parametrize("path", ABROAD_FILES, ids=lambda p: p.stem)
def test_a_foreign_file_differs_from_the_status_quo_only_in_documented_keys(
    path, status_quo, bib_keys
):
    mine = _values(load_scenario(path))
    differs = {k for k in mine if mine[k] != status_quo[k]}
    assert differs, f"{path.name} is China's status quo under another name"
    rows = {row[0].strip("`"): row for row in _table(path.name)}
    undocumented = differs - set(rows)
    assert not undocumented, f"{path.name}: keys differ but are not documented: {undocumented}"
    # A key written with the status quo's own value says which feature the system shares with
    # the status quo: it is documented too.
    shared = {k for k in _written_keys(path) if k in mine and k not in differs}
    assert not shared - set(rows), f"{path.name}: written but not documented: {shared - set(rows)}"
    allowed_world = {row[0].strip("`") for row in _table("world-keys")}
    for key, (_, kind, value, before, feature, sources) in rows.items():
        assert key in mine, f"{path.name}: documented key {key!r} is not a parameter"
        assert mine[key] == yaml.safe_load(value), f"{path.name}: {key} is {mine[key]!r}"
        assert status_quo[key] == yaml.safe_load(before), f"status quo's {key}"
        if key == "before":
            assert kind == "warm-up"
        elif key.split(".")[0] in RULE_KEYS:
            assert kind == "rule", key
        else:
            assert kind == "world", key
            assert key in allowed_world, f"{path.name}: world key {key} is not one abroad.md allows"
        assert len(feature) > 20, f"{path.name}: {key} needs the feature it stands for"
        for source in (s.strip() for s in sources.split(",")):
            assert source == "free" or source in bib_keys, f"{key}: unknown source {source!r}"


def _scalar_lines(node: yaml.Node) -> list[tuple[str, int]]:
    """Each scalar value's key and the line (0-based) where the key stands, in a YAML tree."""
    found: list[tuple[str, int]] = []
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(value, yaml.ScalarNode):
                found.append((key.value, key.start_mark.line))
            else:
                found += _scalar_lines(value)
    return found


@pytest.mark.parametrize("path", ABROAD_FILES, ids=lambda p: p.stem)
def test_every_override_in_a_foreign_file_carries_a_comment(path):
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    for key, line in _scalar_lines(yaml.compose(text)):
        if key in ("extends", "name", "description"):
            continue
        previous = next((p.strip() for p in reversed(lines[:line]) if p.strip()), "")
        if "#" not in lines[line] and not previous.startswith("#"):
            pytest.fail(f"{path.name}:{line + 1}: {key} says nothing of what it stands for")


def test_each_foreign_system_has_its_section_of_what_the_model_lacks():
    text = DOC.read_text(encoding="utf-8")
    for path in ABROAD_FILES:
        assert f"<!-- abroad:lacks:{path.name} -->" in text, path.name


# -- the cross-system check: foreign facts under foreign rules, never on China's ------------------


def test_the_foreign_facts_name_the_foreign_files():
    for name in FOREIGN_FACTS:
        rules = RULE_SETS[fact(name).rule_set]
        assert rules.country != "China"
        assert rules.config is not None and (CONFIGS / rules.config) in ABROAD_FILES
    assert check_rule_sets() == []


@pytest.mark.parametrize("config", ["status_quo.yaml", "reform_2014.yaml", "full_reform.yaml"])
def test_a_foreign_rule_set_pointed_at_chinese_rules_is_refused(monkeypatch, config):
    german = RULE_SETS["germany_1969_2005"]
    monkeypatch.setitem(RULE_SETS, german.name, RuleSet(german.name, german.country, config))
    assert any("foreign system" in p for p in check_rule_sets())
    with pytest.raises(ValueError, match="foreign system"):
        suite.run_facts(2, months=12, facts=[fact("resignation_share_germany")])


def test_chinese_rules_are_not_a_foreign_system(monkeypatch):
    monkeypatch.setitem(RULE_SETS, "status_quo", RuleSet("status_quo", "China", "abroad/uk.yaml"))
    problems = check_rule_sets()
    assert any("China's rules are not a foreign system" in p for p in problems)
    assert any("models China's rules" in p or "models United Kingdom's" in p for p in problems)


def test_the_suite_scores_each_foreign_fact_on_its_own_system(monkeypatch):
    measured_on: dict[str, Scenario] = {}

    def recording(names, scenario, seeds):
        measured_on[scenario.name] = scenario
        return Measured({n: np.full(len(seeds), 0.3) for n in names})

    monkeypatch.setattr(suite, "measure", recording)
    facts = [fact(n) for n in FOREIGN_FACTS]
    table = suite.run_facts(3, months=12, facts=facts).table.set_index("fact")
    assert set(measured_on) == {"germany", "uk"}, "a foreign fact ran on another scenario"
    for name, system in (("resignation_share_germany", "germany"), ("resignation_share_uk", "uk")):
        scenario = measured_on[system]
        assert scenario.before is None  # its own equilibrium
        assert scenario.rules == load_scenario(CONFIGS / "abroad" / f"{system}.yaml").rules
        assert scenario.rules != Scenario().rules
        assert table.loc[name, "status"] in ("pass", "FAIL")
        assert table.loc[name, "rule_set"] == fact(name).rule_set


def _result(rows: list[tuple]) -> RunResult:
    columns = ("month", "event", "incident", "severity", "culpability", "kind", "rule", "value")
    events = [dict(zip(columns, r, strict=True)) for r in rows]
    frame = pd.DataFrame(events).reindex(columns=list(EVENT_COLUMNS))
    frame[["post", "supervisor", "cadre"]] = 0
    return RunResult(Scenario(months=12), 0, {}, None, frame)


def test_the_departure_share_counts_serious_public_incidents_culpable_or_not():
    bar = Scenario().standards
    hi_s, lo_s = bar.severity_threshold + 0.1, bar.severity_threshold - 0.1
    hi_c, lo_c = bar.culpability_bar + 0.1, bar.culpability_bar - 0.3
    result = _result(
        [
            (1, "disclosure", 0, hi_s, hi_c, "accident", "", np.nan),  # debated, resigned
            (2, "voluntary_resignation", 0, hi_s, hi_c, "accident", "", hi_c),
            (1, "exposure", 1, hi_s, hi_c, "misconduct", "", np.nan),  # debated, dismissed
            (2, "dismissal", 1, hi_s, hi_c, "misconduct", "", hi_c),
            (1, "disclosure", 2, hi_s, lo_c, "accident", "", np.nan),  # debated, not culpable
            (2, "no_action", 2, hi_s, lo_c, "accident", "", lo_c),
            (1, "disclosure", 3, lo_s, hi_c, "accident", "", np.nan),  # below the threshold
            (2, "ordered_resignation", 3, lo_s, hi_c, "accident", "", hi_c),
            (1, "concealment", 4, hi_s, hi_c, "accident", "", np.nan),  # never public
        ]
    )
    # Debated: 0, 1 and 2 (serious and public, culpable or not); 0 and 1 departed.
    assert departure_share_debated(result) == pytest.approx(2 / 3)


# -- the transfer experiment moves the foreign systems' own values -------------------------------


EXPERIMENTS = ROOT / "experiments"


def _levers() -> dict[str, dict[str, Any]]:
    """Each lever of experiments/abroad.yaml: the overrides of its ``on`` level, dotted."""
    data = yaml.safe_load((EXPERIMENTS / "abroad.yaml").read_text(encoding="utf-8"))
    return {lever: _flat(levels["on"]) for lever, levels in data["design"]["levers"].items()}


def test_the_transfer_levers_are_the_foreign_values():
    systems = {p.stem: _values(load_scenario(p)) for p in ABROAD_FILES}
    levers = _levers()
    assert levers["press"] == {"transparency": systems["uk"]["transparency"]}
    for lever, key in (("questioning", "citizen_participation"), ("checks", "power_restriction")):
        assert levers[lever] == {key: systems["uk"][key]}, lever
        assert {s[key] for s in systems.values()} == {levers[lever][key]}, lever
    assert levers["norm"] == {"cadres.moral_weight": systems["south_korea"]["cadres.moral_weight"]}
    returns = levers["returns"]["reinstatement.disclosure"]
    assert {s["reinstatement.disclosure"] for s in systems.values()} == {returns}


def test_the_transfer_is_applied_to_chinas_status_quo():
    plan = plan_experiment(EXPERIMENTS / "abroad.yaml")
    assert len(plan.points) == 2 ** len(_levers())
    reference = next(p for p in plan.points if set(p.factors.values()) == {"off"})
    china = load_scenario(CONFIGS / "status_quo.yaml")
    assert reference.scenario.model_dump(exclude={"name"}) == china.model_dump(exclude={"name"})


def test_the_systems_experiment_holds_china_and_every_foreign_file():
    plan = plan_experiment(EXPERIMENTS / "abroad_systems.yaml")
    points = {p.name: p.scenario for p in plan.points}
    assert set(points) == {"status_quo", "china_2014"} | {p.stem for p in ABROAD_FILES}
    for path in ABROAD_FILES:
        assert _values(points[path.stem]) == _values(load_scenario(path)), path.stem
    # China's 2014 rules in their own equilibrium, like the foreign systems.
    assert points["china_2014"].rules == load_scenario(CONFIGS / "reform_2014.yaml").rules
    assert points["china_2014"].before is None


def test_foreign_names_go_through_the_catalogue():
    zh = translator("zh")
    assert set(RULE_SET_NAMES) == set(RULE_SETS)
    for name in RULE_SETS:
        assert rule_set_name(name) == name
        assert rule_set_name(name, zh) != name, name
    for name in {p.stem for p in ABROAD_FILES} | {"status_quo", "china_2014"}:
        assert name in SCENARIOS, name
        assert zh.pgettext("scenario", name) != name, name
    for lever in _levers():
        assert zh.pgettext("lever", lever) != lever, lever
