"""Each figure, drawn from small real results: axes, labels and series checked on the objects."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from matplotlib.collections import PolyCollection
from matplotlib.colors import to_hex
from matplotlib.container import BarContainer, ErrorbarContainer
from support.results_dir import (
    BASELINE,
    tiny_big_grid,
    tiny_factorial,
    tiny_grid,
    tiny_no_returns,
)

import btr_sim
from btr_sim.analysis import choose_reference
from btr_sim.analysis.outcomes import DESIGN_OUTCOMES, RESIGNATION_KINDS, label
from btr_sim.analysis.plots import (
    make_plots,
    plot_accuracy,
    plot_credibility,
    plot_forest,
    plot_heatmaps,
    plot_interactions,
    plot_reinstatement,
    plot_resignations,
    plot_synergy,
    save_plots,
)
from btr_sim.analysis.style import OKABE_ITO
from btr_sim.analysis.timeseries import series_bands
from btr_sim.results import open_results


@pytest.fixture(scope="module")
def factorial(tmp_path_factory):
    """The 2x2x2 layers factorial with event logs: 8 scenarios x 4 replications."""
    return open_results(tiny_factorial(tmp_path_factory.mktemp("factorial"), replications=4))


@pytest.fixture(scope="module")
def grid(tmp_path_factory):
    """A 3 x 2 grid without event logs."""
    return open_results(tiny_grid(tmp_path_factory.mktemp("grid")))


@pytest.fixture(scope="module")
def no_returns(tmp_path_factory):
    """The status quo and an arm where nobody returns, with event logs."""
    return open_results(tiny_no_returns(tmp_path_factory.mktemp("no_returns")))


@pytest.fixture(scope="module")
def big_grid(tmp_path_factory):
    """A 4 x 4 grid: too many scenarios for one row each."""
    return open_results(tiny_big_grid(tmp_path_factory.mktemp("big")))


def _visible(fig):
    return [ax for ax in fig.axes if ax.get_visible() and ax.get_label() != "<colorbar>"]


def _labelled_lines(ax):
    return [line for line in ax.get_lines() if not line.get_label().startswith("_")]


def _ticklabels(ax, axis="y"):
    ticks = ax.get_yticklabels() if axis == "y" else ax.get_xticklabels()
    return [t.get_text() for t in ticks]


def test_credibility_over_time(factorial):
    ref = choose_reference(factorial)
    plot = plot_credibility(factorial, ref)
    left, right, central_left, central_right = _visible(plot.figure)
    n = len(factorial.scenarios)
    lines = _labelled_lines(left)
    assert len(lines) == n
    assert sum(isinstance(c, PolyCollection) for c in left.collections) == n  # 95% bands
    assert len(_labelled_lines(right)) == n - 1  # differences: every scenario but the reference
    assert left.get_xlabel() == "Month" and right.get_xlabel() == "Month"
    assert left.get_ylabel() == "Credibility (mean trust, 0–1)"
    assert "credibility" in right.get_ylabel() and "0–1" in right.get_ylabel()
    assert lines[0].get_label() == "all off (reference)"
    # The reference is black; the others take Okabe-Ito colours.
    assert to_hex(lines[0].get_color()) == OKABE_ITO["black"].lower()
    palette = {c.lower() for c in OKABE_ITO.values()}
    assert {to_hex(line.get_color()) for line in lines} <= palette
    # A line runs over every month of the horizon.
    assert list(lines[0].get_xdata()) == list(range(61))
    # No scenario has a timeline: no change of rules is marked.
    assert not [line for line in left.get_lines() if line.get_label() == "_rule change"]
    # The second row: trust in the centre, drawn from its own series.
    assert central_left.get_ylabel() == "Central credibility (mean trust in the centre, 0–1)"
    assert len(_labelled_lines(central_left)) == n
    assert len(_labelled_lines(central_right)) == n - 1
    central = series_bands(factorial, "central_credibility")
    reference = central[central["scenario"] == ref]
    np.testing.assert_allclose(_labelled_lines(central_left)[0].get_ydata(), reference["mean"])
    assert not np.allclose(lines[0].get_ydata(), reference["mean"])  # not the local series
    assert "bottom: trust in the centre" in plot.caption


def test_resignations_by_kind(factorial):
    plot = plot_resignations(factorial, BASELINE)
    (ax,) = _visible(plot.figure)
    bars = [c for c in ax.containers if isinstance(c, BarContainer)]
    assert len(bars) == len(RESIGNATION_KINDS)
    assert all(len(b.patches) == len(factorial.scenarios) for b in bars)
    assert [b.get_label() for b in bars] == [label(k) for k in RESIGNATION_KINDS]
    assert "per 100 cadre-years" in ax.get_xlabel()
    assert _ticklabels(ax)[0] == "all off (reference)"
    assert set(_ticklabels(ax)) >= {"moral", "legal + supporting", "moral + legal + supporting"}
    # Bar lengths are the scenario means.
    total = bars[-1].patches[0].get_width()
    runs = factorial.ok_runs
    expected = runs.loc[runs.scenario == BASELINE, "removals_per_100cy"].mean()
    assert total == pytest.approx(expected)


def test_accountability_accuracy(factorial):
    plot = plot_accuracy(factorial, BASELINE)
    shares, rates = _visible(plot.figure)
    assert [c.get_label() for c in shares.containers if isinstance(c, BarContainer)] == [
        "Precision",
        "Recall",
    ]
    assert [c.get_label() for c in rates.containers if isinstance(c, BarContainer)] == [
        "Scapegoats",
        "Impunity",
    ]
    assert "Share" in shares.get_xlabel() and "0–1" in shares.get_xlabel()
    assert "per 100 cadre-years" in rates.get_xlabel()


def test_reinstatement_from_event_logs_and_from_medians(factorial, grid, no_returns):
    with_events = plot_reinstatement(factorial, BASELINE)
    rate, months, quiet = _visible(with_events.figure)
    assert "every reinstatement" in months.get_title()
    assert months.get_xlabel().startswith("Months from removal")
    assert "event logs" in with_events.caption
    assert [c.get_label() for c in rate.containers if isinstance(c, BarContainer)] == [
        "Reinstatement rate"
    ]
    assert "unannounced" in quiet.get_xlabel()
    # One box per scenario with a reinstatement; "none" written beside the others.
    with_any = factorial.reinstatement_months()["scenario"].nunique()
    assert len(months.patches) == with_any > 0
    _, months, _ = _visible(plot_reinstatement(no_returns, "status_quo").figure)
    assert no_returns.reinstatement_months()["scenario"].unique().tolist() == ["status_quo"]
    assert len(months.patches) == 1 and [t.get_text() for t in months.texts].count(" none") == 1
    without = plot_reinstatement(grid, choose_reference(grid))
    assert "per-run medians" in _visible(without.figure)[1].get_title()
    assert "no event logs" in without.caption


def test_forest_plot_has_paired_and_unpaired_intervals(factorial):
    plot = plot_forest(factorial, BASELINE)
    axes = _visible(plot.figure)
    assert len(axes) == len(DESIGN_OUTCOMES)
    for ax, outcome in zip(axes, DESIGN_OUTCOMES, strict=True):
        bars = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
        assert [b.get_label() for b in bars] == ["paired by seed (CRN)", "unpaired (Welch)"]
        assert all(len(b.lines[0].get_xdata()) == len(factorial.scenarios) - 1 for b in bars)
        assert ax.get_title() == label(outcome)
        assert ax.get_xlabel().startswith("Δ ")
    assert "all off" not in _ticklabels(axes[0])


def test_interaction_plots_for_the_factorial(factorial):
    plot = plot_interactions(factorial, BASELINE)
    axes = _visible(plot.figure)
    assert len(axes) == 3 * len(DESIGN_OUTCOMES)  # 3 pairs of layers x key outcomes
    titles = [ax.get_title() for ax in axes[:3]]
    assert titles == ["moral × legal", "moral × supporting", "legal × supporting"]
    for ax in axes:
        lines = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
        assert len(lines) == 2  # one per level of the second factor
        assert _ticklabels(ax, "x") == ["off", "on"]
    assert axes[-1].get_xlabel() == "legal"
    assert "per 100 cadre-years" in axes[3].get_ylabel()


def test_synergy_plot_compares_combinations_with_sums(factorial):
    plot = plot_synergy(factorial, BASELINE)
    axes = _visible(plot.figure)
    assert len(axes) == len(DESIGN_OUTCOMES)
    combos = [
        "legal + supporting",
        "moral + supporting",
        "moral + legal",
        "moral + legal + supporting",
    ]
    assert _ticklabels(axes[0]) == combos
    for ax in axes:
        assert [c.get_label() for c in ax.containers] == ["observed (paired, 95% CI)"]
        # Every combination has its additive prediction: a diamond, or a triangle at the bound.
        predictions = [
            line
            for line in _labelled_lines(ax)
            if line.get_label().startswith("sum of the levers alone")
        ]
        assert sum(len(line.get_xdata()) for line in predictions) == len(combos)


def test_heatmaps_for_the_grid(grid, factorial):
    (plot,) = plot_heatmaps(grid, choose_reference(grid))
    assert plot.name == "heatmap_transparency_x_citizen_participation"
    axes = _visible(plot.figure)
    assert len(axes) == len(DESIGN_OUTCOMES)
    for ax, outcome in zip(axes, DESIGN_OUTCOMES, strict=True):
        assert len(ax.images) == 1 and ax.images[0].get_array().shape == (2, 3)
        assert _ticklabels(ax, "x") == ["0.2", "0.5", "0.8"]
        assert _ticklabels(ax, "y") == ["0.2", "0.7"]
        assert ax.get_xlabel() == "transparency (0–1)"
        assert ax.get_ylabel() == "citizen_participation (0–1)"
        assert ax.get_title() == label(outcome)
        assert len(ax.texts) == 6  # every cell annotated
    colorbars = [ax for ax in plot.figure.axes if ax.get_label() == "<colorbar>"]
    assert "per 100 cadre-years" in {cb.get_ylabel() for cb in colorbars}
    assert plot_heatmaps(factorial, BASELINE) == []  # factorial: interaction plots instead


def test_make_plots_chooses_figures_by_design_and_saves_png_and_svg(factorial, grid, tmp_path):
    names = [p.name for p in make_plots(factorial, BASELINE)]
    assert names == [
        "credibility",
        "resignations",
        "forest",
        "accuracy",
        "reinstatement",
        "interactions",
        "synergy",
    ]
    grid_plots = make_plots(grid, choose_reference(grid))
    assert "synergy" not in [p.name for p in grid_plots]
    assert grid_plots[-1].name.startswith("heatmap_")
    saved = save_plots(grid_plots[:1], tmp_path)
    png, svg = saved["credibility"]
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = svg.read_text()
    assert "Credibility over time" in text and "Month" in text  # text kept as text
    again = save_plots(grid_plots[:1], tmp_path / "again")["credibility"][1].read_text()
    assert again == text  # no dates or random ids: the same figure, the same file


def test_large_designs_are_drawn_by_factor_level(big_grid):
    ref = choose_reference(big_grid)
    assert ref == "transparency=0.0,power_restriction=0.0"  # named in the experiment file
    levels = ["0.0 (base)", "0.3", "0.6", "0.9"]
    rows = [f"transparency = {v}" for v in levels] + [f"power_restriction = {v}" for v in levels]
    # Bars: one row per factor level, a separator between the factors.
    (ax,) = _visible(plot_resignations(big_grid, ref).figure)
    assert _ticklabels(ax) == rows
    assert [line.get_label() for line in ax.get_lines()].count("_separator") == 1
    # Credibility: one panel per factor, one line per level.
    plot = plot_credibility(big_grid, ref)
    panels = _visible(plot.figure)
    assert [ax.get_title() for ax in panels] == ["transparency", "power_restriction"] * 2
    assert all(len(_labelled_lines(ax)) == 4 for ax in panels)
    assert "averaged over the other factors" in plot.caption
    # Forest: main effects of each non-base level.
    forest = _visible(plot_forest(big_grid, ref).figure)[0]
    assert _ticklabels(forest) == [
        f"{f} = {v} (vs 0.0)"
        for f in ("transparency", "power_restriction")
        for v in (0.3, 0.6, 0.9)
    ]
    # Reinstatement boxes pool the runs of each level.
    months = _visible(plot_reinstatement(big_grid, ref).figure)[1]
    assert len(months.patches) == 8


def test_no_module_of_the_package_chooses_a_matplotlib_backend():
    # Figures are drawn on matplotlib.figure.Figure and saved by analysis.style: no module
    # needs pyplot's backend, and choosing one at import would override the user's.
    package = Path(btr_sim.__file__).parent
    chooses = [p for p in package.rglob("*.py") if "matplotlib.use(" in p.read_text("utf-8")]
    assert chooses == []
