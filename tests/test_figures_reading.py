"""Figures say which way is better, name design points as the tables do, keep additive
predictions inside each outcome's range, and give every series its own colour-blind-safe
colour."""

from __future__ import annotations

import math

import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.container import ErrorbarContainer
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from support.results_dir import BASELINE, tiny_big_grid, tiny_factorial, tiny_grid

from btr_sim.analysis import choose_reference
from btr_sim.analysis.naming import scenario_label, scenario_labels
from btr_sim.analysis.outcomes import DESIGN_OUTCOMES, better, outcome_range
from btr_sim.analysis.plots import make_plots, plot_forest, plot_synergy
from btr_sim.analysis.plots.design import _synergy_panel
from btr_sim.analysis.style import OKABE_ITO, new_figure, style
from btr_sim.analysis.tables import compare, outcome_table, overview_table
from btr_sim.i18n import ENGLISH
from btr_sim.results import open_results


@pytest.fixture(scope="module")
def factorial(tmp_path_factory):
    return open_results(tiny_factorial(tmp_path_factory.mktemp("factorial"), replications=3))


@pytest.fixture(scope="module")
def grid(tmp_path_factory):
    return open_results(tiny_grid(tmp_path_factory.mktemp("grid")))


@pytest.fixture(scope="module")
def big_grid(tmp_path_factory):
    return open_results(tiny_big_grid(tmp_path_factory.mktemp("big")))


def _visible(fig):
    return [ax for ax in fig.axes if ax.get_visible() and ax.get_label() != "<colorbar>"]


def test_difference_panels_say_which_way_is_better(factorial):
    plot = plot_forest(factorial, BASELINE)
    for ax, outcome in zip(_visible(plot.figure), DESIGN_OUTCOMES, strict=True):
        marker = ax.get_xlabel().split("\n")[-1]
        if better(outcome) == 1:
            assert marker == "better →", outcome
        elif better(outcome) == -1:
            assert marker == "← better", outcome
        else:  # removals: neither more nor fewer is better in itself
            assert "better" not in ax.get_xlabel(), outcome
    assert better("impunity_per_100cy") == -1 and better("credibility_change") == 1
    assert better("removals_per_100cy") is None


def test_every_figure_of_an_outcome_with_a_direction_marks_it(factorial, grid):
    for results in (factorial, grid):
        for plot in make_plots(results, choose_reference(results)):
            labels = [
                text
                for ax in plot.figure.axes
                for text in (ax.get_xlabel(), ax.get_ylabel())
                if text
            ]
            if plot.name in ("credibility", "forest", "accuracy", "reinstatement", "synergy"):
                assert any("better" in text for text in labels), plot.name
            if plot.name.startswith(("heatmap", "interactions")):
                assert any("better" in text for text in labels), plot.name


def test_outcome_ranges():
    assert outcome_range("impunity_per_100cy") == (0.0, math.inf)
    assert outcome_range("precision") == (0.0, 1.0)
    assert outcome_range("credibility_change") == (-1.0, 1.0)


def test_an_impossible_additive_prediction_is_drawn_at_the_bound_and_said():
    with style():
        ax = new_figure(3, 2).subplots()
        y = np.array([1.0, 0.0])
        observed = np.array([[0.1, 0.3], [0.0, 0.2], [0.2, 0.4]])
        clipped = _synergy_panel(ax, y, observed, [-2.0, 0.5], (0.0, math.inf), ENGLISH)
    assert clipped
    lines = {line.get_label(): line for line in ax.get_lines()}
    assert list(lines["sum of the levers alone"].get_xdata()) == [0.5]
    triangle = lines["sum of the levers alone: outside the range, drawn at the bound"]
    assert list(triangle.get_xdata()) == [0.0] and triangle.get_marker() == "<"
    assert [t.get_text() for t in ax.texts] == ["additive: -2.00"]


def test_the_synergy_figure_stays_on_each_outcomes_scale(factorial):
    plot = plot_synergy(factorial, BASELINE)
    for ax, outcome in zip(_visible(plot.figure), DESIGN_OUTCOMES, strict=True):
        low, high = outcome_range(outcome)
        for line in ax.get_lines():
            if line.get_label().startswith("sum of the levers alone"):
                x = np.asarray(line.get_xdata(), dtype=float)
                assert ((x >= low) & (x <= high)).all(), outcome
        assert any(line.get_label() == "reference" for line in ax.get_lines())
    assert "own scale" in plot.caption


def test_tables_and_figures_name_design_points_alike(factorial):
    comparison = compare(factorial, BASELINE)
    names = scenario_labels(factorial, BASELINE)
    assert names[BASELINE] == "all off (reference)"
    assert list(overview_table(comparison, ["precision"])["scenario"]) == list(names.values())
    assert list(outcome_table(comparison, "precision")["scenario"]) == list(names.values())
    forest = _visible(plot_forest(factorial, BASELINE).figure)[0]
    ticks = [t.get_text() for t in forest.get_yticklabels()]
    assert ticks == [scenario_label(factorial, s) for s in factorial.scenarios if s != BASELINE]
    assert not any("=" in t for t in ticks)


def _legend_colours(legend: Legend) -> list[str]:
    colours = []
    for handle in legend.legend_handles:
        if isinstance(handle, Line2D):
            colour = handle.get_color()
        elif isinstance(handle, Patch):
            colour = handle.get_facecolor()
        elif isinstance(handle, ErrorbarContainer):
            colour = handle.lines[0].get_color()
        else:
            continue
        colours.append(to_hex(colour))
    return colours


PALETTE = {to_hex(c) for c in OKABE_ITO.values()}


@pytest.mark.parametrize("design", ["factorial", "grid", "big_grid"])
def test_series_side_by_side_have_distinct_colour_blind_safe_colours(design, request):
    results = request.getfixturevalue(design)
    for plot in make_plots(results, choose_reference(results)):
        legends = [ax.get_legend() for ax in plot.figure.axes] + list(plot.figure.legends)
        for legend in filter(None, legends):
            colours = _legend_colours(legend)
            # The synergy legend shows the additive prediction twice (diamond, triangle).
            if plot.name != "synergy":
                assert len(colours) == len(set(colours)), (plot.name, colours)
            for colour in colours:
                assert colour in PALETTE or _is_cividis(colour) or _is_grey(colour), (
                    plot.name,
                    colour,
                )


def _is_grey(colour: str) -> bool:
    """Neutral lines (the reference, zero) are grey: no hue to tell apart."""
    return len({colour[1:3], colour[3:5], colour[5:7]}) == 1


def _is_cividis(colour: str) -> bool:
    from matplotlib import colormaps

    samples = {to_hex(colormaps["cividis"](x)) for x in np.linspace(0, 1, 256)}
    return colour in samples
