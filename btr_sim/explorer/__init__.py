"""The interactive explorer: ``btr-sim explore``, a Mesa SolaraViz app in the browser.

One concern per module:

- :mod:`~btr_sim.explorer.controls`: the knobs (rule sets, countermeasures, seed) and how
  their values become a :class:`~btr_sim.config.Scenario`;
- :mod:`~btr_sim.explorer.session`: :class:`ExplorerModel`, the Mesa model the app drives — the
  run on screen and, side by side, its baseline run with the same seed;
- :mod:`~btr_sim.explorer.feed`: the event log told in words;
- :mod:`~btr_sim.explorer.charts`: the live charts (matplotlib figures);
- :mod:`~btr_sim.explorer.posts`: the grid of posts, coloured by cadre or by local trust;
- :mod:`~btr_sim.explorer.saving`: the current settings as a scenario file;
- :mod:`~btr_sim.explorer.views`: the status, charts, posts and feed as Solara components;
- :mod:`~btr_sim.explorer.panel`: the sidebar — Mesa's play / step / reset, the knobs, saving;
- :mod:`~btr_sim.explorer.app`: the page, laid out as Mesa's ``SolaraViz``;
- :mod:`~btr_sim.explorer.launch`: what the command line asked for, handed to the page;
- :mod:`~btr_sim.explorer.server`: serving the page on the loopback interface.

Only ``views``, ``panel``, ``app`` and ``server`` need the ``viz`` extra (Solara); the other
modules are plain Python and are tested without a browser.
"""

from btr_sim.explorer.controls import CONTROLS, Control
from btr_sim.explorer.session import ExplorerModel

__all__ = ["CONTROLS", "Control", "ExplorerModel"]
