"""The command line starts at the cost of what it does, and ends quietly when its reader goes.

Structural, not timed (benchmarks/startup.py prints the times): `btr-sim --help` imports none
of the heavy libraries, `btr-sim check SCENARIO` none but what reading a scenario needs.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import btr_sim
from btr_sim.cli import COMMANDS, build_parser, main

HEAVY = ("pandas", "matplotlib", "mesa", "scipy", "pyarrow", "numpy", "solara", "SALib", "pyabc")


def imported_after(*argv: str) -> set[str]:
    """The heavy top-level packages imported by running the command in a fresh interpreter."""
    code = (
        "import sys\nfrom btr_sim.cli import main\n"
        f"status = main({list(argv)!r})\n"
        f"print(status, *sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    status, *heavy = done.stdout.split("\n")[-2].split()
    assert status == "0", done.stdout + done.stderr
    return set(heavy)


def test_help_imports_no_heavy_library():
    assert imported_after("--help") == set()


@pytest.mark.parametrize("command", ["calibrate", "warmup-check", "explore", "schema"])
def test_the_help_of_a_command_that_needs_its_libraries_only_to_run_imports_none(command):
    # calibrate needs pyabc, warmup-check the model and tables, explore Solara: for running.
    assert imported_after(command, "--help") == set()


def test_checking_a_scenario_imports_no_heavy_library():
    assert imported_after("check", "configs/status_quo.yaml") == set()


def test_importing_the_package_imports_nothing_heavy_until_asked():
    code = "import sys, btr_sim; print(sorted({m.split('.')[0] for m in sys.modules}))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert not set(eval(done.stdout)) & set(HEAVY)
    assert btr_sim.__all__ == sorted(btr_sim._API)
    assert all(getattr(btr_sim, name) is not None for name in btr_sim.__all__)


@pytest.mark.parametrize("command", list(COMMANDS))
def test_each_command_is_listed_with_its_own_help_line(command):
    # The list --help shows is written apart from the commands' modules: it must not drift.
    parser = build_parser(command)
    choices = parser._subparsers._group_actions[0]._choices_actions  # type: ignore[union-attr]
    listed = {action.dest: action.help for action in choices}
    assert listed[command] == COMMANDS[command][1]
    with pytest.raises(SystemExit) as done:
        parser.parse_args([command, "--help"])
    assert done.value.code == 0


def test_a_misspelt_command_lists_the_commands(capsys):
    assert main(["rnu"]) == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'rnu'" in err and "run" in err


@pytest.mark.parametrize("command", [["params"], ["schema", "--kind", "experiment"]])
def test_a_reader_that_goes_away_ends_the_command_quietly(command):
    # `btr-sim params | head -1`: the reader has gone when the command writes (made certain
    # here by closing the pipe's reading end before the command starts).
    read, write = os.pipe()
    os.close(read)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "btr_sim", *command],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    finally:
        os.close(write)
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr, done.stderr
    assert done.returncode == 141
