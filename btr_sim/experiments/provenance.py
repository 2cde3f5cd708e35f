"""Provenance of results: package versions, git revision, platform and times."""

from __future__ import annotations

import platform
import subprocess
import sys
from datetime import UTC, datetime
from functools import cache
from importlib import metadata
from pathlib import Path

__all__ = ["git_revision", "now", "platform_text", "versions"]

#: Distributions whose versions can change results or their storage.
_DISTRIBUTIONS = (
    "btr-sim",
    "mesa",
    "numpy",
    "pandas",
    "scipy",
    "pydantic",
    "networkx",
    "pyarrow",
    "pyyaml",
    "dask",
    "distributed",
)


def now() -> str:
    """The current time in UTC, ISO 8601, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@cache
def versions() -> dict[str, str]:
    """Versions of Python and of every installed distribution that matters to results."""
    found = {"python": platform.python_version()}
    for name in _DISTRIBUTIONS:
        try:
            found[name.replace("-", "_")] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return found


@cache
def git_revision() -> str | None:
    """The git commit of the btr_sim source, ``-dirty`` if modified, or None outside git."""
    where = Path(__file__).resolve().parents[2]
    try:
        head = subprocess.run(
            ["git", "-C", str(where), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        if head.returncode != 0:
            return None
        status = subprocess.run(
            ["git", "-C", str(where), "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    dirty = "-dirty" if status.returncode == 0 and status.stdout.strip() else ""
    return head.stdout.strip() + dirty


def platform_text() -> str:
    """The operating system and machine, with the Python implementation."""
    return f"{platform.platform()} ({platform.machine()}, {sys.implementation.name})"
