"""The credibility plot of a case replay, with the case's events marked."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.axes import Axes
from matplotlib.figure import Figure

from btr_sim.analysis.style import OKABE_ITO, new_figure, style
from btr_sim.core.events import EventKind
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


def plot_replays(replays: Sequence[CaseReplay], title: str) -> Figure:
    """One panel per replay: overall and post credibility, the case's events as vertical lines.

    Parameters
    ----------
    replays
        Replays of one case (for example under the rules of its time and the reformed rules).
    title
        The figure's title.
    """
    with style():
        fig = new_figure(10, 3.6 * len(replays))
        axes = fig.subplots(len(replays), 1, sharex=True, squeeze=False)[:, 0]
        for ax, replay in zip(axes, replays, strict=True):
            _replay_panel(ax, replay)
        axes[-1].set_xlabel("month")
        fig.suptitle(title)
    return fig


def _replay_panel(ax: Axes, replay: CaseReplay) -> None:
    cred = replay.credibility
    ax.plot(cred.index, cred["overall"], color=OKABE_ITO["blue"], label="credibility, overall")
    ax.plot(
        cred.index,
        cred["post"],
        color=OKABE_ITO["sky blue"],
        label=f"credibility, post {replay.post}",
    )
    labelled: set[str] = set()
    for row in replay.events.itertuples():
        if row.event not in MARKS:
            continue
        color, line = MARKS[row.event]
        name = row.event.replace("_", " ")
        if row.event == EventKind.REINSTATEMENT.value:
            name = f"reinstatement ({int(row.value)} months out)"
        ax.axvline(
            row.month,
            color=color,
            ls=line,
            lw=1.5,
            label=None if row.event in labelled else f"{name} (month {row.month})",
        )
        labelled.add(row.event)
    back = replay.months_to_reinstatement
    verdict = f"reinstated after {back} months" if back is not None else "not reinstated"
    ax.set_title(
        f"{replay.case} — rules: {replay.rules}, seed {replay.seed}: {verdict}", loc="left"
    )
    ax.set_ylabel("credibility (mean trust)")
    ax.legend(fontsize=7, loc="lower left")
