"""Playing a run: stepping at a chosen speed and showing a frame a few times a second.

Drawing the page costs far more than a month of the model (a month of the default world takes
well under a millisecond; drawing the charts, posts and feed and sending them to the browser
takes tens of milliseconds). So the player does not draw every month: it steps the months due
at the chosen speed and shows a :class:`~btr_sim.explorer.frames.Frame` at most every
``frame_interval`` seconds — every month at slow speeds, several months a frame at fast ones.
The speed the page asks for is then kept whatever the cost of a frame, as long as the machine
can step that fast; if it cannot, the player steps as fast as it can between frames rather
than racing to catch up afterwards.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from btr_sim.explorer.frames import Frame
from btr_sim.explorer.session import ExplorerModel

__all__ = ["DEFAULT_SPEED", "FRAME_INTERVAL", "SPEEDS", "Player"]

#: The speeds the page offers: label -> months per second (None: as fast as it goes).
SPEEDS: dict[str, float | None] = {
    "1": 1.0,
    "2": 2.0,
    "5": 5.0,
    "12": 12.0,
    "24": 24.0,
    "60": 60.0,
    "max": None,
}
#: The speed at start: a year a second.
DEFAULT_SPEED = "12"
#: The shortest time between two frames, in seconds.
FRAME_INTERVAL = 0.2


class Player:
    """Steps an explorer model at a speed and publishes frames of it.

    Parameters
    ----------
    model
        The runs to play.
    publish
        Receives each frame to show (it draws the page, so it may take a while).
    speed
        Called once a frame: the speed asked for, in months per second (None: as fast as
        the machine goes).
    frame_interval
        The shortest time between two frames, in seconds.
    clock, wait
        The time, and a wait on the stop event with a timeout (tests pass simulated ones).
    """

    def __init__(
        self,
        model: ExplorerModel,
        publish: Callable[[Frame], None],
        speed: Callable[[], float | None],
        *,
        frame_interval: float = FRAME_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
        wait: Callable[[threading.Event, float], object] | None = None,
    ) -> None:
        self.model = model
        self.publish = publish
        self.speed = speed
        self.frame_interval = frame_interval
        self.clock = clock
        self.wait = wait if wait is not None else threading.Event.wait

    def play(self, stop: threading.Event) -> int:
        """Play until the horizon or until ``stop`` is set; return the months played.

        The last frame published shows the month the runs stopped at.
        """
        model, clock = self.model, self.clock
        total = 0  # months played
        counted = 0  # months played since ``origin``, at ``speed``
        shown, shown_at = model.month, clock()
        speed, origin = self.speed(), shown_at
        while model.running and not stop.is_set():
            asked = self.speed()
            if asked != speed:  # a new speed counts from now
                speed, origin, counted = asked, clock(), 0
            # Step the months due, until a frame is due.
            while model.running and not stop.is_set():
                now = clock()
                if model.month != shown and now - shown_at >= self.frame_interval:
                    break
                if speed is not None and counted >= (now - origin) * speed:
                    break
                stepped = model.advance(1)
                total += stepped
                counted += stepped
            now = clock()
            if model.month != shown and (
                now - shown_at >= self.frame_interval or not model.running
            ):
                self.publish(model.snapshot())
                shown, shown_at = model.month, clock()
                continue
            if speed is None or not model.running:
                continue
            if (now - origin) * speed - counted > max(speed, 1.0):
                # More than a second behind: the machine cannot keep this speed. Go on from
                # here rather than rush the missed months through afterwards.
                origin, counted = now, 0
            wake = origin + (counted + 1) / speed  # when the next month is due
            if model.month != shown:
                wake = min(wake, shown_at + self.frame_interval)
            self.wait(stop, min(max(wake - now, 0.001), 0.25))
        if model.month != shown:  # paused between frames: show where the runs stand
            self.publish(model.snapshot())
        return total
