"""Argument types and option groups that several subcommands share."""

from __future__ import annotations

import argparse
from pathlib import Path

from btr_sim.experiments import EXECUTORS
from btr_sim.limits import over_limit

__all__ = [
    "add_execution_options",
    "file_out",
    "folder",
    "natural",
    "positive",
    "replications",
    "replications_or_zero",
    "workers",
]


def positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def replications(text: str) -> int:
    """An argparse type: a number of replications, at least 1 and within its limit."""
    return _within("replications", positive(text))


def replications_or_zero(text: str) -> int:
    """An argparse type: a number of replications within its limit, 0 for none."""
    return _within("replications", natural(text))


def workers(text: str) -> int:
    """An argparse type: a number of worker processes, at least 1 and within its limit."""
    return _within("workers", positive(text))


def _within(limit: str, value: int) -> int:
    problem = over_limit(limit, value)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return value


def folder(text: str) -> Path:
    """An argparse type: a folder to write into, which need not exist, but is not a file."""
    path = Path(text)
    if path.exists() and not path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is a file, not a folder")
    _no_file_above(path, text)
    return path


def file_out(text: str) -> Path:
    """An argparse type: a file to write, which is not a folder."""
    path = Path(text)
    if path.is_dir():
        raise argparse.ArgumentTypeError(f"{text} is a folder, not a file")
    _no_file_above(path, text)
    return path


def _no_file_above(path: Path, text: str) -> None:
    for above in path.parents:
        if above.exists():
            if not above.is_dir():
                raise argparse.ArgumentTypeError(f"{text}: {above} is a file, not a folder")
            return


def natural(text: str) -> int:
    """An argparse type: a seed, a whole number in [0, 2**63)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError(f"must be in [0, 2**63), got {value}")
    return value


def add_execution_options(p: argparse.ArgumentParser, out_help: str = "results folder") -> None:
    """Add ``--out --executor --workers --scheduler --quiet``.

    The same options, meaning the same, for every command that runs an experiment.
    """
    p.add_argument("--out", type=folder, default=None, help=out_help)
    p.add_argument(
        "--executor",
        choices=EXECUTORS,
        default=None,
        help="where runs execute (default: process, one worker per core; serial for one run)",
    )
    p.add_argument(
        "--workers", type=workers, default=None, help="worker processes (default: one per core)"
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        default=None,
        help="address of a running Dask scheduler, e.g. tcp://host:8786 (implies dask)",
    )
    p.add_argument("--quiet", "-q", action="store_true", help="no progress bar (for scripts)")
