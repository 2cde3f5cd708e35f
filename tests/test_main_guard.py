"""A script that runs an experiment on worker processes needs ``if __name__ == "__main__":``.

Without it, every worker imports the script again as it starts, which runs the experiment
again inside the worker: every run failed and the call returned normally. Now the call
refuses at once and says how to write the script.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
import yaml
from conftest import tiny_experiment

RUN = (
    "results = btr_sim.run_experiment({experiment!r}, out={out!r}, executor={executor!r}, "
    "workers=2, progress=False)\nprint(results.manifest['runs_done'], 'done', "
    "results.manifest['runs_failed'], 'failed')"
)


def run_script(tmp_path, body: str) -> subprocess.CompletedProcess:
    script = tmp_path / "my_sweep.py"
    script.write_text(textwrap.dedent(body), encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=300, cwd=tmp_path
    )


@pytest.fixture
def experiment(tmp_path):
    path = tmp_path / "tiny.yaml"
    path.write_text(yaml.safe_dump(tiny_experiment(replications=4)), encoding="utf-8")
    return path


@pytest.mark.parametrize("executor", ["process", pytest.param("dask", marks=pytest.mark.slow)])
def test_an_unguarded_script_is_told_about_the_guard(tmp_path, experiment, executor):
    if executor == "dask":
        pytest.importorskip("distributed")
    call = RUN.format(experiment=str(experiment), out=str(tmp_path / "out"), executor=executor)
    done = run_script(tmp_path, f"import btr_sim\n{call}\n")
    assert done.returncode != 0, done.stdout
    assert "MainGuardError" in done.stderr
    assert 'if __name__ == "__main__":' in done.stderr
    assert "my_sweep.py, line 2" in done.stderr
    assert "failed" not in done.stdout  # it did not go on to report failed runs


def test_a_guarded_script_runs_every_run(tmp_path, experiment):
    call = RUN.format(experiment=str(experiment), out=str(tmp_path / "out"), executor="process")
    body = "import btr_sim\n\n\ndef main():\n" + textwrap.indent(call, "    ") + "\n\n\n"
    body += 'if __name__ == "__main__":\n    main()\n'
    done = run_script(tmp_path, body)
    assert done.returncode == 0, done.stderr
    assert "8 done 0 failed" in done.stdout


def test_an_unguarded_script_may_still_run_serially(tmp_path, experiment):
    call = RUN.format(experiment=str(experiment), out=str(tmp_path / "out"), executor="serial")
    done = run_script(tmp_path, f"import btr_sim\n{call}\n")
    assert done.returncode == 0, done.stderr
    assert "8 done 0 failed" in done.stdout
