"""``python -m btr_sim`` runs the ``btr-sim`` command."""

from btr_sim.cli import entry

entry()
