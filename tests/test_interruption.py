"""Interruption: a sweep killed part-way (SIGKILL) and rerun ends with the uninterrupted rows."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time

import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml
from conftest import tiny_experiment

import btr_sim

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


def stored_runs(out) -> int:
    """Runs stored so far: the rows of the batches written, plus rows already in the table."""
    batches = list((out / "parts").glob("*.runs.parquet")) if (out / "parts").exists() else []
    parts = sum(pq.read_metadata(p).num_rows for p in batches)
    rows = len(pd.read_parquet(out / "runs.parquet")) if (out / "runs.parquet").exists() else 0
    return parts + rows


def test_sigkill_then_rerun_gives_exactly_the_uninterrupted_rows(tmp_path):
    # Runs of the default world over 10 years (about 0.1 s each): the store writes its first
    # batch after 2 s, before the 40 runs are done.
    data = tiny_experiment(scenarios=[{"name": "base", "months": 120}], replications=20)
    path = tmp_path / "sweep.yaml"
    path.write_text(yaml.safe_dump(data))
    out = tmp_path / "killed"
    command = [sys.executable, "-m", "btr_sim", "run", str(path), "--out", str(out), "--quiet"]
    command += ["--executor", "process", "--workers", "2"]
    proc = subprocess.Popen(
        command, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 120
        while stored_runs(out) < 1 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert proc.poll() is None, "the sweep ended before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)  # the main process only, as the OOM killer would
        proc.wait(timeout=30)
    finally:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)  # orphaned pool workers, if any
        proc.wait(timeout=30)
        if proc.stderr:
            proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    done_before = stored_runs(out)
    assert 1 <= done_before < 40, done_before

    # Results do not depend on the executor (tests/test_executors.py): two workers are faster.
    again = {"executor": "process", "workers": 2, "progress": False}
    resumed = btr_sim.run_experiment(path, out=out, **again)
    clean = btr_sim.run_experiment(path, out=tmp_path / "clean", **again)
    runs = resumed.runs
    assert len(runs) == 40 and runs.run_id.is_unique
    assert set(runs.run_id) == set(clean.runs.run_id)
    for table in ("runs", "series", "events"):
        pd.testing.assert_frame_equal(getattr(resumed, table), getattr(clean, table))
    assert resumed.manifest["runs_done"] == 40 and resumed.complete
    assert not (out / "parts").exists()
