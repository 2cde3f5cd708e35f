"""Publication figures of an experiment's results, one module per kind of figure.

Every figure function takes the :class:`~btr_sim.results.ExperimentResults`, the reference
scenario and the :class:`~btr_sim.i18n.Translator` of the language to label in, and returns a
:class:`Plot` (or several, or None where the design has nothing to show), drawn in the one
style of :mod:`btr_sim.analysis.style`. :func:`make_plots` draws all that apply;
:func:`save_plots` writes each as PNG and SVG.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from btr_sim.analysis.plots.accuracy import plot_accuracy
from btr_sim.analysis.plots.common import Plot
from btr_sim.analysis.plots.credibility import plot_credibility
from btr_sim.analysis.plots.design import plot_heatmaps, plot_interactions, plot_synergy
from btr_sim.analysis.plots.forest import plot_forest
from btr_sim.analysis.plots.reinstatement import plot_reinstatement
from btr_sim.analysis.plots.resignations import plot_resignations
from btr_sim.analysis.style import FORMATS, save_figure
from btr_sim.i18n import ENGLISH, Translator
from btr_sim.results import ExperimentResults

__all__ = [
    "FIGURES",
    "Plot",
    "make_plots",
    "plot_accuracy",
    "plot_credibility",
    "plot_forest",
    "plot_heatmaps",
    "plot_interactions",
    "plot_reinstatement",
    "plot_resignations",
    "plot_synergy",
    "save_plots",
]

#: The figures, in the order a report shows them.
FIGURES: tuple[Callable[[ExperimentResults, str, Translator], Plot | list[Plot] | None], ...] = (
    plot_credibility,
    plot_resignations,
    plot_forest,
    plot_accuracy,
    plot_reinstatement,
    plot_interactions,
    plot_synergy,
    plot_heatmaps,
)


def make_plots(results: ExperimentResults, reference: str, tr: Translator = ENGLISH) -> list[Plot]:
    """Draw every figure that the results' design supports, labelled in ``tr``'s language."""
    plots: list[Plot] = []
    for figure in FIGURES:
        drawn = figure(results, reference, tr)
        if drawn is None:
            continue
        plots.extend(drawn if isinstance(drawn, list) else [drawn])
    return plots


def save_plots(
    plots: Sequence[Plot], directory: Path, formats: Sequence[str] = FORMATS
) -> dict[str, list[Path]]:
    """Write each plot as ``directory/<name>.<format>``; return the paths by plot name."""
    return {plot.name: save_figure(plot.figure, directory, plot.name, formats) for plot in plots}
