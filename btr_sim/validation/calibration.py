"""The calibration file and the problem it poses: priors, facts by label, budget, seed.

A calibration file (``experiments/calibration/status_quo.yaml``) says what to fit and how hard to
try; which facts to fit it does not say — they are the catalogue's ``calibration`` facts of
the rule set (:func:`~btr_sim.validation.facts.calibration_facts`)::

    name: calibration_status_quo
    description: ...
    rule_set: status_quo             # the facts observed under these rules are fitted
    base: ../configs/status_quo.yaml # optional: default, the rule set's scenario file
    months: null                     # optional: override the horizon
    priors:                          # the free parameters: uniform or log-uniform
      reinstatement.monthly_hazard: {uniform: [0.01, 0.15]}
      incidents.misconduct_rate: {loguniform: [0.002, 0.03]}
    population: 100                  # particles per generation
    generations: 6                   # at most; the last is at temperature 1
    replications: 4                  # runs per particle; its summary is their mean
    noise_replications: 30           # runs of the base estimating the simulation noise
    master_seed: 2026
    predictive: {draws: 50, replications: 4}   # posterior predictive checks

:func:`load_calibration` reads it into a :class:`CalibrationProblem`, the object
:func:`~btr_sim.validation.abc.run_abc` runs; tests build problems directly.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from btr_sim.config import Scenario
from btr_sim.experiments.ranges import check_ranges
from btr_sim.experiments.spec import MAX_SEED, Name
from btr_sim.limits import excess
from btr_sim.loading import ConfigError, load_scenario, read_yaml_mapping, validation_problems
from btr_sim.validation.facts import RULE_SETS, Fact, calibration_facts
from btr_sim.validation.suite import CONFIGS

__all__ = [
    "CalibrationFile",
    "CalibrationProblem",
    "Predictive",
    "Prior",
    "load_calibration",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Prior(_Strict):
    """A prior: uniform or log-uniform between two bounds (exactly one of the two)."""

    uniform: tuple[float, float] | None = Field(None, description="[low, high]")
    loguniform: tuple[float, float] | None = Field(None, description="[low, high], low > 0")

    @model_validator(mode="after")
    def _one(self) -> Prior:
        given = [k for k in ("uniform", "loguniform") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of `uniform: [low, high]`, `loguniform: [...]`")
        low, high = self.bounds
        if not low < high:
            raise ValueError(f"low ({low:g}) must be below high ({high:g})")
        if self.loguniform is not None and low <= 0:
            raise ValueError("a log-uniform prior needs low > 0")
        return self

    @property
    def kind(self) -> Literal["uniform", "loguniform"]:
        """``uniform`` or ``loguniform``."""
        return "uniform" if self.uniform is not None else "loguniform"

    @property
    def bounds(self) -> tuple[float, float]:
        """``(low, high)``."""
        pair = self.uniform if self.uniform is not None else self.loguniform
        assert pair is not None  # _one checked
        return float(pair[0]), float(pair[1])


class Predictive(_Strict):
    """How many posterior draws the predictive checks simulate, and runs per draw."""

    draws: int = Field(50, ge=2, le=100_000, description="posterior draws")
    replications: int = Field(4, ge=1, le=10_000, description="runs per draw (their mean)")


class CalibrationFile(_Strict):
    """A calibration file as written."""

    name: Name = Field(description="name; results go to results/<name>/")
    description: str = Field("", description="what is fitted and why")
    rule_set: str = Field("status_quo", description="fit the calibration facts of this rule set")
    base: str | None = Field(
        None, description="scenario file (relative to this file); default: the rule set's"
    )
    months: int | None = Field(None, ge=1, le=12_000, description="override of the horizon")
    priors: dict[str, Prior] = Field(min_length=1, description="free parameter -> prior")
    population: int = Field(100, ge=2, le=100_000, description="particles per generation")
    generations: int = Field(6, ge=1, le=100, description="generations, at most")
    replications: int = Field(4, ge=1, le=10_000, description="runs per particle")
    noise_replications: int = Field(
        30, ge=2, le=100_000, description="runs of the base estimating the simulation noise"
    )
    master_seed: int = Field(0, ge=0, le=MAX_SEED, description="seed of everything random")
    predictive: Predictive = Field(default_factory=Predictive)
    acceptance: Literal["kernel", "best_found"] = Field(
        "kernel",
        description="what normalises the stochastic acceptance: the kernel's maximum (a perfect "
        "fit of every fact) or the best density found so far (for facts no parameter reaches)",
    )


@dataclass(frozen=True)
class CalibrationProblem:
    """Everything that determines a calibration's result.

    Attributes
    ----------
    name
        Its name (the results folder's, by default).
    base
        The scenario the particles' parameter values override.
    rule_set
        The rule set whose facts are fitted.
    facts
        The facts fitted: calibration-labelled, of ``rule_set`` (checked on construction).
    priors
        Free parameter -> :class:`Prior`.
    population, generations, replications, noise_replications, master_seed
        As in the file.
    predictive
        The predictive checks' budget.
    description, source
        What it is, and where it came from.
    """

    name: str
    base: Scenario
    rule_set: str
    facts: tuple[Fact, ...]
    priors: Mapping[str, Prior]
    population: int = 100
    generations: int = 6
    replications: int = 4
    noise_replications: int = 30
    master_seed: int = 0
    predictive: Predictive = field(default_factory=Predictive)
    acceptance: str = "kernel"
    description: str = ""
    source: str = "<calibration>"

    def __post_init__(self) -> None:
        # The firewall: whatever a caller passes, only calibration facts of the rule set fit.
        object.__setattr__(self, "facts", calibration_facts(self.rule_set, self.facts))
        check_ranges(
            {p: prior.bounds for p, prior in self.priors.items()},
            self.base,
            "priors",
            self.source,
        )

    @property
    def parameters(self) -> list[str]:
        """The free parameters, in the file's order."""
        return list(self.priors)

    def resolved(self) -> dict[str, Any]:
        """The problem as JSON-ready data: what a results folder records and is matched by."""
        return {
            "name": self.name,
            "description": self.description,
            "rule_set": self.rule_set,
            "base": self.base.model_dump(mode="json"),
            "facts": [f.name for f in self.facts],
            "observations": {
                f.name: [f.observation.value, f.observation.variance] for f in self.facts
            },
            "priors": {p: prior.model_dump(exclude_none=True) for p, prior in self.priors.items()},
            "population": self.population,
            "generations": self.generations,
            "replications": self.replications,
            "noise_replications": self.noise_replications,
            "master_seed": self.master_seed,
            "predictive": self.predictive.model_dump(),
            "acceptance": self.acceptance,
        }

    @property
    def hash(self) -> str:
        """SHA-256 of :meth:`resolved`: a results folder holds the calibration of one hash."""
        text = json.dumps(self.resolved(), sort_keys=True, allow_nan=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _check_size(spec: CalibrationFile, source: str) -> None:
    """Refuse a calibration over the limit on runs (:mod:`btr_sim.limits`), before any run.

    ABC-SMC runs at least ``population x generations x replications`` models (more when it
    rejects particles), besides the runs that estimate the noise and the predictive checks.
    """
    fit = spec.population * spec.generations * spec.replications
    checks = spec.predictive.draws * spec.predictive.replications
    problem = excess(
        "runs",
        fit + spec.noise_replications + checks,
        f"at least {spec.population:,} particles x {spec.generations:,} generations x "
        f"{spec.replications:,} replications, with {spec.noise_replications:,} noise runs and "
        f"{checks:,} predictive runs",
    )
    if problem:
        raise ConfigError(source, [problem])


def load_calibration(
    path: str | Path, overrides: Mapping[str, Any] | None = None
) -> CalibrationProblem:
    """Read a calibration file into a :class:`CalibrationProblem`.

    Parameters
    ----------
    path
        The calibration file.
    overrides
        Top-level values to replace for a quick trial (``{"population": 20}``).

    Raises
    ------
    ConfigError
        With the file, the field's path and what is allowed, for every problem.
    """
    source = str(path)
    data = {**read_yaml_mapping(Path(path)), **dict(overrides or {})}
    try:
        spec = CalibrationFile.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(source, validation_problems(exc, CalibrationFile)) from None
    _check_size(spec, source)
    rules = RULE_SETS.get(spec.rule_set)
    if rules is None or rules.config is None:
        modelled = [n for n, r in RULE_SETS.items() if r.config]
        raise ConfigError(
            source, [f"rule_set: {spec.rule_set!r} is not a modelled rule set ({modelled})"]
        )
    base_file = Path(path).parent / spec.base if spec.base else CONFIGS / rules.config
    # The fitted regime is the one the world has always run under: each particle warms up under
    # its own values (``before: own``), so that a value inside a rule section (a procedure's
    # pressure weight, a reinstatement hazard) holds in the warm-up too.
    overrides: dict[str, object] = {"before": "own"}
    if spec.months:
        overrides["months"] = spec.months
    base = load_scenario(base_file, overrides)
    try:
        return CalibrationProblem(
            name=spec.name,
            base=base,
            rule_set=spec.rule_set,
            facts=calibration_facts(spec.rule_set),
            priors=spec.priors,
            population=spec.population,
            generations=spec.generations,
            replications=spec.replications,
            noise_replications=spec.noise_replications,
            master_seed=spec.master_seed,
            predictive=spec.predictive,
            acceptance=spec.acceptance,
            description=spec.description,
            source=source,
        )
    except ValueError as exc:
        if isinstance(exc, ConfigError):
            raise
        raise ConfigError(source, [str(exc)]) from None
