"""Rule timelines: how they are written and checked, and what a change of rules does."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import small

import btr_sim
from btr_sim import BTRModel, run_scenario
from btr_sim.cli import main
from btr_sim.config import Rules, Scenario
from btr_sim.core.events import REMOVALS
from btr_sim.loading import ConfigError, load_scenario

ROOT = Path(__file__).resolve().parents[1]
CONFIGS = ROOT / "configs"


def write(folder: Path, data: dict, name: str = "scenario.yaml") -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


# -- writing a timeline and the rules of the warm-up ---------------------------------------------


def test_before_and_timeline_resolve_into_complete_rule_sets(tmp_path, capsys):
    (tmp_path / "reforms").mkdir()
    write(tmp_path / "reforms", {"extends": str(CONFIGS / "reform_2014.yaml")}, "r2014.yaml")
    path = write(
        tmp_path,
        {
            "months": 120,
            "before": {"transparency": 0.1},
            "timeline": [
                {"month": 36, "extends": "reforms/r2014.yaml"},  # relative to this file
                {"month": 60, "transparency": 0.6, "reinstatement.cooling_off_months": 24},
            ],
        },
    )
    s = load_scenario(path)
    assert s.before == Rules(transparency=0.1)  # the status quo, overridden
    first, second = s.timeline
    assert first.month == 36 and first.name == "reform_2014"
    assert first.rule_values() == load_scenario(CONFIGS / "reform_2014.yaml").rules.rule_values()
    # A change without extends: the rules in force until then, overridden.
    assert second.procedure.rule == "formal" and second.transparency == 0.6
    assert second.reinstatement.cooling_off_months == 24
    assert second.name == "transparency=0.6, reinstatement.cooling_off_months=24"
    assert s.rule_changes() == [(36, "reform_2014"), (60, second.name)]
    # Resolved, the scenario written out reads back as itself (a results folder's point file).
    again = write(tmp_path, s.model_dump(mode="json"), "again.yaml")
    assert load_scenario(again) == s
    # `btr-sim check` lists each change by what it changes.
    assert main(["check", str(path)]) == 0
    shown = capsys.readouterr().out
    assert "2 change(s) of rules" in shown and "before.transparency = 0.1" in shown
    assert "timeline.1: month 60" in shown and "transparency = 0.6" in shown


def test_before_own_and_before_a_file(tmp_path):
    own = load_scenario(CONFIGS / "reform_2014.yaml", {"before": "own"})
    assert own.before is None and own.warmup_rules == own.rules
    filed = load_scenario(
        CONFIGS / "status_quo.yaml", {"before": str(CONFIGS / "reform_2009.yaml")}
    )
    assert filed.before == load_scenario(CONFIGS / "reform_2009.yaml").rules
    assert Scenario().before == Rules()  # the default: the status quo


BAD = [
    ({"timeline": [{"month": 300, "transparency": 0.5}]}, "timeline.0.month", "after the horizon"),
    ({"timeline": [{"month": 0, "transparency": 0.5}]}, "timeline.0.month", "greater than or"),
    (
        {"timeline": [{"month": 30, "transparency": 0.5}, {"month": 30, "transparency": 0.6}]},
        "timeline.1.month",
        "does not come after the previous change (month 30); allowed 31..240",
    ),
    ({"timeline": [{"month": 30, "transparancy": 0.5}]}, "timeline.0.transparancy", "did you mean"),
    ({"timeline": [{"month": 30, "cadres.stigma": 0.5}]}, "timeline.0.cadres", "not a rule key"),
    ({"before": {"world": {"n_supervisors": 3}}}, "before.world", "not a rule key"),
    ({"timeline": [{"month": 30, "extends": "nope.yaml"}]}, "timeline.0.extends", "not found"),
    ({"before": "nope.yaml"}, "before.extends", "file not found"),
    ({"timeline": [{"transparency": 0.5}]}, "timeline.0.month", "Field required"),
    ({"warmup_months": -1}, "warmup_months", "int in [0, 12000]"),
]


@pytest.mark.parametrize(("data", "field", "fragment"), BAD, ids=[b[1] for b in BAD])
def test_bad_timelines_are_refused_with_file_field_and_allowed_values(
    tmp_path, capsys, data, field, fragment
):
    path = write(tmp_path, data)
    with pytest.raises(ConfigError) as err:
        load_scenario(path)
    message = str(err.value)
    assert str(path) in message and field in message and fragment in message, message
    if "unknown key" in message or "not a rule key" in message:
        assert "allowed keys here: month, name, ethics, standards" in message or (
            "allowed keys here: ethics, standards, procedure" in message
        )
    assert main(["run", str(path), "--seed", "1"]) == 2  # exit status 2, no traceback
    assert field in capsys.readouterr().err


# -- what a change of rules does -----------------------------------------------------------------

BUSY = dict(
    months=72,
    warmup_months=24,
    incidents__accident_rate=0.06,
    incidents__misconduct_rate=0.06,
    reinstatement__monthly_hazard=0.5,
    reinstatement__return_window_months=36,
)


@pytest.mark.parametrize("month", [1, 30])
def test_a_change_at_month_m_changes_nothing_before_m(month):
    plain = small(**BUSY)
    reform = str(CONFIGS / "full_reform.yaml")
    changed = small(**BUSY, timeline=[{"month": month, "extends": reform}])
    for seed in (1, 2):
        a, b = run_scenario(plain, seed), run_scenario(changed, seed)
        before_a, before_b = a.events[a.events.month < month], b.events[b.events.month < month]
        pd.testing.assert_frame_equal(before_a, before_b)
        pd.testing.assert_frame_equal(a.series.loc[: month - 1], b.series.loc[: month - 1])
        rules = b.events[b.events.event == "rules"]
        assert rules[["month", "rule"]].values.tolist() == [
            [0, plain.name],
            [month, "full_reform"],
        ]
        # ... and something from m on (the known answer has room to fail).
        assert not a.series.loc[month:].equals(b.series.loc[month:])


def removal_months(events: pd.DataFrame) -> pd.Series:
    """For each reinstatement, the month of the removal it ends."""
    back = events[events.event == "reinstatement"]
    return back.month - back.value


#: Many posts, many accidents, quick returns: removals on both sides of a change, and returns.
RETURNING = dict(
    BUSY,
    world__n_supervisors=8,
    world__posts_per_supervisor=10,
    world__citizens_per_post=10,
    incidents__accident_rate=0.08,
    incidents__misconduct_rate=0.02,
    reinstatement__misconduct_factor=1.0,
)


def test_a_cooling_off_introduced_at_month_m_applies_to_removals_from_m_only():
    m = 36
    scenario = small(**RETURNING, timeline=[{"month": m, "reinstatement.cooling_off_months": 12}])
    early_after_m = 0
    for seed in (1, 2):
        events = run_scenario(scenario, seed).events
        back = events[events.event == "reinstatement"]
        removed = removal_months(events)
        assert len(back[removed >= m]) > 0
        assert (back[removed >= m].value >= 12).all()  # the new rule for new removals
        # Cadres removed before m keep the rule of their removal: some return within the year
        # after m has come (were the rule retroactive, none would).
        early_after_m += int(((back.month >= m) & (removed < m) & (back.value < 12)).sum())
    assert early_after_m > 0


def test_an_open_investigation_ends_under_the_procedure_that_opened_it():
    m = 30
    scenario = small(
        **{**BUSY, "reinstatement__monthly_hazard": 0.07},
        procedure__rule="formal",
        procedure__investigation_months=6,
        timeline=[{"month": m, "procedure.rule": "informal"}],
    )
    carried = 0
    for seed in (1, 2):
        events = run_scenario(scenario, seed).events
        opened = events[events.event == "investigation"]  # value: the month it is due
        decided = events[events.event.isin(["no_action", "apology", *(k.value for k in REMOVALS)])]
        decided = decided[decided.rule.str.startswith("procedure=")]
        for _, case in opened[opened.month < m].iterrows():
            verdict = decided[(decided.incident == case.incident) & (decided.month == case.value)]
            if case.value >= m and len(verdict):
                assert verdict.rule.iloc[0].startswith("procedure=formal")
                carried += 1
        assert (opened.month < m).all()  # no formal case is opened after the change
        assert decided[decided.month > m + 6].rule.str.startswith("procedure=informal").all()
    assert carried > 0  # cases straddling the change were decided, under the formal procedure


def test_only_the_rules_that_change_are_rebuilt():
    model = BTRModel(small(**BUSY), seed=2)
    thresholds = [s.threshold for s in model.supervisors]
    procedure, policy = model.procedure, model.reinstatement
    model.take_effect(model.config.rules.model_copy(update={"transparency": 0.7}), "open")
    assert [s.threshold for s in model.supervisors] == thresholds  # not drawn again
    assert model.procedure is procedure and model.reinstatement is not policy
    # Under new standards a supervisor keeps its leaning: the strictest stays the strictest.
    narrower = model.config.standards.model_copy(update={"dispersion": 0.25})
    model.take_effect(model.config.rules.model_copy(update={"standards": narrower}), "narrower")
    now = [s.threshold for s in model.supervisors]
    assert np.argsort(now).tolist() == np.argsort(thresholds).tolist() and now != thresholds
    assert model.procedure is procedure
    assert model.events.to_frame().rule.tolist()[-2:] == ["open", "narrower"]


def test_participation_takes_effect_on_pressure_at_once():
    model = BTRModel(small(**BUSY), seed=4)
    voicing = model.citizens.pressure / model.config.citizen_participation
    model.take_effect(model.config.rules.model_copy(update={"citizen_participation": 0.9}), "p")
    np.testing.assert_allclose(model.citizens.pressure, 0.9 * voicing)


def test_a_point_file_with_a_timeline_reproduces_its_row(tmp_path):
    experiment = {
        "name": "reform_at_year_two",
        "scenarios": [
            {
                "name": "status_quo",
                "extends": str(CONFIGS / "status_quo.yaml"),
                "months": 36,
                "warmup_months": 12,
                "world": {"n_supervisors": 2, "posts_per_supervisor": 5, "citizens_per_post": 10},
            },
            {
                "name": "reform_at_24",
                "extends": str(CONFIGS / "status_quo.yaml"),
                "months": 36,
                "warmup_months": 12,
                "world": {"n_supervisors": 2, "posts_per_supervisor": 5, "citizens_per_post": 10},
                # relative to the experiment file, as extends: is
                "timeline": [{"month": 24, "extends": "../rules/full.yaml"}],
            },
        ],
        "replications": 2,
        "record": ["summary", "series"],
    }
    for folder in ("rules", "experiments"):
        (tmp_path / folder).mkdir()
    write(tmp_path / "rules", {"extends": str(CONFIGS / "full_reform.yaml")}, "full.yaml")
    path = write(tmp_path / "experiments", experiment, "experiment.yaml")
    out = tmp_path / "out"
    assert main(["run", str(path), "--out", str(out), "--executor", "serial", "-q"]) == 0
    results = btr_sim.open_results(out)
    assert results.rule_changes("reform_at_24") == [(24, "full_reform")]
    assert results.rule_changes("status_quo") == []
    row = results.runs.set_index("run_id").loc["reform_at_24#1"]
    one = tmp_path / "one"
    point = results.scenario_file("reform_at_24")
    assert main(["run", str(point), "--seed", str(row.seed), "--out", str(one), "-q"]) == 0
    again = btr_sim.open_results(one).runs.iloc[0]
    assert again.credibility_end == row.credibility_end
    assert again.removals_per_100cy == row.removals_per_100cy


def test_figures_and_tables_mark_and_time_a_reform_of_the_timeline(tmp_path):
    from btr_sim.analysis.plots import plot_credibility
    from btr_sim.analysis.tables import compare

    world = {"n_supervisors": 2, "posts_per_supervisor": 5, "citizens_per_post": 10}
    base = {"extends": str(CONFIGS / "status_quo.yaml"), "months": 48, "warmup_months": 12}
    experiment = {
        "name": "reform_at_month_12",
        "scenarios": [
            {"name": "status_quo", **base, "world": world},
            {
                "name": "reform",
                **base,
                "world": world,
                "timeline": [{"month": 12, "extends": str(CONFIGS / "full_reform.yaml")}],
            },
        ],
        "replications": 3,
        "record": ["summary", "series"],
    }
    results = btr_sim.run_experiment(
        experiment, out=tmp_path / "out", executor="serial", progress=False
    )
    plot = plot_credibility(results, "status_quo")
    for ax in plot.figure.axes[:2]:
        marks = [line for line in ax.get_lines() if line.get_label() == "_rule change"]
        assert [line.get_xdata()[0] for line in marks] == [12]
    assert "full_reform" in [text.get_text() for text in plot.figure.axes[0].texts]
    assert "changes of rules" in plot.caption
    timing = compare(results, "status_quo").timing
    assert list(timing["scenario"]) == ["reform"] and timing["n_pairs"].iloc[0] == 3


def test_a_model_names_its_changes_of_rules_for_the_explorer():
    changes = [{"month": 6, "extends": str(CONFIGS / "reform_2014.yaml")}, {"month": 9}]
    model = BTRModel(small(months=12, warmup_months=0, timeline=changes), seed=1)
    assert model.rule_changes == [(6, "reform_2014"), (9, "timeline.1")]
    model.run()
    rules = model.events.to_frame().query("event == 'rules'")
    assert list(zip(rules.month, rules.rule, strict=True)) == [
        (0, "status_quo"),
        (6, "reform_2014"),
        (9, "timeline.1"),
    ]
