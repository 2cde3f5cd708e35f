"""This checkout against an earlier revision: the same runs, interleaved, in one invocation.

``benchmarks/bench.py --baseline REV`` builds a git worktree of ``REV`` in a temporary folder
and runs each configuration in both versions in turn (this checkout, then ``REV``, then this
checkout again...), each run in a fresh process started by :mod:`timed_run`. Both versions run
on the same interpreter with their own checkout first on ``sys.path`` when their dependencies
are the same; otherwise ``REV`` gets a virtual environment of its own in the temporary folder.
Interleaving spreads the machine's changing load over both versions; the ratio of each pair
(``REV``'s time over this checkout's) is reported as the median over pairs, with the least and
the greatest. The figures are printed, never asserted: the machine is shared and noisy.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CHILD = HERE / "timed_run.py"


def _world(supervisors: int, posts_each: int, per_post: int) -> dict[str, Any]:
    return {
        "world": {
            "n_supervisors": supervisors,
            "posts_per_supervisor": posts_each,
            "citizens_per_post": per_post,
        }
    }


#: label -> nested scenario overrides of the default scenario (240 months); seed 1 by default.
CONFIGURATIONS: dict[str, dict[str, Any]] = {
    "default run: 100 posts x 100 citizens": {},
    "10^6 citizens: 100 posts x 10,000": _world(10, 10, 10_000),
    "10^6 citizens: 10,000 posts x 100": _world(100, 100, 100),
}
QUICK: dict[str, dict[str, Any]] = {
    "default run, 24 months": {"months": 24},
    "10^5 citizens: 100 posts x 1,000, 24 months": {"months": 24, **_world(10, 10, 1_000)},
}


@dataclass(frozen=True)
class Version:
    """A checkout of btr_sim and the interpreter that runs it."""

    name: str
    root: Path
    python: str

    def run(self, overrides: dict[str, Any], seed: int) -> dict[str, Any]:
        """Time one run in a fresh process (see :mod:`timed_run`)."""
        env = {**os.environ, "PYTHONPATH": str(self.root)}
        out = subprocess.run(
            [self.python, str(CHILD), json.dumps(overrides), str(seed)],
            check=True,
            capture_output=True,
            text=True,
            env=env,
            cwd=self.root,
        )
        result = json.loads(out.stdout.strip().splitlines()[-1])
        if not Path(result["btr_sim"]).resolve().is_relative_to(self.root.resolve()):
            raise RuntimeError(f"{self.name} imported btr_sim from {result['btr_sim']}")
        return result


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()


def dependencies(root: Path) -> tuple[Any, ...]:
    """What a checkout needs installed: Python version, dependencies and optional ones."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return (
        project.get("requires-python"),
        sorted(project.get("dependencies", [])),
        sorted((k, sorted(v)) for k, v in project.get("optional-dependencies", {}).items()),
    )


@contextmanager
def worktree(rev: str) -> Iterator[Version]:
    """A temporary worktree of ``rev`` and an interpreter for it; removed afterwards."""
    commit = _git("rev-parse", "--verify", f"{rev}^{{commit}}")
    scratch = Path(tempfile.mkdtemp(prefix="btr-sim-baseline-"))
    src = scratch / "src"
    _git("worktree", "add", "--detach", str(src), commit)
    try:
        python = sys.executable
        if dependencies(src) != dependencies(ROOT):
            print(f"  {rev}'s dependencies differ: installing them in a virtual environment")
            subprocess.run([sys.executable, "-m", "venv", str(scratch / "venv")], check=True)
            python = str(scratch / "venv" / "bin" / "python")
            subprocess.run([python, "-m", "pip", "install", "--quiet", str(src)], check=True)
        yield Version(f"{rev} ({commit[:7]})", src, python)
    finally:
        _git("worktree", "remove", "--force", str(src))
        shutil.rmtree(scratch, ignore_errors=True)


def compare(
    rev: str, repeats: int, seed: int, quick: bool = False, match: str | None = None
) -> dict[str, Any]:
    """Time every configuration ``repeats`` times in each version, interleaved.

    ``match`` keeps only the configurations whose label contains it (``"default"``).
    """
    current = Version(
        f"this checkout ({_git('rev-parse', '--short', 'HEAD')})", ROOT, sys.executable
    )
    configurations = QUICK if quick else CONFIGURATIONS
    if match:
        configurations = {k: v for k, v in configurations.items() if match in k}
        if not configurations:
            raise ValueError(f"no configuration's label contains {match!r}")
    out: dict[str, Any] = {"baseline": rev, "repeats": repeats, "seed": seed, "runs": {}}
    with worktree(rev) as base:
        out["versions"] = {"current": current.name, "baseline": base.name, "python": base.python}
        for label, overrides in configurations.items():
            runs: dict[str, list[dict[str, Any]]] = {"current": [], "baseline": []}
            for _ in range(repeats):
                runs["current"].append(current.run(overrides, seed))
                runs["baseline"].append(base.run(overrides, seed))
            out["runs"][label] = runs
    return out


def ratios(runs: dict[str, list[dict[str, Any]]], key: str) -> dict[str, float]:
    """Baseline over current, pair by pair: the median, least and greatest ratio."""
    pairs = [b[key] / c[key] for c, b in zip(runs["current"], runs["baseline"], strict=True)]
    return {"median": statistics.median(pairs), "min": min(pairs), "max": max(pairs)}


def report(result: dict[str, Any]) -> None:
    """Print each configuration's times, peak memory and ratios."""
    versions = result["versions"]
    print(f"\nBaseline comparison: {versions['current']} vs {versions['baseline']}")
    print(f"  {result['repeats']} interleaved pairs per configuration, seed {result['seed']};")
    print("  ratio = baseline's time / this checkout's (above 1: this checkout is faster)")
    for label, runs in result["runs"].items():
        print(f"\n  {label}")
        for side in ("current", "baseline"):
            r = runs[side]
            print(
                f"    {side:8s} wall median {statistics.median(x['wall_s'] for x in r):8.3f} s, "
                f"CPU {statistics.median(x['cpu_s'] for x in r):8.3f} s, citizens' update "
                f"{statistics.median(x['citizens_cpu_s'] for x in r):8.3f} s CPU, peak "
                f"{max(x['peak_mib'] for x in r):6.0f} MiB"
            )
        for key, name in (("wall_s", "wall"), ("cpu_s", "CPU"), ("citizens_cpu_s", "citizens")):
            q = ratios(runs, key)
            print(
                f"    ratio {name:9s} {q['median']:6.2f}x  (min {q['min']:.2f}, max {q['max']:.2f})"
            )
