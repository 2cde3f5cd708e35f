"""The explorer without a browser: controls, paired runs, feed wording, posts, charts, saving."""

from __future__ import annotations

import socket
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import small

from btr_sim.cli import main
from btr_sim.config import Scenario
from btr_sim.core.model import BTRModel
from btr_sim.explorer import CONTROLS, ExplorerModel, charts, feed, posts
from btr_sim.explorer.controls import control_value, scenario_with, start_values
from btr_sim.explorer.launch import LaunchSettings
from btr_sim.explorer.saving import file_name, save_scenario, scenario_yaml
from btr_sim.loading import ConfigError, load_scenario

ROOT = Path(__file__).resolve().parents[1]


def series(model: BTRModel) -> pd.DataFrame:
    return model.datacollector.get_model_vars_dataframe()


def stepped(model, months: int):
    for _ in range(months):
        model.step()
    return model


# -- controls ------------------------------------------------------------------------------


def test_every_control_names_a_configuration_field():
    scenario = Scenario()
    for control in CONTROLS:
        value = control_value(scenario, control)  # raises if the path is wrong
        if control.kind == "select":
            assert value in control.values
        else:
            low, high = control.bounds(value)
            assert low <= value <= high


def test_layers_cover_the_thesis_countermeasures():
    paths = {c.path for c in CONTROLS}
    assert {
        "standards.rule",
        "procedure.rule",
        "reinstatement.cooling_off_months",
        "reinstatement.evaluation",
        "reinstatement.disclosure",
        "transparency",
        "power_restriction",
        "citizen_participation",
        "ethics.integrity_shift",
        "ethics.integrity_growth_per_year",
    } <= paths
    assert {c.layer for c in CONTROLS} == {"legal", "supporting", "moral"}


def test_controls_start_from_the_scenario_opened():
    reform = load_scenario(ROOT / "configs" / "full_reform.yaml")
    values = start_values(reform, seed=5)
    assert values["procedure"] == "formal" and values["transparency"] == 0.8
    assert values["cooling_off_months"] == 12 and values["seed"] == "5"
    assert values["base"] is reform and values["baseline"] is reform


def test_slider_noise_is_rounded_to_the_step():
    scenario = scenario_with(Scenario(), {"transparency": 0.30000000000000004})
    assert scenario.transparency == 0.3
    assert (
        scenario_with(Scenario(), {"cooling_off_months": 11.6}).reinstatement.cooling_off_months
        == 12
    )


def test_scenario_with_refuses_unknown_and_invalid_values():
    with pytest.raises(KeyError, match="frobnicate"):
        scenario_with(Scenario(), {"frobnicate": 1})
    with pytest.raises(ConfigError, match=r"procedure\.rule"):
        scenario_with(Scenario(), {"procedure": "whimsical"})


def test_slider_range_widens_to_hold_the_scenario_value():
    cooling = next(c for c in CONTROLS if c.name == "cooling_off_months")
    assert cooling.bounds(48) == (0, 48)


# -- paired runs -----------------------------------------------------------------------------


def test_current_run_is_the_plain_model_with_those_settings():
    base = small()
    explorer = stepped(ExplorerModel(seed=4, base=base, procedure="formal"), 24)
    plain = stepped(BTRModel(scenario_with(base, {"procedure": "formal"}), seed=4), 24)
    pd.testing.assert_frame_equal(series(explorer.current), series(plain))
    assert explorer.month == 24 and explorer.baseline is None and len(explorer.runs) == 1


def test_side_by_side_runs_the_baseline_with_the_same_seed():
    base = small()
    explorer = stepped(
        ExplorerModel(seed=9, base=base, side_by_side=True, transparency=0.9, procedure="formal"),
        24,
    )
    plain_baseline = stepped(BTRModel(base, seed=9), 24)
    pd.testing.assert_frame_equal(series(explorer.baseline), series(plain_baseline))
    assert [r.role for r in explorer.runs] == ["baseline", "current"]
    # Common random numbers: before any decision can differ, the two face the same incidents.
    first = [
        r.model.events.to_frame().query("month == 1 and event == 'incident'")[["post", "severity"]]
        for r in explorer.runs
    ]
    pd.testing.assert_frame_equal(first[0], first[1])
    # ...and the settings do change the outcome.
    assert not series(explorer.baseline).equals(series(explorer.current))


def test_invalid_seed_falls_back_with_a_notice():
    explorer = ExplorerModel(seed="abc", base=small())
    assert explorer.seed == 0 and "whole number" in explorer.notice
    assert ExplorerModel(seed=" 12 ", base=small()).seed == 12


def test_mesa_reset_rebuilds_the_same_run():
    """Mesa's ModelController rebuilds the model from its parameters: that path must work."""
    from mesa.visualization.solara_viz import _build_model_init_kwargs

    values = start_values(small(), seed=3)
    values["procedure"] = "formal"
    first = stepped(ExplorerModel(**values), 12)
    kwargs = _build_model_init_kwargs(
        first, values, add_scenario_when_empty=True, require_model_accepts_scenario=True
    )
    again = stepped(type(first)(**kwargs), 12)
    pd.testing.assert_frame_equal(series(first.current), series(again.current))
    assert again.config.procedure.rule == "formal"


def test_pending_changes_list_what_reset_would_apply():
    pytest.importorskip("solara", reason="the explorer's page needs the viz extra")
    from btr_sim.explorer.panel import pending_changes

    values = start_values(small(), seed=3)
    model = ExplorerModel(**values)
    assert pending_changes(model, values) == []
    changed = {**values, "transparency": 0.65, "seed": "4", "side_by_side": True}
    assert pending_changes(model, changed) == ["Transparency", "Seed", "Side by side"]


# -- the feed --------------------------------------------------------------------------------


def _row(**fields) -> pd.Series:
    base = {
        "month": 37,
        "event": "voluntary_resignation",
        "incident": 3,
        "post": 12,
        "supervisor": 1,
        "cadre": 99,
        "severity": 2.0,
        "culpability": 0.9,
        "kind": "accident",
        "rule": "cadre=blame_taking",
        "value": 0.9,
    }
    return pd.Series({**base, **fields})


@pytest.mark.parametrize(
    "fields, text",
    [
        ({}, "month 37: the cadre of post 12 resigned over a grave accident"),
        (
            {"event": "ordered_resignation", "severity": 0.7, "kind": "misconduct"},
            "month 37: supervisor 1 ordered the cadre of post 12 to resign over serious misconduct",
        ),
        (
            {"event": "dismissal", "culpability": 0.2},
            "month 37: supervisor 1 dismissed the cadre of post 12 over a grave accident although "
            "its culpability was only 0.20 (a scapegoat)",
        ),
        (
            {"event": "no_action", "severity": 0.6},
            "month 37: supervisor 1 took no action over a serious accident at post 12 although "
            "the cadre was culpable (impunity)",
        ),
        (
            {"event": "reinstatement", "rule": "merit/public", "value": 13.0, "post": 30},
            "month 37: a cadre removed 13 months earlier over a grave accident was reinstated "
            "publicly at post 30 after a merit evaluation",
        ),
        (
            {"event": "discovery", "post": 30},
            "month 37: the media found out the quiet reinstatement at post 30",
        ),
    ],
)
def test_feed_wording(fields, text):
    assert feed.describe(_row(**fields), Scenario()) == text


@pytest.mark.parametrize(
    "fields",
    [
        {"event": "appointment"},
        {"event": "retirement"},
        {"event": "disclosure", "severity": 0.1},  # a minor incident is not news
        {"event": "no_action", "culpability": 0.1},  # not culpable: no impunity
    ],
)
def test_feed_leaves_out_routine(fields):
    assert feed.describe(_row(**fields), Scenario()) is None


def test_feed_tells_every_removal_newest_first():
    model = stepped(BTRModel(Scenario(months=60), seed=2), 60)
    events = model.events.to_frame()
    entries = feed.latest(events, model.config, n=10_000)
    months = [int(e.split(":")[0].removeprefix("month ")) for e in entries]
    assert months == sorted(months, reverse=True)
    removals = events["event"].isin(["voluntary_resignation", "ordered_resignation", "dismissal"])
    told = [
        e
        for e in entries
        if e.event in ("voluntary_resignation", "ordered_resignation", "dismissal")
    ]
    assert removals.sum() > 0 and len(told) == removals.sum()
    assert len(feed.latest(events, model.config, n=5)) == 5


# -- posts -----------------------------------------------------------------------------------


def test_post_cells_show_recent_removals_and_quiet_returns():
    model = stepped(BTRModel(Scenario(months=120), seed=2), 120)
    cells = posts.post_cells(model)
    assert len(cells) == model.config.world.n_posts
    by_post = {c.post: c for c in cells}
    events = model.events.to_frame()
    recent = events[
        events["event"].isin(["voluntary_resignation", "ordered_resignation", "dismissal"])
        & (events["month"] > model.month - 12)
    ]
    for row in recent.itertuples():
        holder = model.posts.holders[row.post]
        if holder.state == "in_office":
            latest = recent[recent["post"] == row.post]["event"].iloc[-1]
            assert by_post[row.post].category == latest
    for post, holder in enumerate(model.posts.holders):
        if holder.quiet_return:
            assert by_post[post].category == "quiet_return"
        assert by_post[post].trust == pytest.approx(model.citizens.post_mean[post])
    html = posts.grid_html(cells, model.config.world.posts_per_supervisor, "cadre")
    assert html.count('class="btr-post"') == len(cells)


def test_trust_colours_run_from_red_to_green():
    low, high = posts.trust_colour(0.0), posts.trust_colour(1.0)
    assert low == posts.trust_colour(posts.TRUST_RANGE[0])  # clipped to the scale
    assert int(low[1:3], 16) > int(low[3:5], 16)  # red
    assert int(high[3:5], 16) > int(high[1:3], 16)  # green


# -- charts ----------------------------------------------------------------------------------


def test_live_chart_lines_follow_the_series():
    explorer = ExplorerModel(seed=2, side_by_side=True, base=small(), transparency=0.9)
    chart = charts.LiveChart(charts.REMOVALS, explorer.runs)
    stepped(explorer, 30)
    figure = chart.update(explorer.runs)
    (ax,) = figure.axes
    assert len(ax.lines) == 2 * len(charts.REMOVAL_KINDS)
    s = series(explorer.current)
    line = chart.lines[(0, "current", "voluntary_resignations")]
    np.testing.assert_array_equal(line.get_ydata(), s["voluntary_resignations"].cumsum())
    assert chart.lines[(0, "baseline", "dismissals")].get_linestyle() == "--"


def test_credibility_chart_zooms_on_the_data():
    explorer = stepped(ExplorerModel(seed=2, base=small()), 20)
    figure = charts.draw(charts.CREDIBILITY, explorer.runs)
    low, high = figure.axes[0].get_ylim()
    values = series(explorer.current)["credibility"]
    assert low <= values.min() and values.max() <= high and high - low < 0.5


# -- saving ----------------------------------------------------------------------------------


def test_saved_file_holds_only_the_changes_and_round_trips(tmp_path):
    base = load_scenario(ROOT / "configs" / "full_reform.yaml")
    explorer = ExplorerModel(seed=3, base=base, procedure="informal", transparency=0.35)
    text = scenario_yaml(explorer.config, name="mine", seed=3, month=7, base=base)
    data = yaml.safe_load(text)
    # Back to the default procedure: nothing to say about it; transparency differs.
    assert "procedure" not in data and data["transparency"] == 0.35
    assert data["standards"] == {"rule": "unified"}  # kept from full_reform
    assert "world" not in data and "news" not in data  # unchanged sections are left out
    assert "--seed 3" in text.splitlines()[1]
    path = save_scenario(tmp_path, "mine", explorer.config, seed=3, month=7, base=base)
    loaded = load_scenario(path)
    assert loaded.model_dump(exclude={"name", "description"}) == explorer.config.model_dump(
        exclude={"name", "description"}
    )
    # Saving again never overwrites.
    again = save_scenario(tmp_path, "mine", explorer.config, seed=3, month=7, base=base)
    assert again.name == "mine_2.yaml" and path.exists()
    assert f"btr-sim run {again.name} --seed 3" in again.read_text()


def test_file_names_are_safe():
    assert file_name("my reform / v2") == "my_reform_v2.yaml"
    assert file_name("../..") == "explored.yaml"


def test_saved_settings_reproduce_the_months_shown(tmp_path, capsys):
    """`btr-sim check` accepts the file and `btr-sim run --seed` gives the months the app showed."""
    base = small(months=36)
    explorer = stepped(
        ExplorerModel(seed=21, base=base, procedure="formal", cooling_off_months=6), 15
    )
    shown = series(explorer.current)
    path = save_scenario(tmp_path, "shown", explorer.config, seed=21, month=15, base=base)
    assert main(["check", str(path)]) == 0
    assert main(["run", str(path), "--seed", "21", "--out", str(tmp_path / "out"), "--quiet"]) == 0
    ran = pd.read_parquet(tmp_path / "out" / "series.parquet").set_index("month")
    columns = list(shown.columns)
    np.testing.assert_allclose(
        ran.loc[:15, columns].to_numpy(dtype=float), shown.to_numpy(dtype=float), rtol=0, atol=1e-12
    )
    events = pd.read_parquet(tmp_path / "out" / "events.parquet")
    shown_events = explorer.current.events.to_frame()
    assert len(events[events["month"] <= 15]) == len(shown_events)


# -- launching -------------------------------------------------------------------------------


def test_launch_settings_pass_through_the_environment(monkeypatch):
    settings = LaunchSettings(scenario="/x/a.yaml", compare="/x/b.yaml", seed=7, save_dir="/tmp/s")
    for key, value in settings.to_environment().items():
        monkeypatch.setenv(key, value)
    assert LaunchSettings.from_environment() == settings


def test_explore_refuses_a_bad_scenario_before_serving(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("procedure:\n  rul: formal\n")
    assert main(["explore", str(bad), "--no-browser"]) == 2
    err = capsys.readouterr().err
    assert "procedure.rul" in err and "Traceback" not in err


def test_explore_reports_a_taken_port(capsys):
    pytest.importorskip("solara", reason="the explorer needs the viz extra")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        assert main(["explore", "--port", str(port), "--no-browser"]) == 2
    err = capsys.readouterr().err
    assert f"port {port}" in err and "--port" in err and "Traceback" not in err


def test_explore_is_a_subcommand(capsys):
    assert main(["explore", "--help"]) == 0
    out = capsys.readouterr().out
    assert "--compare" in out and "--port" in out and "127.0.0.1" in out
