"""The credibility plot of a case replay, with the case's events marked."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")  # files only; never a window
import matplotlib.pyplot as plt

from btr_sim.core.events import EventKind
from btr_sim.validation.cases import CaseReplay

__all__ = ["MARKS", "plot_replays"]

#: Events marked on the plot: colour and line style.
MARKS: dict[str, tuple[str, str]] = {
    EventKind.INCIDENT.value: ("black", ":"),
    EventKind.EXPOSURE.value: ("tab:orange", "-."),
    EventKind.DISCLOSURE.value: ("tab:orange", "-."),
    EventKind.VOLUNTARY_RESIGNATION.value: ("tab:red", "--"),
    EventKind.ORDERED_RESIGNATION.value: ("tab:red", "--"),
    EventKind.DISMISSAL.value: ("tab:red", "--"),
    EventKind.REINSTATEMENT.value: ("tab:green", "--"),
    EventKind.DISCOVERY.value: ("tab:purple", ":"),
}


def plot_replays(replays: Sequence[CaseReplay], title: str) -> plt.Figure:
    """One panel per replay: overall and post credibility, the case's events as vertical lines.

    Parameters
    ----------
    replays
        Replays of one case (for example under the rules of its time and the reformed rules).
    title
        The figure's title.
    """
    fig, axes = plt.subplots(
        len(replays), 1, figsize=(10, 3.6 * len(replays)), sharex=True, squeeze=False
    )
    for ax, replay in zip(axes[:, 0], replays, strict=True):
        cred = replay.credibility
        ax.plot(cred.index, cred["overall"], color="tab:blue", label="credibility, overall")
        ax.plot(
            cred.index, cred["post"], color="tab:cyan", label=f"credibility, post {replay.post}"
        )
        labelled: set[str] = set()
        for row in replay.events.itertuples():
            if row.event not in MARKS:
                continue
            color, style = MARKS[row.event]
            name = row.event.replace("_", " ")
            if row.event == EventKind.REINSTATEMENT.value:
                name = f"reinstatement ({int(row.value)} months out)"
            ax.axvline(
                row.month,
                color=color,
                ls=style,
                lw=1.5,
                label=None if row.event in labelled else f"{name} (month {row.month})",
            )
            labelled.add(row.event)
        back = replay.months_to_reinstatement
        verdict = f"reinstated after {back} months" if back is not None else "not reinstated"
        ax.set_title(
            f"{replay.case} — rules: {replay.rules}, seed {replay.seed}: {verdict}",
            fontsize=10,
            loc="left",
        )
        ax.set_ylabel("credibility (mean trust)")
        ax.legend(fontsize=7, loc="lower left")
    axes[-1, 0].set_xlabel("month")
    fig.suptitle(title)
    fig.tight_layout()
    return fig
