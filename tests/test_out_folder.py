"""``--out`` naming a file (or a path under one) is bad input: exit 2 with the reason."""

from __future__ import annotations

import pytest
from conftest import tiny_experiment

import btr_sim
import btr_sim.cli


@pytest.fixture
def a_file(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("not a folder\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("under", [False, True])
def test_run_refuses_an_out_that_is_a_file(a_file, capsys, under):
    out = a_file / "results" if under else a_file
    status = btr_sim.cli.main(["run", "configs/status_quo.yaml", "--out", str(out), "-q"])
    err = capsys.readouterr().err
    assert status == 2 and "is a file, not a folder" in err and "Traceback" not in err
    assert a_file.read_text(encoding="utf-8") == "not a folder\n"  # left as it was


@pytest.mark.parametrize("command", ["plot", "facts", "replay"])
def test_every_out_folder_option_refuses_a_file(a_file, capsys, command):
    first = {"plot": ["results/x"], "facts": [], "replay": ["sars_beijing_2003"]}[command]
    assert btr_sim.cli.main([command, *first, "--out", str(a_file)]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err


def test_the_api_refuses_an_out_that_is_a_file(a_file, write_experiment):
    path = write_experiment(tiny_experiment())
    with pytest.raises(btr_sim.ConfigError, match="is a file, not a folder"):
        btr_sim.run_experiment(path, out=a_file, executor="serial", progress=False)
    with pytest.raises(btr_sim.ConfigError, match="cannot be made a results folder"):
        btr_sim.run_experiment(path, out=a_file / "under", executor="serial", progress=False)
