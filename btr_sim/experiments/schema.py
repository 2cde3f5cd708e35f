"""JSON Schema of experiment files, for editors to complete and check them.

Generated from :class:`~btr_sim.experiments.spec.ExperimentSpec`, so it cannot drift from
what the loader accepts. Inline scenarios and parameter overrides refer to the scenario
definitions of :mod:`btr_sim.schema`: the experiment models leave placeholders
(``{"x-btr-ref": "ScenarioFile"}``) where those go.
"""

from __future__ import annotations

from typing import Any

from btr_sim.experiments.spec import ExperimentSpec
from btr_sim.schema import DIALECT, scenario_definitions

__all__ = ["experiment_file_schema"]


def experiment_file_schema() -> dict[str, Any]:
    """The JSON Schema of an experiment file."""
    experiment = ExperimentSpec.model_json_schema()
    defs = {**scenario_definitions(), **experiment.pop("$defs", {})}
    experiment["title"] = "btr_sim experiment file"
    return _linked({"$schema": DIALECT, **experiment, "$defs": defs})


def _linked(node: Any) -> Any:
    """Replace the placeholders the experiment models leave for the scenario schemas."""
    if isinstance(node, dict):
        if set(node) == {"x-btr-ref"}:
            return {"$ref": f"#/$defs/{node['x-btr-ref']}"}
        return {key: _linked(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_linked(value) for value in node]
    return node
