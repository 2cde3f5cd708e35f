"""The benchmark script runs and reports what it should (its figures are not checked here)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pandas as pd
import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_loglog_slopes_are_one_for_linear_growth_and_two_for_quadratic(bench):
    sizes = [10.0, 100.0, 1000.0]
    linear = pd.DataFrame({"n": sizes, "wall_s": [0.5 * n for n in sizes]})
    quadratic = pd.DataFrame({"n": sizes, "wall_s": [n * n for n in sizes]})
    assert bench.loglog_slopes(linear, "n") == pytest.approx([1.0, 1.0])
    assert bench.loglog_slopes(quadratic, "n") == pytest.approx([2.0, 2.0])


def test_quick_benchmark_reports_identity_scaling_and_the_sweep(bench, tmp_path, capsys):
    out = tmp_path / "figures.json"
    assert bench.main(["--quick", "--only", "1", "4", "5", "--json", str(out)]) == 0
    figures = json.loads(out.read_text())
    assert figures["citizen_steps"]["identical"] is True
    for name in ("vectorized", "agents"):
        assert figures["citizen_steps"][name]["citizen_steps_per_s"] > 0
    assert [r["citizens"] for r in figures["scaling_citizens"]] == [1_000, 10_000]
    assert [r["posts"] for r in figures["scaling_posts"]] == [100, 1_000]
    sweep = figures["sweep"]
    assert sweep["runs"] == 8 and sweep["serial_runs_per_s"] > 0 and sweep["pool2_runs_per_s"] > 0
    assert sweep["speedup"] == pytest.approx(sweep["pool2_runs_per_s"] / sweep["serial_runs_per_s"])
    printed = capsys.readouterr().out
    assert "identical event logs and series: yes" in printed
    assert "5. Sweep throughput" in printed and "speed-up" in printed


def test_warmup_sharing_benchmark_runs_both_ways_with_the_same_outcomes(capsys):
    path = BENCH.with_name("warmup_sharing.py")
    spec = importlib.util.spec_from_file_location("warmup_sharing", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--quick"]) == 0  # raises if sharing changed an outcome
    printed = capsys.readouterr().out
    assert "8 arms x 2 seeds = 16 runs" in printed and "alone / shared:" in printed
