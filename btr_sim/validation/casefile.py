"""The case file: a scenario scripting one historical incident, with the record beside it.

A case file (``configs/cases/*.yaml``) is a scenario that extends the rule set of its time
(``extends: ../status_quo.yaml``, ``extends: ../abroad/uk.yaml``) and scripts exactly one
incident with a ``label`` and no ``response:`` — the rules decide the response. Two more keys
are read by the case machinery only, never by the model:

``history``
    What happened: ``response`` (an event kind the model can produce: ``voluntary_resignation``,
    ``ordered_resignation``, ``dismissal``, ``apology`` or ``no_action``), ``returned`` (came back
    to a comparable public office; null if unknown), ``months_to_return`` (null if not returned
    or unknown), ``how_returned`` (``quiet``, ``announced`` or null), a ``note`` and the
    ``sources`` (keys of docs/references.bib). Shown beside the model's outcomes.
``counterfactual``
    Optional: the scenario file (relative to the case file) whose rules are replayed beside the
    rules of the time, taking effect in the month of the case; by default
    ``configs/reform_2014.yaml``.

:func:`load_case` validates both and raises :class:`~btr_sim.loading.ConfigError` (file, field,
allowed values; exit status 2 in the CLI) when they are malformed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from btr_sim.config import Scenario
from btr_sim.loading import (
    CASE_KEYS,
    ConfigError,
    load_scenario,
    read_yaml_mapping,
    validation_problems,
)

#: The repository's scenario files (as :data:`btr_sim.validation.suite.CONFIGS`; not imported
#: from there, so that reading a case file stays light).
CONFIGS = Path(__file__).resolve().parents[2] / "configs"

__all__ = [
    "BIBLIOGRAPHY",
    "DEFAULT_COUNTERFACTUAL",
    "HISTORY_RESPONSES",
    "CaseFile",
    "History",
    "bibliography_keys",
    "is_case_file",
    "load_case",
]

#: The bibliography that a case's ``history.sources`` must cite from.
BIBLIOGRAPHY = CONFIGS.parent / "docs" / "references.bib"

#: The rule set replayed beside the rules of the time unless a case names its own.
DEFAULT_COUNTERFACTUAL = CONFIGS / "reform_2014.yaml"

#: What a case's official did or had done to them: the responses the model can produce.
HISTORY_RESPONSES = (
    "voluntary_resignation",
    "ordered_resignation",
    "dismissal",
    "apology",
    "no_action",
)

#: The removals among them (the official left the post).
REMOVING_RESPONSES = ("voluntary_resignation", "ordered_resignation", "dismissal")


def bibliography_keys(path: Path = BIBLIOGRAPHY) -> set[str]:
    """The citation keys of a BibTeX file (empty if it is missing)."""
    if not path.is_file():
        return set()
    text = path.read_text(encoding="utf-8")
    return set(re.findall(r"^@\w+\{([^,\s]+),", text, re.MULTILINE))


class History(BaseModel):
    """What happened in a historical case, shown beside the model's outcomes, never fed to it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    response: Literal[
        "voluntary_resignation", "ordered_resignation", "dismissal", "apology", "no_action"
    ]
    returned: bool | None = None
    months_to_return: int | None = None
    how_returned: Literal["quiet", "announced"] | None = None
    note: str = ""
    sources: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _return_consistent(self) -> History:
        if self.months_to_return is not None and self.months_to_return < 0:
            raise ValueError("months_to_return: must be a number of months >= 0, or null")
        if self.returned is not True and (
            self.months_to_return is not None or self.how_returned is not None
        ):
            raise ValueError(
                "months_to_return and how_returned describe a return: only with returned: true"
            )
        if self.returned and self.response not in REMOVING_RESPONSES:
            raise ValueError(
                f"returned: true needs a removal; response {self.response!r} kept the official "
                f"in the post (removals: {', '.join(REMOVING_RESPONSES)})"
            )
        return self

    @property
    def removed(self) -> bool:
        """Whether the official left the post."""
        return self.response in REMOVING_RESPONSES


@dataclass(frozen=True)
class CaseFile:
    """A validated case file.

    Attributes
    ----------
    path : Path
        The file.
    scenario : Scenario
        The case under the rules of its time (``history`` and ``counterfactual`` removed).
    history : History
        What happened.
    counterfactual : Path
        The scenario file whose rules are replayed beside those of the time.
    """

    path: Path
    scenario: Scenario
    history: History
    counterfactual: Path

    @property
    def name(self) -> str:
        """The case's scenario name."""
        return self.scenario.name


def is_case_file(path: str | Path) -> bool:
    """Whether a YAML file is a case file: it carries ``history:`` (or ``counterfactual:``)."""
    data = read_yaml_mapping(Path(path))
    return any(key in data for key in CASE_KEYS)


def load_case(path: str | Path, bibliography: Path = BIBLIOGRAPHY) -> CaseFile:
    """Read and validate a case file.

    Raises
    ------
    ConfigError
        With the file, the field and what is allowed for every problem: a missing or malformed
        ``history``, unknown sources, a missing counterfactual file, a scripted ``response``,
        or not exactly one labelled scripted incident.
    """
    path = Path(path)
    source = str(path)
    raw = read_yaml_mapping(path)
    problems = _script_problems(raw)
    history = _history(_inherited(path, "history")[0], bibliography, problems)
    reference, writer = _inherited(path, "counterfactual")
    counterfactual = _counterfactual(writer, reference, problems)
    if problems:
        raise ConfigError(source, problems)
    scenario = load_scenario(path)
    scripted = scenario.incidents.scripted
    if len(scripted) != 1 or not scripted[0].label:
        raise ConfigError(
            source, ["incidents.scripted: a case scripts exactly one incident with a label"]
        )
    assert history is not None and counterfactual is not None  # no problems: both were read
    return CaseFile(path, scenario, history, counterfactual)


def _inherited(path: Path, key: str) -> tuple[Any, Path]:
    """``key`` of the case file or, if it has none, of the nearest file it extends.

    Also the file that wrote it (a counterfactual is relative to that file). A case that
    extends another case (a smaller world, say) keeps its history.
    """
    seen = set()
    while path not in seen:
        seen.add(path)
        data = read_yaml_mapping(path)
        if key in data:
            return data[key], path
        parent = data.get("extends")
        if not isinstance(parent, str):
            break
        path = (path.parent / parent).resolve()
        if not path.is_file():
            break
    return None, path


def _script_problems(raw: dict[str, Any]) -> list[str]:
    """A case's scripted incident leaves the response to the rules."""
    incidents = raw.get("incidents")
    scripted = incidents.get("scripted") if isinstance(incidents, dict) else None
    problems = []
    for i, entry in enumerate(scripted if isinstance(scripted, list) else []):
        if isinstance(entry, dict) and "response" in entry:
            problems.append(
                f"incidents.scripted.{i}.response: a case file does not script the response "
                "(the rules decide it); write what happened under history.response"
            )
    return problems


def _history(data: Any, bibliography: Path, problems: list[str]) -> History | None:
    if data is None:
        problems.append(
            "history: missing; a case file says what happened (response, returned, "
            "months_to_return, how_returned, note, sources)"
        )
        return None
    if not isinstance(data, dict):
        problems.append("history: must be a mapping (response, returned, months_to_return, ...)")
        return None
    try:
        history = History.model_validate(data)
    except ValidationError as exc:
        problems.extend(f"history.{p}" for p in validation_problems(exc, History))
        return None
    known = bibliography_keys(bibliography)
    for key in history.sources:
        if key not in known:
            problems.append(
                f"history.sources: {key!r} is not a key of {bibliography.name}; allowed: keys "
                "of docs/references.bib"
            )
    return history


def _counterfactual(path: Path, reference: Any, problems: list[str]) -> Path | None:
    if reference is None:
        return DEFAULT_COUNTERFACTUAL
    if not isinstance(reference, str):
        problems.append("counterfactual: must be the path of a scenario file, or omitted")
        return None
    target = (path.parent / reference).resolve()
    if not target.is_file():
        problems.append(f"counterfactual: file not found: {target}; allowed: a scenario file")
        return None
    return target
