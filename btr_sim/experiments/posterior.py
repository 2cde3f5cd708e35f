"""The posterior file: weighted particles over free parameters, with their provenance.

``btr-sim calibrate`` writes one (``posterior.yaml`` in its results folder; the one shipped
lives under ``configs/posterior/``), and experiments draw their worlds from it
(``worlds: {posterior: PATH, draws: N}``). This module is the format's one writer and reader::

    format: 1
    name: status_quo                 # the rule set it was fitted under
    description: ...
    provenance:                      # command, git revision, date, budget, wall time, ...
      command: btr-sim calibrate experiments/calibration/status_quo.yaml
      ...
    priors:                          # as written in the calibration file
      reinstatement.monthly_hazard: {uniform: [0.01, 0.15]}
    particles:                       # one list per column, one entry per particle
      weight: [0.012, 0.009, ...]    # normalised to sum 1
      reinstatement.monthly_hazard: [0.071, 0.083, ...]

Values are written with Python's shortest round-tripping repr, so a file read back holds the
very numbers written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from btr_sim.experiments.ranges import parameter_problem
from btr_sim.loading import ConfigError, read_yaml_mapping

__all__ = ["FORMAT", "WEIGHT", "Posterior", "read_posterior", "write_posterior"]

#: Version of the file format.
FORMAT = 1

#: The column of the particles' weights.
WEIGHT = "weight"

_KEYS = ("format", "name", "description", "provenance", "priors", "particles")


@dataclass(frozen=True)
class Posterior:
    """Weighted particles over free parameters.

    Attributes
    ----------
    name
        The rule set it was fitted under (``status_quo``).
    particles
        One row per particle, one column per parameter (dotted paths).
    weights
        One weight per particle, normalised to sum 1.
    priors
        Each parameter's prior, as written in the calibration file.
    provenance
        How it was made: command, git revision, date, budget, wall time, simulations.
    description
        What it is (a placeholder says so here).
    """

    name: str
    particles: pd.DataFrame
    weights: np.ndarray
    priors: dict[str, Any] = field(default_factory=dict)
    provenance: dict[str, Any] = field(default_factory=dict)
    description: str = ""

    def __post_init__(self) -> None:
        weights = np.asarray(self.weights, dtype=float)
        if len(weights) != len(self.particles) or len(weights) == 0:
            raise ValueError("a posterior needs one weight per particle, and a particle")
        if not np.all(np.isfinite(weights)) or np.any(weights < 0) or weights.sum() <= 0:
            raise ValueError("weights must be finite, non-negative and not all zero")
        object.__setattr__(self, "weights", weights / weights.sum())

    @property
    def parameters(self) -> list[str]:
        """The parameters, in column order."""
        return [str(c) for c in self.particles.columns]

    def draw(self, n: int, seed: int) -> pd.DataFrame:
        """``n`` particles drawn with replacement in proportion to their weights.

        The same ``seed`` gives the same draws. Rows are the drawn particles' values, indexed
        by the particle each came from.
        """
        rng = np.random.default_rng(seed)
        rows = rng.choice(len(self.particles), size=n, replace=True, p=self.weights)
        return self.particles.iloc[rows]

    @property
    def effective_size(self) -> float:
        """Kish's effective sample size, 1 / sum of squared weights."""
        return float(1.0 / np.sum(self.weights**2))


def write_posterior(posterior: Posterior, path: str | Path, header: str = "") -> Path:
    """Write ``posterior`` to ``path`` (YAML), with an optional comment ``header``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    columns = {WEIGHT: [float(w) for w in posterior.weights]}
    for name in posterior.parameters:
        columns[name] = [float(v) for v in posterior.particles[name]]
    data = {
        "format": FORMAT,
        "name": posterior.name,
        "description": posterior.description,
        "provenance": _plain(posterior.provenance),
        "priors": _plain(posterior.priors),
        "particles": columns,
    }
    comment = "".join(f"# {line}\n" if line else "#\n" for line in header.splitlines())
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(comment + text, encoding="utf-8")
    return path


def read_posterior(path: str | Path) -> Posterior:
    """Read a posterior file.

    Raises
    ------
    ConfigError
        With the file and every problem: a missing key, an unknown parameter, columns of
        different lengths, values that are not finite numbers, weights that do not make a
        distribution.
    """
    source = str(path)
    data = read_yaml_mapping(Path(path))
    problems = [f"{key}: missing" for key in ("format", "name", "particles") if key not in data]
    allowed = ", ".join(_KEYS)
    problems += [f"{key}: unknown key (allowed: {allowed})" for key in data if key not in _KEYS]
    if data.get("format", FORMAT) != FORMAT:
        problems.append(f"format: {data['format']!r} is not {FORMAT}, the version this reads")
    columns = data.get("particles")
    if "particles" in data and not _columns_ok(columns, problems):
        columns = None
    if problems or columns is None:
        raise ConfigError(source, problems or ["particles: no particles"])
    frame = pd.DataFrame({k: np.asarray(v, dtype=float) for k, v in columns.items()})
    try:
        return Posterior(
            name=str(data["name"]),
            particles=frame.drop(columns=WEIGHT),
            weights=frame[WEIGHT].to_numpy(),
            priors=dict(data.get("priors") or {}),
            provenance=dict(data.get("provenance") or {}),
            description=str(data.get("description") or ""),
        )
    except ValueError as exc:
        raise ConfigError(source, [f"particles.{WEIGHT}: {exc}"]) from None


def _columns_ok(columns: Any, problems: list[str]) -> bool:
    """Check the particles' columns, appending what is wrong to ``problems``."""
    if not isinstance(columns, Mapping) or WEIGHT not in columns or len(columns) < 2:
        problems.append(f"particles: a mapping of `{WEIGHT}` and at least one parameter to lists")
        return False
    before = len(problems)
    lengths = set()
    for name, values in columns.items():
        if name != WEIGHT:
            unknown = parameter_problem(str(name), f"particles.{name}")
            if unknown:
                problems.append(unknown)
        if not isinstance(values, list) or not values:
            problems.append(f"particles.{name}: must be a non-empty list of numbers")
            continue
        lengths.add(len(values))
        if not all(_finite(v) for v in values):
            problems.append(f"particles.{name}: every value must be a finite number")
    if len(lengths) > 1:
        problems.append("particles: every column needs one value per particle")
    return len(problems) == before


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and np.isfinite(value)


def _plain(value: Any) -> Any:
    """Plain Python values (numpy scalars and tuples made YAML-safe)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    return value
