"""Count the bytes that numpy operations read and write: the memory traffic of a piece of code.

:class:`Counted` is an ndarray that adds to :data:`TALLY` the size of every operand and every
result of each numpy operation it takes part in (ufuncs, reductions, numpy functions, fancy
indexing, ``astype`` and ``copy``); views and basic slices cost nothing. An array updated in
place counts once as read and once as written. :class:`CountedGenerator` does the same for
the random draws (what they read, and the numbers they write). Running code on such arrays
gives the bytes it moves if every pass streams its arrays once, which is what the memory
bandwidth bound assumes. A gather of scattered elements counts its elements, not the cache
lines it touches, so code that gathers much is timed above this bound.
"""

from __future__ import annotations

from typing import Any

import numpy as np

#: Bytes counted since the last :func:`reset`.
TALLY = [0]


def reset() -> None:
    """Start a new count."""
    TALLY[0] = 0


def _nbytes(values: Any) -> int:
    if isinstance(values, np.ndarray):
        return values.nbytes
    if isinstance(values, list | tuple):
        return sum(_nbytes(v) for v in values)
    return 0


def _plain(values: Any) -> Any:
    if isinstance(values, Counted):
        return values.view(np.ndarray)
    if isinstance(values, list | tuple):
        return type(values)(_plain(v) for v in values)
    if isinstance(values, dict):
        return {k: _plain(v) for k, v in values.items()}
    return values


def counted(values: Any) -> Any:
    """``values`` with every ndarray in it viewed as :class:`Counted`."""
    if isinstance(values, np.ndarray) and not isinstance(values, Counted):
        return values.view(Counted)
    if isinstance(values, list | tuple):
        return type(values)(counted(v) for v in values)
    return values


def _fancy(key: Any) -> bool:
    keys = key if isinstance(key, tuple) else (key,)
    return any(isinstance(k, np.ndarray | list) for k in keys)


class Counted(np.ndarray):
    """An ndarray whose numpy operations add their operands' and results' bytes to TALLY."""

    def __array_ufunc__(self, ufunc, method, *inputs, out=None, **kwargs):
        if out is not None:
            kwargs["out"] = _plain(out)
        result = getattr(ufunc, method)(*_plain(inputs), **kwargs)
        TALLY[0] += _nbytes(inputs) + _nbytes(result)
        if out is not None:
            return out[0] if len(out) == 1 else out
        return counted(result)

    def __array_function__(self, func, types, args, kwargs):
        result = func(*_plain(args), **_plain(kwargs))
        TALLY[0] += _nbytes(args) + _nbytes(kwargs.get("weights")) + _nbytes(result)
        if kwargs.get("out") is not None:
            return kwargs["out"]
        return counted(result)

    def __getitem__(self, key):
        result = super().__getitem__(_plain(key))
        if _fancy(key):
            TALLY[0] += _nbytes(key) + _nbytes(result)
        return counted(result)

    def __setitem__(self, key, value):
        if _fancy(key) or isinstance(value, np.ndarray):
            TALLY[0] += _nbytes(key) + _nbytes(value)
        super().__setitem__(_plain(key), _plain(value))

    def astype(self, *args, **kwargs):
        result = self.view(np.ndarray).astype(*args, **kwargs)
        TALLY[0] += self.nbytes + result.nbytes
        return counted(result)

    def copy(self, *args, **kwargs):
        TALLY[0] += 2 * self.nbytes
        return counted(self.view(np.ndarray).copy(*args, **kwargs))


class CountedGenerator:
    """A random generator whose draws count what they read and the numbers they write."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.rng = rng

    def __getattr__(self, name: str) -> Any:
        draw = getattr(self.rng, name)

        def counting(*args: Any, **kwargs: Any) -> Any:
            result = draw(*_plain(args), **_plain(kwargs))
            TALLY[0] += _nbytes(args) + _nbytes(result)
            return counted(result)

        return counting


def count_arrays_of(*objects: Any) -> None:
    """Turn every ndarray attribute of ``objects`` into a :class:`Counted` view, in place."""
    for obj in objects:
        for name, value in vars(obj).items():
            if isinstance(value, np.ndarray):
                setattr(obj, name, value.view(Counted))
