"""The explorer without a browser: inputs, paired runs, snapshots, play, charts, posts, feed,
saving, the page's update path and the command line."""

from __future__ import annotations

import dataclasses
import io
import re
import socket
import threading
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import small
from matplotlib import colormaps
from matplotlib.colors import to_hex, to_rgb
from PIL import Image

from btr_sim.analysis.style import OKABE_ITO
from btr_sim.cli import main
from btr_sim.config import Scenario
from btr_sim.core.model import BTRModel
from btr_sim.explorer import charts, feed, launch, posts
from btr_sim.explorer.controls import CONTROLS
from btr_sim.explorer.fields import FIELDS, LEFT_OUT, field_value, scenario_with
from btr_sim.explorer.frames import Mark
from btr_sim.explorer.inputs import explorer_model, pending_changes, start_values
from btr_sim.explorer.launch import MAX_CITIZENS, LaunchSettings
from btr_sim.explorer.player import Player
from btr_sim.explorer.saving import file_name, save_scenario, scenario_yaml
from btr_sim.explorer.session import ExplorerModel, TooLarge
from btr_sim.i18n import ENV_VAR, translator
from btr_sim.loading import ConfigError, apply_overrides, load_scenario
from btr_sim.parameters import parameter_rows

ROOT = Path(__file__).resolve().parents[1]


def series(model: BTRModel) -> pd.DataFrame:
    return model.datacollector.get_model_vars_dataframe()


def stepped(model, months: int):
    for _ in range(months):
        model.step()
    return model


# -- every parameter, from the schema ---------------------------------------------------------


def test_every_parameter_of_the_configuration_is_offered():
    offered = [f.path for f in FIELDS]
    assert offered == [r.path for r in parameter_rows() if r.path not in LEFT_OUT]
    assert "procedure.pressure_weight" in offered
    assert {"name", "description", "incidents.scripted", "before", "timeline"} == LEFT_OUT


@pytest.mark.parametrize("f", FIELDS, ids=lambda f: f.path)
def test_each_input_allows_what_the_configuration_allows(f):
    """An input refuses exactly the values the configuration refuses, at its bounds and beyond."""
    default = field_value(Scenario(), f.path)
    assert f.default == default and f.parse(default) == default
    if f.kind == "select":
        for value in f.values:
            apply_overrides(Scenario(), {f.path: value})  # every listed value is valid
        with pytest.raises(ValueError, match=f.path):
            f.parse("no such value")
        return
    if f.kind == "bool":
        assert f.parse("yes") is True and f.parse(False) is False
        return
    step = 1 if f.kind == "int" else 1e-9
    for bound, side, is_open in ((f.low, -1, f.low_open), (f.high, +1, f.high_open)):
        if bound is None:
            continue
        refused = [bound + side * step, bound] if is_open else [bound + side * step]
        for outside in refused:
            with pytest.raises(ValueError, match=f.path):
                f.parse(outside)
            with pytest.raises(ConfigError):
                apply_overrides(Scenario(), {f.path: outside})
        if not is_open:
            assert f.parse(bound) == bound
    with pytest.raises(ValueError, match=f.path):
        f.parse("not a number")


def test_main_knobs_sit_inside_the_schema():
    for control in CONTROLS:
        f = control.field
        if control.kind == "select":
            assert control.values == f.values
            continue
        assert f.low is None or control.low >= f.low, control.name
        assert f.high is None or control.high <= f.high, control.name


def test_inputs_start_from_the_scenario_opened():
    reform = load_scenario(ROOT / "configs" / "full_reform.yaml")
    values = start_values(reform, seed=5)
    assert values["procedure.rule"] == "formal" and values["transparency"] == 0.8
    assert values["reinstatement.cooling_off_months"] == 12 and values["seed"] == "5"
    assert values["procedure.pressure_weight"] == reform.procedure.pressure_weight


def test_slider_noise_is_rounded_to_the_step():
    transparency = next(c for c in CONTROLS if c.path == "transparency")
    cooling = next(c for c in CONTROLS if c.path == "reinstatement.cooling_off_months")
    assert transparency.normalise(0.30000000000000004) == 0.3
    assert cooling.normalise(12.0) == 12 and isinstance(cooling.normalise(12.0), int)


def test_scenario_with_refuses_unknown_invalid_and_inconsistent_values():
    with pytest.raises(KeyError, match="frobnicate"):
        scenario_with(Scenario(), {"frobnicate": 1})
    with pytest.raises(ValueError, match=r"procedure\.rule"):
        scenario_with(Scenario(), {"procedure.rule": "whimsical"})
    with pytest.raises(ValueError, match=r"procedure\.pressure_weight"):
        scenario_with(Scenario(), {"procedure.pressure_weight": -1})
    with pytest.raises(ConfigError, match="exposure_base"):
        scenario_with(
            Scenario(), {"incidents.exposure_base": 0.6, "incidents.exposure_transparency": 0.6}
        )


def test_scenario_with_applies_text_from_inputs():
    scenario = scenario_with(
        Scenario(),
        {"procedure.pressure_weight": "0.3", "reinstatement.require_public_calm": True},
    )
    assert scenario.procedure.pressure_weight == 0.3
    assert scenario.reinstatement.require_public_calm is True
    assert scenario_with(Scenario(), {"transparency": 0.2}) is not None  # the default: no change


def test_pending_changes_list_what_reset_would_apply():
    values = start_values(small(), seed=3)
    model = explorer_model(values, small())
    assert pending_changes(model, values) == []
    changed = {
        **values,
        "transparency": 0.65,
        "procedure.pressure_weight": 0.5,
        "seed": "4",
        "side_by_side": True,
    }
    assert pending_changes(model, changed) == [
        "procedure.pressure_weight",
        "Transparency",
        "Seed",
        "Side by side",
    ]


# -- paired runs -----------------------------------------------------------------------------


def test_current_run_is_the_plain_model_with_those_settings():
    base = small()
    settings = {"procedure.rule": "formal", "procedure.pressure_weight": 0.4}
    explorer = stepped(ExplorerModel(seed=4, base=base, settings=settings), 24)
    plain = stepped(BTRModel(scenario_with(base, settings), seed=4), 24)
    pd.testing.assert_frame_equal(series(explorer.current), series(plain))
    assert explorer.month == 24 and explorer.baseline is None and len(explorer.runs) == 1


def test_side_by_side_runs_the_baseline_with_the_same_seed():
    base = small()
    settings = {"transparency": 0.9, "procedure.rule": "formal"}
    explorer = stepped(ExplorerModel(seed=9, base=base, side_by_side=True, settings=settings), 24)
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


def test_advance_stops_at_the_horizon():
    explorer = ExplorerModel(seed=1, base=small(months=10))
    assert explorer.advance(4) == 4 and explorer.advance(100) == 6
    assert explorer.month == 10 and not explorer.running and explorer.advance(1) == 0


def test_invalid_seed_falls_back_with_a_notice():
    explorer = ExplorerModel(seed="abc", base=small())
    assert explorer.seed == 0 and "whole number" in explorer.notice
    assert ExplorerModel(seed=" 12 ", base=small()).seed == 12


def test_a_world_too_large_to_explore_is_refused():
    side = int(np.ceil(np.sqrt(MAX_CITIZENS / 100))) + 1
    big = {
        "world.n_supervisors": side,
        "world.posts_per_supervisor": side,
        "world.citizens_per_post": 100,
    }
    with pytest.raises(TooLarge, match="btr-sim run"):
        ExplorerModel(base=small(), settings=big)


# -- snapshots: consistent reads while a step appends (issue 15) ------------------------------


def _slowed(model: BTRModel, name: str, seconds: float) -> None:
    """Make the monthly collection of ``model`` pause halfway, at the series ``name``.

    Mesa's DataCollector appends the series one after the other; while this one sleeps, the
    series before it have a value more than the series after it.
    """
    reporters = model.datacollector.model_reporters
    original = reporters[name]

    def slow(m):
        threading.Event().wait(seconds)
        return original(m)

    reporters[name] = slow


def test_frames_are_consistent_while_a_slowed_step_appends():
    """Steps run in a thread while the page's views draw from snapshots, again and again."""
    explorer = ExplorerModel(seed=3, side_by_side=True, base=small(months=40))
    for run in explorer.runs:
        _slowed(run.model, "dismissals", 0.004)  # halfway through SERIES
    chart = charts.LiveChart(charts.CREDIBILITY, [(r.label, r.role) for r in explorer.runs])
    drawn, failed = threading.Semaphore(0), threading.Event()

    def play() -> None:
        # A month, then wait for a frame: the views draw all run long, however slowly the
        # machine draws, so snapshots meet steps at many months (not only at the first).
        for _ in range(40):
            explorer.advance(1)
            if failed.is_set():
                return
            drawn.acquire(timeout=5)

    stepping = threading.Thread(target=play)
    stepping.start()
    months = set()
    try:
        while stepping.is_alive() or not months:
            frame = explorer.snapshot()
            for run in frame.runs:
                assert {len(v) for v in run.series.values()} == {run.month + 1}
                assert run.events["month"].max() <= run.month
            chart.update(frame)
            feed.latest(frame.current.events, frame.current.scenario)
            months.add(frame.month)
            drawn.release()
    except BaseException:
        failed.set()
        drawn.release()
        raise
    finally:
        stepping.join()
    assert len(months) >= 20 and explorer.month == 40


def test_frames_are_copies_the_run_cannot_change():
    explorer = ExplorerModel(seed=2, base=small())
    frame = explorer.snapshot()
    explorer.advance(5)
    assert frame.month == 0 and len(frame.current.series["credibility"]) == 1
    with pytest.raises(ValueError):
        frame.current.series["credibility"][0] = 1.0  # read-only
    assert explorer.snapshot().number > frame.number


# -- play ------------------------------------------------------------------------------------


class SimulatedTime:
    """A clock that only moves when the player waits, steps or draws (each costs time)."""

    def __init__(self, per_month: float, per_frame: float) -> None:
        self.now = 0.0
        self.per_month, self.per_frame = per_month, per_frame

    def clock(self) -> float:
        return self.now

    def wait(self, stop: threading.Event, seconds: float) -> None:
        self.now += seconds


def _played(speed, months=120, per_month=0.001, per_frame=0.05, stop_after=None):
    time = SimulatedTime(per_month, per_frame)
    explorer = ExplorerModel(seed=1, base=small(months=months))
    advance = explorer.advance

    def timed_advance(n):
        done = advance(n)
        time.now += done * time.per_month
        return done

    explorer.advance = timed_advance
    frames: list[tuple[int, float]] = []
    stop = threading.Event()

    def publish(frame):
        time.now += time.per_frame
        frames.append((frame.month, time.now))
        if stop_after is not None and len(frames) == stop_after:
            stop.set()

    player = Player(
        explorer, publish, lambda: speed, frame_interval=0.2, clock=time.clock, wait=time.wait
    )
    played = player.play(stop)
    return played, frames, explorer


def test_player_keeps_the_speed_asked_for_and_draws_a_few_frames_a_second():
    played, frames, _ = _played(speed=12.0)
    assert played == 120 and frames[-1][0] == 120  # the last frame shows the end of the run
    elapsed = frames[-1][1]
    assert 120 / elapsed == pytest.approx(12, rel=0.05)
    gaps = np.diff([t for _, t in frames])
    assert gaps.min() >= 0.2  # never more often than the frame interval
    assert len(frames) / elapsed > 2.5  # a frame every few months, not one per month
    months = [m for m, _ in frames]
    assert months == sorted(months) and len(set(months)) == len(months)


def test_player_shows_every_month_at_a_slow_speed():
    _, frames, _ = _played(speed=2.0, months=12)
    assert [m for m, _ in frames] == list(range(1, 13))


def test_player_at_max_steps_between_frames_as_fast_as_it_goes():
    played, frames, _ = _played(speed=None, months=600, per_month=0.002)
    elapsed = frames[-1][1]
    assert played == 600 and frames[-1][0] == 600
    # Stepping 0.002 s a month, drawing 0.05 s a frame every 0.2 s: about 400 months a second.
    assert 600 / elapsed > 300


def test_player_that_cannot_keep_the_speed_goes_on_without_rushing():
    # 0.1 s a month cannot make 60 months a second: no burst of missed months afterwards.
    played, frames, _ = _played(speed=60.0, months=40, per_month=0.1)
    assert played == 40
    per_frame = np.diff([0] + [m for m, _ in frames])
    assert per_frame.max() <= 4  # at most the months of one frame interval, ~0.3 s of stepping


def test_pausing_shows_where_the_runs_stopped():
    played, frames, explorer = _played(speed=12.0, stop_after=3)
    assert frames[-1][0] == explorer.month == played < 120


# -- charts ----------------------------------------------------------------------------------


def test_axis_ends_follow_the_run():
    assert [charts.axis_end(m, 240) for m in (0, 5, 12, 13, 60, 61, 121, 239)] == [
        12,
        12,
        12,
        24,
        60,
        120,
        180,
        240,
    ]
    assert charts.axis_end(5, 6) == 6 and charts.axis_end(0, 1) == 1
    # Ticks in months, quarters, years, then five years: at most eight of them.
    assert [charts.month_tick(end) for end in (6, 12, 24, 60, 120, 240, 12_000)] == [
        1,
        2,
        3,
        12,
        24,
        60,
        2400,
    ]


def test_count_and_trust_limits_hold_the_data():
    assert [charts.count_limit(h) for h in (0, 3, 4, 9, 11, 48, 101)] == [4, 4, 5, 10, 20, 100, 200]
    low, high = charts.trust_limits(0.512, 0.634)
    assert low <= 0.502 and high >= 0.644 and high - low <= 0.25
    assert charts.trust_limits(0.99, 1.0)[1] == 1.0


def _chart_pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def test_live_chart_lines_follow_the_series_and_the_axis_the_run():
    explorer = ExplorerModel(seed=2, side_by_side=True, base=small(), settings={"transparency": 1})
    chart = charts.LiveChart(charts.REMOVALS, [(r.label, r.role) for r in explorer.runs])
    explorer.advance(30)
    chart.update(explorer.snapshot())
    (ax,) = chart.axes
    assert ax.get_xlim() == (0, 36)  # the months run so far, not the horizon
    assert len(ax.lines) == 2 * len(charts.REMOVALS.series)
    line = chart.lines[("current", "voluntary_resignations")]
    cumulative = series(explorer.current)["voluntary_resignations"].cumsum()
    np.testing.assert_array_equal(line.get_ydata(), cumulative)


def test_the_credibility_chart_draws_both_levels_of_trust():
    explorer = ExplorerModel(seed=2, base=small())
    (run,) = explorer.runs
    chart = charts.LiveChart(charts.CREDIBILITY, [(run.label, run.role)])
    explorer.advance(12)
    chart.update(explorer.snapshot())
    central = chart.lines[(run.role, "central_credibility")]
    np.testing.assert_array_equal(
        central.get_ydata(), series(explorer.current)["central_credibility"]
    )
    local = chart.lines[(run.role, "credibility")]
    assert not np.array_equal(central.get_ydata(), local.get_ydata())
    legend = chart.axes[0].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == [
        "local: trust in the post's government",
        "central: trust in the centre",
    ]


def test_blitted_frames_are_the_chart_drawn_afresh():
    """Drawing only the lines on the kept background gives the picture a full draw gives."""
    explorer = ExplorerModel(seed=5, side_by_side=True, base=small(), settings={"transparency": 1})
    runs = [(r.label, r.role) for r in explorer.runs]
    for spec in charts.CHARTS:
        kept = charts.LiveChart(spec, runs)
        for _ in range(3):  # months 25..27: the limits stay, the lines move
            explorer.advance(1) if explorer.month else explorer.advance(25)
            frame = explorer.snapshot()
            blitted = kept.update(frame)
        fresh = charts.LiveChart(spec, runs).update(frame)
        np.testing.assert_array_equal(_chart_pixels(blitted), _chart_pixels(fresh))


def test_side_by_side_runs_have_distinct_okabe_ito_colours_and_a_legend_each():
    explorer = ExplorerModel(seed=2, side_by_side=True, base=small())
    runs = [(r.label, r.role) for r in explorer.runs]
    palette = {to_hex(c) for c in OKABE_ITO.values()}
    for spec in charts.CHARTS:
        chart = charts.LiveChart(spec, runs)
        for s in spec.series:
            baseline = to_hex(chart.lines[("baseline", s.name)].get_color())
            current = to_hex(chart.lines[("current", s.name)].get_color())
            assert baseline != current and {baseline, current} <= palette, (spec.name, s.name)
        (legend,) = chart.figure.legends
        assert [t.get_text() for t in legend.get_texts()] == [label for label, _ in runs]


def test_charts_mark_the_months_given():
    explorer = ExplorerModel(seed=2, base=small())
    explorer.advance(20)
    frame = explorer.snapshot()
    run = dataclasses.replace(frame.current, marks=(Mark(12, "2009 rules"),))
    marked = dataclasses.replace(frame, runs=(run,))
    chart = charts.LiveChart(charts.CREDIBILITY, [(run.label, run.role)])
    plain = chart.update(frame)
    drawn = chart.update(marked)
    assert [line.get_xdata()[0] for line in chart.axes[0].lines if not line.get_animated()] == [12]
    assert "2009 rules" in [t.get_text() for t in chart.axes[0].texts]
    assert not np.array_equal(_chart_pixels(plain), _chart_pixels(drawn))


def test_a_runs_timeline_is_marked_on_its_frames():
    base = apply_overrides(small(), {"timeline": [{"month": 6, "transparency": 0.7}]})
    explorer = ExplorerModel(seed=2, base=base)
    explorer.advance(8)
    marks = explorer.snapshot().current.marks
    assert [m.month for m in marks] == [6] and marks[0].label
    assert ExplorerModel(seed=2, base=small()).snapshot().current.marks == ()


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
    assert len(recent) > 0
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


def test_trust_map_is_sequential_and_colour_blind_safe():
    """Cividis, darkest at low trust, lightest at high: read by lightness, not by red and green."""
    low, high = posts.TRUST_RANGE
    assert posts.trust_colour(0.0) == posts.trust_colour(low)  # clipped to the scale
    assert posts.trust_colour(low) == to_hex(colormaps["cividis"](0.0))
    assert posts.trust_colour(high) == to_hex(colormaps["cividis"](1.0))
    lightness = [
        np.dot(to_rgb(posts.trust_colour(v)), [0.2126, 0.7152, 0.0722])
        for v in np.linspace(low, high, 13)
    ]
    assert np.all(np.diff(lightness) > 0)


def test_posts_legend_counts_every_run():
    explorer = ExplorerModel(seed=2, side_by_side=True, base=small(), settings={"transparency": 1})
    explorer.advance(60)
    frame = explorer.snapshot()
    runs = [(r.label, r.role, r.cells) for r in frame.runs]
    legend = posts.legend_html("cadre", runs)
    for key in posts.CADRE_COLOURS:
        row = legend.split(f'<tr data-category="{key}">')[1].split("</tr>")[0]
        counts = [int(cell.split(">")[1].split("<")[0]) for cell in row.split("<td data-")[1:]]
        assert counts == [sum(c.category == key for c in cells) for _, _, cells in runs], key
    assert all(label in legend for label, _, _ in runs)


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
            {"event": "reinstatement", "rule": "none/quiet", "value": 1.0, "post": 30},
            "month 37: a cadre removed 1 month earlier over a grave accident was reinstated "
            "quietly at post 30",
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
    assert feed.latest(events, model.config, n=5) == entries[:5]


# -- saving ----------------------------------------------------------------------------------


def test_saved_file_holds_only_the_changes_and_round_trips(tmp_path):
    base = load_scenario(ROOT / "configs" / "full_reform.yaml")
    settings = {
        "procedure.rule": "informal",
        "transparency": 0.35,
        "procedure.pressure_weight": 0.5,
    }
    explorer = ExplorerModel(seed=3, base=base, settings=settings)
    text = scenario_yaml(explorer.config, name="mine", seed=3, month=7, base=base)
    data = yaml.safe_load(text)
    # Back to the default procedure rule: nothing to say about it; the others differ.
    assert data["procedure"] == {"pressure_weight": 0.5} and data["transparency"] == 0.35
    assert data["standards"] == {"rule": "unified"}  # kept from full_reform
    assert "world" not in data and "news" not in data  # unchanged sections are left out
    assert "procedure.pressure_weight=0.5" in data["description"]
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
    """`btr-sim check` accepts the file and `btr-sim run --seed` gives the months the page showed.

    With a main knob and parameters only the advanced panel offers.
    """
    base = small(months=36)
    settings = {
        "procedure.rule": "formal",
        "reinstatement.cooling_off_months": 6,
        "procedure.pressure_weight": 0.9,
        "reinstatement.require_public_calm": True,
        "news.backlash": 2.5,
    }
    explorer = ExplorerModel(seed=21, base=base, settings=settings)
    explorer.advance(15)
    shown = explorer.snapshot().current
    path = save_scenario(tmp_path, "shown", explorer.config, seed=21, month=15, base=base)
    assert main(["check", str(path)]) == 0
    assert main(["run", str(path), "--seed", "21", "--out", str(tmp_path / "out"), "--quiet"]) == 0
    ran = pd.read_parquet(tmp_path / "out" / "series.parquet").set_index("month")
    for name, values in shown.series.items():
        np.testing.assert_allclose(ran.loc[:15, name].to_numpy(dtype=float), values, atol=1e-12)
    events = pd.read_parquet(tmp_path / "out" / "events.parquet")
    assert len(events[events["month"] <= 15]) == len(shown.events)


# -- the page's update path (Solara, rendered in this process) --------------------------------


def _render_page(monkeypatch, tmp_path: Path, lang: str = ""):
    """The explorer page rendered in this process on a small scenario: (widget, context)."""
    solara = pytest.importorskip("solara", reason="the explorer's page needs the viz extra")
    from btr_sim.explorer import app, launch

    scenario = tmp_path / "small.yaml"
    scenario.write_text(
        "name: small\nmonths: 60\n"
        "world: {n_supervisors: 4, posts_per_supervisor: 5, citizens_per_post: 20}\n"
    )
    settings = LaunchSettings(scenario=str(scenario), save_dir=str(tmp_path), lang=lang)
    for key, value in settings.to_environment().items():
        monkeypatch.setenv(key, value)
    launch.current.cache_clear()
    return solara.render(solara.AppLayout(children=[app.Page()]), handle_error=False)


@pytest.fixture
def page(monkeypatch, tmp_path):
    """The explorer page in English; closed afterwards."""
    monkeypatch.delenv(ENV_VAR, raising=False)
    _, rc = _render_page(monkeypatch, tmp_path)
    yield rc
    rc.close()
    launch.current.cache_clear()


@pytest.fixture
def zh_page(monkeypatch, tmp_path):
    """The explorer page in Chinese, chosen as ``btr-sim explore`` would (BTR_SIM_LANG=zh)."""
    monkeypatch.setenv(ENV_VAR, "zh")
    box, rc = _render_page(monkeypatch, tmp_path)
    yield box, rc
    rc.close()
    launch.current.cache_clear()


def _button(rc, label: str):
    import ipyvuetify

    (button,) = [b for b in rc.find(ipyvuetify.Btn).widgets if b.children[-1:] == [label]]
    return button


def _month(rc) -> str:
    import ipyvuetify

    return rc.find(ipyvuetify.Html, class_="btr-month").widget.children[0]


def test_a_step_redraws_the_views_in_one_pass_and_leaves_the_sidebar(page):
    from btr_sim.explorer import advanced, panel, views

    _button(page, "Step").click()
    passes = page.render_count
    components = (views.Views, panel.ControlPanel, advanced.AdvancedPanel, panel.SaveCard)
    before = [c.render_count for c in components]
    _button(page, "Step").click()
    assert _month(page) == "Month 2 of 60"
    assert page.render_count == passes + 1
    # The views once; the knobs, every parameter and the save card not at all.
    assert [c.render_count for c in components] == [before[0] + 1, *before[1:]]


def test_the_advanced_panel_sets_any_parameter_on_reset(page):
    import ipyvuetify

    from btr_sim.explorer.advanced import SECTIONS, css_name

    assert [f for _, fields in SECTIONS for f in fields] == sorted(
        FIELDS, key=lambda f: [s for s, _ in SECTIONS].index(f.section)
    )
    _button(page, "Procedure (legal layer) (7)").click()
    box = page.find(ipyvuetify.Html, class_=f"btr-param {css_name('procedure.pressure_weight')}")
    text_field = box.find(ipyvuetify.TextField).widget
    text_field.v_model = "0.9"
    text_field.fire_event("focusout", None)  # solara applies a number when the input loses focus
    pending = page.find(ipyvuetify.Alert, class_="btr-pending").widget
    assert "procedure.pressure_weight" in str(pending.children)
    _button(page, "Reset").click()
    changes = page.find(ipyvuetify.Html, class_="btr-changes").widget.children[0]
    assert "procedure.pressure_weight = 0.9" in changes


def test_an_invalid_parameter_is_flagged_and_refused_by_reset(page):
    import ipyvuetify

    from btr_sim.explorer.advanced import css_name

    _button(page, "Incidents (11)").click()
    box = page.find(ipyvuetify.Html, class_=f"btr-param {css_name('incidents.accident_rate')}")
    text_field = box.find(ipyvuetify.TextField).widget
    text_field.v_model = "1.5"
    text_field.fire_event("focusout", None)
    flagged = page.find(ipyvuetify.Alert, class_="btr-param-error").widget
    assert "incidents.accident_rate" in str(flagged.children)
    _button(page, "Step").click()
    _button(page, "Reset").click()
    refused = page.find(ipyvuetify.Alert, class_="btr-reset-error").widget
    assert "incidents.accident_rate" in str(refused.children)
    assert _month(page) == "Month 1 of 60"  # the run on screen goes on


# -- the page in Chinese ------------------------------------------------------------------------


def _widgets(widget, seen=None):
    """``widget`` and every widget under it (children, slots), each once."""
    import ipywidgets

    seen = set() if seen is None else seen
    if id(widget) in seen:
        return
    seen.add(id(widget))
    yield widget
    for name in widget.keys:
        value = getattr(widget, name, None)
        for item in value if isinstance(value, list | tuple) else [value]:
            inner = item.get("children") if isinstance(item, dict) else item
            for child in inner if isinstance(inner, list) else [inner]:
                if isinstance(child, ipywidgets.Widget):
                    yield from _widgets(child, seen)


def _labels(box) -> list[str]:
    """Every text the page shows: labels, titles, texts, choices, HTML text and tooltips."""
    import html as markup

    import ipyvuetify

    texts = []
    for w in _widgets(box):
        if isinstance(w, ipyvuetify.Icon):  # icon names (mdi-download) are not text
            continue
        for name in ("label", "title", "hint", "placeholder"):
            value = getattr(w, name, None)
            if isinstance(value, str):
                texts.append(value)
        texts += [c for c in getattr(w, "children", None) or [] if isinstance(c, str)]
        items = getattr(w, "items", None)
        if isinstance(items, list):
            texts += [i["text"] if isinstance(i, dict) else str(i) for i in items]
        inner = getattr(w, "unsafe_innerHTML", None)
        if isinstance(inner, str):
            texts.append(markup.unescape(re.sub(r"<[^>]+>", " ", inner)))
            texts += [markup.unescape(t) for t in re.findall(r'title="([^"]*)"', inner)]
    return [t for t in texts if t.strip()]


#: What may stay in ASCII letters on the Chinese page: the configuration's keys (the names a
#: scenario file uses) and ODD symbols, the program's name, the scenario's name.
_NAMES = (
    {f.path for f in FIELDS}
    | {f.symbol for f in FIELDS if f.symbol}
    | {"btr_sim", "small", "small_zh.yaml", small().name}
)


def _english_words(text: str, *verbatim: str) -> list[str]:
    """The words in ASCII letters in ``text`` that are no key, symbol or name."""
    for part in verbatim:  # a folder, a command to copy: shown as they are
        text = text.replace(part, " ")
    number = r"(?<![\w.])[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?"  # 12, 0.59, -1.0, 1e+06
    text = re.sub(number, " ", text, flags=re.ASCII)
    words = [w.rstrip(".") for w in re.findall(r"[A-Za-z][\w.+\-]*", text, flags=re.ASCII)]
    return [w for w in words if w not in _NAMES]


def test_the_page_in_chinese_leaves_no_label_in_english(zh_page, tmp_path):
    """Every label of the page, in every state a session goes through, is in Chinese."""
    import ipyvuetify

    from btr_sim.explorer.advanced import css_name

    box, rc = zh_page
    zh = translator("zh")
    seen: list[str] = []

    def look() -> None:
        seen.extend(_labels(box))

    for button in list(rc.find(ipyvuetify.Btn).widgets):  # every section of the advanced panel
        if button.children[:1] and getattr(button.children[0], "children", None) == [
            "mdi-chevron-down"
        ]:
            button.click()
    param = rc.find(ipyvuetify.Html, class_=f"btr-param {css_name('procedure.pressure_weight')}")
    weight = param.find(ipyvuetify.TextField).widget
    weight.v_model = "-1"  # refused: flagged at once, and by Reset
    weight.fire_event("focusout", None)
    _button(rc, zh("Reset")).click()
    look()
    assert rc.find(ipyvuetify.Alert, class_="btr-reset-error").widget
    weight.v_model = "0.9"
    weight.fire_event("focusout", None)
    side = rc.find(ipyvuetify.Html, class_="btr-control btr-control-side_by_side")
    side.find(ipyvuetify.Checkbox).widget.v_model = True
    look()  # the changes wait for Reset
    _button(rc, zh("Reset")).click()
    for _ in range(30):
        _button(rc, zh("Step")).click()
    rc.find(ipyvuetify.TextField, label=zh("Scenario name")).widget.v_model = "small_zh"
    _button(rc, zh("Save")).click()
    look()
    rc.find(ipyvuetify.BtnToggle).widget.v_model = 1  # the posts by trust
    look()

    command = r"btr-sim run \S+ --seed \d+"
    english = {
        word
        for text in seen
        for word in _english_words(re.sub(command, " ", text), str(tmp_path.resolve()))
    }
    assert not english, sorted(english)
    # ...and the page did show its states: the month, both runs, events, the saved file.
    shown = "\n".join(seen)
    assert "第 30 月 / 共 60 月" in shown and "small（固定）" in shown and "您的设置" in shown
    assert re.search(r"第 \d+ 月：", shown)  # the feed told events
    assert "已保存 small_zh.yaml" in shown and "辖区信任" in shown
    assert "procedure.pressure_weight：不允许取值" in shown  # the refusal, in Chinese
    assert zh.pgettext("parameter", "procedure.pressure_weight") in shown  # the term


def test_the_charts_in_chinese_draw_every_glyph():
    """Titles, axes and legends in Chinese, set in the packaged CJK font: no glyph missing."""
    zh = translator("zh")
    explorer = ExplorerModel(seed=2, side_by_side=True, base=small(), tr=zh)
    explorer.advance(14)
    runs = [(r.label, r.role) for r in explorer.runs]
    assert [label for label, _ in runs] == [f"{small().name}（固定）", "您的设置"]
    for spec in charts.CHARTS:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # "Glyph ... missing from font(s)" would raise
            chart = charts.LiveChart(spec, runs, zh)
            chart.update(explorer.snapshot())
        texts = [
            t.get_text()
            for t in chart.figure.findobj(lambda a: hasattr(a, "get_text"))
            if t.get_text()
        ]
        assert zh(spec.title) in texts and zh("month") in texts
        assert zh(spec.title) != spec.title
        words = {w for t in texts for w in _english_words(t)}
        assert not words, (spec.name, words)


@pytest.mark.parametrize(
    "fields, text",
    [
        (
            {"event": "reinstatement", "rule": "merit/public", "value": 13.0, "post": 30},
            "第 37 月：13 个月前因一起重大事故去职的干部公开复出，任职位 30（经复出考核）",
        ),
        (
            {"event": "reinstatement", "rule": "none/quiet", "value": 1.0, "post": 30},
            "第 37 月：1 个月前因一起重大事故去职的干部悄然复出，任职位 30",
        ),
        (
            {"event": "dismissal", "culpability": 0.2, "kind": "misconduct"},
            "第 37 月：上级机关 1 因重大违纪违法免去职位 12 的干部职务，尽管其过错程度仅为 0.20"
            "（替罪羊）",
        ),
    ],
)
def test_feed_wording_in_chinese(fields, text):
    assert feed.describe(_row(**fields), Scenario(), translator("zh")) == text


REMOVAL_KINDS = ("voluntary_resignation", "ordered_resignation", "dismissal")


def test_post_tooltips_count_in_the_right_number_and_speak_chinese():
    model = stepped(BTRModel(Scenario(months=120), seed=2), 120)
    tips = [c.tooltip for c in posts.post_cells(model)]
    returned = [cadre.reinstatements for cadre in model.posts.holders if cadre.reinstatements]
    assert returned, "no reinstated cadre in office: choose another seed"
    assert sum("reinstated 1 time\n" in t or t.endswith("reinstated 1 time") for t in tips) == (
        returned.count(1)
    )
    assert not any("reinstated 1 times" in t for t in tips)
    zh_cells = posts.post_cells(model, tr=translator("zh"))
    assert sum("复出 1 次" in c.tooltip for c in zh_cells) == returned.count(1)
    removed = [c for c in zh_cells if c.category in REMOVAL_KINDS]
    assert removed and all(
        "引咎辞职" in c.tooltip or "责令辞职" in c.tooltip or "免职" in c.tooltip for c in removed
    )
    assert not {w for c in zh_cells for w in _english_words(c.tooltip)}


# -- launching -------------------------------------------------------------------------------


def test_launch_settings_pass_through_the_environment(monkeypatch):
    settings = LaunchSettings(scenario="/x/a.yaml", compare="/x/b.yaml", seed=7, save_dir="/tmp/s")
    for key, value in settings.to_environment().items():
        monkeypatch.setenv(key, value)
    assert LaunchSettings.from_environment() == settings


def test_explore_prints_the_address_before_the_server_starts(monkeypatch, capsys):
    pytest.importorskip("solara", reason="the explorer needs the viz extra")
    from btr_sim.explorer import server

    printed = []

    def serve(settings, sock, *, open_browser=True, ready=None):
        printed.append(capsys.readouterr().out)

    monkeypatch.setattr(server, "serve", serve)
    assert main(["explore", "--port", "0", "--no-browser"]) == 0
    (out,) = printed
    assert "btr-sim explore: serving on http://127.0.0.1:" in out


@pytest.mark.parametrize(
    "argv, environment, lang",
    [([], None, "en"), (["--lang", "zh"], None, "zh"), ([], "zh_CN.UTF-8", "zh")],
)
def test_explore_hands_the_language_to_the_page(monkeypatch, argv, environment, lang):
    pytest.importorskip("solara", reason="the explorer needs the viz extra")
    from btr_sim.explorer import server

    if environment is None:
        monkeypatch.delenv(ENV_VAR, raising=False)
    else:
        monkeypatch.setenv(ENV_VAR, environment)
    handed = []
    monkeypatch.setattr(server, "serve", lambda settings, sock, **_: handed.append(settings))
    assert main(["explore", "--port", "0", "--no-browser", *argv]) == 0
    (settings,) = handed
    assert settings.lang == lang and settings.translator().lang == lang


def test_explore_refuses_a_language_without_a_catalogue(capsys):
    assert main(["explore", "--lang", "fr", "--no-browser"]) == 2
    assert "no language 'fr'" in capsys.readouterr().err


def test_explore_refuses_a_bad_scenario_before_serving(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("procedure:\n  rul: formal\n")
    assert main(["explore", str(bad), "--no-browser"]) == 2
    err = capsys.readouterr().err
    assert "procedure.rul" in err and "Traceback" not in err


def test_explore_refuses_a_world_too_large(tmp_path, capsys):
    big = tmp_path / "big.yaml"
    # 5 million citizens: over the explorer's limit, within btr-sim run's (warm-up included).
    big.write_text("world:\n  n_supervisors: 1000\n  posts_per_supervisor: 50\n")
    assert main(["check", str(big)]) == 0
    assert main(["explore", str(big), "--no-browser"]) == 2
    err = capsys.readouterr().err
    assert "too large to explore" in err and "Traceback" not in err


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
