"""The posts: the leading positions, their supervisors and the cadres holding them.

A post is held by one cadre at a time. It falls vacant when its cadre leaves — rotation,
retirement, a removal, a reversed reinstatement — and stays vacant until the month's
appointments (ODD section 3, step 4), so that every post has a holder when incidents strike.
The model, the accountability steps and the follow-up all seat and vacate cadres here.
"""

from __future__ import annotations

import numpy as np

from btr_sim.core.agents import Cadre, CadreState

__all__ = ["Posts"]


class Posts:
    """The posts of the world and who holds them.

    Parameters
    ----------
    n_supervisors
        Number of supervisors.
    posts_per_supervisor
        Posts under each supervisor; post ``p`` is under supervisor
        ``p // posts_per_supervisor``.

    Attributes
    ----------
    supervisor : numpy.ndarray of int
        The supervisor of each post.
    integrity : numpy.ndarray
        The integrity of each post's holder, as of the last seating or growth in office (what
        the incident process reads).
    public_incidents : numpy.ndarray
        Public incidents in each post under its current holder (reset when a cadre is seated):
        what the post's citizens remember of it (``citizens.repeat_weight``).
    holders : list of Cadre or None
        The cadre holding each post (None only between a departure and the month's
        appointments).
    vacancies : list of int
        The posts vacated since the last appointments, in the order they fell vacant.
    quiet_returns : list of Cadre
        Cadres reinstated without announcement and not yet found out, in the order they
        returned.
    """

    def __init__(self, n_supervisors: int, posts_per_supervisor: int) -> None:
        self.supervisor = np.repeat(np.arange(n_supervisors), posts_per_supervisor)
        n = len(self.supervisor)
        self.integrity = np.zeros(n)
        self.public_incidents = np.zeros(n)
        self.holders: list[Cadre | None] = [None] * n
        self.vacancies: list[int] = list(range(n))
        self.quiet_returns: list[Cadre] = []

    def __len__(self) -> int:
        return len(self.holders)

    def seat(self, cadre: Cadre, post: int) -> None:
        """Put ``cadre`` in ``post``."""
        cadre.post = post
        self.holders[post] = cadre
        self.integrity[post] = cadre.integrity
        self.public_incidents[post] = 0.0  # the citizens' count starts again with a new holder

    def note_public_incident(self, post: int, cadre: Cadre) -> None:
        """An incident under ``cadre`` became public in ``post``: counted if it still holds it."""
        if self.holders[post] is cadre:
            self.public_incidents[post] += 1.0

    def vacate(self, cadre: Cadre, state: CadreState) -> None:
        """Take ``cadre`` out of its post into ``state``; the post waits for the appointments."""
        post = cadre.post
        self.holders[post] = None
        self.vacancies.append(post)
        cadre.state = state
        if cadre.quiet_return:
            self.end_quiet_return(cadre)

    def take_vacancies(self) -> list[int]:
        """The vacant posts, lowest first, handed over to be filled (none remain listed)."""
        vacant, self.vacancies = sorted(self.vacancies), []
        return vacant

    def return_quietly(self, cadre: Cadre) -> None:
        """Note that ``cadre``, just seated, came back without announcement."""
        cadre.quiet_return = True
        self.quiet_returns.append(cadre)

    def end_quiet_return(self, cadre: Cadre) -> None:
        """``cadre``'s return is no longer quiet: found out, or the cadre has left the post."""
        cadre.quiet_return = False
        self.quiet_returns.remove(cadre)

    def grow_integrity(self, growth: float) -> None:
        """Integrity grows in office: ``I <- I + growth (1 - I)`` for every holder."""
        for post, cadre in enumerate(self.holders):
            if cadre is not None:
                cadre.integrity += growth * (1.0 - cadre.integrity)
                self.integrity[post] = cadre.integrity
