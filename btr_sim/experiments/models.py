"""Model hooks: a function run in place of the simulation, named ``module:function``.

An experiment with ``model: package.module:function`` runs that function for every task
instead of the agent-based model: it takes the point's world (a dict of each uncertain input's
value, keyed as in ``uncertainties:``) and the replication's seed, and returns a dict of
outcomes. It declares the names of its outcomes in an ``outcomes`` attribute, which become the
outcome columns of ``runs.parquet``. Everything else is the experiment's usual machinery
(sampling, executors, store, analysis), which is why one would use a hook: to check that
machinery on a function whose answer is known (SALib's test functions), or to run a cheap
emulator of the simulation through a sample the simulation could not afford
(experiments/README.md, docs/sensitivity.md).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from functools import cache
from typing import Any

__all__ = ["ModelFunction", "model_outcomes", "resolve_model"]

#: A model hook: ``(inputs, seed) -> outcomes``.
ModelFunction = Callable[[Mapping[str, float], int], Mapping[str, float]]


@cache
def resolve_model(ref: str) -> ModelFunction:
    """The function named ``module:function``.

    Raises
    ------
    ValueError
        If ``ref`` is not of that form, cannot be imported, is not callable or declares no
        ``outcomes``.
    """
    module_name, sep, attr = ref.partition(":")
    if not sep or not module_name or not attr:
        raise ValueError(f"{ref!r} is not of the form 'package.module:function'")
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise ValueError(f"cannot import {module_name!r}: {exc}") from None
    fn: Any = getattr(module, attr, None)
    if not callable(fn):
        raise ValueError(f"{module_name!r} has no function {attr!r}")
    outcomes = getattr(fn, "outcomes", None)
    if not outcomes or not all(isinstance(name, str) for name in outcomes):
        raise ValueError(f"{ref!r} declares no `outcomes` (a tuple of outcome names)")
    return fn


def model_outcomes(ref: str) -> tuple[str, ...]:
    """The outcome names a model hook declares."""
    return tuple(resolve_model(ref).outcomes)  # type: ignore[attr-defined]
