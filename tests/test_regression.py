"""Regression snapshot: seeded runs must keep giving the results stored in tests/data.

An optimisation must not change what a seed produces. The snapshot (summary outcomes, event
counts by kind and the column sums of the monthly series of a few seeded runs) is rewritten
only for a deliberate change of results; this test fails when a run drifts from it by more than
a relative 1e-9 (room for a libm that rounds differently, far below any modelling change).

A deliberate change of results is re-baselined with ``python tests/test_regression.py`` and
explained in the commit that does it (``git log tests/data/regression_snapshot.json``): the
last one is issue 13's — cadres' records weighed by supervisors, cadres and citizens, the
reversal of a discovered return decided by the backlash (no random draw any more, so the
``reinstatement`` stream shifts), and the return hazard held back by the calm in the former
post.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

import pytest

from btr_sim import run_scenario
from btr_sim.loading import resolve_scenario

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = Path(__file__).parent / "data" / "regression_snapshot.json"
REL_TOL = 1e-9
ABS_TOL = 1e-12

#: name -> (scenario: file or overrides, seed). Together they exercise every rule family,
#: both kinds of reinstatement disclosure, scripted incidents and a world of many small posts.
CASES: dict[str, tuple[Any, int]] = {
    "status_quo_default": (ROOT / "configs" / "status_quo.yaml", 2024),
    "full_reform_default": (ROOT / "configs" / "full_reform.yaml", 7),
    "many_posts_scripted": (
        {
            "months": 120,
            "world.n_supervisors": 30,
            "world.posts_per_supervisor": 30,
            "world.citizens_per_post": 10,
            "procedure.rule": "formal",
            "transparency": 0.5,
            "incidents.scripted": [
                {"month": 5, "post": 17, "severity": 4.0, "kind": "misconduct", "reach": 3.0},
                {
                    "month": 9,
                    "post": 400,
                    "severity": 2.0,
                    "concealed": True,
                    "exposed_after_months": 3,
                },
            ],
        },
        11,
    ),
}


def fingerprint(config: Any, seed: int) -> dict[str, Any]:
    """What the snapshot keeps of one run: summary, event counts, series column sums."""
    result = run_scenario(resolve_scenario(config), seed)
    return {
        "summary": result.summary,
        "event_counts": {k: int(v) for k, v in result.events["event"].value_counts().items()},
        "n_events": len(result.events),
        "series_sums": {k: float(v) for k, v in result.series.sum().items()},
    }


def _close(a: float, b: float) -> bool:
    if a is None or b is None:  # JSON has no NaN: stored as null
        return a is None and b is None
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=ABS_TOL)


def _to_json(value: float) -> float | None:
    return None if isinstance(value, float) and math.isnan(value) else value


@pytest.mark.parametrize("name", list(CASES))
def test_seeded_run_matches_snapshot(name):
    stored = json.loads(SNAPSHOT.read_text())[name]
    now = fingerprint(*CASES[name])
    assert now["n_events"] == stored["n_events"]
    assert now["event_counts"] == stored["event_counts"]
    for section in ("summary", "series_sums"):
        assert set(now[section]) == set(stored[section])
        drift = {
            k: (stored[section][k], v)
            for k, v in now[section].items()
            if not _close(_to_json(v), stored[section][k])
        }
        assert not drift, f"{name}: {section} drifted (stored, now): {drift}"


def write_snapshot() -> None:
    """Re-baseline: run every case and store its fingerprint."""
    data = {}
    for name, case in CASES.items():
        fp = fingerprint(*case)
        for section in ("summary", "series_sums"):
            fp[section] = {k: _to_json(v) for k, v in fp[section].items()}
        data[name] = fp
    SNAPSHOT.parent.mkdir(exist_ok=True)
    SNAPSHOT.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    write_snapshot()
    sys.exit(0)
