"""The benchmark script runs and reports what it should (its figures are not checked here)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
from pathlib import Path

import numpy as np
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


def test_quick_benchmark_reports_hear_against_the_bandwidth_bound(bench, tmp_path, capsys):
    out = tmp_path / "figures.json"
    assert bench.main(["--quick", "--only", "6", "--json", str(out)]) == 0
    figures = json.loads(out.read_text())
    for r in figures["hear"].values():
        assert r["citizens"] == 100_000
        assert 50 < r["bytes_per_citizen_step"] < 2000  # at least the two passes over trust
        assert r["ratio_to_bound"] > 0 and r["bound_ms_median"] > 0
        assert r["bandwidth_gb_s"]["copy"] > 0
    assert [row["items_per_citizen"] for row in figures["draw_costs"]] == [0.03, 0.3, 1.0, 3.0]
    assert "bytes per citizen-step" in capsys.readouterr().out


def test_counted_arrays_count_what_numpy_reads_and_writes(bench):
    traffic = bench.traffic
    a = traffic.counted(np.ones(1000))
    b = traffic.counted(np.ones(1000))
    traffic.reset()
    a *= b  # read a and b, write a
    assert traffic.TALLY[0] == 3 * 8000
    traffic.reset()
    a.reshape(10, 100)[:, :5]  # views move nothing
    a[np.arange(10)]  # a gather: the indices and the ten values
    assert traffic.TALLY[0] == 10 * 8 + 10 * 8
    traffic.reset()
    np.clip(a, 0.0, 1.0, out=a)  # through numpy's function protocol
    assert traffic.TALLY[0] == 2 * 8000


def test_baseline_pairs_ratios_and_dependencies(bench):
    baseline = bench.baseline
    runs = {
        "current": [{"wall_s": 1.0}, {"wall_s": 2.0}, {"wall_s": 1.0}],
        "baseline": [{"wall_s": 3.0}, {"wall_s": 2.0}, {"wall_s": 2.5}],
    }
    assert baseline.ratios(runs, "wall_s") == {"median": 2.5, "min": 1.0, "max": 3.0}
    root = Path(__file__).resolve().parents[1]
    python, required, optional = baseline.dependencies(root)
    assert python and any(d.startswith("numpy") for d in required) and optional


@pytest.mark.slow
def test_baseline_times_both_versions_interleaved_and_cleans_up(bench, tmp_path, capsys):
    out = tmp_path / "baseline.json"
    assert bench.main(["--baseline", "HEAD", "--quick", "--repeats", "1", "--json", str(out)]) == 0
    result = json.loads(out.read_text())
    for runs in result["runs"].values():
        current, base = runs["current"][0], runs["baseline"][0]
        assert (
            "btr-sim-baseline-" in base["btr_sim"] and "btr-sim-baseline-" not in current["btr_sim"]
        )
        assert current["peak_mib"] > 0 and base["wall_s"] > 0
    printed = capsys.readouterr().out
    assert "ratio wall" in printed
    worktrees = subprocess.run(
        ["git", "worktree", "list"], capture_output=True, text=True, check=True
    ).stdout
    assert "btr-sim-baseline-" not in worktrees


def test_warmup_sharing_benchmark_runs_both_ways_with_the_same_outcomes(capsys):
    path = BENCH.with_name("warmup_sharing.py")
    spec = importlib.util.spec_from_file_location("warmup_sharing", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main(["--quick"]) == 0  # raises if sharing changed an outcome
    printed = capsys.readouterr().out
    assert "8 arms x 2 seeds = 16 runs" in printed and "alone / shared:" in printed


def test_baseline_match_keeps_the_configurations_it_names(bench):
    with pytest.raises(ValueError, match="no configuration"):
        bench.baseline.compare("HEAD", 1, 1, match="no such configuration")
