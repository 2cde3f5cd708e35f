"""JSON Schemas of scenario and experiment files, for editors to complete and check them.

Both are generated from the pydantic models, so they cannot drift from what the loader
accepts. A scenario file's schema is the :class:`~btr_sim.config.Scenario` schema plus
``extends:`` and dotted keys (``procedure.rule: formal``), which the loader also accepts; the
experiment file's schema refers to it for inline scenarios and for overrides.
"""

from __future__ import annotations

import copy
from typing import Any

from btr_sim.config import Scenario

__all__ = ["experiment_file_schema", "scenario_file_schema"]

_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# Dotted keys such as `procedure.rule` are allowed at the top level of a file; the loader
# nests them and checks them against the sections.
_DOTTED = {"^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)+$": {}}

_EXTENDS = {
    "type": "string",
    "description": "path of a scenario file (relative to this file) whose values this one "
    "overrides",
}


def _file_form(schema: dict[str, Any], *, extends: bool) -> dict[str, Any]:
    """A model's schema as a file: every key optional, dotted keys allowed."""
    form = copy.deepcopy(schema)
    form.pop("$defs", None)
    form.pop("required", None)
    if extends:
        form["properties"] = {"extends": _EXTENDS, **form["properties"]}
    form["patternProperties"] = _DOTTED
    return form


def scenario_file_schema() -> dict[str, Any]:
    """The JSON Schema of a scenario file."""
    base = Scenario.model_json_schema()
    schema = _file_form(base, extends=True)
    schema["title"] = "btr_sim scenario file"
    return {"$schema": _DIALECT, **schema, "$defs": base.get("$defs", {})}


def experiment_file_schema() -> dict[str, Any]:
    """The JSON Schema of an experiment file."""
    from btr_sim.experiments.spec import ExperimentSpec

    base = Scenario.model_json_schema()
    experiment = ExperimentSpec.model_json_schema()
    defs = {**base.get("$defs", {}), **experiment.pop("$defs", {})}
    defs["ScenarioFile"] = _file_form(base, extends=True)
    overrides = _file_form(base, extends=False)
    overrides["properties"].pop("name", None)
    overrides["properties"].pop("description", None)
    defs["ScenarioOverrides"] = {**overrides, "title": "Overrides"}
    experiment["title"] = "btr_sim experiment file"
    return _linked({"$schema": _DIALECT, **experiment, "$defs": defs})


def _linked(node: Any) -> Any:
    """Replace the placeholders the experiment models leave for the scenario schemas."""
    if isinstance(node, dict):
        if set(node) == {"x-btr-ref"}:
            return {"$ref": f"#/$defs/{node['x-btr-ref']}"}
        return {key: _linked(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_linked(value) for value in node]
    return node
