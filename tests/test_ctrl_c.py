"""Ctrl-C on a real ``btr-sim run``: exit 130 with the message, and no process of it left.

An impatient user presses Ctrl-C more than once. Each press must not break the clean-up: the
command used to hang for good after the third, its workers idle behind it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists() or not hasattr(os, "killpg"), reason="needs Linux /proc"
)

# Runs of a few seconds each, so that the workers are in the middle of one when interrupted.
LONG_RUNS = {
    "name": "long_runs",
    "scenarios": [
        {
            "name": "big",
            "months": 240,
            "world": {"n_supervisors": 20, "posts_per_supervisor": 10, "citizens_per_post": 1000},
        }
    ],
    "replications": 40,
}


def group(pgid: int) -> dict[int, str]:
    """The processes of a process group that are alive (not zombies), with their states."""
    alive = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        state, pgrp = fields[0], int(fields[2])
        if pgrp == pgid and state not in ("Z", "X"):
            alive[int(entry.name)] = state
    return alive


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def interrupt_and_watch(tmp_path, executor: str, workers_seen: int):
    path = tmp_path / "long.yaml"
    path.write_text(yaml.safe_dump(LONG_RUNS), encoding="utf-8")
    command = [sys.executable, "-m", "btr_sim", "run", str(path), "--out", str(tmp_path / "out")]
    command += ["--executor", executor, "--workers", "2", "--quiet"]
    err = (tmp_path / "stderr.txt").open("w")
    proc = subprocess.Popen(
        command,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=err,
        # A terminal delivers Ctrl-C to a command whose SIGINT has its default disposition; a
        # test suite started as a background job (`cmd &`, nohup) inherits SIGINT ignored, and
        # so would the command, which then rightly leaves Ctrl-C alone (interrupts.py).
        preexec_fn=_default_sigint,
    )
    try:
        deadline = time.monotonic() + 120
        while len(group(proc.pid)) < workers_seen and time.monotonic() < deadline:
            time.sleep(0.1)
        assert proc.poll() is None and len(group(proc.pid)) >= workers_seen
        time.sleep(2)  # the workers are now in the middle of runs
        for _ in range(3):  # as impatient users do
            proc.send_signal(signal.SIGINT)
            time.sleep(0.5)
        status = proc.wait(timeout=60)
        deadline = time.monotonic() + 10  # helpers such as the fork server end on their own
        while group(proc.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = group(proc.pid)
    finally:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=10)
        err.close()
    return status, (tmp_path / "stderr.txt").read_text(), left


def test_ctrl_c_stops_the_process_pool_and_leaves_no_process(tmp_path):
    # The command, the resource tracker, the fork server and its two workers.
    status, err, left = interrupt_and_watch(tmp_path, "process", workers_seen=5)
    assert status == 130, err
    assert "btr-sim: interrupted; finished runs are stored" in err
    assert "Traceback" not in err
    assert not left, f"processes left running after the command ended: {left}"


@pytest.mark.slow
def test_ctrl_c_stops_a_local_dask_cluster_and_leaves_no_process(tmp_path):
    pytest.importorskip("distributed")
    status, err, left = interrupt_and_watch(tmp_path, "dask", workers_seen=3)
    assert status == 130, err
    assert "btr-sim: interrupted; finished runs are stored" in err
    assert not left, f"processes left running after the command ended: {left}"
