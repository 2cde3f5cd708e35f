"""The documented limits on what one command may be asked to do, and how to raise them.

Every input that sets how much work or memory a command takes is bounded here, so that a typo
(``-n 1000000000000``) or a hostile file is refused at once, with its size and the limit,
instead of running until it is killed. The defaults are far above what the shipped scenarios
and experiments use; a user who needs more raises a limit with an environment variable,
``BTR_SIM_MAX_<NAME>=N`` (for example ``BTR_SIM_MAX_RUNS=5000000 btr-sim run big.yaml``), which
the command line, the Python API and worker processes all read alike.

The limits, with the reason for each value, are in :data:`LIMITS` (and, for people, in the
README's *Limits* section, which a test checks against this module).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

__all__ = ["LIMITS", "Limit", "LimitSettingError", "excess", "limit", "over_limit"]


@dataclass(frozen=True)
class Limit:
    """One limit: its default, what it counts and why it has that value.

    Attributes
    ----------
    name : str
        Its name; the environment variable that raises it is ``BTR_SIM_MAX_<NAME>``.
    default : int
        The value unless the environment sets another.
    counts : str
        What it counts, in the plural (``runs``, ``bytes``).
    reason : str
        Why this value: what it protects and how it compares with real use.
    """

    name: str
    default: int
    counts: str
    reason: str

    @property
    def variable(self) -> str:
        """The environment variable that sets it."""
        return f"BTR_SIM_MAX_{self.name.upper()}"


#: Every limit, by name.
LIMITS: dict[str, Limit] = {
    limit.name: limit
    for limit in (
        Limit(
            "file_bytes",
            1_048_576,
            "bytes",
            "a scenario or experiment file is read whole and parsed before it is checked: "
            "1 MiB parses in about a second, 250 times the largest shipped file (4.4 kB)",
        ),
        Limit(
            "points",
            100_000,
            "design points",
            "each design point (an LHS sample, a grid cell, a world under a policy) is a "
            "validated scenario in memory and a scenario file in the results folder: 100,000 "
            "take about 20 s and 2.5 GiB to plan; the shipped experiments have at most 200",
        ),
        Limit(
            "replications",
            1_000_000,
            "replications",
            "every replication's seed is spawned before the first run, a million in about 8 s; "
            "confidence intervals need tens to hundreds",
        ),
        Limit(
            "runs",
            1_000_000,
            "runs",
            "design points x replications (a calibration's particles x generations x "
            "replications): a million runs of the default world take about two days of CPU "
            "time and a runs.parquet of a million rows; the shipped experiments have at most "
            "800 runs, the shipped calibration about 2,600",
        ),
        Limit(
            "workers",
            256,
            "worker processes",
            "each local worker is a process holding the model, about 160 MiB "
            "(docs/performance.md); the largest single machines have 256 cores",
        ),
        Limit(
            "citizens",
            10_000_000,
            "citizens",
            "every citizen is held in memory, about 0.4 KiB each (the national run of a "
            "million citizens peaks at 0.55 GiB, docs/performance.md): ten million need "
            "about 4 GiB",
        ),
        Limit(
            "citizen_months",
            2_400_000_000,
            "citizen-months",
            "citizens x (warm-up + horizon) months is the work of one run: the national "
            "run's 240 million citizen-months of its horizon take about 22 s "
            "(docs/performance.md), 384 million with the 144 months of warm-up about 35 s, so "
            "the limit is about four minutes per run",
        ),
        Limit(
            "timeline_changes",
            1_200,
            "changes of rules",
            "each change of a scenario's timeline is a complete rule set, resolved (its file "
            "read) and validated before the horizon can refuse it: 1,200 is a change every "
            "month for a century; the shipped scenarios have none",
        ),
    )
}


class LimitSettingError(ValueError):
    """An environment variable that sets a limit does not hold a whole number of at least 1."""


def limit(name: str) -> int:
    """The limit ``name``: its environment variable's value if set, else its default.

    Raises
    ------
    LimitSettingError
        If the variable is set but is not a whole number of at least 1.
    """
    spec = LIMITS[name]
    text = os.environ.get(spec.variable, "").strip().replace("_", "")
    if not text:
        return spec.default
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise LimitSettingError(
            f"{spec.variable}={os.environ[spec.variable]!r}: must be a whole number of at "
            f"least 1 (the limit on {spec.counts}; default {spec.default:,})"
        )
    return value


def excess(name: str, value: int, subject: str) -> str | None:
    """Why ``value`` is over the limit ``name``, as a problem line, or None if it is not.

    Parameters
    ----------
    name
        The limit's name (a key of :data:`LIMITS`).
    value
        The size asked for.
    subject
        What has that size, as the problem line should begin (``world``, the field's path).

    Returns
    -------
    str or None
        ``"<subject>: <value> <counts>, over the limit of <limit> ...; set <VARIABLE>=N
        ..."``, or None when ``value`` is within the limit.
    """
    problem = over_limit(name, value)
    return None if problem is None else f"{subject}: {problem}"


def over_limit(name: str, value: int) -> str | None:
    """:func:`excess` without the subject: what a command-line option's message needs."""
    spec = LIMITS[name]
    try:
        bound = limit(name)
    except LimitSettingError as exc:
        return f"cannot be checked against its limit: {exc}"
    if value <= bound:
        return None
    return (
        f"{value:,} {spec.counts}, over the limit of {bound:,} (it bounds the time and memory "
        f"one command may take); if you need more, set {spec.variable}=N"
    )
