"""The interactive explorer: ``btr-sim explore``, a Solara page on a Mesa model in the browser.

One concern per module:

- :mod:`~btr_sim.explorer.fields`: every parameter of the configuration as an input,
  generated from its schema, and the inputs' values as a :class:`~btr_sim.config.Scenario`;
- :mod:`~btr_sim.explorer.controls`: the main knobs (rule sets and countermeasures by layer);
- :mod:`~btr_sim.explorer.session`: :class:`~btr_sim.explorer.session.ExplorerModel`, the Mesa
  model the page drives — the run on screen and, side by side, its baseline with the same
  seed — stepped and read under one lock;
- :mod:`~btr_sim.explorer.frames`: what the page shows, copied from the runs at a month
  boundary;
- :mod:`~btr_sim.explorer.inputs`: the page's inputs and what *Reset* does with them;
- :mod:`~btr_sim.explorer.player`: playing at a chosen speed, a few frames a second;
- :mod:`~btr_sim.explorer.feed`: the event log told in words;
- :mod:`~btr_sim.explorer.charts`: the live charts (matplotlib, blitted);
- :mod:`~btr_sim.explorer.posts`: the grid of posts, coloured by cadre or by local trust;
- :mod:`~btr_sim.explorer.colours`: the page's colour-blind-safe colours;
- :mod:`~btr_sim.explorer.wording`: how the page names parameters, their values and units;
- :mod:`~btr_sim.explorer.choice`: a choice whose values are shown in the page's words;
- :mod:`~btr_sim.explorer.saving`: the settings on screen as a scenario file;
- :mod:`~btr_sim.explorer.views`: the status, charts, posts and feed as Solara components;
- :mod:`~btr_sim.explorer.panel` and :mod:`~btr_sim.explorer.advanced`: the sidebar — run,
  main knobs, every parameter, saving;
- :mod:`~btr_sim.explorer.app`: the page;
- :mod:`~btr_sim.explorer.launch`: what the command line asked for, handed to the page;
- :mod:`~btr_sim.explorer.server`: serving the page on the loopback interface.

Every label is a message of the project's catalogue (:mod:`btr_sim.i18n`): the page is in
English, or in Chinese with ``btr-sim explore --lang zh`` (or ``BTR_SIM_LANG=zh``); the
:class:`~btr_sim.i18n.Translator` is handed from the page to every part that writes text.

Only ``views``, ``panel``, ``advanced``, ``choice``, ``app`` and ``server`` need the ``viz`` extra
(Solara); the other modules are plain Python and are tested without a browser. This package
imports nothing itself, so that ``btr-sim explore`` can bind its port and print the address
before the heavy modules load.
"""
