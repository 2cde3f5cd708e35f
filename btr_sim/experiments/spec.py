"""Experiment files: which scenarios, which design, how many replications, what to record.

A scenario says *what world and rules*; an experiment says *which scenarios, how many runs,
which sweep*. An experiment file is YAML with these keys (only ``name`` and
``replications`` are required)::

    name: countermeasures
    scenarios:                       # base scenarios: paths relative to this file ...
      - ../configs/status_quo.yaml
      - name: formal_only            # ... or inline scenarios, as in a scenario file
        extends: ../configs/status_quo.yaml
        procedure.rule: formal
    design:                          # list (default) | factorial | grid | lhs
      kind: factorial
      levers:
        moral: {off: {}, on: {ethics.integrity_shift: 0.15}}
    replications: 20
    master_seed: 2024
    months: 240                      # optional: override every scenario's horizon
    record: [summary, series]        # summaries always; series and events optionally
    reference: null                  # the design point comparisons are made against
    uncertainties:                   # optional: uncertain parameters, crossed with the design
      cadres.moral_weight: [0.5, 1.5]
    robustness: {worlds: 48}         # optional: a Latin hypercube of worlds (btr-sim robustness)
    worlds:                          # optional: worlds drawn from a posterior instead
      posterior: ../configs/posterior/status_quo.yaml
      draws: 20
    sensitivity: {method: morris}    # optional: settings of btr-sim sensitivity
    model: null                      # optional: "module:function" run instead of the model

This module declares the file's typed models and validates a file into an
:class:`ExperimentSpec`, reporting every problem as a :class:`~btr_sim.loading.ConfigError`
with the file, the dotted path of the field, what is allowed and a suggestion for a misspelt
key. Resolving the scenarios and expanding the design is :mod:`btr_sim.experiments.plan`'s job.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from btr_sim.config import Scenario
from btr_sim.loading import ConfigError, read_yaml_mapping, validation_problems

__all__ = [
    "DESIGNS",
    "MAX_SEED",
    "RECORDABLE",
    "Criterion",
    "Design",
    "ExperimentSpec",
    "FactorialDesign",
    "GridDesign",
    "LatinHypercubeDesign",
    "ListDesign",
    "PosteriorWorlds",
    "RobustnessSettings",
    "SensitivitySettings",
    "file_kind",
    "is_experiment",
    "load_experiment_spec",
    "name_problem",
    "spec_from_mapping",
    "with_overrides",
]

#: Largest seed: seeds are stored as signed 64-bit integers.
MAX_SEED = 2**63 - 1

#: What an experiment can record, in the order the manifest lists it.
RECORDABLE = ("summary", "series", "events")

#: Top-level keys that make a YAML file an experiment rather than a scenario.
EXPERIMENT_KEYS = ("design", "scenarios")

# Names become folder names, file names and part of `run_id` (`<scenario>#<replication>`).
_FORBIDDEN = set('/\\:*?"<>|#')


def name_problem(text: str, *, label: bool = False) -> str | None:
    r"""Why ``text`` cannot name an experiment, scenario or design level, or None if it can.

    Names become file names and part of run identifiers, so they may not be empty, start or
    end with blanks, be ``.`` or ``..``, or hold control characters or any of
    ``/ \ : * ? " < > | #``; lever and level names (``label``) may not hold ``=`` or ``,``
    either, which separate them in design-point names.
    """
    if not text or text != text.strip() or text in (".", ".."):
        return f"{text!r} is not a usable name (empty, blank at an end, or '.'/'..')"
    forbidden = _FORBIDDEN | ({"=", ","} if label else set())
    bad = sorted({c for c in text if c in forbidden or _is_control(c)})
    if bad:
        shown = " ".join(repr(c) for c in bad)
        return f"{text!r} holds {shown}, which names may not contain"
    return None


def _is_control(character: str) -> bool:
    return ord(character) < 32 or ord(character) == 127


def _check_name(text: str) -> str:
    problem = name_problem(text)
    if problem:
        raise ValueError(problem)
    return text


def _check_label(text: str) -> str:
    problem = name_problem(text, label=True)
    if problem:
        raise ValueError(problem)
    return text


Name = Annotated[str, AfterValidator(_check_name)]
Label = Annotated[str, AfterValidator(_check_label)]
FiniteFloat = Annotated[float, Field(allow_inf_nan=False)]


def _scenario_ref(value: Any) -> Any:
    if isinstance(value, Scenario | str | Mapping):
        return value
    raise ValueError(
        "a scenario is the path of a scenario file, or a mapping written like a scenario file "
        "(name, extends, parameter overrides)"
    )


#: A base scenario: a path relative to the experiment file, an inline scenario mapping (with
#: ``extends:`` a path relative to the experiment file), or a Scenario from Python.
ScenarioRef = Annotated[
    Any,
    BeforeValidator(_scenario_ref),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "description": "path of a scenario file, relative to here"},
                {"x-btr-ref": "ScenarioFile"},
            ]
        }
    ),
]


def _overrides(value: Any) -> Any:
    if value is None:
        return {}
    if isinstance(value, Mapping):
        return dict(value)
    raise ValueError("must be a mapping of parameters to values (nested or dotted keys)")


#: Parameter overrides: nested sections or dotted keys, as in a scenario file.
Overrides = Annotated[
    dict[str, Any],
    BeforeValidator(_overrides),
    WithJsonSchema({"x-btr-ref": "ScenarioOverrides"}),
]


def _on_off(levels: Any) -> Any:
    # YAML 1.1 reads the level names `on` and `off` (and yes/no) as booleans.
    if isinstance(levels, Mapping):
        return {
            ({True: "on", False: "off"}[k] if isinstance(k, bool) else k): v
            for k, v in levels.items()
        }
    return levels


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ListDesign(_Strict):
    """An explicit list: each base scenario is one design point."""

    kind: Literal["list"] = "list"


class FactorialDesign(_Strict):
    """A full factorial over named levers, each a set of levels, each level a set of overrides.

    Design points are every combination of one level per lever, in the order the levers and
    their levels are written (the last lever varies fastest). The thesis's three layers of
    countermeasures, each off or on, give a 2 x 2 x 2 design. Level names ``on`` and ``off``
    may be written unquoted (YAML reads them as true and false; they are named back).
    """

    kind: Literal["factorial"] = "factorial"
    levers: dict[
        Label, Annotated[dict[Label, Overrides], BeforeValidator(_on_off), Field(min_length=1)]
    ] = Field(
        min_length=1,
        description="lever name -> {level name -> parameter overrides ({} for no change)}",
    )


class GridDesign(_Strict):
    """A grid sweep: every combination of the listed values of one or more parameters."""

    kind: Literal["grid"] = "grid"
    parameters: dict[str, Annotated[list[Any], Field(min_length=1)]] = Field(
        min_length=1, description="dotted parameter path -> list of values"
    )


class LatinHypercubeDesign(_Strict):
    """A Latin hypercube sample (scipy.stats.qmc) of numeric parameters over ranges."""

    kind: Literal["lhs"] = "lhs"
    samples: int = Field(
        ge=1, description="number of design points (within the limit on points, btr_sim.limits)"
    )
    ranges: dict[str, tuple[FiniteFloat, FiniteFloat]] = Field(
        min_length=1, description="dotted parameter path -> [low, high]"
    )
    seed: int | None = Field(
        None, ge=0, le=MAX_SEED, description="seed of the sample (default: the master seed)"
    )


#: The design kinds by name.
DESIGNS: dict[str, type[BaseModel]] = {
    "list": ListDesign,
    "factorial": FactorialDesign,
    "grid": GridDesign,
    "lhs": LatinHypercubeDesign,
}

Design = Annotated[
    ListDesign | FactorialDesign | GridDesign | LatinHypercubeDesign,
    Field(discriminator="kind"),
]


class SensitivitySettings(_Strict):
    """How ``btr-sim sensitivity`` samples the uncertainties and which outcomes it analyses."""

    method: Literal["morris", "sobol"] = Field(
        "morris", description="the method when the command line names none"
    )
    outcomes: list[str] = Field(
        default_factory=lambda: [
            "credibility_end",
            "removals_per_100cy",
            "scapegoats_per_100cy",
            "impunity_per_100cy",
            "recall",
        ],
        min_length=1,
        description="summary outcomes to analyse (averaged over each sample's replications)",
    )
    trajectories: int = Field(10, ge=2, le=10_000, description="Morris: trajectories (N)")
    levels: int = Field(4, ge=2, le=100, description="Morris: grid levels (even is best)")
    samples: int = Field(
        64, ge=2, le=1_000_000, description="Sobol: base sample size N (a power of 2)"
    )
    second_order: bool = Field(False, description="Sobol: estimate second-order indices too")
    resamples: int = Field(1000, ge=10, le=100_000, description="bootstrap resamples for CIs")
    confidence: float = Field(0.95, gt=0, lt=1, description="level of the confidence intervals")
    seed: int | None = Field(
        None, ge=0, le=2**32 - 1, description="seed of sampling and bootstrap (default: master)"
    )


class Criterion(_Strict):
    """One way a countermeasure can succeed: an outcome moving in the better direction."""

    outcome: str = Field(description="summary outcome, averaged over a world's replications")
    better: Literal["higher", "lower"] = Field(description="which direction is an improvement")


def _default_criteria() -> dict[str, Criterion]:
    return {
        "raises_credibility": Criterion(outcome="credibility_end", better="higher"),
        "lowers_scapegoats": Criterion(outcome="scapegoats_per_100cy", better="lower"),
        "lowers_impunity": Criterion(outcome="impunity_per_100cy", better="lower"),
    }


class RobustnessSettings(_Strict):
    """How many uncertain worlds to sample, and what counts as a countermeasure working."""

    worlds: int = Field(32, ge=2, le=100_000, description="Latin hypercube worlds")
    seed: int | None = Field(
        None, ge=0, le=MAX_SEED, description="seed of the worlds' sample (default: master)"
    )
    criteria: dict[Label, Criterion] = Field(
        default_factory=_default_criteria,
        min_length=1,
        description="criterion name -> {outcome, better: higher | lower}",
    )


class PosteriorWorlds(_Strict):
    """Worlds drawn from a posterior file: each world one particle, drawn by its weight.

    The draws are with replacement and come from ``seed`` (default: the master seed), so a
    rerun plans the same worlds. Every design point runs in every world on the same seeds.
    """

    posterior: str = Field(
        description="a posterior file (btr-sim calibrate), relative to the experiment file"
    )
    draws: int = Field(ge=1, le=100_000, description="worlds drawn from the posterior")
    seed: int | None = Field(
        None, ge=0, le=MAX_SEED, description="seed of the draws (default: the master seed)"
    )


class ExperimentSpec(_Strict):
    """An experiment as written: base scenarios, a design, replications, seeds, records."""

    name: Name = Field(description="name of the experiment; results go to results/<name>/")
    description: str = Field("", description="what the experiment asks")
    scenarios: list[ScenarioRef] = Field(
        default_factory=list,
        description="base scenarios (default: the documented defaults, the status quo)",
    )
    design: Design = Field(default_factory=ListDesign, description="how design points are made")
    replications: int = Field(
        ge=1, description="runs per design point (within the limits of btr_sim.limits)"
    )
    master_seed: int = Field(
        0, ge=0, le=MAX_SEED, description="the seed every replication seed is spawned from"
    )
    months: int | None = Field(
        None, ge=1, le=12_000, description="override of every scenario's horizon"
    )
    record: list[Literal["summary", "series", "events"]] = Field(
        default_factory=lambda: ["summary", "series"],
        description="what to store: summaries always; monthly series; event logs",
    )
    reference: str | None = Field(
        None,
        description="the design point comparisons are made against (default: the first "
        "scenario of a list, every lever at its first level in a factorial)",
    )

    uncertainties: dict[str, tuple[FiniteFloat, FiniteFloat]] = Field(
        default_factory=dict,
        description="uncertain parameters -> [low, high]; every sampled world is crossed with "
        "every design point (separate from the policy levers of the design)",
    )
    robustness: RobustnessSettings | None = Field(
        None, description="a Latin hypercube of uncertain worlds (btr-sim robustness, run)"
    )
    sensitivity: SensitivitySettings | None = Field(
        None, description="settings of btr-sim sensitivity"
    )
    worlds: PosteriorWorlds | None = Field(
        None,
        description="worlds drawn from a posterior (parameter uncertainty), crossed with every "
        "design point; with `uncertainties:` these must be the posterior's parameters",
    )
    model: str | None = Field(
        None,
        description="'module:function' run instead of the simulation (a test function with "
        "known answers, or an emulator); it takes (inputs, seed) and returns a dict of the "
        "outcomes it names in its `outcomes` attribute",
    )

    @field_validator("record")
    @classmethod
    def _summary_always(cls, value: list[str]) -> list[str]:
        return [kind for kind in RECORDABLE if kind == "summary" or kind in value]

    @model_validator(mode="after")
    def _posterior_alone(self) -> ExperimentSpec:
        # A Sobol or Morris sample needs uniform ranges, and a model hook's inputs are not the
        # simulation's parameters: neither can take a posterior's particles as worlds.
        if self.worlds is not None and self.sensitivity is not None:
            raise ValueError("worlds: a posterior's draws are not a sensitivity sample")
        if self.worlds is not None and self.model is not None:
            raise ValueError("worlds: a posterior holds the simulation's parameters, not a hook's")
        return self


def is_experiment(data: Mapping[str, Any]) -> bool:
    """Whether a YAML mapping is an experiment (it has ``design:`` or ``scenarios:``)."""
    return any(key in data for key in EXPERIMENT_KEYS)


def file_kind(path: str | Path) -> Literal["scenario", "experiment"]:
    """Whether a YAML file holds a scenario or an experiment, by its top-level keys.

    Raises
    ------
    ConfigError
        If the file cannot be read as a YAML mapping.
    """
    return "experiment" if is_experiment(read_yaml_mapping(Path(path))) else "scenario"


def load_experiment_spec(path: str | Path) -> ExperimentSpec:
    """Read and validate an experiment file (its scenarios are resolved later, by the plan).

    A relative ``worlds.posterior`` is taken relative to the file, as scenario paths are.

    Raises
    ------
    ConfigError
        With the file, the field's path and the allowed values for every problem.
    """
    data = read_yaml_mapping(Path(path))
    worlds = data.get("worlds")
    if isinstance(worlds, Mapping) and isinstance(worlds.get("posterior"), str):
        posterior = Path(worlds["posterior"])
        if not posterior.is_absolute():
            data["worlds"] = {**worlds, "posterior": str(Path(path).parent / posterior)}
    return spec_from_mapping(data, source=str(path))


def spec_from_mapping(data: Mapping[str, Any], source: str = "<experiment>") -> ExperimentSpec:
    """Validate a mapping into an :class:`ExperimentSpec`, collecting every problem.

    The design is validated on its own first, against the model of its ``kind``, so that a
    misspelt key inside it is reported with the keys that kind allows.
    """
    problems: list[str] = []
    design: BaseModel = ListDesign()
    if "design" in data:
        checked, design_problems = _validate_design(data["design"])
        problems += design_problems
        design = checked or design
    rest = {key: value for key, value in data.items() if key != "design"}
    spec = None
    try:
        spec = ExperimentSpec.model_validate({**rest, "design": design})
    except ValidationError as exc:
        problems = validation_problems(exc, ExperimentSpec) + problems
    except RecursionError:
        problems.append("the experiment is nested too deeply")
    if problems or spec is None:
        raise ConfigError(source, problems)
    return spec


def with_overrides(
    spec: ExperimentSpec, updates: Mapping[str, Any], source: str = "<experiment>"
) -> ExperimentSpec:
    """The experiment with some of its top-level values replaced, validated again.

    ``updates`` maps top-level keys to new values (``{"replications": 2}``); a section such as
    ``robustness`` is replaced as a whole.

    Raises
    ------
    ConfigError
        If a new value is not valid, at the path of its field.
    """
    if not updates:
        return spec
    try:
        return ExperimentSpec.model_validate({**dict(spec), **updates})
    except ValidationError as exc:
        raise ConfigError(source, validation_problems(exc, ExperimentSpec)) from None


def _validate_design(raw: Any) -> tuple[BaseModel | None, list[str]]:
    kinds = ", ".join(repr(k) for k in DESIGNS)
    if not isinstance(raw, Mapping):
        return None, [f"design: must be a mapping with `kind:` one of {kinds}"]
    kind = raw.get("kind")
    if kind is None:
        return None, [f"design.kind: missing (allowed: one of {kinds})"]
    if not isinstance(kind, str) or kind not in DESIGNS:
        guess = difflib.get_close_matches(str(kind), list(DESIGNS), n=1)
        hint = f"; did you mean {guess[0]!r}?" if guess else ""
        return None, [f"design.kind: unknown design {kind!r}{hint} (allowed: one of {kinds})"]
    model = DESIGNS[kind]
    try:
        return model.model_validate(raw), []
    except ValidationError as exc:
        return None, [f"design.{p}" for p in validation_problems(exc, model)]
    except RecursionError:
        return None, ["design: nested too deeply"]
