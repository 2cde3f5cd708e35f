"""Saving the stylized-facts table (CSV and Markdown) and its figure (PNG and SVG).

Headings, labels and verdicts are messages of the catalogue (:mod:`btr_sim.i18n`); the facts'
statements and sources are quoted as written in :mod:`btr_sim.validation.targets`.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from btr_sim.analysis.document import markdown_table
from btr_sim.analysis.outcomes import label
from btr_sim.analysis.style import OKABE_ITO, new_figure, save_figure, style
from btr_sim.i18n import ENGLISH, N_, Translator
from btr_sim.validation.suite import FactsResult

__all__ = ["facts_markdown", "plot_facts", "save_facts", "verdict"]

_PASS, _FAIL = OKABE_ITO["blue"], OKABE_ITO["vermillion"]
_TARGET = OKABE_ITO["bluish green"]


#: How a fact is judged (the suite's ``criterion`` column), as the table says it.
_CRITERIA = {"mean in range": N_("mean in range"), "CI in range": N_("CI in range")}


def _fmt(x: float) -> str:
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    if 0 < abs(x) < 1e-6:
        return "0⁺"
    return f"{x:.3g}"


def verdict(passed: bool, tr: Translator = ENGLISH) -> str:
    """``pass`` or ``FAIL``, in ``tr``'s language."""
    return tr("pass") if passed else tr("FAIL")


def facts_markdown(table: pd.DataFrame, tr: Translator = ENGLISH) -> str:
    """The facts table as Markdown: statement, source, measured mean [95% CI], target, result."""
    cells = pd.DataFrame(
        {
            tr("fact"): table["fact"],
            tr("scenario"): table["scenario"],
            tr("statement"): table["statement"],
            tr("source"): table["source"],
            tr("measured (95% CI)"): [
                f"{_fmt(r.mean)} [{_fmt(r.ci_low)}, {_fmt(r.ci_high)}]" for r in table.itertuples()
            ],
            tr("target"): [
                f"[{_fmt(r.low)}, {_fmt(r.high)}] ({tr(_CRITERIA.get(r.criterion, r.criterion))})"
                for r in table.itertuples()
            ],
            tr("result"): [
                verdict(True, tr) if passed else f"**{verdict(False, tr)}**"
                for passed in table["passed"]
            ],
        }
    )
    return markdown_table(cells) + "\n"


def plot_facts(result: FactsResult, tr: Translator = ENGLISH) -> Figure:
    """One panel per fact (mean, 95% CI and target range) and the corrective trajectories."""
    table = result.table
    n = len(table)
    with style():
        fig = new_figure(11, 1.0 * n + 3.5)
        grid = fig.add_gridspec(n + 1, 1, height_ratios=[1] * n + [3.5])
        for i, r in enumerate(table.itertuples()):
            _fact_panel(fig.add_subplot(grid[i]), r, tr)
        _corrective_panel(fig.add_subplot(grid[n]), result, tr)
        fig.suptitle(
            tr("Stylized facts: measured mean with 95% CI (dot) against the target range (green)")
        )
    return fig


def _fact_panel(ax: Axes, r: Any, tr: Translator) -> None:
    high = r.high if math.isfinite(r.high) else max(r.ci_high, r.mean, r.low) * 1.5 + 1e-3
    lo_edge = min(r.low, r.ci_low, r.mean)
    span = max(high - lo_edge, 0.05)
    ax.axvspan(r.low, high, color=_TARGET, alpha=0.2, label=tr("target range"))
    if r.low == r.high:
        ax.axvline(r.low, color=_TARGET, lw=3, alpha=0.5)
    if not math.isnan(r.mean):
        ax.errorbar(
            [r.mean],
            [0],
            xerr=[[r.mean - r.ci_low], [r.ci_high - r.mean]],
            fmt="o",
            color=_PASS if r.passed else _FAIL,
            capsize=4,
        )
    ax.set_xlim(lo_edge - 0.15 * span, high + 0.15 * span)
    ax.set_yticks([])
    ax.grid(axis="y", visible=False)
    ax.set_title(
        f"{r.fact} ({r.scenario}): {label(r.metric, tr)} — {verdict(r.passed, tr)}", loc="left"
    )


def _corrective_panel(ax: Axes, result: FactsResult, tr: Translator) -> None:
    traj = result.corrective.credibility.groupby("month")[["resign", "stay"]].mean()
    ax.plot(traj.index, traj["resign"], label=tr("official resigns"), color=OKABE_ITO["blue"])
    ax.plot(traj.index, traj["stay"], label=tr("official stays"), color=OKABE_ITO["orange"])
    m = result.corrective.response_month
    # The event lines are grey and black, apart from the two arms' colours.
    ax.axvline(m - 1, color="#8c8c8c", ls=":", label=tr("scripted scandal"))
    ax.axvline(m, color=OKABE_ITO["black"], ls="--", lw=0.9, label=tr("response"))
    ax.set_xlabel(tr("Month"))
    ax.set_ylabel(tr("Credibility (mean trust, 0–1)"))
    ax.set_title(
        tr("Corrective effect: identical scripted scandal, mean over replications"), loc="left"
    )
    ax.legend()


def save_facts(result: FactsResult, out: str | Path, tr: Translator = ENGLISH) -> list[Path]:
    """Write ``facts.csv``, ``facts.md``, ``facts.png`` and ``facts.svg`` into ``out``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "facts.csv", out / "facts.md"]
    result.table.to_csv(paths[0], index=False)
    paths[1].write_text(facts_markdown(result.table, tr), encoding="utf-8")
    return paths + save_figure(plot_facts(result, tr), out, "facts")
