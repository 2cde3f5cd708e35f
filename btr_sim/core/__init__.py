"""The model core: the world, its agents and the monthly schedule (ODD sections 1-7).

Nothing here knows about experiments, results folders or figures; the layers above it
(:mod:`btr_sim.api`, :mod:`btr_sim.experiments`, analysis, the CLI) import it, never the
other way round. Below it are only the rules (:mod:`btr_sim.rules`) and the configuration.

Inside, the modules are layered too; each imports only modules below it (type hints
included), so there is no import circle:

1. :mod:`~btr_sim.core.model` — ``BTRModel``, which builds everything below and runs the
   monthly schedule;
2. :mod:`~btr_sim.core.metrics` (the monthly series and run outcomes) and
   :mod:`~btr_sim.core.accountability` (incidents becoming known, and what follows them);
3. :mod:`~btr_sim.core.followup` — removed cadres and their reinstatement;
4. :mod:`~btr_sim.core.posts` — the posts, their supervisors and holders, seat and vacate;
5. :mod:`~btr_sim.core.agents` — the Mesa agents; they see the model only through
   :class:`~btr_sim.core.agents.context.AgentContext` (supervisor and citizen above cadre
   above context);
6. :mod:`~btr_sim.core.population` (the citizens' arrays) and :mod:`~btr_sim.core.events`
   (the event log);
7. :mod:`~btr_sim.core.audience` (who hears the news from elsewhere),
   :mod:`~btr_sim.core.incidents`, :mod:`~btr_sim.core.news` and
   :mod:`~btr_sim.core.randomness`, which import nothing of the core.

Steps of the schedule receive what they use (the posts, the supervisors, the event log...)
rather than the model; where a lower module must read a higher object it declares the little it
reads as a protocol (``AgentContext``, ``metrics.Observed``, ``cadre.Superior``).
"""
