"""A key written twice in a YAML file is refused with both lines, never silently overwritten."""

from __future__ import annotations

import pytest

from btr_sim.cli import main
from btr_sim.loading import ConfigError, load_scenario

TOP = "name: a\ntransparency: 0.2\ntransparency: 0.8\n"
NESTED = "name: a\nprocedure:\n  rule: formal\n  investigation_months: 2\n  rule: informal\n"
FLOW = "name: a\nincidents:\n  scripted:\n    - {month: 1, post: 0, month: 2}\n"


@pytest.mark.parametrize(
    ("text", "key", "lines"),
    [(TOP, "transparency", (2, 3)), (NESTED, "rule", (3, 5)), (FLOW, "month", (4, 4))],
    ids=["top level", "nested", "flow mapping in a list"],
)
def test_a_duplicate_key_is_refused_naming_both_lines(tmp_path, text, key, lines):
    path = tmp_path / "s.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_scenario(path)
    message = str(caught.value)
    assert str(path) in message
    assert f"{key!r} is written twice" in message
    assert f"at line {lines[0]} and at line {lines[1]}" in message


def test_an_experiment_file_with_a_duplicate_key_exits_2(tmp_path, capsys):
    path = tmp_path / "e.yaml"
    path.write_text(
        "name: e\nscenarios: [x.yaml]\nreplications: 2\nreplications: 200\n", encoding="utf-8"
    )
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert "'replications' is written twice" in err and "Traceback" not in err


def test_merge_keys_may_be_overridden_as_yaml_intends(tmp_path):
    # `<<:` merges a mapping in; a key written beside it overrides the merged one.
    path = tmp_path / "s.yaml"
    path.write_text(
        "name: a\ncadres:\n"
        "  integrity: &trait {mean: 0.6, concentration: 8}\n"
        "  competence:\n    <<: *trait\n    mean: 0.7\n",
        encoding="utf-8",
    )
    competence = load_scenario(path).cadres.competence
    assert (competence.mean, competence.concentration) == (0.7, 8)


def test_the_same_key_in_different_mappings_is_fine(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(
        "name: a\ncadres:\n  integrity: {mean: 0.6}\n  competence: {mean: 0.6}\n",
        encoding="utf-8",
    )
    scenario = load_scenario(path)
    assert scenario.cadres.integrity.mean == scenario.cadres.competence.mean == 0.6
