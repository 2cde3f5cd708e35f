"""docs/glossary.md lists exactly the configuration's keys, the outcomes and the event kinds,
with the Chinese terms of the message catalogue, so that it cannot drift from the code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from btr_sim.analysis.naming import EVENT_NAMES
from btr_sim.analysis.outcomes import label
from btr_sim.core.events import EventKind
from btr_sim.core.metrics import SUMMARY
from btr_sim.i18n import translator
from btr_sim.parameters import parameter_rows

GLOSSARY = Path(__file__).resolve().parents[1] / "docs" / "glossary.md"


def table(marker: str) -> list[list[str]]:
    """The rows (cells) of the table after ``<!-- glossary:<marker> -->``."""
    text = GLOSSARY.read_text(encoding="utf-8")
    match = re.search(rf"<!-- glossary:{marker} -->\n((?:\|.*\n)+)", text)
    assert match, f"docs/glossary.md lacks the {marker} table"
    lines = match.group(1).strip().splitlines()[2:]  # header and rule
    return [[c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]] for line in lines]


def keys(rows: list[list[str]]) -> list[str]:
    return [row[0].strip("`") for row in rows]


@pytest.fixture(scope="module")
def zh():
    return translator("zh")


def test_every_configuration_key_and_no_other(zh):
    rows = table("parameters")
    assert keys(rows) == [r.path for r in parameter_rows()]
    for row in rows:
        key, term, _unit, rule = row
        assert term == zh.pgettext("parameter", key.strip("`")), key
        assert rule, key


def test_every_outcome_and_no_other(zh):
    rows = table("outcomes")
    assert keys(rows) == list(SUMMARY)
    for outcome, english, chinese, *_ in rows:
        name = outcome.strip("`")
        assert english == label(name), name
        assert chinese == label(name, zh), name
        assert chinese != english, f"{name}: no Chinese label in the catalogue"


def test_every_event_kind_and_no_other(zh):
    rows = table("events")
    assert keys(rows) == [e.value for e in EventKind]
    for event, chinese, _rule in rows:
        assert chinese == zh.pgettext("event", EVENT_NAMES[event.strip("`")]), event


def test_values_are_the_catalogue_terms(zh):
    for value, chinese in table("values"):
        assert chinese == zh.pgettext("value", value.strip("`")), value
        assert chinese != value.strip("`")


def test_the_rules_the_brief_names_are_tied_to_their_keys():
    rules = {row[0].strip("`"): row[3] for row in table("parameters")}
    assert "one year" in rules["reinstatement.cooling_off_months"]
    assert "2009" in rules["reinstatement.cooling_off_months"]
    assert "2014" in rules["reinstatement.cooling_off_months"]
    assert "opinions of cadres and the public" in rules["reinstatement.disclosure"]
    assert "principal leadership responsibility" in rules["standards.culpability_bar"]
    events = {row[0].strip("`"): row[2] for row in table("events")}
    assert "引咎辞职" in events["voluntary_resignation"]
    assert "责令辞职" in events["ordered_resignation"]
