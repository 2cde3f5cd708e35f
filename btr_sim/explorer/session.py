"""The explorer's model: the run on screen and, side by side, a baseline with the same seed.

The page rebuilds this model from its inputs on *Reset*. :class:`ExplorerModel` turns those
inputs into a scenario and runs a :class:`~btr_sim.core.model.BTRModel` on it; in side-by-side
mode it runs a second one on the baseline scenario with the same seed, stepped in lockstep, so
that the two face the same incidents for as long as their histories allow (common random
numbers) and a difference on screen is the effect of the change, not of luck.

Stepping and reading are serialised by one lock: :meth:`ExplorerModel.step` and
:meth:`~ExplorerModel.advance` hold it for each whole month, and :meth:`~ExplorerModel.snapshot`
copies what the page shows under it (see :mod:`btr_sim.explorer.frames`).
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import mesa

from btr_sim.config import Scenario
from btr_sim.core.model import BTRModel
from btr_sim.explorer.controls import parse_seed
from btr_sim.explorer.fields import scenario_with, settings_of
from btr_sim.explorer.frames import Frame, capture_run
from btr_sim.explorer.launch import too_large
from btr_sim.i18n import ENGLISH, Translator

__all__ = ["ExplorerModel", "Run", "TooLarge"]


class TooLarge(ValueError):
    """A world too large to explore interactively."""


@dataclass(frozen=True)
class Run:
    """One run on screen: a label, its role and the model."""

    label: str
    role: str  # "current" (the page's settings) or "baseline"
    model: BTRModel


class ExplorerModel(mesa.Model):
    """The run(s) the explorer shows, rebuilt from the page's inputs on *Reset*.

    Parameters
    ----------
    seed
        The runs' seed (text from the page is accepted). An invalid seed falls back to 0 and
        :attr:`notice` says so, rather than breaking the page.
    side_by_side
        Also run ``baseline`` with the same seed.
    base
        The scenario the page's settings apply to (the defaults when omitted).
    baseline
        The scenario shown beside it (``base`` when omitted).
    settings
        Parameter values by dotted path (see :mod:`btr_sim.explorer.fields`); paths not given
        keep ``base``'s value.
    tr
        The language of the page: the runs' labels, the notice and the messages of refused
        settings.

    Raises
    ------
    ValueError, KeyError, btr_sim.loading.ConfigError
        For settings the configuration refuses (see
        :func:`~btr_sim.explorer.fields.scenario_with`).
    TooLarge
        For a world of more than :data:`~btr_sim.explorer.launch.MAX_CITIZENS` citizens.

    Attributes
    ----------
    config : Scenario
        The scenario of the current run: ``base`` with the settings applied.
    settings : dict
        Every offered parameter's value in that scenario, by path.
    current : BTRModel
        The run on the page's settings.
    baseline : BTRModel or None
        The baseline run, in side-by-side mode.
    notice : str
        A message for the page ("" when all is well).
    lock : threading.RLock
        Held while stepping and while taking a snapshot.
    """

    def __init__(
        self,
        *,
        seed: int | str = 0,
        side_by_side: bool = False,
        base: Scenario | None = None,
        baseline: Scenario | None = None,
        settings: Mapping[str, Any] | None = None,
        tr: Translator = ENGLISH,
    ) -> None:
        self.tr = tr
        self.notice = ""
        try:
            run_seed = parse_seed(seed, tr)
        except ValueError as exc:
            run_seed = 0
            self.notice = tr("{problem}; seed 0 used instead.").format(problem=exc)
        super().__init__(rng=run_seed)
        self.seed = run_seed
        self.base = base if base is not None else Scenario()
        self.baseline_config = baseline if baseline is not None else self.base
        self.config = scenario_with(self.base, settings or {}, tr)
        for scenario in (self.config, self.baseline_config):
            if too_large(scenario):
                raise TooLarge(too_large(scenario, tr))
        self.side_by_side = side_by_side
        self.settings = settings_of(self.config)
        self.current = BTRModel(self.config, seed=run_seed)
        self.baseline = BTRModel(self.baseline_config, seed=run_seed) if side_by_side else None
        # Mesa's own plot components read the model's datacollector: give them the current run's.
        self.datacollector = self.current.datacollector
        self.lock = threading.RLock()
        self._frames = itertools.count(1)

    @property
    def month(self) -> int:
        """The month the runs have reached (0 before the first step)."""
        return self.current.month

    @property
    def runs(self) -> list[Run]:
        """The runs on screen: the baseline first (left), then the current settings."""
        tr = self.tr
        current = Run(tr("your settings"), "current", self.current)
        if self.baseline is None:
            return [current]
        fixed = tr("{name} (fixed)").format(name=self.baseline_config.name)
        return [Run(fixed, "baseline", self.baseline), current]

    def step(self) -> None:
        """Advance every run by one month."""
        with self.lock:
            for run in self.runs:
                if run.model.running:
                    run.model.step()
            self.running = any(run.model.running for run in self.runs)

    def advance(self, months: int) -> int:
        """Advance by up to ``months`` months (fewer at the horizon); return how many.

        The lock is taken month by month, so that a snapshot waits a month at most.
        """
        done = 0
        while done < months and self.running:
            self.step()
            done += 1
        return done

    def snapshot(self) -> Frame:
        """What the page shows, copied at a month boundary (see :mod:`~btr_sim.explorer.frames`)."""
        with self.lock:
            return Frame(
                number=next(self._frames),
                seed=self.seed,
                months=self.config.months,
                runs=tuple(capture_run(r.model, r.label, r.role, self.tr) for r in self.runs),
            )
