"""The facts catalogue: observations with their uncertainty, labels, and the label rules.

The rules: the calibration fits only facts labelled `calibration` and observed under the rule
set it calibrates (never a validation fact, never a foreign fact); a fact is measured only
under its own rule set; by-construction facts are shown and checked to hold, not scored.
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import numpy as np
import pytest

from btr_sim import run_scenario
from btr_sim.core.randomness import replication_seeds
from btr_sim.loading import load_scenario
from btr_sim.validation import facts as catalogue
from btr_sim.validation.calibration import CalibrationProblem, Prior, load_calibration
from btr_sim.validation.facts import (
    FACTS,
    RULE_SETS,
    Label,
    calibration_facts,
    check_catalogue,
    fact,
    select,
)
from btr_sim.validation.observations import Count, Estimate, Exact, Range, Sign
from btr_sim.validation.suite import fact_row, run_facts

ROOT = Path(__file__).resolve().parents[1]
CALIBRATION_FILE = ROOT / "experiments" / "calibration" / "status_quo.yaml"


# -- observations --------------------------------------------------------------------------------


def test_count_is_a_jeffreys_proportion():
    c = Count(29, 85)
    assert c.value == pytest.approx(29.5 / 86)
    assert c.variance == pytest.approx(29.5 * 56.5 / (86**2 * 87))
    low, high = c.interval()
    assert low < 29 / 85 < high and high - low < 0.25
    none = Count(0, 29)
    assert none.value > 0 and none.variance > 0 and none.interval()[0] == pytest.approx(0, abs=1e-4)
    with pytest.raises(ValueError):
        Count(5, 4)


def test_range_in_words_is_a_95_percent_interval_around_its_best_value():
    half = Range(0.4, 0.6, "about half")
    assert half.value == pytest.approx(0.5)
    assert half.variance == pytest.approx((0.1 / 1.959964) ** 2, rel=1e-5)
    none = Range(0.0, 0.1, "none", best=0.0)
    assert none.value == 0.0 and math.sqrt(none.variance) == pytest.approx(0.1 / 1.959964, rel=1e-5)
    with pytest.raises(ValueError):
        Range(0.3, 0.2, "backwards")
    with pytest.raises(ValueError):
        Range(0.0, 0.1, "none", best=0.2)


def test_signs_and_exact_values_cannot_enter_a_likelihood():
    assert Sign().variance is None and Sign().interval()[0] > 0
    assert Exact(0.0).variance is None and Exact(0.0).interval() == (0.0, 0.0)
    assert Estimate(0.3, 0.05).interval() == pytest.approx((0.3 - 0.098, 0.3 + 0.098), abs=1e-3)


# -- the catalogue and its labels -------------------------------------------------------------


def test_the_catalogue_is_consistent():
    assert check_catalogue() == []
    assert {f.label for f in FACTS} == set(Label)


def test_a_foreign_fact_on_chinese_rules_is_refused():
    german = fact("resignation_share_germany")
    misplaced = dataclasses.replace(german, rule_set="status_quo")
    problems = check_catalogue([*FACTS, dataclasses.replace(misplaced, name="misplaced")])
    assert problems == ["misplaced: observed in Germany, but its rule set 'status_quo' is China's"]
    with pytest.raises(ValueError, match="observed in Germany"):
        run_facts(2, facts=[misplaced])


def test_calibration_fits_only_calibration_facts_of_its_rule_set():
    fitted = calibration_facts("status_quo")
    assert fitted == select(Label.CALIBRATION, "status_quo")
    assert {f.name for f in fitted} == {
        "reinstated_share",
        "reinstated_share_accident",
        "reinstated_share_misconduct",
        "hierarchical_trust_share",
        "central_corrective_size",
    }
    for f in FACTS:
        if f.label is not Label.CALIBRATION or f.rule_set != "status_quo":
            assert f not in fitted, f.name
    held_out = {f.name for f in select(Label.VALIDATION, "status_quo")}
    assert {"reinstated_share_local2012", "gap_2_15_months", "reversal_share"} <= held_out
    # The corrective effect: its size on the centre is fitted, its directions are held out.
    assert {"corrective_gap", "corrective_gap_fades", "central_corrective_gap_fades"} <= held_out
    trust = {"hierarchical_trust_share", "central_corrective_size"}
    fitted_measures = {f.measure for f in fitted if f.name in trust}
    assert not fitted_measures & {f.measure for f in select(Label.VALIDATION, "status_quo")}


@pytest.mark.parametrize(
    "name", ["reinstated_share_local2012", "none_announced", "resignation_share_germany"]
)
def test_calibration_refuses_any_other_fact(name):
    with pytest.raises(ValueError):
        calibration_facts("status_quo", [*calibration_facts("status_quo"), fact(name)])


def test_a_foreign_calibration_fact_is_refused_on_the_status_quo():
    german = dataclasses.replace(fact("resignation_share_germany"), label=Label.CALIBRATION)
    with pytest.raises(ValueError, match="germany_1969_2005"):
        calibration_facts("status_quo", [german])


def test_a_problem_cannot_be_built_with_a_validation_fact():
    # The firewall sits in the problem itself: whatever a caller passes, the distance is built
    # from its facts, and it refuses validation facts.
    with pytest.raises(ValueError, match="validation fact"):
        CalibrationProblem(
            name="leak",
            base=load_calibration(CALIBRATION_FILE).base,
            rule_set="status_quo",
            facts=(fact("reinstated_share"), fact("reinstated_share_local2012")),
            priors={"reinstatement.monthly_hazard": Prior(uniform=(0.01, 0.1))},
        )


def test_the_calibration_file_takes_its_facts_by_label(monkeypatch):
    problem = load_calibration(CALIBRATION_FILE)
    assert problem.facts == calibration_facts("status_quo")
    assert problem.resolved()["facts"] == [f.name for f in problem.facts]
    # Relabel a fitted fact as validation: the same file no longer fits it.
    relabelled = tuple(
        dataclasses.replace(f, label=Label.VALIDATION) if f.name == "reinstated_share" else f
        for f in FACTS
    )
    monkeypatch.setattr(catalogue, "FACTS", relabelled)
    again = load_calibration(CALIBRATION_FILE)
    assert "reinstated_share" not in {f.name for f in again.facts}
    assert again.hash != problem.hash


def test_every_modelled_rule_set_has_its_scenario_file():
    for rules in RULE_SETS.values():
        if rules.config is not None:
            assert (ROOT / "configs" / rules.config).exists(), rules.name


# -- the suite's verdicts ---------------------------------------------------------------------


def test_by_construction_facts_hold_or_are_violated_never_pass():
    f = fact("none_announced")
    assert fact_row(f, [0.0, 0.0, np.nan])["status"] == "holds"
    assert fact_row(f, [0.0, 0.2])["status"] == "VIOLATED"


def test_a_sign_needs_its_whole_interval_a_count_its_mean():
    gap = fact("corrective_gap")
    assert fact_row(gap, [0.02, 0.03, 0.025])["status"] == "pass"
    assert fact_row(gap, [0.05, -0.04, 0.01])["status"] == "FAIL"  # mean > 0, CI is not
    share = fact("reinstated_share")
    assert fact_row(share, [0.30, 0.36])["status"] == "pass"
    assert fact_row(share, [0.60, 0.70])["status"] == "FAIL"


def test_facts_of_unmodelled_rule_sets_are_listed_not_measured():
    row = fact_row(fact("resignation_share_uk"), None)
    assert row["status"] == "not measured" and math.isnan(row["mean"])


# -- the by-construction facts hold, and could fail ------------------------------------------


def _summaries(scenario, n: int, master: int) -> list[dict[str, float]]:
    return [run_scenario(scenario, s).summary for s in replication_seeds(master, n)]


@pytest.mark.parametrize("year", ["2009", "2014"])
def test_reformed_rules_no_return_within_a_year(year: str):
    f = fact(f"no_return_within_year_{year}")
    # The reformed regime in its own equilibrium, as the facts suite measures it: cadres removed
    # during a status-quo warm-up would keep the rules of their removal (no cooling-off).
    scenario = load_scenario(
        ROOT / "configs" / f"reform_{year}.yaml", {"months": 120, "before": "own"}
    )
    assert scenario.reinstatement.cooling_off_months == 12  # the rule the fact rests on
    for seed in replication_seeds(7, 3):
        result = run_scenario(scenario, seed)
        months = result.events.loc[result.events["event"] == "reinstatement", "value"]
        assert (months >= 12).all()
        assert fact_row(f, [result.summary[f.measure]])["status"] == "holds"


def test_reform_rules_allow_returns_at_all():
    # The 12-month check must be able to fail: under the 2009 and 2014 rules cadres do
    # return, only later; the status quo returns some within the year.
    early = _summaries(load_scenario(ROOT / "configs" / "status_quo.yaml", {"months": 120}), 3, 8)
    for reform in ("reform_2009.yaml", "reform_2014.yaml"):
        late = _summaries(
            load_scenario(ROOT / "configs" / reform, {"months": 240, "before": "own"}), 3, 8
        )
        assert sum(s["reinstatement_rate"] for s in late) > 0, reform
        assert sum(s["early_reinstatements_per_100cy"] for s in late) == 0, reform
    assert sum(s["early_reinstatements_per_100cy"] for s in early) > 0


def test_docs_list_every_fact_with_its_label():
    # docs/validation.md's table of facts is checked against the catalogue, so it cannot drift.
    text = (ROOT / "docs" / "validation.md").read_text(encoding="utf-8")
    rows = {
        line.split("|")[1].strip().strip("`"): line.split("|")[2].strip()
        for line in text.splitlines()
        if line.startswith("| `")
    }
    for f in FACTS:
        assert rows.get(f.name) == str(f.label), f.name
