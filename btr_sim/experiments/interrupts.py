"""Ctrl-C during an experiment: one interrupt stops it cleanly, and no worker outlives it.

A terminal's Ctrl-C sends SIGINT to every process of its group: the command, and the worker
processes it started. Only the command should act on it — stop submitting runs, stop the
workers, store the finished runs — and it should do so once, however often the user presses
the keys while it does: an interrupt landing in the middle of that clean-up would leave a
half-stopped pool behind, and the command hanging or its workers running on.

- :func:`interrupt_once`: while an experiment runs, the first SIGINT raises
  :class:`KeyboardInterrupt` as usual; later ones, until the experiment has stopped, are noted
  and otherwise ignored.
- :func:`sigint_ignored`: start a process that must never see SIGINT (the fork server, which
  would otherwise die with a traceback if a Ctrl-C came while it imports the model).
"""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

__all__ = ["interrupt_once", "sigint_ignored"]


def _in_main_thread() -> bool:
    # Python runs signal handlers in the main thread only, and only it may set them.
    return threading.current_thread() is threading.main_thread()


@contextmanager
def interrupt_once() -> Iterator[None]:
    """The first Ctrl-C inside raises KeyboardInterrupt; later ones wait for the clean-up.

    Nothing changes when this is not the main thread, or when SIGINT is not Python's default
    handler (ignored, as in a background job, or handled by the caller).
    """
    if not _in_main_thread() or signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield
        return

    def later(signum: int, frame: FrameType | None) -> None:
        print("btr-sim: stopping; storing the finished runs...", file=sys.stderr)

    def first(signum: int, frame: FrameType | None) -> None:
        signal.signal(signal.SIGINT, later)
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, first)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)


@contextmanager
def sigint_ignored() -> Iterator[None]:
    """Ignore SIGINT while starting a process that must never see it.

    An ignored signal stays ignored across ``fork`` and ``exec``, and Python then leaves it so:
    the process started inside (a fork server importing the model) cannot be killed half-way
    by the Ctrl-C meant for this one. Keep it short: a Ctrl-C meanwhile is lost.
    """
    if not _in_main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
