"""JSON Schema of scenario files, for editors to complete and check them.

Generated from the pydantic models, so it cannot drift from what the loader accepts. A
scenario file's schema is the :class:`~btr_sim.config.Scenario` schema plus ``extends:`` and
dotted keys (``procedure.rule: formal``), which the loader also accepts, and the forms in which
a file writes its warm-up's rules (``before:`` a file, overrides or ``own``) and the changes of
its ``timeline:`` (``extends:`` and/or overrides of rule keys).
:func:`scenario_definitions` gives the same for other schemas to refer to: the experiment
file's schema (:mod:`btr_sim.experiments.schema`) uses them for inline scenarios and overrides.
"""

from __future__ import annotations

import copy
from typing import Any

from btr_sim.config import Scenario

__all__ = ["DIALECT", "scenario_definitions", "scenario_file_schema"]

#: The JSON Schema dialect of every schema btr_sim writes.
DIALECT = "https://json-schema.org/draft/2020-12/schema"

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


def _rule_set_forms(form: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """``form`` with ``before:`` and ``timeline:`` as a file writes them (defined in ``defs``)."""
    defs["RulesFile"] = {**_file_form(defs["Rules"], extends=True), "title": "Rule set"}
    change = _file_form(defs["RuleChange"], extends=True)
    defs["RuleChangeFile"] = {**change, "required": ["month"], "title": "Change of rules"}
    properties = form["properties"]
    properties["before"] = {
        "description": properties["before"].get("description", ""),
        "anyOf": [
            {
                "type": "string",
                "description": "a scenario file whose rules the warm-up runs under (relative to "
                "this file), or own: the scenario's own rules",
            },
            {"$ref": "#/$defs/RulesFile"},
            {"type": "null"},
        ],
    }
    properties["timeline"] = {
        "description": properties["timeline"].get("description", ""),
        "type": "array",
        "items": {"$ref": "#/$defs/RuleChangeFile"},
    }
    return form


def scenario_file_schema() -> dict[str, Any]:
    """The JSON Schema of a scenario file."""
    base = Scenario.model_json_schema()
    defs = base.get("$defs", {})
    schema = _rule_set_forms(_file_form(base, extends=True), defs)
    schema["title"] = "btr_sim scenario file"
    return {"$schema": DIALECT, **schema, "$defs": defs}


def scenario_definitions() -> dict[str, Any]:
    """Definitions (``$defs``) of scenarios, for another schema to refer to.

    The scenario's sections by their model names, ``ScenarioFile`` (a scenario written as in
    a scenario file, ``extends:`` allowed) and ``ScenarioOverrides`` (parameter overrides:
    any parameter but the name and description, nested or dotted).
    """
    base = Scenario.model_json_schema()
    defs = base.get("$defs", {})
    overrides = _rule_set_forms(_file_form(base, extends=False), defs)
    overrides["properties"].pop("name", None)
    overrides["properties"].pop("description", None)
    return {
        **defs,
        "ScenarioFile": _rule_set_forms(_file_form(base, extends=True), defs),
        "ScenarioOverrides": {**overrides, "title": "Overrides"},
    }
