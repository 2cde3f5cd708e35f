"""The parameter table: every leaf field of the configuration with its documentation.

``btr-sim params --markdown`` prints it for ``docs/ODD.md``; a test checks that the table in
the ODD and this one agree, so the documentation cannot drift from the code.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from pydantic import BaseModel

from btr_sim.config import Scenario
from btr_sim.loading import _model_in, describe_allowed

__all__ = ["ParameterRow", "format_value", "parameter_rows", "parameter_table_markdown"]


@dataclass(frozen=True)
class ParameterRow:
    """One documented parameter."""

    path: str
    description: str
    unit: str
    default: Any
    allowed: str
    source: str
    symbol: str


def format_value(value: Any) -> str:
    """A default as the parameter table writes it (floats to four significant digits).

    A rule set (the default of ``before``) is named, not written out: it is the defaults'
    rules, the status quo. An empty list (``timeline``, ``incidents.scripted``) is "none".
    """
    if isinstance(value, BaseModel):
        return "the status quo rules"
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, tuple):
        return "none" if not value else f"{len(value)} items"
    return str(value)


def parameter_rows(
    model: type[BaseModel] = Scenario, prefix: str = "", instance: BaseModel | None = None
) -> list[ParameterRow]:
    """All leaf parameters of ``model`` (nested sections flattened into dotted paths)."""
    instance = instance if instance is not None else model()
    rows: list[ParameterRow] = []
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        value = getattr(instance, name)
        sub = _model_in(info.annotation)
        # Sections and traits are flattened into their parameters; a field declared as one
        # parameter (with its unit and source) is one row even when it holds a model.
        if sub is not None and isinstance(value, BaseModel) and info.json_schema_extra is None:
            for row in parameter_rows(sub, f"{path}.", value):
                if info.description:  # a trait: say whose trait it is
                    row = replace(
                        row,
                        description=f"{info.description}: {row.description[0].lower()}"
                        f"{row.description[1:]}",
                    )
                rows.append(row)
            continue
        extra = info.json_schema_extra or {}
        rows.append(
            ParameterRow(
                path=path,
                description=info.description or "",
                unit=str(extra.get("unit", "-")),
                default=value,
                allowed=describe_allowed(info),
                source=str(extra.get("source", "free")),
                symbol=str(extra.get("symbol", "")),
            )
        )
    return rows


def parameter_table_markdown(rows: list[ParameterRow] | None = None) -> str:
    """The parameter table as Markdown, one row per leaf parameter (or per row given)."""
    lines = [
        "| parameter | symbol | meaning | unit | default | allowed | source |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in parameter_rows() if rows is None else rows:
        lines.append(
            f"| `{r.path}` | {r.symbol} | {r.description} | {r.unit} | {format_value(r.default)} "
            f"| {r.allowed} | {r.source} |"
        )
    return "\n".join(lines)
