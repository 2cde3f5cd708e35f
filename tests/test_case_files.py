"""The case-file format: a scripted incident without a response, and the record beside it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from btr_sim.cli import main
from btr_sim.loading import ConfigError, load_scenario
from btr_sim.validation.casefile import (
    DEFAULT_COUNTERFACTUAL,
    HISTORY_RESPONSES,
    bibliography_keys,
    load_case,
)
from btr_sim.validation.cases import CASES

CASE_FILES = sorted(CASES.glob("*.yaml"))
SANLU = CASES / "sanlu_milk_2008.yaml"


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_shipped_cases_leave_the_response_to_the_rules_and_carry_their_history(path):
    case = load_case(path)
    (scripted,) = case.scenario.incidents.scripted
    assert scripted.response == "rules"
    assert scripted.label
    assert "response" not in yaml.safe_load(path.read_text())["incidents"]["scripted"][0]
    assert case.history.response in HISTORY_RESPONSES
    assert case.history.sources
    assert set(case.history.sources) <= bibliography_keys()
    assert case.counterfactual.is_file()


def test_the_named_cases_return_gaps_are_recorded():
    gaps = {p.stem: load_case(p).history.months_to_return for p in CASE_FILES}
    assert gaps["sars_beijing_2003"] == 5
    assert gaps["songhua_river_2005"] == 13
    assert gaps["sanlu_milk_2008"] == 15


def test_the_model_never_sees_the_history():
    case = load_case(SANLU)
    assert load_scenario(SANLU) == case.scenario
    assert "history" not in case.scenario.model_dump()


def test_check_accepts_a_case_file(capsys):
    assert main(["check", str(SANLU)]) == 0
    out = capsys.readouterr().out
    assert "history voluntary_resignation, returned after 15 months (quiet)" in out
    assert "reform_2014.yaml" in out


def _write_case(tmp_path: Path, **changes) -> Path:
    data = yaml.safe_load(SANLU.read_text())
    data["extends"] = str((CASES / data["extends"]).resolve())
    data.pop("counterfactual")
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    path = tmp_path / "cases" / "case.yaml"  # in a cases folder: a case file, history or not
    path.parent.mkdir(exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return path


def test_counterfactual_defaults_to_the_2014_rules(tmp_path):
    assert load_case(_write_case(tmp_path)).counterfactual == DEFAULT_COUNTERFACTUAL


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"history": {"response": "resign", "sources": []}}, "history.response"),
        ({"history": None}, "history: missing"),
        ({"history": {"response": "dismissal", "sources": ["nosuchkey"]}}, "'nosuchkey'"),
        ({"history": {"response": "apology", "returned": True}}, "returned: true needs"),
        ({"history": {"response": "dismissal", "colour": 1}}, "history.colour"),
        ({"counterfactual": "nowhere.yaml"}, "counterfactual: file not found"),
    ],
)
def test_check_rejects_malformed_case_keys(tmp_path, capsys, changes, expected):
    path = _write_case(tmp_path, **changes)
    with pytest.raises(ConfigError):
        load_case(path)
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and expected in err


def test_check_names_the_allowed_responses(tmp_path, capsys):
    path = _write_case(tmp_path, history={"response": "resign"})
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert all(value in err for value in HISTORY_RESPONSES)


def test_a_case_may_not_script_the_response(tmp_path, capsys):
    data = yaml.safe_load(SANLU.read_text())
    incidents = data["incidents"]
    incidents["scripted"][0]["response"] = "resign"
    path = _write_case(tmp_path, incidents=incidents)
    assert main(["check", str(path)]) == 2
    assert "incidents.scripted.0.response" in capsys.readouterr().err


def test_a_case_scripts_one_labelled_incident(tmp_path):
    data = yaml.safe_load(SANLU.read_text())
    incidents = data["incidents"]
    incidents["scripted"][0]["label"] = ""
    with pytest.raises(ConfigError, match="exactly one incident with a label"):
        load_case(_write_case(tmp_path, incidents=incidents))
