"""The news desk: what citizens can learn in a month, gathered before they hear it.

Each item of news has a post, a sign (bad or good news for the government's credibility), a
magnitude (how much it would move a citizen who hears it) and a severity that sets how far the
media carry it. Citizens of the post hear all of its news; every citizen may hear news from
elsewhere, in proportion to attention and media reach (who hears which items is drawn by
:mod:`btr_sim.core.audience`; how news moves trust is :mod:`btr_sim.core.population`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["BAD", "GOOD", "Bulletin", "NewsDesk"]

BAD, GOOD = 0, 1


@dataclass(frozen=True, slots=True)
class Bulletin:
    """A month's news, aggregated for the citizens' vectorized update.

    Attributes
    ----------
    local
        ``(2, posts)``: summed magnitude of bad and good news per post, heard by its citizens.
    reach
        ``(2,)``: expected number of bad and good items a fully attentive citizen hears from
        the whole country.
    magnitude
        ``(2,)``: reach-weighted mean magnitude of those items.
    central
        The month's news of the centre (:mod:`btr_sim.core.central`), in the same form; None
        where no news desk of the centre is kept (nothing moves trust in the centre).
    travels
        Whether any item reaches citizens beyond its own post (then the month's draw says who
        hears how many bad and good items from elsewhere).
    """

    local: np.ndarray
    reach: np.ndarray
    magnitude: np.ndarray
    central: Bulletin | None = None
    travels: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "travels", bool(self.reach.any()))

    @classmethod
    def none(cls, n_posts: int) -> Bulletin:
        """A month without news, for ``n_posts`` posts."""
        return cls(np.zeros((2, n_posts)), np.zeros(2), np.zeros(2))

    @property
    def empty(self) -> bool:
        """Whether there is no news at all."""
        return not self.travels and not self.local.any()


class NewsDesk:
    """Collects a month's news items and hands them to the citizens as one :class:`Bulletin`.

    Parameters
    ----------
    n_posts
        Number of posts.
    media_reach
        ``r``: share of attentive citizens that one unit of severity reaches beyond the post.

    Attributes
    ----------
    central : NewsDesk or None
        The desk of the centre's news (same media, its own items), whose month goes out with
        this desk's as :attr:`Bulletin.central`; set by whoever files the centre's news.
    """

    def __init__(self, n_posts: int, media_reach: float) -> None:
        self.n_posts = n_posts
        self.media_reach = media_reach
        self.central: NewsDesk | None = None
        self._reset()

    def _reset(self) -> None:
        self._local = np.zeros((2, self.n_posts))
        self._reach = np.zeros(2)
        self._weighted = np.zeros(2)
        self.items = 0

    def report(
        self, post: int, sign: int, magnitude: float, severity: float, reach: float = 1.0
    ) -> None:
        """File one item of news.

        Parameters
        ----------
        post
            Where it happened: its citizens hear it in full.
        sign
            :data:`BAD` or :data:`GOOD`.
        magnitude
            How strongly it moves a citizen who hears it.
        severity
            Severity of the incident behind it: the media carry graver news further.
        reach
            Multiplier of the media reach (a scandal of national reach > 1).
        """
        if magnitude <= 0:
            return
        self._local[sign, post] += magnitude
        r = min(1.0, self.media_reach * severity * reach)
        self._reach[sign] += r
        self._weighted[sign] += r * magnitude
        self.items += 1

    def bulletin(self) -> Bulletin:
        """Hand over the month's news and start a new month."""
        with np.errstate(invalid="ignore", divide="ignore"):
            magnitude = np.where(self._reach > 0, self._weighted / self._reach, 0.0)
        central = self.central.bulletin() if self.central is not None else None
        out = Bulletin(self._local, self._reach.copy(), magnitude, central)
        self._reset()
        return out
