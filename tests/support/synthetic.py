"""Results folders of synthetic outcomes with known effects, for testing the statistics.

The folder follows docs/results-format.md (manifest.json and runs.parquet) but its outcome is
drawn from a formula, so that an estimate can be checked against the true value.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

OUTCOME = "credibility_change"  # any registered outcome name; its values here are synthetic


def write_synthetic(
    out: Path,
    factors: Mapping[str, list[Any]],
    outcome: Callable[[dict[str, Any], int, np.random.Generator], float],
    *,
    replications: int,
    seed: int = 0,
    kind: str = "factorial",
    name: str = OUTCOME,
) -> Path:
    """Write a crossed design whose outcome ``name`` at (levels, replication) is ``outcome(...)``.

    ``outcome`` receives the design point's levels, the replication index and a generator;
    replication k has the same seed in every design point, as in a real experiment.
    """
    out.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    names = list(factors)
    rows, scenarios = [], {}
    for values in itertools.product(*(factors[n] for n in names)):
        levels = dict(zip(names, values, strict=True))
        scenario = ",".join(f"{n}={v}" for n, v in levels.items())
        scenarios[scenario] = {}
        for rep in range(replications):
            rows.append(
                {
                    "run_id": f"{scenario}#{rep}",
                    "scenario": scenario,
                    "replication": rep,
                    "seed": 1000 + rep,
                    "status": "ok",
                    "error": "",
                    **{f"design.{n}": v for n, v in levels.items()},
                    name: float(outcome(levels, rep, rng)),
                }
            )
    pd.DataFrame(rows).to_parquet(out / "runs.parquet", index=False)
    manifest = {
        "experiment": "synthetic",
        "description": "synthetic outcomes with known effects",
        "design": {"kind": kind, "factors": {n: list(v) for n, v in factors.items()}},
        "reference": None,
        "scenarios": scenarios,
        "replications": replications,
        "seeds": [1000 + r for r in range(replications)],
        "record": ["summary"],
    }
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return out
