"""The configuration: defaults, overrides, inheritance, and errors naming file, field, values."""

from __future__ import annotations

from pathlib import Path

import pytest

from btr_sim.config import Scenario
from btr_sim.loading import ConfigError, apply_overrides, load_scenario, nest_dotted

ROOT = Path(__file__).resolve().parents[1]


def write(tmp_path: Path, text: str, name: str = "scenario.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_are_valid_and_describe_the_status_quo():
    s = Scenario()
    assert s.standards.rule == "disunified"
    assert s.procedure.rule == "informal"
    assert s.reinstatement.disclosure == "quiet"
    assert s.world.n_posts == 100 and s.world.n_citizens == 10_000


def test_shipped_configs_load():
    # Every scenario file under configs/; configs/posterior/ holds posterior files (their own
    # reader and test: tests/test_posterior_worlds.py).
    posterior = ROOT / "configs" / "posterior"
    paths = [p for p in sorted((ROOT / "configs").rglob("*.yaml")) if posterior not in p.parents]
    assert len(paths) >= 10
    for path in paths:
        assert isinstance(load_scenario(path), Scenario), path


def test_the_shipped_posterior_is_read_and_its_medians_are_the_defaults():
    from btr_sim.experiments.posterior import read_posterior

    shipped = read_posterior(ROOT / "configs" / "posterior" / "status_quo.yaml")
    defaults = Scenario()
    for parameter in shipped.parameters:
        values = shipped.particles[parameter].to_numpy()
        order = values.argsort()
        cumulative = shipped.weights[order].cumsum()
        median = values[order][cumulative.searchsorted(0.5)]
        section, *path = parameter.split(".")
        value = getattr(defaults, section)
        for key in path:
            value = getattr(value, key)
        # The defaults are the medians to 3 significant figures (integers rounded).
        assert value == pytest.approx(median, rel=0.06, abs=0.5 if isinstance(value, int) else 0)


def test_file_holds_only_overrides(tmp_path):
    s = load_scenario(write(tmp_path, "procedure:\n  rule: formal\ntransparency: 0.9\n"))
    assert s.procedure.rule == "formal"
    assert s.transparency == 0.9
    assert s.procedure.investigation_months == Scenario().procedure.investigation_months
    assert s.name == "scenario"  # the file's stem when no name is given


def test_extends_overrides_the_parent(tmp_path):
    write(tmp_path, "name: base\ntransparency: 0.3\nprocedure: {rule: formal}\n", "base.yaml")
    child = load_scenario(write(tmp_path, "extends: base.yaml\nname: child\ntransparency: 0.9\n"))
    assert child.name == "child"
    assert child.transparency == 0.9
    assert child.procedure.rule == "formal"


def test_circular_extends_is_refused(tmp_path):
    write(tmp_path, "extends: b.yaml\n", "a.yaml")
    write(tmp_path, "extends: a.yaml\n", "b.yaml")
    with pytest.raises(ConfigError, match="circular"):
        load_scenario(tmp_path / "a.yaml")


def test_unknown_key_names_file_path_and_suggestion(tmp_path):
    path = write(tmp_path, "procedure:\n  rul: formal\n")
    with pytest.raises(ConfigError) as err:
        load_scenario(path)
    text = str(err.value)
    assert str(path) in text
    assert "procedure.rul" in text
    assert "did you mean 'rule'" in text


def test_wrong_literal_lists_allowed_values(tmp_path):
    with pytest.raises(ConfigError) as err:
        load_scenario(write(tmp_path, "standards:\n  rule: strict\n"))
    text = str(err.value)
    assert "standards.rule" in text and "'unified'" in text and "'disunified'" in text


def test_out_of_range_states_the_range(tmp_path):
    with pytest.raises(ConfigError) as err:
        load_scenario(write(tmp_path, "transparency: 1.5\n"))
    assert "transparency" in str(err.value) and "[0, 1]" in str(err.value)


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("", "empty"),
        ("- a\n- b\n", "mapping"),
        ("procedure: [unclosed\n", "not valid YAML"),
        ("months: many\n", "months"),
        ("months: -3\n", "months"),
        ("incidents:\n  scripted:\n    - {month: 5, post: 999}\n", "post"),
        (
            "incidents:\n  scripted:\n    - {month: 5, post: 1, exposed_after_months: 2}\n",
            "concealed",
        ),
    ],
)
def test_bad_files_raise_config_error(tmp_path, text, fragment):
    with pytest.raises(ConfigError) as err:
        load_scenario(write(tmp_path, text))
    assert fragment in str(err.value)


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match="file not found"):
        load_scenario(tmp_path / "nope.yaml")


def test_dotted_and_nested_overrides_agree():
    a = apply_overrides(
        Scenario(), {"procedure.rule": "formal", "citizens.initial_trust.mean": 0.4}
    )
    b = apply_overrides(
        Scenario(), {"procedure": {"rule": "formal"}, "citizens": {"initial_trust": {"mean": 0.4}}}
    )
    assert a == b
    assert a.citizens.initial_trust.concentration == Scenario().citizens.initial_trust.concentration


def test_nest_dotted_refuses_conflicts():
    with pytest.raises(TypeError):
        nest_dotted({"transparency": 0.5, "transparency.x": 1})


def test_scenarios_are_frozen():
    s = Scenario()
    with pytest.raises(Exception):  # noqa: B017 - pydantic raises ValidationError
        s.transparency = 0.9  # type: ignore[misc]
