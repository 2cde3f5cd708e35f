"""The thesis's experiment files: every design point is a valid scenario, as the thesis sets it.

Read with the runner's own loader and planner (btr_sim.experiments), as `btr-sim run` and
`btr-sim check` read them.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from support.results_dir import LAYERS

from btr_sim.experiments import load_experiment_spec, plan_experiment
from btr_sim.loading import load_scenario

ROOT = Path(__file__).resolve().parents[1]
THESIS = {
    "countermeasures": 8,
    "transparency_participation": 36,
    "reinstatement_rules": 16,
    "standards_procedure": 4,
}
EXPERIMENTS = [ROOT / "experiments" / f"{name}.yaml" for name in THESIS]


def _settings(scenario) -> dict:
    data = scenario.model_dump()
    data.pop("name"), data.pop("description")
    return data


def test_the_four_thesis_experiments_are_shipped():
    assert all(p.exists() for p in EXPERIMENTS)


@pytest.mark.parametrize("path", EXPERIMENTS, ids=lambda p: p.stem)
def test_experiment_file_expands_to_valid_scenarios(path):
    spec = load_experiment_spec(path)
    assert spec.name == path.stem
    assert len(spec.description.split()) >= 20  # a short description, not a placeholder
    assert spec.replications >= 20 and isinstance(spec.master_seed, int)
    assert "summary" in spec.record
    plan = plan_experiment(path)
    points, factors = plan.points, plan.factors
    assert len(points) == THESIS[path.stem] == math.prod(len(v) for v in factors.values())
    assert len({p.name for p in points}) == len(points)
    assert all(p.scenario.months == spec.months for p in points)
    # The reference (named, or by default the first levels of a factorial) is the status quo.
    assert plan.reference is not None
    matches = [p for p in points if p.name == plan.reference]
    assert len(matches) == 1
    status_quo = load_scenario(ROOT / "configs" / "status_quo.yaml", {"months": spec.months})
    assert _settings(matches[0].scenario) == _settings(status_quo)


def test_countermeasures_all_on_is_the_full_reform():
    plan = plan_experiment(ROOT / "experiments" / "countermeasures.yaml")
    assert plan.factors == {
        "moral": ["off", "on"],
        "legal": ["off", "on"],
        "supporting": ["off", "on"],
    }
    all_on = next(p for p in plan.points if set(p.factors.values()) == {"on"})
    full = load_scenario(ROOT / "configs" / "full_reform.yaml")
    assert _settings(all_on.scenario) == _settings(full)


def test_countermeasure_levers_match_the_analysis_fixture():
    spec = load_experiment_spec(ROOT / "experiments" / "countermeasures.yaml")
    levers = {name: levels["on"] for name, levels in spec.design.levers.items()}
    assert levers == LAYERS
