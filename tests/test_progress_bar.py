"""The experiment's progress bar is tqdm.auto's: text in a terminal, a widget in a notebook."""

from __future__ import annotations

import tqdm.auto

from btr_sim.experiments import runner


def test_the_runner_draws_tqdm_autos_bar():
    # tqdm.auto picks tqdm.notebook's widget when it runs in a Jupyter kernel, else text.
    assert runner.tqdm is tqdm.auto.tqdm


def test_the_bar_counts_runs_and_failures_on_stderr(tmp_path, capsys, write_experiment):
    from conftest import tiny_experiment

    path = write_experiment(tiny_experiment(replications=2))
    runner.run_experiment(path, out=tmp_path / "out", executor="serial", progress=True)
    err = capsys.readouterr().err
    assert "4/4" in err and "failed=0" in err
