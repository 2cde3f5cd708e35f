"""Property-based: malformed experiment files give a clean exit 2 (or 0), never a traceback.

Mutations replace any node of a valid experiment (and of the scenario file it refers to) with
junk, delete keys, add unknown keys, or break the YAML; `btr-sim check` must then either accept
the file or refuse it with exit status 2 and a message naming the file.
"""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import TINY_SCENARIO, tiny_experiment
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from btr_sim.cli import main

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.lists(st.one_of(st.integers(), st.text(max_size=5), st.floats()), max_size=3),
    st.dictionaries(st.text(max_size=6), st.one_of(st.integers(), st.text(max_size=4)), max_size=2),
)


def base_experiment() -> dict[str, Any]:
    """A valid experiment touching every feature: file and inline scenarios, a factorial."""
    return tiny_experiment(
        scenarios=[
            "scenario.yaml",
            {"name": "inline", "extends": "scenario.yaml", "procedure.rule": "formal"},
        ],
        design={
            "kind": "factorial",
            "levers": {
                "legal": {"off": {}, "on": {"standards": {"rule": "unified"}}},
                "supporting": {"off": None, "on": {"transparency": 0.8}},
            },
        },
        months=6,
        reference="base=inline,legal=off,supporting=off",
    )


DESIGNS = [
    {"kind": "grid", "parameters": {"transparency": [0.1, 0.9], "procedure.rule": ["formal"]}},
    {"kind": "lhs", "samples": 3, "ranges": {"transparency": [0, 1], "months": [1, 12]}},
    {"kind": "list"},
]


def paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path to a node of a YAML tree (mapping keys and list indices)."""
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += paths(value, (*prefix, i))
    return found


def replaced(tree: Any, path: tuple, value: Any) -> Any:
    tree = copy.deepcopy(tree)
    target = tree
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return tree


def check_files(experiment_text: str, scenario_text: str, capsys) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "scenario.yaml").write_text(scenario_text, encoding="utf-8")
        path = folder / "experiment.yaml"
        path.write_text(experiment_text, encoding="utf-8")
        status = main(["check", str(path)])
    captured = capsys.readouterr()
    assert status in (0, 2), captured.err
    assert "Traceback" not in captured.err
    if status == 2:
        assert str(path) in captured.err or "scenario.yaml" in captured.err
        assert "invalid configuration" in captured.err


SCENARIO_TEXT = yaml.safe_dump({"name": "base", **TINY_SCENARIO})
fuzz = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.mark.parametrize("design", [None, *DESIGNS])
def test_the_unmutated_experiments_are_valid(tmp_path, capsys, design):
    tree = base_experiment() if design is None else {**base_experiment(), "design": design}
    tree.pop("reference") if design is not None else None
    (tmp_path / "scenario.yaml").write_text(SCENARIO_TEXT, encoding="utf-8")
    path = tmp_path / "experiment.yaml"
    path.write_text(yaml.safe_dump(tree), encoding="utf-8")
    assert main(["check", str(path)]) == 0, capsys.readouterr().err


@fuzz
@given(data=st.data(), value=junk, design=st.sampled_from([None, *DESIGNS]))
def test_mutated_node(capsys, data, value, design):
    tree = base_experiment() if design is None else {**base_experiment(), "design": design}
    tree.pop("reference") if design is not None else None
    path = data.draw(st.sampled_from(paths(tree)))
    check_files(yaml.safe_dump(replaced(tree, path, value)), SCENARIO_TEXT, capsys)


@fuzz
@given(data=st.data(), key=st.text(min_size=1, max_size=12), value=junk)
def test_unknown_key_anywhere(capsys, data, key, value):
    tree = base_experiment()
    mappings = [p for p in paths(tree) if isinstance(_at(tree, p), dict)] + [()]
    path = data.draw(st.sampled_from(mappings))
    target = copy.deepcopy(tree)
    _at(target, path)[key] = value
    check_files(yaml.safe_dump(target), SCENARIO_TEXT, capsys)


@fuzz
@given(data=st.data())
def test_deleted_key(capsys, data):
    tree = base_experiment()
    keyed = [p for p in paths(tree) if isinstance(p[-1], str)]
    path = data.draw(st.sampled_from(keyed))
    target = copy.deepcopy(tree)
    del _at(target, path[:-1])[path[-1]]
    check_files(yaml.safe_dump(target), SCENARIO_TEXT, capsys)


@fuzz
@given(data=st.data(), value=junk)
def test_mutated_referenced_scenario(capsys, data, value):
    scenario = {"name": "base", **TINY_SCENARIO, "procedure": {"rule": "formal"}}
    path = data.draw(st.sampled_from(paths(scenario)))
    check_files(
        yaml.safe_dump(base_experiment()), yaml.safe_dump(replaced(scenario, path, value)), capsys
    )


@fuzz
@given(text=st.text(max_size=120))
def test_arbitrary_text_after_a_design_key(capsys, text):
    check_files("design:\n" + text, SCENARIO_TEXT, capsys)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "design: [",
        "scenarios: {a: 1}\nname: x\nreplications: 1\n",
        "scenarios: []\nname: x\nreplications: -3\n",
        "scenarios: []\nname: x\nreplications: 1000000000000000000000000000\n",
        "scenarios: []\nname: x\nreplications: 1\nmaster_seed: 99999999999999999999999999\n",
        "design: {kind: lhs, samples: 1e30, ranges: {transparency: [0, 1]}}\nname: x\n"
        "replications: 1\n",
        "design: {kind: grid, parameters: {transparency: [.nan, .inf]}}\nname: x\n"
        "replications: 1\n",
        "design:\n  kind: factorial\n  levers: {"
        + ", ".join(f"l{i}: {{a: {{}}, b: {{}}}}" for i in range(30))
        + "}\nname: x\nreplications: 1\n",
        "&a [*a]",
    ],
)
@pytest.mark.parametrize("command", ["check", "run"])
def test_malformed_experiments_exit_2(tmp_path, capsys, text, command):
    path = tmp_path / "experiment.yaml"
    path.write_text(text, encoding="utf-8")
    assert main([command, str(path), "--quiet"] if command == "run" else [command, str(path)]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and "Traceback" not in err


def _at(tree: Any, path: tuple) -> Any:
    for part in path:
        tree = tree[part]
    return tree
