"""The plots of case replays: one run's credibility with its events, and N runs beside history."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from btr_sim.analysis.naming import event_name
from btr_sim.analysis.style import OKABE_ITO, new_figure, style
from btr_sim.core.events import EventKind
from btr_sim.i18n import ENGLISH, N_, Translator
from btr_sim.validation.casefile import History
from btr_sim.validation.caseoutcomes import (
    RESPONSES,
    CaseOutcome,
    case_outcome,
    months_to_return,
    response_shares,
)
from btr_sim.validation.cases import CaseReplay

__all__ = ["MARKS", "plot_case_outcomes", "plot_replays"]

#: Events marked on the plot: colour and line style.
MARKS: dict[str, tuple[str, str]] = {
    EventKind.INCIDENT.value: (OKABE_ITO["black"], ":"),
    EventKind.EXPOSURE.value: (OKABE_ITO["orange"], "-."),
    EventKind.DISCLOSURE.value: (OKABE_ITO["orange"], "-."),
    EventKind.VOLUNTARY_RESIGNATION.value: (OKABE_ITO["vermillion"], "--"),
    EventKind.ORDERED_RESIGNATION.value: (OKABE_ITO["vermillion"], "--"),
    EventKind.DISMISSAL.value: (OKABE_ITO["vermillion"], "--"),
    EventKind.REINSTATEMENT.value: (OKABE_ITO["bluish green"], "--"),
    EventKind.DISCOVERY.value: (OKABE_ITO["reddish purple"], ":"),
}


#: The rule sets a case is replayed under (``--rules``), as the plot names them.
_RULES = {"time": N_("of its time"), "reformed": N_("reformed")}


def plot_replays(replays: Sequence[CaseReplay], title: str, tr: Translator = ENGLISH) -> Figure:
    """One panel per replay: overall and post credibility, the case's events as vertical lines.

    Parameters
    ----------
    replays
        Replays of one case (for example under the rules of its time and the reformed rules).
    title
        The figure's title.
    tr
        The language of the labels.
    """
    with style():
        fig = new_figure(10, 3.6 * len(replays))
        axes = fig.subplots(len(replays), 1, sharex=True, squeeze=False)[:, 0]
        for ax, replay in zip(axes, replays, strict=True):
            _replay_panel(ax, replay, tr)
        axes[-1].set_xlabel(tr("Month"))
        fig.suptitle(title)
    return fig


def _replay_panel(ax: Axes, replay: CaseReplay, tr: Translator) -> None:
    cred = replay.credibility
    ax.plot(cred.index, cred["overall"], color=OKABE_ITO["blue"], label=tr("credibility, overall"))
    ax.plot(
        cred.index,
        cred["post"],
        color=OKABE_ITO["sky blue"],
        label=tr("credibility, post {post}").format(post=replay.post),
    )
    labelled: set[str] = set()
    for row in replay.events.itertuples():
        if row.event not in MARKS:
            continue
        color, line = MARKS[row.event]
        name = event_name(row.event, tr)
        if row.event == EventKind.REINSTATEMENT.value:
            name = tr("reinstatement ({months} months out)").format(months=int(row.value))
        ax.axvline(
            row.month,
            color=color,
            ls=line,
            lw=1.5,
            label=None
            if row.event in labelled
            else tr("{event} (month {month})").format(event=name, month=row.month),
        )
        labelled.add(row.event)
    back = replay.months_to_reinstatement
    verdict = (
        tr("reinstated after {months} months").format(months=back)
        if back is not None
        else tr("not reinstated")
    )
    ax.set_title(
        tr("{case} — rules: {rules}, seed {seed}: {verdict}").format(
            case=replay.case,
            rules=tr(_RULES.get(replay.rules, replay.rules)),
            seed=replay.seed,
            verdict=verdict,
        ),
        loc="left",
    )
    ax.set_ylabel(tr("Credibility (mean trust, 0–1)"))
    ax.legend(fontsize=7, loc="lower left")


def plot_case_outcomes(
    runs: Mapping[str, Sequence[CaseReplay]],
    history: History,
    title: str,
    tr: Translator = ENGLISH,
    counterfactual: str | None = None,
) -> Figure:
    """The replays over N seeds under each rule set, beside history: one row per rule set.

    Left, the post's and the country's credibility (mean over the runs, and the runs' 10–90%
    band in the post); middle, the shares of the responses, the historical one marked; right,
    the months to return of the runs in which the official returned, the historical gap marked.
    The console table of ``btr-sim replay`` is computed from the same runs.

    Parameters
    ----------
    runs
        For each rule set (``time``, ``reformed``), the replays of the case over the seeds.
    history
        The case file's ``history:``.
    title
        The figure's title.
    tr
        The language of the labels.
    counterfactual
        The name of the counterfactual's rule set (its file's stem), shown on its row; without
        it the row says "reformed".
    """
    with style():
        fig = new_figure(14, 3.8 * len(runs))
        axes = fig.subplots(len(runs), 3, squeeze=False)
        for row, (rules, replays) in zip(axes, runs.items(), strict=True):
            outcomes = [case_outcome(r) for r in replays]
            name = tr(_RULES.get(rules, rules))
            if rules == "reformed" and counterfactual:
                name = tr("counterfactual, {rules}").format(rules=counterfactual)
            _credibility_panel(row[0], replays, name, tr)
            _responses_panel(row[1], outcomes, history, tr)
            _gaps_panel(row[2], outcomes, history, tr)
        fig.suptitle(title)
    return fig


def _credibility_panel(ax: Axes, replays: Sequence[CaseReplay], rules: str, tr: Translator) -> None:
    post = np.array([r.credibility["post"].to_numpy() for r in replays])
    overall = np.array([r.credibility["overall"].to_numpy() for r in replays])
    months = replays[0].credibility.index
    low, high = np.percentile(post, [10, 90], axis=0)
    ax.fill_between(months, low, high, color=OKABE_ITO["sky blue"], alpha=0.3, lw=0)
    ax.plot(months, post.mean(axis=0), color=OKABE_ITO["sky blue"], label=tr("credibility, post"))
    ax.plot(months, overall.mean(axis=0), color=OKABE_ITO["blue"], label=tr("credibility, overall"))
    incident = replays[0].month_of(EventKind.INCIDENT)
    if incident is not None:
        ax.axvline(incident, color=OKABE_ITO["black"], ls=":", lw=1.2, label=tr("incident"))
    ax.set_title(tr("rules: {rules}, {n} runs").format(rules=rules, n=len(replays)), loc="left")
    ax.set_xlabel(tr("Month"))
    ax.set_ylabel(tr("Credibility (mean trust, 0–1)"))
    ax.legend(fontsize=7, loc="lower left")


def _responses_panel(
    ax: Axes, outcomes: Sequence[CaseOutcome], history: History, tr: Translator
) -> None:
    shares = response_shares(outcomes)
    kinds = [k for k in (*RESPONSES, "pending") if k in shares or k == history.response]
    values = [shares.get(k, 0.0) for k in kinds]
    colours = [
        OKABE_ITO["vermillion"] if k == history.response else OKABE_ITO["blue"] for k in kinds
    ]
    ax.barh(range(len(kinds)), values, color=colours)
    ax.set_yticks(range(len(kinds)), [event_name(k, tr) for k in kinds])
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel(tr("Share of runs"))
    ax.set_title(tr("Response (red: what happened)"), loc="left")


def _gaps_panel(
    ax: Axes, outcomes: Sequence[CaseOutcome], history: History, tr: Translator
) -> None:
    gaps = months_to_return(outcomes)
    if len(gaps):
        ax.hist(gaps, bins=np.arange(0, gaps.max() + 2) - 0.5, color=OKABE_ITO["bluish green"])
    if history.months_to_return is not None:
        ax.axvline(
            history.months_to_return,
            color=OKABE_ITO["vermillion"],
            ls="--",
            lw=1.5,
            label=tr("what happened: {months} months").format(months=history.months_to_return),
        )
        ax.legend(fontsize=7, loc="upper right")
    back = sum(o.returned for o in outcomes)
    ax.set_title(
        tr("Months to return ({back} of {n} runs returned)").format(back=back, n=len(outcomes)),
        loc="left",
    )
    ax.set_xlabel(tr("Months from removal to return"))
    ax.set_ylabel(tr("Runs"))
