"""What ``btr-sim explore`` was asked to show, handed to the page through the environment.

Solara imports the page module itself, in the server's process (and again after a code reload
in development), so the command line passes its choices as environment variables rather than
as Python objects.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from btr_sim.config import Scenario
from btr_sim.loading import load_scenario

__all__ = ["ENV_PREFIX", "MAX_CITIZENS", "LaunchSettings", "current", "too_large"]

ENV_PREFIX = "BTR_SIM_EXPLORE_"
#: The largest world the explorer runs (citizens); larger ones are for ``btr-sim run``.
MAX_CITIZENS = 2_000_000


def too_large(scenario: Scenario) -> str:
    """Why ``scenario``'s world is too large to explore, or "" if it is not."""
    citizens = scenario.world.n_citizens
    if citizens <= MAX_CITIZENS:
        return ""
    return (
        f"{scenario.name}: a world of {citizens:,} citizens is too large to explore "
        f"(at most {MAX_CITIZENS:,}); run it with `btr-sim run`"
    )


@dataclass(frozen=True)
class LaunchSettings:
    """The explorer's starting point.

    Attributes
    ----------
    scenario : str
        The scenario file the controls start from ("" for the defaults, the status quo).
    compare : str
        A scenario file to show side by side as the baseline ("" for none: the baseline is
        then ``scenario`` itself and side-by-side mode starts off).
    seed : int
        The seed at start.
    save_dir : str
        Where *Save* writes scenario files.
    """

    scenario: str = ""
    compare: str = ""
    seed: int = 0
    save_dir: str = "."

    def to_environment(self) -> dict[str, str]:
        """The settings as environment variables."""
        return {
            f"{ENV_PREFIX}SCENARIO": self.scenario,
            f"{ENV_PREFIX}COMPARE": self.compare,
            f"{ENV_PREFIX}SEED": str(self.seed),
            f"{ENV_PREFIX}SAVE_DIR": self.save_dir,
        }

    @classmethod
    def from_environment(cls) -> LaunchSettings:
        """The settings the command line left in the environment (defaults where unset)."""
        env = os.environ
        return cls(
            scenario=env.get(f"{ENV_PREFIX}SCENARIO", ""),
            compare=env.get(f"{ENV_PREFIX}COMPARE", ""),
            seed=int(env.get(f"{ENV_PREFIX}SEED", "0") or 0),
            save_dir=env.get(f"{ENV_PREFIX}SAVE_DIR", ".") or ".",
        )

    def base(self) -> Scenario:
        """The scenario the controls start from."""
        return load_scenario(self.scenario) if self.scenario else Scenario()

    def baseline(self) -> Scenario:
        """The scenario shown beside it in side-by-side mode."""
        return load_scenario(self.compare) if self.compare else self.base()

    @property
    def save_path(self) -> Path:
        """The folder scenario files are saved to."""
        return Path(self.save_dir).expanduser()


@cache
def current() -> LaunchSettings:
    """The launch settings of this server process (read from the environment once)."""
    return LaunchSettings.from_environment()
