"""Who hears the news from elsewhere: the number of items first, then who hears each one.

The media carry a month's news beyond the post where it happened. ``R`` is the expected number
of items of one kind (bad news, good news) that a fully attentive citizen hears from the whole
country (:attr:`btr_sim.core.news.Bulletin.reach`), and citizen ``i`` of attention ``a_i``
hears ``k_i ~ Poisson(a_i R)`` of them, independently of every other citizen and of the other
kind (ODD section 7.7). With a hundred posts about 97 % of those counts are zero in a month,
so one Poisson draw per citizen mostly draws nothing. :class:`Audience` draws them the other
way round, with work proportional to the items heard rather than to the citizens:

1. how many items are heard in the whole country: ``N ~ Poisson(R A)``, ``A = sum_i a_i``;
2. who hears each item: citizen ``i`` with probability ``a_i / A``, each item independently.

This is Poisson splitting, and the counts have exactly the joint distribution of independent
``Poisson(a_i R)`` draws. Given ``N = m`` the counts are multinomial, so for any counts
``k_1, ..., k_n`` that sum to ``m``::

    P(k_1, ..., k_n) = e^(-RA) (RA)^m / m!  *  m! / (k_1! ... k_n!)  *  prod_i (a_i / A)^(k_i)
                     = prod_i  e^(-R a_i) (R a_i)^(k_i) / k_i!

because ``(RA)^m prod_i A^(-k_i) = R^m`` and ``e^(-RA) = prod_i e^(-R a_i)``: a product of
Poisson probabilities, one per citizen. The two kinds are drawn one after the other, each
from its own draws of the stream, so they are independent as well.

Where items are many, more than :data:`PER_CITIZEN_ABOVE` per citizen on average (as when ten
thousand posts make news), placing them one by one costs more than a Poisson draw per citizen,
and that kind is drawn per citizen instead: the same distribution by definition, so the choice
changes which numbers are drawn, never how they are distributed. A month's :class:`Hearing`
lists the few citizens who heard something, or everyone when many did.

Each item goes to the citizen whose stretch ``[C_(i-1), C_i)`` of the cumulative attention
``C`` holds a uniform point of ``[0, A)``: the stretch has length ``a_i``, up to the rounding
of the running sum (about ``1e-16 A`` at each boundary, the resolution of the uniform draw
itself). A guide table over ``[0, A)`` finds the stretch in a step or two instead of a binary
search over all citizens.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["PER_CITIZEN_ABOVE", "Audience", "Hearing"]

#: Expected items of one kind per citizen (``R`` times the mean attention) above which that
#: kind is drawn as one ``Poisson(a_i R)`` count per citizen instead of item by item: an item
#: costs a few random memory accesses, so from about one item per citizen on numpy's Poisson
#: sampler is the faster way to the same distribution (``benchmarks/bench.py --only 6``).
PER_CITIZEN_ABOVE = 1.0

#: Items are tallied by sorting their hearers while they are fewer than this share of the
#: citizens; above it, by counting into arrays over all citizens. The tally is the same.
_SORT_BELOW = 1 / 8


@dataclass(frozen=True, slots=True)
class Hearing:
    """Who heard how many items from elsewhere in one month.

    Attributes
    ----------
    citizens
        Indices of the citizens listed in ``counts``, in increasing order; every citizen who
        heard something is listed. ``None`` when everyone is listed, in index order (months
        in which most citizens hear something).
    counts
        ``(kinds, listed)``: the number of items of each kind each listed citizen heard, in
        the order of the ``reach`` it was drawn for (bad news, then good news).
    """

    citizens: np.ndarray | None
    counts: np.ndarray

    @classmethod
    def nobody(cls, kinds: int = 2) -> Hearing:
        """A month in which no one hears anything from elsewhere."""
        return cls(np.empty(0, dtype=np.intp), np.empty((kinds, 0), dtype=np.intp))

    @property
    def everyone(self) -> bool:
        """Whether every citizen is listed, in index order."""
        return self.citizens is None

    def __len__(self) -> int:
        return self.counts.shape[1]

    def of(self, citizen: int) -> tuple[int, ...]:
        """The number of items of each kind that ``citizen`` heard."""
        if self.citizens is None:
            return tuple(int(k) for k in self.counts[:, citizen])
        at = int(np.searchsorted(self.citizens, citizen))
        if at < self.citizens.size and self.citizens[at] == citizen:
            return tuple(int(k) for k in self.counts[:, at])
        return (0,) * self.counts.shape[0]


class Audience:
    """The citizens as the media reach them: each item heard goes to one citizen, by attention.

    Parameters
    ----------
    attention
        The citizens' attention, a fixed trait: the tables built from it are kept.
    """

    def __init__(self, attention: np.ndarray) -> None:
        self.size = attention.size
        self._attention = attention
        self._cumulative = np.cumsum(attention)
        self.total = float(self._cumulative[-1]) if self.size else 0.0
        if self.total > 0:
            self._build_guide()

    def _build_guide(self) -> None:
        # One bucket of [0, A) per citizen; bucket j holds the first citizen whose stretch
        # ends in bucket j or later. A point of bucket j lies at or after the end of every
        # earlier citizen's stretch, since x -> floor(x * scale) never decreases (rounding
        # included), so the search starts there and steps forward over the few stretches that
        # end inside the bucket.
        self._scale = self.size / self.total
        ends = self._bucket(self._cumulative)
        self._guide = np.zeros(self.size, dtype=np.intp)
        np.cumsum(np.bincount(ends, minlength=self.size)[:-1], out=self._guide[1:])
        # Every point must fall inside some citizen's stretch: strictly below A.
        self._below_total = np.nextafter(self.total, 0.0)

    def _bucket(self, points: np.ndarray) -> np.ndarray:
        bucket = (points * self._scale).astype(np.intp)
        return np.minimum(bucket, self.size - 1, out=bucket)

    def hear(self, reach: np.ndarray, rng: np.random.Generator) -> Hearing:
        """Draw who hears how many items of each kind this month.

        Parameters
        ----------
        reach
            ``R`` for each kind: the expected number of items a fully attentive citizen hears.
        rng
            The ``citizens`` stream. Each kind in turn draws the number of items it brings,
            then one uniform point per item; or, above :data:`PER_CITIZEN_ABOVE` expected
            items per citizen, one Poisson count per citizen in index order.
        """
        if self.total <= 0 or not np.any(reach):
            return Hearing.nobody(len(reach))
        per_citizen = [rate * self.total > PER_CITIZEN_ABOVE * self.size for rate in reach]
        drawn = [  # for each kind: the count of every citizen, or the hearer of every item
            rng.poisson(self._attention * rate)
            if by_citizen
            else self._locate(rng.random(rng.poisson(rate * self.total)))
            for rate, by_citizen in zip(reach, per_citizen, strict=True)
        ]
        items = sum(
            d.size for d, by_citizen in zip(drawn, per_citizen, strict=True) if not by_citizen
        )
        if any(per_citizen) or items >= _SORT_BELOW * self.size:
            counts = np.empty((len(drawn), self.size), dtype=np.int32)  # a month's items: few
            for row, d, by_citizen in zip(counts, drawn, per_citizen, strict=True):
                row[:] = d if by_citizen else np.bincount(d, minlength=self.size)
            return Hearing(None, counts)
        return self._tally(drawn)

    @staticmethod
    def _tally(hearers: list[np.ndarray]) -> Hearing:
        """The hearing of items whose hearers (one array per kind) are given."""
        kinds = len(hearers)
        # Sort the (citizen, kind) pairs, coded as citizen * kinds + kind, and count the runs.
        pairs, items = np.unique(
            np.concatenate([h * kinds + kind for kind, h in enumerate(hearers)]),
            return_counts=True,
        )
        who, kind = np.divmod(pairs, kinds)
        first = np.ones(who.size, dtype=bool)  # the first pair of each citizen
        np.not_equal(who[1:], who[:-1], out=first[1:])
        citizens = who[first]
        counts = np.zeros((kinds, citizens.size), dtype=np.intp)
        counts[kind, np.cumsum(first) - 1] = items
        return Hearing(citizens, counts)

    def _locate(self, uniforms: np.ndarray) -> np.ndarray:
        """The citizen whose stretch of cumulative attention holds each point ``u A``.

        The same as ``np.searchsorted(cumulative, u * A, side="right")``: start from the
        guide table's bucket and step forward while the stretch ends at or before the point.
        ``uniforms`` is overwritten.
        """
        points = np.multiply(uniforms, self.total, out=uniforms)
        np.minimum(points, self._below_total, out=points)
        at = self._guide[self._bucket(points)]
        cumulative = self._cumulative
        behind = np.flatnonzero(cumulative[at] <= points)
        while behind.size:
            at[behind] += 1
            behind = behind[cumulative[at[behind]] <= points[behind]]
        return at
