"""Saving the facts table (CSV and Markdown, by label) and its figure (PNG and SVG)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from btr_sim.analysis.document import markdown_table
from btr_sim.analysis.style import OKABE_ITO, new_figure, save_figure, style
from btr_sim.validation.facts import Label
from btr_sim.validation.suite import FactsResult

__all__ = ["GROUPS", "facts_markdown", "plot_facts", "save_facts"]

_PASS, _FAIL = OKABE_ITO["blue"], OKABE_ITO["vermillion"]
_TARGET = OKABE_ITO["bluish green"]


def _fmt(x: float) -> str:
    if math.isinf(x):
        return "∞" if x > 0 else "-∞"
    if 0 < abs(x) < 1e-6:
        return "0⁺"
    return f"{x:.3g}"


#: The groups of the table, in the order they are shown, with what each means.
GROUPS = (
    (Label.CALIBRATION, "Calibration facts (used in fitting)"),
    (Label.VALIDATION, "Validation facts (never used in fitting)"),
    (Label.BY_CONSTRUCTION, "By construction (a rule guarantees them: shown, not scored)"),
)


def facts_markdown(table: pd.DataFrame) -> str:
    """The facts table as Markdown, one section per label, and the facts that fail."""
    parts = []
    for label, title in GROUPS:
        rows = table[table["label"] == label]
        if rows.empty:
            continue
        cells = pd.DataFrame(
            {
                "fact": rows["fact"],
                "rule set": rows["rule_set"],
                "statement": rows["statement"],
                "observed": rows["observed"],
                "sources": rows["sources"],
                "measured (95% CI)": [_measured(r) for r in rows.itertuples()],
                "agrees if": [_criterion(r) for r in rows.itertuples()],
                "result": [_verdict(s) for s in rows["status"]],
            }
        )
        passed = int(rows["status"].isin(["pass", "holds"]).sum())
        measured = int((rows["status"] != "not measured").sum())
        parts.append(f"### {title}: {passed} of {measured} measured agree\n")
        parts.append(markdown_table(cells) + "\n")
        notes = [f"- `{r.fact}`: {r.note}" for r in rows.itertuples() if r.note]
        if notes:
            parts.append("\n".join(notes) + "\n")
    failing = table.loc[table["status"].isin(["FAIL", "VIOLATED"]), "fact"]
    parts.append(
        "**Failing:** " + ", ".join(f"`{f}`" for f in failing) + "\n"
        if len(failing)
        else "No measured fact fails.\n"
    )
    return "\n".join(parts)


def _measured(r: Any) -> str:
    if r.status == "not measured":
        return "not measured (no scenario of this rule set yet)"
    return f"{_fmt(r.mean)} [{_fmt(r.ci_low)}, {_fmt(r.ci_high)}]"


def _criterion(r: Any) -> str:
    if r.criterion == "holds by rule":
        return f"= {_fmt(r.low)}"
    return f"{r.criterion.split()[0]} in [{_fmt(r.low)}, {_fmt(r.high)}]"


def _verdict(status: str) -> str:
    return f"**{status}**" if status in ("FAIL", "VIOLATED") else status


def plot_facts(result: FactsResult) -> Figure:
    """One panel per measured fact (mean, 95% CI, the observation's interval), grouped by label.

    Below them, when it ran, the corrective experiment's trajectories.
    """
    table = result.table[result.table["status"] != "not measured"]
    order = {label: i for i, (label, _) in enumerate(GROUPS)}
    table = table.sort_values("label", key=lambda c: c.map(order), kind="stable")
    n = len(table)
    extra = result.corrective is not None
    with style():
        fig = new_figure(11, 1.0 * n + (3.5 if extra else 0.5))
        ratios = [1] * n + ([3.5] if extra else [])
        grid = fig.add_gridspec(len(ratios), 1, height_ratios=ratios)
        for i, r in enumerate(table.itertuples()):
            _fact_panel(fig.add_subplot(grid[i]), r)
        if extra:
            _corrective_panel(fig.add_subplot(grid[n]), result)
        fig.suptitle(
            "Facts: measured mean with 95% CI (dot) against the observation's 95% interval (green)"
        )
    return fig


def _fact_panel(ax: Axes, r: Any) -> None:
    high = r.high if math.isfinite(r.high) else max(r.ci_high, r.mean, r.low) * 1.5 + 1e-3
    low = r.low if math.isfinite(r.low) else min(r.ci_low, r.mean, r.high) * 1.5 - 1e-3
    lo_edge = min(low, r.ci_low, r.mean)
    hi_edge = max(high, r.ci_high, r.mean)
    span = max(hi_edge - lo_edge, 0.05)
    ax.axvspan(low, high, color=_TARGET, alpha=0.2, label="observed")
    if r.low == r.high:
        ax.axvline(r.low, color=_TARGET, lw=3, alpha=0.5)
    agrees = r.status in ("pass", "holds")
    if not math.isnan(r.mean):
        ax.errorbar(
            [r.mean],
            [0],
            xerr=[[r.mean - r.ci_low], [r.ci_high - r.mean]],
            fmt="o",
            color=_PASS if agrees else _FAIL,
            capsize=4,
        )
    ax.set_xlim(lo_edge - 0.15 * span, hi_edge + 0.15 * span)
    ax.set_yticks([])
    ax.grid(axis="y", visible=False)
    ax.set_title(f"[{r.label}] {r.fact} ({r.rule_set}): {r.measure} — {r.status}", loc="left")


def _corrective_panel(ax: Axes, result: FactsResult) -> None:
    if result.corrective is None:
        return
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
