"""Reading a results folder back: the manifest and the tables, for analysis."""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from btr_sim.experiments.store import EVENTS, MANIFEST, RUNS, SCENARIOS, SERIES_FILE
from btr_sim.loading import ConfigError

__all__ = ["ExperimentResults", "open_results"]


class ExperimentResults:
    """The results of an experiment, as stored in its folder (see docs/results-format.md).

    Parameters
    ----------
    path
        The results folder.

    Raises
    ------
    ConfigError
        If the folder holds no readable ``manifest.json``.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.manifest: dict[str, Any] = json.loads(
                (self.path / MANIFEST).read_text(encoding="utf-8")
            )
        except (OSError, ValueError) as exc:
            raise ConfigError(str(self.path), [f"not a results folder: {exc}"]) from None

    def __repr__(self) -> str:
        m = self.manifest
        return (
            f"ExperimentResults({str(self.path)!r}: experiment {m.get('experiment')!r}, "
            f"{m.get('runs_done')} of {m.get('runs_total')} runs done, "
            f"{m.get('runs_failed')} failed)"
        )

    @property
    def name(self) -> str:
        """The experiment's name."""
        return str(self.manifest["experiment"])

    @cached_property
    def runs(self) -> pd.DataFrame:
        """One row per run (``runs.parquet``)."""
        return pd.read_parquet(self.path / RUNS)

    @cached_property
    def series(self) -> pd.DataFrame:
        """Monthly series of every successful run (``series.parquet``)."""
        return self._table(SERIES_FILE, "series")

    @cached_property
    def events(self) -> pd.DataFrame:
        """Event logs of every successful run (``events.parquet``)."""
        return self._table(EVENTS, "events")

    def _table(self, file: str, record: str) -> pd.DataFrame:
        if record not in self.manifest.get("record", []):
            raise ValueError(f"experiment {self.name!r} did not record {record}")
        return pd.read_parquet(self.path / file)

    @property
    def failed(self) -> pd.DataFrame:
        """The rows of failed runs, with their errors."""
        return self.runs[self.runs["status"] == "failed"]

    @property
    def complete(self) -> bool:
        """Whether every run of the experiment is stored and succeeded."""
        m = self.manifest
        return m.get("runs_done") == m.get("runs_total") and not m.get("runs_failed")

    def scenario_file(self, scenario: str) -> Path:
        """The scenario file of a design point: ``btr-sim run FILE --seed SEED`` reruns a row."""
        return self.path / SCENARIOS / f"{scenario}.yaml"

    def to_ema_workbench(
        self, *, series: bool = False
    ) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
        """The results in EMA Workbench's ``(experiments, outcomes)`` shape.

        See :func:`btr_sim.experiments.export.to_ema_workbench`.
        """
        from btr_sim.experiments.export import to_ema_workbench

        return to_ema_workbench(self, series=series)


def open_results(path: str | Path) -> ExperimentResults:
    """Open a results folder written by :func:`btr_sim.run_experiment` or ``btr-sim run``."""
    return ExperimentResults(path)
