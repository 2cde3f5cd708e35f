"""The credibility plot of a case replay, with the case's events marked."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from btr_sim.analysis.naming import event_name
from btr_sim.analysis.style import OKABE_ITO, new_figure, style
from btr_sim.core.events import EventKind
from btr_sim.i18n import ENGLISH, N_, Translator
from btr_sim.validation.cases import CaseReplay

__all__ = ["MARKS", "plot_replays"]

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
