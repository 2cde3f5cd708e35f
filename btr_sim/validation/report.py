"""Saving the facts table (CSV and Markdown, by label) and its figure (PNG and SVG).

Headings, labels and verdicts are messages of the catalogue (:mod:`btr_sim.i18n`); the facts'
statements and sources are quoted as written in :mod:`btr_sim.validation.facts`.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from btr_sim.analysis.document import markdown_table
from btr_sim.analysis.outcomes import label as outcome_label
from btr_sim.analysis.style import OKABE_ITO, new_figure, save_figure, style
from btr_sim.i18n import ENGLISH, N_, Translator
from btr_sim.validation.facts import Label
from btr_sim.validation.suite import FactsResult

__all__ = ["GROUPS", "facts_markdown", "plot_facts", "save_facts", "status_text"]

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
    (Label.CALIBRATION, N_("Calibration facts (used in fitting)")),
    (Label.VALIDATION, N_("Validation facts (never used in fitting)")),
    (Label.BY_CONSTRUCTION, N_("By construction (a rule guarantees them: shown, not scored)")),
)

#: A fact's status (the suite's ``status`` column), as the table says it.
_STATUS = {
    "pass": N_("pass"),
    "FAIL": N_("FAIL"),
    "holds": N_("holds"),
    "VIOLATED": N_("VIOLATED"),
    "not measured": N_("not measured"),
}

#: Each label's short name, as the figure's panel titles say it.
_LABEL = {
    Label.CALIBRATION: N_("calibration"),
    Label.VALIDATION: N_("validation"),
    Label.BY_CONSTRUCTION: N_("by construction"),
}


def status_text(status: str, tr: Translator = ENGLISH) -> str:
    """A fact's status in ``tr``'s language (``pass``, ``FAIL``, ``holds``, ...)."""
    return tr(_STATUS.get(status, status))


def facts_markdown(table: pd.DataFrame, tr: Translator = ENGLISH) -> str:
    """The facts table as Markdown, one section per label, and the facts that fail."""
    parts = []
    for label, title in GROUPS:
        rows = table[table["label"] == label]
        if rows.empty:
            continue
        cells = pd.DataFrame(
            {
                tr("fact"): rows["fact"],
                tr("rule set"): rows["rule_set"],
                tr("statement"): rows["statement"],
                tr("observed"): rows["observed"],
                tr("sources"): rows["sources"],
                tr("measured (95% CI)"): [_measured(r, tr) for r in rows.itertuples()],
                tr("agrees if"): [_criterion(r, tr) for r in rows.itertuples()],
                tr("result"): [_verdict(s, tr) for s in rows["status"]],
            }
        )
        passed = int(rows["status"].isin(["pass", "holds"]).sum())
        measured = int((rows["status"] != "not measured").sum())
        heading = tr("{title}: {passed} of {measured} measured agree").format(
            title=tr(title), passed=passed, measured=measured
        )
        parts.append(f"### {heading}\n")
        parts.append(markdown_table(cells) + "\n")
        notes = [f"- `{r.fact}`: {r.note}" for r in rows.itertuples() if r.note]
        if notes:
            parts.append("\n".join(notes) + "\n")
    failing = table.loc[table["status"].isin(["FAIL", "VIOLATED"]), "fact"]
    parts.append(
        f"**{tr('Failing:')}** " + ", ".join(f"`{f}`" for f in failing) + "\n"
        if len(failing)
        else tr("No measured fact fails.") + "\n"
    )
    return "\n".join(parts)


def _measured(r: Any, tr: Translator) -> str:
    if r.status == "not measured":
        return tr("not measured (no scenario of this rule set yet)")
    return f"{_fmt(r.mean)} [{_fmt(r.ci_low)}, {_fmt(r.ci_high)}]"


def _criterion(r: Any, tr: Translator) -> str:
    if r.criterion == "holds by rule":
        return f"= {_fmt(r.low)}"
    what = tr("mean") if r.criterion.split()[0] == "mean" else tr("CI")
    return tr("{what} in [{low}, {high}]").format(what=what, low=_fmt(r.low), high=_fmt(r.high))


def _verdict(status: str, tr: Translator) -> str:
    text = status_text(status, tr)
    return f"**{text}**" if status in ("FAIL", "VIOLATED") else text


def plot_facts(result: FactsResult, tr: Translator = ENGLISH) -> Figure:
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
            _fact_panel(fig.add_subplot(grid[i]), r, tr)
        if extra:
            _corrective_panel(fig.add_subplot(grid[n]), result, tr)
        fig.suptitle(
            tr(
                "Facts: measured mean with 95% CI (dot) against the observation's 95% "
                "interval (green)"
            )
        )
    return fig


def _fact_panel(ax: Axes, r: Any, tr: Translator) -> None:
    high = r.high if math.isfinite(r.high) else max(r.ci_high, r.mean, r.low) * 1.5 + 1e-3
    low = r.low if math.isfinite(r.low) else min(r.ci_low, r.mean, r.high) * 1.5 - 1e-3
    lo_edge = min(low, r.ci_low, r.mean)
    hi_edge = max(high, r.ci_high, r.mean)
    span = max(hi_edge - lo_edge, 0.05)
    ax.axvspan(low, high, color=_TARGET, alpha=0.2, label=tr("observed"))
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
    measure = outcome_label(r.measure, tr) if tr is not ENGLISH else r.measure
    title = f"[{tr(_LABEL.get(r.label, r.label))}] {r.fact} ({r.rule_set}): {measure}"
    ax.set_title(f"{title} — {status_text(r.status, tr)}", loc="left")


def _corrective_panel(ax: Axes, result: FactsResult, tr: Translator) -> None:
    if result.corrective is None:
        return
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
