"""The model core: the world, its agents and the monthly schedule (ODD sections 1-7).

Nothing here knows about experiments, results folders or figures; the layers above it
(:mod:`btr_sim.api`, :mod:`btr_sim.experiments`, analysis, the CLI) import it, never the
other way round. Inside, :mod:`btr_sim.core.model` ties the steps together.
"""
