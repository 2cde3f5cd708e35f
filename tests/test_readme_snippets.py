"""Every Python snippet of the README runs as written, so that none can rot.

Each ```python block runs in a fresh interpreter (``python -c``, as a notebook cell would, so
worker processes need no main guard), in a scratch folder holding copies of ``configs/`` and
``experiments/``, so that the paths it uses resolve and the results it writes stay there. A
snippet that needs an optional extra is skipped, with the reason, only when that extra is not
installed; the Makefile's venv installs every extra these need.

The experiments the snippets run are shrunk in the scratch copies (:data:`SHRUNK`): the test
checks that the code runs as written, not the figures the README quotes, and the full
``supporting_lhs`` (256 runs after a 144-month warm-up each) would cost the suite a minute.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"

#: What a snippet needs beyond the default install, by a module it imports: (what, modules
#: that must be importable, programs that must be on PATH).
NEEDS = {
    "ema_workbench": ("the 'ema' extra", ["ema_workbench"], []),
    "dask_jobqueue": ("the 'jobqueue' extra and a SLURM cluster", ["dask_jobqueue"], ["sbatch"]),
}


#: Values replaced in the scratch copies of experiment files, by file.
SHRUNK = {"experiments/supporting_lhs.yaml": {"replications": 1, "months": 60}}


def snippets() -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", README.read_text(encoding="utf-8"), re.M | re.S)


def needs(code: str) -> tuple[str, str] | None:
    """The reason to skip ``code`` here, if something it needs is not installed."""
    for module, (extra, modules, programs) in NEEDS.items():
        if re.search(rf"^\s*(from|import) {module}\b", code, re.M):
            missing = [m for m in modules if importlib.util.find_spec(m) is None]
            missing += [p for p in programs if shutil.which(p) is None]
            if missing:
                return extra, ", ".join(missing)
    return None


def test_the_readme_has_its_snippets():
    assert len(snippets()) >= 3


@pytest.mark.parametrize("index", range(len(snippets())))
def test_a_readme_snippet_runs(index, tmp_path):
    code = snippets()[index]
    missing = needs(code)
    if missing:
        pytest.skip(f"needs {missing[0]} (missing here: {missing[1]})")
    for folder in ("configs", "experiments"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    for name, values in SHRUNK.items():
        path = tmp_path / name
        path.write_text(yaml.safe_dump(yaml.safe_load(path.read_text()) | values), "utf-8")
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, f"README snippet {index + 1} failed:\n{code}\n{done.stderr}"
