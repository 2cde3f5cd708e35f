"""Names a package exports, imported when first used.

A package's ``__init__`` that imports its API eagerly makes every import of any of its modules
pay for all of them: ``btr-sim --help`` used to import the model, Mesa, pandas, SciPy and
matplotlib before printing a line. A package gives :func:`exports` the module of each name it
exports instead, and takes the ``__getattr__`` and ``__dir__`` it returns (PEP 562).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["exports"]


def exports(
    package: str, where: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of a package whose names are imported when used.

    Parameters
    ----------
    package
        The package's ``__name__``.
    where
        Each exported name, and the module that defines it.
    """

    def __getattr__(name: str) -> Any:
        if name not in where:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(where[name]), name)
        setattr(sys.modules[package], name, value)  # imported once
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(sys.modules[package]), *where})

    return __getattr__, __dir__
