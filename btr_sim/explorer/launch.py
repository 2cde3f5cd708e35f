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
from btr_sim.i18n import ENGLISH, Translator, translator
from btr_sim.loading import load_scenario

__all__ = ["ENV_PREFIX", "MAX_CITIZENS", "LaunchSettings", "current", "too_large"]

ENV_PREFIX = "BTR_SIM_EXPLORE_"
#: The largest world the explorer runs (citizens); larger ones are for ``btr-sim run``.
MAX_CITIZENS = 2_000_000


def too_large(scenario: Scenario, tr: Translator = ENGLISH) -> str:
    """Why ``scenario``'s world is too large to explore, or "" if it is not (in ``tr``)."""
    citizens = scenario.world.n_citizens
    if citizens <= MAX_CITIZENS:
        return ""
    return tr(
        "{name}: a world of {citizens} citizens is too large to explore (at most {limit}); "
        "run it with `btr-sim run`"
    ).format(name=scenario.name, citizens=f"{citizens:,}", limit=f"{MAX_CITIZENS:,}")


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
    lang : str
        The language of the page (a code of :data:`~btr_sim.i18n.LANGUAGES`; "" for
        ``$BTR_SIM_LANG``, else English).
    """

    scenario: str = ""
    compare: str = ""
    seed: int = 0
    save_dir: str = "."
    lang: str = ""

    def to_environment(self) -> dict[str, str]:
        """The settings as environment variables."""
        return {
            f"{ENV_PREFIX}SCENARIO": self.scenario,
            f"{ENV_PREFIX}COMPARE": self.compare,
            f"{ENV_PREFIX}SEED": str(self.seed),
            f"{ENV_PREFIX}SAVE_DIR": self.save_dir,
            f"{ENV_PREFIX}LANG": self.lang,
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
            lang=env.get(f"{ENV_PREFIX}LANG", ""),
        )

    def base(self) -> Scenario:
        """The scenario the controls start from."""
        return load_scenario(self.scenario) if self.scenario else Scenario()

    def baseline(self) -> Scenario:
        """The scenario shown beside it in side-by-side mode."""
        return load_scenario(self.compare) if self.compare else self.base()

    def translator(self) -> Translator:
        """The page's language: :attr:`lang`, else ``$BTR_SIM_LANG``, else English."""
        return translator(self.lang or None)

    @property
    def save_path(self) -> Path:
        """The folder scenario files are saved to."""
        return Path(self.save_dir).expanduser()


@cache
def current() -> LaunchSettings:
    """The launch settings of this server process (read from the environment once)."""
    return LaunchSettings.from_environment()
