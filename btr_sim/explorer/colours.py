"""The explorer's colours: the project's colour-blind-safe palette, used one way on the page.

The palette is Okabe & Ito's, from the project's figure style
(:mod:`btr_sim.analysis.style`). Each run on screen has one colour, the same in the charts,
the status table, the posts and the feed: the fixed baseline of side-by-side mode in black,
as the reference scenario is in every figure of the project, and the run on the page's
settings in blue. Local trust is shown on *cividis*, a sequential map read alike with and
without colour-vision deficiency (never red against green).
"""

from __future__ import annotations

from matplotlib import colormaps
from matplotlib.colors import Colormap

from btr_sim.analysis.style import OKABE_ITO, REFERENCE_COLOUR

__all__ = [
    "EVENT_COLOURS",
    "IN_OFFICE_COLOUR",
    "OKABE_ITO",
    "QUIET_RETURN_COLOUR",
    "REMOVAL_COLOURS",
    "RETURN_COLOUR",
    "RUN_COLOURS",
    "TRUST_MAP",
    "run_colour",
]

#: Each run's colour, by role.
RUN_COLOURS: dict[str, str] = {"baseline": REFERENCE_COLOUR, "current": OKABE_ITO["blue"]}

#: The colour map of local trust.
TRUST_MAP: Colormap = colormaps["cividis"]


def run_colour(role: str) -> str:
    """The colour of the run with ``role`` (``current`` or ``baseline``)."""
    return RUN_COLOURS[role]


#: Removals by kind, in the charts, the posts and the feed.
REMOVAL_COLOURS: dict[str, str] = {
    "voluntary_resignation": OKABE_ITO["bluish green"],
    "ordered_resignation": OKABE_ITO["orange"],
    "dismissal": OKABE_ITO["vermillion"],
}
#: A reinstatement, and a quiet one not yet found out (or its discovery).
RETURN_COLOUR = OKABE_ITO["sky blue"]
QUIET_RETURN_COLOUR = OKABE_ITO["reddish purple"]
#: A post held as usual.
IN_OFFICE_COLOUR = "#dddddd"

#: The mark of each kind of event in the feed: removals and returns as in the charts and the
#: posts, impunity black, concealment and its exposure grey (the palette's yellow is too pale
#: on white); events not listed have a light grey mark.
EVENT_COLOURS: dict[str, str] = {
    **REMOVAL_COLOURS,
    "reinstatement": RETURN_COLOUR,
    "discovery": QUIET_RETURN_COLOUR,
    "reversal": QUIET_RETURN_COLOUR,
    "no_action": OKABE_ITO["black"],
    "concealment": "#999999",
    "exposure": "#999999",
}
