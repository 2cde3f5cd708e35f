"""The hash that identifies an experiment, with which a results folder is matched to it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from btr_sim.experiments.designs import DesignPoint

__all__ = ["canonical_json", "experiment_hash"]


def canonical_json(data: Any) -> str:
    """JSON with sorted keys and no spaces: equal data, equal text, equal hash."""
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def experiment_hash(
    name: str,
    kind: str,
    factors: Mapping[str, list[Any]],
    points: Sequence[DesignPoint],
    seeds: Sequence[int],
    record: Sequence[str],
    model: str | None = None,
) -> str:
    """SHA-256 of what determines the result tables.

    That is the experiment's name, the design's kind and factors, every design point's name,
    levels and resolved scenario, the seeds, what is recorded and the model hook, if any.
    Descriptions are left out: rewording one does not make another experiment. Crossed worlds
    enter through the factors and the points, so another sample of worlds is another
    experiment.
    """
    content = {
        "experiment": name,
        "design": {"kind": kind, "factors": factors},
        "points": [
            {
                "name": p.name,
                "factors": p.factors,
                "scenario": p.scenario.model_dump(mode="json", exclude={"description"}),
            }
            for p in points
        ],
        "seeds": list(seeds),
        "record": list(record),
    }
    if model is not None:  # only then, so that the hashes of existing folders stay valid
        content["model"] = model
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()
