"""The command line, in-process: runs, checks, and bad input ending in exit 2 without traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from btr_sim.cli import main

ROOT = Path(__file__).resolve().parents[1]
TINY = "months: 12\nworld: {n_supervisors: 2, posts_per_supervisor: 3, citizens_per_post: 5}\n"


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text("name: tiny\n" + TINY)
    return path


def test_run_prints_a_table(tiny, capsys):
    assert main(["run", str(tiny), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "tiny" in out and "credibility_end" in out and "seed 0" in out


def test_run_replications_and_out(tiny, tmp_path, capsys):
    out_dir = tmp_path / "out"
    assert main(["run", str(tiny), "-n", "3", "--quiet", "--out", str(out_dir)]) == 0
    runs = pd.read_parquet(out_dir / "runs.parquet")
    assert len(runs) == 3 and runs.seed.nunique() == 3
    assert "±" in capsys.readouterr().out
    # Any stored row is reproduced by `run --seed`.
    seed = int(runs.seed.iloc[1])
    assert main(["run", str(tiny), "--seed", str(seed), "--out", str(tmp_path / "one")]) == 0
    again = pd.read_parquet(tmp_path / "one" / "runs.parquet")
    pd.testing.assert_series_equal(
        again.iloc[0].drop(["run_id", "replication"]),
        runs.iloc[1].drop(["run_id", "replication"]),
        check_names=False,
    )


def test_months_override(tiny, tmp_path):
    out = tmp_path / "out"
    assert main(["run", str(tiny), "--months", "3", "--quiet", "--out", str(out)]) == 0
    assert pd.read_parquet(out / "series.parquet").month.max() == 3


def test_scenario_run_without_out_stores_nothing(tiny, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["run", str(tiny), "--quiet"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tiny.yaml"]


def test_check_ok(capsys):
    assert main(["check", str(ROOT / "configs" / "full_reform.yaml")]) == 0
    assert "procedure.rule = 'formal'" in capsys.readouterr().out


def test_check_reads_a_calibration_file_as_one(capsys, tmp_path):
    shipped = ROOT / "experiments" / "calibration" / "status_quo.yaml"
    assert main(["check", str(shipped)]) == 0
    out = capsys.readouterr().out
    assert "calibration 'calibration_status_quo'" in out and "reinstated_share" in out
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nrule_set: status_quo\npriors: {transparency: {uniform: [0.5, 0.1]}}\n")
    assert main(["check", str(bad)]) == 2
    err = capsys.readouterr().err
    assert str(bad) in err and "priors.transparency" in err and "Traceback" not in err


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("procedure:\n  rul: formal\n", "procedure.rul"),
        ("transparency: 2\n", "transparency"),
        ("[1, 2", "not valid YAML"),
        ("", "empty"),
    ],
)
@pytest.mark.parametrize("command", ["run", "check"])
def test_bad_input_exits_2_with_a_message(tmp_path, capsys, command, text, fragment):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    assert main([command, str(path)]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and fragment in err and "Traceback" not in err


def test_bad_usage_exits_2(capsys):
    assert main(["run"]) == 2
    assert main(["run", "x.yaml", "--replications", "0"]) == 2
    assert main(["frobnicate"]) == 2


def test_params_markdown(capsys):
    assert main(["params", "--markdown"]) == 0
    assert "`procedure.rule`" in capsys.readouterr().out


def test_console_script_exit_status(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("months: -1\n")
    proc = subprocess.run(
        [sys.executable, "-m", "btr_sim", "check", str(bad)], capture_output=True, text=True
    )
    assert proc.returncode == 2
    assert "months" in proc.stderr and "Traceback" not in proc.stderr
