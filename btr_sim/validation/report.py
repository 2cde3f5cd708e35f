"""Saving the stylized-facts table (CSV and Markdown) and its figure (PNG and SVG)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from btr_sim.analysis.document import markdown_table
from btr_sim.analysis.style import OKABE_ITO, new_figure, save_figure, style
from btr_sim.validation.suite import FactsResult

__all__ = ["facts_markdown", "plot_facts", "save_facts"]

_PASS, _FAIL = OKABE_ITO["blue"], OKABE_ITO["vermillion"]
_TARGET = OKABE_ITO["bluish green"]


def _fmt(x: float) -> str:
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    if 0 < abs(x) < 1e-6:
        return "0⁺"
    return f"{x:.3g}"


def facts_markdown(table: pd.DataFrame) -> str:
    """The facts table as Markdown: statement, source, measured mean [95% CI], target, result."""
    cells = pd.DataFrame(
        {
            "fact": table["fact"],
            "scenario": table["scenario"],
            "statement": table["statement"],
            "source": table["source"],
            "measured (95% CI)": [
                f"{_fmt(r.mean)} [{_fmt(r.ci_low)}, {_fmt(r.ci_high)}]" for r in table.itertuples()
            ],
            "target": [
                f"[{_fmt(r.low)}, {_fmt(r.high)}] ({r.criterion})" for r in table.itertuples()
            ],
            "result": ["pass" if passed else "**FAIL**" for passed in table["passed"]],
        }
    )
    return markdown_table(cells) + "\n"


def plot_facts(result: FactsResult) -> Figure:
    """One panel per fact (mean, 95% CI and target range) and the corrective trajectories."""
    table = result.table
    n = len(table)
    with style():
        fig = new_figure(11, 1.0 * n + 3.5)
        grid = fig.add_gridspec(n + 1, 1, height_ratios=[1] * n + [3.5])
        for i, r in enumerate(table.itertuples()):
            _fact_panel(fig.add_subplot(grid[i]), r)
        _corrective_panel(fig.add_subplot(grid[n]), result)
        fig.suptitle(
            "Stylized facts: measured mean with 95% CI (dot) against the target range (green)"
        )
    return fig


def _fact_panel(ax: Axes, r: Any) -> None:
    high = r.high if math.isfinite(r.high) else max(r.ci_high, r.mean, r.low) * 1.5 + 1e-3
    lo_edge = min(r.low, r.ci_low, r.mean)
    span = max(high - lo_edge, 0.05)
    ax.axvspan(r.low, high, color=_TARGET, alpha=0.2, label="target range")
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
    verdict = "pass" if r.passed else "FAIL"
    ax.set_title(f"{r.fact} ({r.scenario}): {r.metric} — {verdict}", loc="left")


def _corrective_panel(ax: Axes, result: FactsResult) -> None:
    traj = result.corrective.credibility.groupby("month")[["resign", "stay"]].mean()
    ax.plot(traj.index, traj["resign"], label="official resigns", color=OKABE_ITO["blue"])
    ax.plot(traj.index, traj["stay"], label="official stays", color=OKABE_ITO["orange"])
    m = result.corrective.response_month
    ax.axvline(m - 1, color="grey", ls=":", label="scripted scandal")
    ax.axvline(m, color=OKABE_ITO["blue"], ls="--", label="response")
    ax.set_xlabel("month")
    ax.set_ylabel("credibility (mean trust)")
    ax.set_title(
        "Corrective effect: identical scripted scandal, mean over replications", loc="left"
    )
    ax.legend()


def save_facts(result: FactsResult, out: str | Path) -> list[Path]:
    """Write ``facts.csv``, ``facts.md``, ``facts.png`` and ``facts.svg`` into ``out``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "facts.csv", out / "facts.md"]
    result.table.to_csv(paths[0], index=False)
    paths[1].write_text(facts_markdown(result.table), encoding="utf-8")
    return paths + save_figure(plot_facts(result), out, "facts")
