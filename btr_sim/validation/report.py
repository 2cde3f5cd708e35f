"""Saving the stylized-facts table (CSV and Markdown) and its figure (PNG and SVG)."""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only; never a window
import matplotlib.pyplot as plt
import pandas as pd

from btr_sim.validation.suite import FactsResult

__all__ = ["facts_markdown", "plot_facts", "save_facts"]


def _fmt(x: float) -> str:
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    if 0 < abs(x) < 1e-6:
        return "0⁺"
    return f"{x:.3g}"


def facts_markdown(table: pd.DataFrame) -> str:
    """The facts table as Markdown: statement, source, measured mean [95% CI], target, result."""
    lines = [
        "| fact | scenario | statement | source | measured (95% CI) | target | result |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in table.itertuples():
        measured = f"{_fmt(r.mean)} [{_fmt(r.ci_low)}, {_fmt(r.ci_high)}]"
        target = f"[{_fmt(r.low)}, {_fmt(r.high)}]"
        verdict = "pass" if r.passed else "**FAIL**"
        lines.append(
            f"| {r.fact} | {r.scenario} | {r.statement} | {r.source} | {measured} | "
            f"{target} ({r.criterion}) | {verdict} |"
        )
    return "\n".join(lines) + "\n"


def plot_facts(result: FactsResult) -> plt.Figure:
    """One panel per fact (mean, 95% CI and target range) and the corrective trajectories."""
    table = result.table
    n = len(table)
    fig = plt.figure(figsize=(11, 1.0 * n + 3.5), constrained_layout=True)
    grid = fig.add_gridspec(n + 1, 1, height_ratios=[1] * n + [3.5])
    for i, r in enumerate(table.itertuples()):
        ax = fig.add_subplot(grid[i])
        high = r.high if math.isfinite(r.high) else max(r.ci_high, r.mean, r.low) * 1.5 + 1e-3
        lo_edge = min(r.low, r.ci_low, r.mean)
        span = max(high - lo_edge, 0.05)
        ax.axvspan(r.low, high, color="tab:green", alpha=0.2, label="target range")
        if r.low == r.high:
            ax.axvline(r.low, color="tab:green", lw=3, alpha=0.5)
        color = "tab:blue" if r.passed else "tab:red"
        if not math.isnan(r.mean):
            ax.errorbar(
                [r.mean],
                [0],
                xerr=[[r.mean - r.ci_low], [r.ci_high - r.mean]],
                fmt="o",
                color=color,
                capsize=4,
            )
        ax.set_xlim(lo_edge - 0.15 * span, high + 0.15 * span)
        ax.set_yticks([])
        verdict = "pass" if r.passed else "FAIL"
        ax.set_title(f"{r.fact} ({r.scenario}): {r.metric} — {verdict}", fontsize=9, loc="left")
    ax = fig.add_subplot(grid[n])
    traj = result.corrective.credibility.groupby("month")[["resign", "stay"]].mean()
    ax.plot(traj.index, traj["resign"], label="official resigns", color="tab:blue")
    ax.plot(traj.index, traj["stay"], label="official stays", color="tab:orange")
    m = result.corrective.response_month
    ax.axvline(m - 1, color="grey", ls=":", label="scripted scandal")
    ax.axvline(m, color="tab:blue", ls="--", label="response")
    ax.set_xlabel("month")
    ax.set_ylabel("credibility (mean trust)")
    ax.set_title(
        "Corrective effect: identical scripted scandal, mean over replications",
        fontsize=9,
        loc="left",
    )
    ax.legend(fontsize=8)
    fig.suptitle("Stylized facts: measured mean with 95% CI (dot) against the target range (green)")
    return fig


def save_facts(result: FactsResult, out: str | Path) -> list[Path]:
    """Write ``facts.csv``, ``facts.md``, ``facts.png`` and ``facts.svg`` into ``out``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "facts.csv", out / "facts.md", out / "facts.png", out / "facts.svg"]
    result.table.to_csv(paths[0], index=False)
    paths[1].write_text(facts_markdown(result.table), encoding="utf-8")
    fig = plot_facts(result)
    fig.savefig(paths[2], dpi=120)
    fig.savefig(paths[3])
    plt.close(fig)
    return paths
