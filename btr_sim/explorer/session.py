"""The model the explorer drives: the run on screen and, side by side, its baseline.

Mesa's ``SolaraViz`` steps one model and rebuilds it from keyword parameters on *Reset*.
:class:`ExplorerModel` is that model: it turns the controls' values into a scenario and runs a
:class:`~btr_sim.core.model.BTRModel` on it; in side-by-side mode it runs a second one on the
baseline scenario with the same seed, stepped in lockstep, so that the two face the same
incidents for as long as their histories allow (common random numbers) and a difference on
screen is the effect of the change, not of luck.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import mesa

from btr_sim.config import Scenario
from btr_sim.core.model import BTRModel
from btr_sim.explorer.controls import CONTROLS, control_value, parse_seed, scenario_with

__all__ = ["ExplorerModel", "Run"]


@dataclass(frozen=True)
class Run:
    """One run on screen: a label, its role and the model."""

    label: str
    role: str  # "current" (the controls' settings) or "baseline"
    model: BTRModel


class ExplorerModel(mesa.Model):
    """The run(s) the explorer shows, rebuilt from the controls on *Reset*.

    Parameters
    ----------
    seed
        The runs' seed (text from the page is accepted). An invalid seed falls back to 0 and
        :attr:`notice` says so, rather than breaking the page.
    side_by_side
        Also run ``baseline`` with the same seed.
    base
        The scenario the controls apply to (the defaults when omitted).
    baseline
        The scenario shown beside it (``base`` when omitted).
    scenario
        Mesa's own experiment scenario, which Mesa's ``ModelController`` passes on *Reset*;
        unused (the configuration is ``base`` with the controls applied).
    **settings
        Values of :data:`~btr_sim.explorer.controls.CONTROLS`, by name.

    Attributes
    ----------
    config : Scenario
        The scenario of the current run: ``base`` with the controls applied.
    settings : dict
        Every control's value in that scenario, by name.
    current : BTRModel
        The run on the controls' settings.
    baseline : BTRModel or None
        The baseline run, in side-by-side mode.
    notice : str
        A message for the page ("" when all is well).
    """

    def __init__(
        self,
        *,
        seed: int | str = 0,
        side_by_side: bool = False,
        base: Scenario | None = None,
        baseline: Scenario | None = None,
        scenario: Any = None,
        **settings: Any,
    ) -> None:
        self.notice = ""
        try:
            run_seed = parse_seed(seed)
        except ValueError as exc:
            run_seed = 0
            self.notice = f"{exc}; seed 0 used instead."
        super().__init__(rng=run_seed)
        self.seed = run_seed
        self.base = base if base is not None else Scenario()
        self.baseline_config = baseline if baseline is not None else self.base
        self.config = scenario_with(self.base, settings)
        self.side_by_side = side_by_side
        self.settings = {c.name: control_value(self.config, c) for c in CONTROLS}
        self.current = BTRModel(self.config, seed=run_seed)
        self.baseline = BTRModel(self.baseline_config, seed=run_seed) if side_by_side else None
        # Mesa's own plot components read the model's datacollector: give them the current run's.
        self.datacollector = self.current.datacollector

    @property
    def month(self) -> int:
        """The month the runs have reached (0 before the first step)."""
        return self.current.month

    @property
    def runs(self) -> list[Run]:
        """The runs on screen: the baseline first (left), then the current settings."""
        current = Run("your settings", "current", self.current)
        if self.baseline is None:
            return [current]
        return [Run(f"{self.baseline_config.name} (fixed)", "baseline", self.baseline), current]

    def step(self) -> None:
        """Advance every run by one month."""
        for run in self.runs:
            if run.model.running:
                run.model.step()
        self.running = any(run.model.running for run in self.runs)
