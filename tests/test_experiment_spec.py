"""Experiment files: designs expand into the right design points, seeds, hashes and errors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from conftest import TINY_SCENARIO, tiny_experiment

from btr_sim.cli import main
from btr_sim.cli.worlds import file_worlds
from btr_sim.core.randomness import replication_seeds
from btr_sim.experiments import plan_experiment
from btr_sim.loading import ConfigError, load_scenario

ROOT = Path(__file__).resolve().parents[1]
EXPERIMENTS = sorted((ROOT / "experiments").glob("*.yaml"))


def without_names(scenario) -> dict:
    return scenario.model_dump(exclude={"name", "description"})


# -- the shipped experiments -------------------------------------------------------------------


def test_every_design_kind_ships_an_example():
    kinds = {plan_experiment(path, worlds=file_worlds).kind for path in EXPERIMENTS}
    assert kinds == {"list", "factorial", "grid", "lhs"}


def test_countermeasures_is_the_thesis_factorial():
    plan = plan_experiment(ROOT / "experiments" / "countermeasures.yaml")
    assert plan.kind == "factorial" and len(plan.points) == 8
    assert plan.factors == {
        "moral": ["off", "on"],
        "legal": ["off", "on"],
        "supporting": ["off", "on"],
    }
    by_levels = {tuple(p.factors.values()): p.scenario for p in plan.points}
    status_quo = load_scenario(ROOT / "configs" / "status_quo.yaml")
    full = load_scenario(ROOT / "configs" / "full_reform.yaml")
    assert without_names(by_levels["off", "off", "off"]) == without_names(status_quo)
    assert without_names(by_levels["on", "on", "on"]) == without_names(full)
    moral_only = by_levels["on", "off", "off"]
    assert moral_only.ethics == full.ethics and moral_only.procedure == status_quo.procedure
    assert plan.reference == "moral=off,legal=off,supporting=off"


# -- designs -----------------------------------------------------------------------------------


def test_list_with_files_inline_extends_and_dotted_keys(tmp_path, write_experiment):
    (tmp_path / "base.yaml").write_text("name: base\nmonths: 12\ntransparency: 0.3\n")
    path = write_experiment(
        {
            "name": "listed",
            "scenarios": [
                "base.yaml",
                {"name": "formal", "extends": "base.yaml", "procedure.rule": "formal"},
                {"name": "inline", **TINY_SCENARIO},
            ],
            "replications": 2,
        }
    )
    plan = plan_experiment(path)
    assert [p.name for p in plan.points] == ["base", "formal", "inline"]
    base, formal, inline = (p.scenario for p in plan.points)
    assert formal.procedure.rule == "formal" and formal.transparency == 0.3
    assert base.procedure.rule == "informal"
    assert inline.world.n_posts == 6
    assert plan.factors == {} and plan.reference == "base"


def test_grid_is_a_product_with_validated_levels_and_bases_as_a_factor(write_experiment):
    data = tiny_experiment(
        scenarios=[{"name": "a", **TINY_SCENARIO}, {"name": "b", **TINY_SCENARIO}],
        design={
            "kind": "grid",
            "parameters": {"transparency": [0, 0.5, 1], "procedure.rule": ["informal", "formal"]},
        },
    )
    plan = plan_experiment(write_experiment(data))
    assert len(plan.points) == 2 * 3 * 2
    assert plan.factors == {
        "base": ["a", "b"],
        "transparency": [0.0, 0.5, 1.0],
        "procedure.rule": ["informal", "formal"],
    }
    point = plan.points[3]
    assert point.name == "base=a,transparency=0.5,procedure.rule=formal"
    assert point.scenario.transparency == 0.5 and point.scenario.procedure.rule == "formal"
    assert point.factors == {"base": "a", "transparency": 0.5, "procedure.rule": "formal"}


def test_latin_hypercube_stratifies_every_range(write_experiment):
    n = 20
    data = tiny_experiment(
        design={
            "kind": "lhs",
            "samples": n,
            "ranges": {"transparency": [0.2, 0.6], "reinstatement.cooling_off_months": [0, 19]},
        }
    )
    plan = plan_experiment(write_experiment(data))
    assert len(plan.points) == n
    t = np.array(plan.factors["transparency"])
    # Latin hypercube: exactly one sample in each of the n equal strata of the range.
    strata = np.floor((t - 0.2) / 0.4 * n).astype(int)
    assert sorted(strata) == list(range(n))
    months = plan.factors["reinstatement.cooling_off_months"]
    assert sorted(months) == list(range(20))  # 20 whole numbers in [0, 19], one per stratum
    assert [p.scenario.transparency for p in plan.points] == list(t)
    again = plan_experiment(write_experiment(data))
    assert again.factors == plan.factors
    other = plan_experiment(write_experiment({**data, "master_seed": 43}))
    assert other.factors["transparency"] != plan.factors["transparency"]


# -- seeds and identity ------------------------------------------------------------------------


def test_common_seeds_from_the_master_seed(write_experiment):
    plan = plan_experiment(write_experiment(tiny_experiment(replications=4, master_seed=9)))
    assert list(plan.seeds) == replication_seeds(9, 4)
    tasks = plan.tasks()
    assert len(tasks) == plan.n_runs == 8
    for task in tasks:
        assert task.seed == plan.seeds[task.replication]
        assert task.run_id == f"{task.scenario.name}#{task.replication}"
    assert len({t.run_id for t in tasks}) == len(tasks)


def test_hash_identifies_what_determines_the_tables(write_experiment):
    base = tiny_experiment()
    h = plan_experiment(write_experiment(base)).hash
    assert plan_experiment(write_experiment(base)).hash == h
    assert plan_experiment(write_experiment({**base, "description": "reworded"})).hash == h
    for change in ({"replications": 4}, {"master_seed": 1}, {"months": 6}, {"record": ["summary"]}):
        assert plan_experiment(write_experiment({**base, **change})).hash != h, change
    assert plan_experiment(write_experiment(base), replications=2).hash != h


def test_months_override_reaches_every_point(write_experiment):
    plan = plan_experiment(write_experiment(tiny_experiment()), months=5)
    assert {p.scenario.months for p in plan.points} == {5} and plan.months == 5


# -- errors ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change, fragments",
    [
        ({"replicatons": 3}, ["replicatons", "did you mean 'replications'"]),
        ({"replications": -1}, ["replications", "greater than or equal to 1"]),
        ({"replications": 10**30}, ["replications"]),
        ({"master_seed": -5}, ["master_seed"]),
        ({"name": "a/b"}, ["name", "'/'"]),
        ({"record": ["summary", "sereis"]}, ["record", "'series'"]),
        ({"design": {"kind": "factorail"}}, ["design.kind", "did you mean 'factorial'"]),
        ({"design": {"kind": "grid", "parameterz": {}}}, ["design.parameterz", "'parameters'"]),
        (
            {"design": {"kind": "factorial", "levers": {"legal": {"on": {"standards.rul": "x"}}}}},
            ["design.levers.legal.on", "standards.rul", "did you mean 'rule'"],
        ),
        (
            {"design": {"kind": "factorial", "levers": {"a": {"on": {"transparency": 2}}}}},
            ["design.levers.a.on", "transparency"],
        ),
        (
            {
                "design": {
                    "kind": "factorial",
                    "levers": {"a": {"on": {"transparency": 0.5}}, "b": {"x": {"transparency": 1}}},
                }
            },
            ["levers 'a' and 'b' both set 'transparency'"],
        ),
        (
            {"design": {"kind": "grid", "parameters": {"transparncy": [0.1]}}},
            ["design.parameters.transparncy", "did you mean 'transparency'"],
        ),
        (
            {"design": {"kind": "grid", "parameters": {"procedure.rule": ["formal", "strict"]}}},
            ["design.parameters.procedure.rule.1", "'informal'"],
        ),
        (
            {"design": {"kind": "lhs", "samples": 4, "ranges": {"procedure.rule": [0, 1]}}},
            ["design.ranges.procedure.rule", "not numeric"],
        ),
        (
            {"design": {"kind": "lhs", "samples": 4, "ranges": {"transparency": [0.5, 0.1]}}},
            ["design.ranges", "below high"],
        ),
        (
            {"design": {"kind": "lhs", "samples": 4, "ranges": {"months": [1.5, 3]}}},
            ["design.ranges.months", "whole numbers"],
        ),
        ({"scenarios": ["missing.yaml"]}, ["scenarios.0", "not found"]),
        ({"scenarios": [{"name": "x", "procedure": {"rul": 1}}]}, ["scenarios.0.procedure.rul"]),
        ({"scenarios": [{"transparency": 0.1}]}, ["scenarios.0.name", "needs a name"]),
        ({"scenarios": [7]}, ["scenarios.0", "path of a scenario file"]),
        (
            {"scenarios": [{"name": "x"}, {"name": "x"}], "design": {"kind": "list"}},
            ["unique names", "'x'"],
        ),
        ({"reference": "supporting=of"}, ["reference", "did you mean 'supporting=off'"]),
    ],
)
def test_mistakes_name_file_field_and_allowed_values(write_experiment, change, fragments):
    path = write_experiment(tiny_experiment(**change))
    with pytest.raises(ConfigError) as err:
        plan_experiment(path)
    message = str(err.value)
    assert str(path) in message
    for fragment in fragments:
        assert fragment in message, (fragment, message)


def test_errors_in_a_referenced_scenario_file_name_both_files(tmp_path, write_experiment):
    (tmp_path / "bad.yaml").write_text("procedure:\n  rul: formal\n")
    path = write_experiment(tiny_experiment(scenarios=["bad.yaml"]))
    with pytest.raises(ConfigError) as err:
        plan_experiment(path)
    assert str(path) in str(err.value) and "bad.yaml" in str(err.value)
    assert "did you mean 'rule'" in str(err.value)


# -- check and schema --------------------------------------------------------------------------


def test_check_describes_an_experiment(capsys):
    assert main(["check", str(ROOT / "experiments" / "countermeasures.yaml")]) == 0
    out = capsys.readouterr().out
    assert "factorial design, 8 design point(s) x 100 replication(s) = 800 runs" in out
    assert "moral=on,legal=on,supporting=on" in out


def test_check_refuses_a_bad_experiment(write_experiment, capsys):
    path = write_experiment(tiny_experiment(replications=0))
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and "replications" in err and "Traceback" not in err


def _refs(node):
    if isinstance(node, dict):
        if "$ref" in node:
            yield node["$ref"]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


@pytest.mark.parametrize("kind", ["scenario", "experiment"])
def test_schema_is_json_with_resolvable_references(kind, capsys):
    assert main(["schema", "--kind", kind]) == 0
    schema = json.loads(capsys.readouterr().out)
    for ref in _refs(schema):
        assert ref.startswith("#/$defs/") and ref.removeprefix("#/$defs/") in schema["$defs"], ref
    if kind == "experiment":
        assert {"name", "scenarios", "design", "replications", "master_seed"} <= set(
            schema["properties"]
        )
        assert "replications" in schema["required"]
        assert {"FactorialDesign", "GridDesign", "LatinHypercubeDesign"} <= set(schema["$defs"])
    else:
        assert {"extends", "procedure", "transparency"} <= set(schema["properties"])
        # Every key the shipped scenario files use is known to the schema.
        for path in (ROOT / "configs").glob("*.yaml"):
            import yaml

            for key in yaml.safe_load(path.read_text()):
                assert key in schema["properties"], (path, key)
