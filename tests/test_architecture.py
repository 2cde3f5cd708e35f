"""The architecture is a test: the import contracts of pyproject.toml hold, and can fail.

The contracts (``[tool.importlinter]`` in pyproject.toml) declare the layers — the CLI on
top; explorer, sensitivity and validation; analysis; experiments; the results contract; the
API; the model core; the rules; the configuration — the core's own layers, and that no
package's modules import each other in a circle. Imports inside functions and under
``TYPE_CHECKING`` count, so a cycle cannot hide.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"

pytestmark = pytest.mark.skipif(
    not LINT_IMPORTS.exists(), reason="import-linter is not installed (dev group)"
)


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    # A wide console, so that each contract's verdict stands on one line with its name.
    env = {**os.environ, "PYTHONPATH": str(root), "COLUMNS": "400"}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_import_contracts_hold():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.fixture
def copy_of_the_package(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "btr_sim", tmp_path / "btr_sim")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        # the core reaching up into the experiments layer
        ("core/events.py", "import btr_sim.experiments\n", "Layers"),
        # a cycle hidden inside a function, between two modules of one package
        (
            "experiments/designs.py",
            "\n\ndef _hidden():\n    from btr_sim.experiments import runner  # noqa: F401\n",
            "No import cycle",
        ),
        # an agent importing the model (even only for type hints)
        (
            "core/agents/cadre.py",
            "\nfrom typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
            "    from btr_sim.core.model import BTRModel  # noqa: F401\n",
            "The model core is layered",
        ),
    ],
)
def test_a_forbidden_import_breaks_a_contract(copy_of_the_package, module, line, contract):
    _append(copy_of_the_package / "btr_sim" / module, line)
    result = _lint(copy_of_the_package)
    assert result.returncode != 0
    broken = [ln for ln in result.stdout.splitlines() if ln.rstrip().endswith("BROKEN")]
    assert any(ln.startswith(contract) for ln in broken), result.stdout
