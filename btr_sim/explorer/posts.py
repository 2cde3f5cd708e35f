"""The grid of posts: one cell per post, a row per supervisor, coloured by cadre or by trust.

By cadre, a cell tells who holds the post and why: a cadre who came back after a removal
(quietly and not yet found out, or openly), a cadre appointed after a removal in the last
twelve months (coloured by the kind of removal), or an ordinary holder. By trust, a cell shows
the mean trust of the post's citizens on a fixed scale of a sequential, colour-blind-safe map
(cividis), so colours compare across months and across the two runs of side-by-side mode.
Each cell carries a tooltip with the details. The legend counts the posts of every run on
screen.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.colors import Normalize, to_hex

from btr_sim.analysis.naming import event_name
from btr_sim.core.agents import CadreState
from btr_sim.core.events import REMOVALS, EventKind
from btr_sim.core.model import BTRModel
from btr_sim.explorer.colours import (
    IN_OFFICE_COLOUR,
    QUIET_RETURN_COLOUR,
    REMOVAL_COLOURS,
    RETURN_COLOUR,
    TRUST_MAP,
)
from btr_sim.i18n import ENGLISH, N_, Translator

__all__ = [
    "CADRE_COLOURS",
    "MAX_POSTS",
    "TRUST_RANGE",
    "PostCell",
    "grid_html",
    "legend_html",
    "post_cells",
    "trust_colour",
]

#: Cadre categories, in the order the legend lists them: key -> (legend text, colour); the
#: text is a message of the catalogue, translated where the legend is drawn.
CADRE_COLOURS: dict[str, tuple[str, str]] = {
    "quiet_return": (N_("reinstated quietly (not yet found out)"), QUIET_RETURN_COLOUR),
    "reinstated": (N_("reinstated"), RETURN_COLOUR),
    EventKind.VOLUNTARY_RESIGNATION.value: (
        N_("new after a voluntary resignation (12 months)"),
        REMOVAL_COLOURS["voluntary_resignation"],
    ),
    EventKind.ORDERED_RESIGNATION.value: (
        N_("new after an ordered resignation (12 months)"),
        REMOVAL_COLOURS["ordered_resignation"],
    ),
    EventKind.DISMISSAL.value: (
        N_("new after a dismissal (12 months)"),
        REMOVAL_COLOURS["dismissal"],
    ),
    "in_office": (N_("in office"), IN_OFFICE_COLOUR),
}
#: Trust values mapped onto the colour scale; values outside are shown at its ends.
TRUST_RANGE = (0.3, 0.9)
_RECENT_MONTHS = 12
#: Posts drawn at most; a larger world shows its first supervisors' posts (the page says so).
MAX_POSTS = 2500


@dataclass(frozen=True)
class PostCell:
    """One post as the grid shows it."""

    post: int
    supervisor: int
    category: str
    trust: float
    tooltip: str


def _recent_removals(events: pd.DataFrame, month: int) -> dict[int, tuple[str, int]]:
    """Post -> (kind, month) of its latest removal in the last twelve months."""
    # The log is in month order: only its end is read.
    since = int(np.searchsorted(events["month"].to_numpy(), month - _RECENT_MONTHS, side="right"))
    recent = events.iloc[since:]
    recent = recent[recent["event"].isin([k.value for k in REMOVALS])]
    return {
        int(post): (str(event), int(when))
        for post, event, when in zip(recent["post"], recent["event"], recent["month"], strict=True)
    }


def post_cells(
    model: BTRModel, events: pd.DataFrame | None = None, tr: Translator = ENGLISH
) -> list[PostCell]:
    """Every post's category, local trust and tooltip (in ``tr``'s language), by post.

    ``events`` is the model's event log as a frame, when the caller has it already.
    """
    events = events if events is not None else model.events.to_frame()
    removals = _recent_removals(events, model.month)
    trust = model.citizens.post_mean
    cells = []
    for post, cadre in enumerate(model.posts.holders):
        supervisor = int(model.posts.supervisor[post])
        lines = [
            tr("post {post} (supervisor {supervisor})").format(post=post, supervisor=supervisor),
            tr("local trust {trust}").format(trust=f"{trust[post]:.2f}"),
        ]
        category = "in_office"
        if cadre is not None:
            lines.append(
                tr("cadre #{cadre}, integrity {integrity}").format(
                    cadre=cadre.unique_id, integrity=f"{cadre.integrity:.2f}"
                )
            )
            if cadre.state is CadreState.REINSTATED:
                category = "quiet_return" if cadre.quiet_return else "reinstated"
                times = cadre.reinstatements
                lines.append(
                    tr.ngettext("reinstated {n} time", "reinstated {n} times", times).format(
                        n=times
                    )
                )
        if post in removals:
            kind, when = removals[post]
            lines.append(
                tr("{event} in month {month}").format(event=event_name(kind, tr), month=when)
            )
            if category == "in_office":
                category = kind
        cells.append(PostCell(post, supervisor, category, float(trust[post]), "\n".join(lines)))
    return cells


def trust_colour(value: float) -> str:
    """The colour of a local trust value on the fixed scale."""
    return to_hex(TRUST_MAP(Normalize(*TRUST_RANGE, clip=True)(value)))


def grid_html(
    cells: Sequence[PostCell], columns: int, colour_by: str, tr: Translator = ENGLISH
) -> str:
    """The grid as HTML: ``columns`` cells a row (the posts of one supervisor)."""
    shown = cells[:MAX_POSTS]
    parts = [
        f'<div class="btr-posts-grid" style="display:grid;'
        f"grid-template-columns:repeat({columns},minmax(8px,20px));gap:2px;"
        f'margin:4px 0">'
    ]
    for cell in shown:
        if colour_by == "trust":
            colour = trust_colour(cell.trust)
        else:
            colour = CADRE_COLOURS[cell.category][1]
        parts.append(
            f'<div class="btr-post" data-category="{cell.category}" '
            f'title="{html.escape(cell.tooltip)}" '
            f'style="background:{colour};aspect-ratio:1;border-radius:2px"></div>'
        )
    parts.append("</div>")
    if len(cells) > len(shown):
        note = tr("first {shown} of {total} posts").format(shown=len(shown), total=len(cells))
        parts.append(f'<div style="font-size:12px">{html.escape(note)}</div>')
    return "".join(parts)


def _swatch(colour: str) -> str:
    return (
        f'<span style="display:inline-block;width:10px;height:10px;margin-right:4px;'
        f'background:{colour}"></span>'
    )


def legend_html(
    colour_by: str,
    runs: Sequence[tuple[str, str, Sequence[PostCell]]] = (),
    tr: Translator = ENGLISH,
) -> str:
    """The legend of the grid's colours.

    Parameters
    ----------
    colour_by
        ``cadre`` or ``trust``.
    runs
        For each run on screen: its label, its colour and its cells; by cadre, the legend
        counts each run's posts in every category (a column per run).
    tr
        The language of the legend.
    """
    if colour_by == "trust":
        low, high = TRUST_RANGE
        stops = ", ".join(trust_colour(v) for v in np.linspace(low, high, 7))
        return (
            '<div class="btr-posts-legend" style="font-size:12px">'
            f"{html.escape(tr('local trust'))} {low:.1f}&nbsp;"
            f'<span style="display:inline-block;width:120px;height:10px;'
            f'background:linear-gradient(to right, {stops})"></span>&nbsp;{high:.1f}</div>'
        )
    head = "".join(
        f'<th style="padding:0 6px;text-align:right"><span style="border-bottom:3px solid '
        f'{colour}">{html.escape(label)}</span></th>'
        for label, colour, _ in runs
    )
    rows = []
    for key, (text, colour) in CADRE_COLOURS.items():
        counts = "".join(
            f'<td data-role-index="{i}" style="padding:0 6px;text-align:right">'
            f"{sum(cell.category == key for cell in cells)}</td>"
            for i, (_, _, cells) in enumerate(runs)
        )
        rows.append(
            f'<tr data-category="{key}"><td>{_swatch(colour)}{html.escape(tr(text))}</td>'
            f"{counts}</tr>"
        )
    return (
        '<table class="btr-posts-legend" style="font-size:12px;border-collapse:collapse">'
        f"<tr><th></th>{head}</tr>{''.join(rows)}</table>"
    )
