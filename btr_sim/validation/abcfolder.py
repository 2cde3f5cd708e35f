"""A calibration's results folder: its manifest, the stored noise estimate, pyabc's database.

::

    results/<name>/
      calibration.json     the problem as run, its hash, provenance, sessions, wall time
      noise.json           the simulation noise of each fitted fact (estimated once)
      abc.db               pyabc's database: every generation (what a rerun resumes from)
      posterior.csv, posterior.yaml, medians.yaml, populations.csv, generations.csv,
      posterior_summary.csv/.md, predictive.csv/.md, figures (marginals, pairs, predictive)

The folder holds one calibration: a rerun of the same problem resumes it; another problem is
refused (as the experiment store refuses another experiment's folder). ``calibration.json``
is not an experiment's ``manifest.json``: the folder holds a posterior, not a table of runs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from btr_sim.experiments.provenance import git_revision, now, platform_text, versions
from btr_sim.loading import ConfigError
from btr_sim.validation.calibration import CalibrationProblem

__all__ = ["DATABASE", "MANIFEST", "NOISE", "CalibrationFolder"]

MANIFEST = "calibration.json"
NOISE = "noise.json"
DATABASE = "abc.db"


class CalibrationFolder:
    """The results folder of one calibration problem.

    Parameters
    ----------
    root
        The folder (created if missing).
    problem
        The calibration it holds.
    """

    def __init__(self, root: Path, problem: CalibrationProblem) -> None:
        self.root = Path(root)
        self.problem = problem
        self.manifest: dict[str, Any] = {}

    @property
    def database(self) -> Path:
        """The file of pyabc's database."""
        return self.root / DATABASE

    @property
    def database_url(self) -> str:
        """The SQLAlchemy URL of pyabc's database."""
        return f"sqlite:///{self.database.resolve()}"

    def open(self, command: str) -> dict[str, Any]:
        """Start or resume: check the folder holds this problem (or nothing); note the session.

        Raises
        ------
        ConfigError
            If the folder holds another calibration, or something that is not a calibration.
        """
        path = self.root / MANIFEST
        if path.exists():
            manifest = json.loads(path.read_text(encoding="utf-8"))
            if manifest.get("hash") != self.problem.hash:
                raise ConfigError(
                    str(self.root),
                    [
                        f"holds calibration {manifest.get('name')!r} of another problem (hash "
                        f"{str(manifest.get('hash'))[:12]}...); use another --out, or remove "
                        "the folder to start again"
                    ],
                )
        elif self.root.exists() and any(self.root.iterdir()):
            raise ConfigError(
                str(self.root), ["is not empty and holds no calibration; use another --out"]
            )
        else:
            manifest = {
                "kind": "calibration",
                "name": self.problem.name,
                "hash": self.problem.hash,
                "problem": self.problem.resolved(),
                "source": self.problem.source,
                "started": now(),
                "sessions": [],
                "wall_time_seconds": 0.0,
                "candidates_simulated": 0,
            }
        manifest["sessions"].append({"command": command, "started": now()})
        manifest |= {
            "git_revision": git_revision(),
            "versions": versions() | _pyabc_version(),
            "platform": platform_text(),
        }
        self.manifest = manifest
        self.write()
        return manifest

    def add(self, wall_time: float, candidates: int) -> None:
        """Count wall time and simulated candidates of this session, and save."""
        self.manifest["wall_time_seconds"] += wall_time
        self.manifest["candidates_simulated"] += candidates
        self.write()

    def write(self) -> None:
        """Save the manifest (atomically: a crash never leaves half a file)."""
        self.root.mkdir(parents=True, exist_ok=True)
        path = self.root / MANIFEST
        tmp = path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(self.manifest, indent=2, allow_nan=False), encoding="utf-8")
        tmp.replace(path)

    def noise(self) -> dict[str, float] | None:
        """The stored noise estimate, if any."""
        path = self.root / NOISE
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None

    def save_noise(self, noise: dict[str, float]) -> None:
        """Store the noise estimate (a rerun does not estimate it again)."""
        (self.root / NOISE).write_text(json.dumps(noise, indent=2), encoding="utf-8")


def _pyabc_version() -> dict[str, str]:
    from importlib import metadata

    try:
        return {"pyabc": metadata.version("pyabc")}
    except metadata.PackageNotFoundError:  # pragma: no cover - the extra is what runs this
        return {}
