"""The ``btr-sim`` command: one entry point, one module per subcommand.

Each subcommand module exposes ``register(subparsers)``, which adds its parser and sets
``func`` to a function taking the parsed arguments and returning the exit status. Only the
module of the command given is imported (``--help`` imports none), so that the command starts
at the cost of what it does, not of every other command's dependencies. Bad input
(:class:`~btr_sim.loading.ConfigError`) ends with its message and exit status 2, never a
traceback; a Ctrl-C with status 130; a reader that goes away (``btr-sim params | head``) with
status 141, as a command killed by SIGPIPE.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import signal
import sys
import warnings
from collections.abc import Sequence
from typing import Any

__all__ = ["COMMANDS", "build_parser", "main"]

#: Each subcommand, in the order ``--help`` lists them: its module and its one-line help
#: (the same line as the module's own parser; tests/test_cli_startup.py checks that).
COMMANDS: dict[str, tuple[str, str]] = {
    "run": ("run", "run scenario files or an experiment file and print a summary table"),
    "check": ("check", "validate scenario or experiment files (exit 2 if invalid)"),
    "compare": ("compare", "compare scenarios: means, CIs, paired differences, effects"),
    "plot": ("plot", "draw the figures of an experiment's results (PNG and SVG)"),
    "report": (
        "report",
        "write a report of an experiment's results (Markdown, optionally HTML)",
    ),
    "sensitivity": (
        "sensitivity",
        "global sensitivity analysis (SALib Morris or Sobol) of an experiment's uncertainties",
    ),
    "robustness": (
        "robustness",
        "share of uncertain worlds in which each countermeasure beats the status quo",
    ),
    "calibrate": (
        "calibrate",
        "fit the free parameters to the calibration facts (ABC-SMC, resumable)",
    ),
    "facts": (
        "facts",
        "measure the facts: calibration, validation and by construction, apart",
    ),
    "warmup-check": ("warmup_check", "the convergence check that chooses the default warm-up"),
    "replay": (
        "replay",
        "replay a typical case (configs/cases/) over N seeds, beside what happened",
    ),
    "params": ("params", "list the parameters: meaning, unit, default, allowed values, source"),
    "schema": ("schema", "print the JSON Schema of scenario or experiment files"),
    "explore": ("explore", "interactive explorer in the browser (needs the viz extra)"),
}

# Exit statuses besides 0 (done) and 1 (some runs failed).
_BAD_INPUT, _INTERRUPTED, _BROKEN_PIPE = 2, 130, 141


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser, with ``command``'s arguments registered in full.

    The other subcommands are listed (for ``--help`` and for a misspelt command) without
    importing their modules.
    """
    parser = argparse.ArgumentParser(
        prog="btr-sim",
        description="Simulate the Blame-Taking Resignation system of leading cadres.",
    )
    parser.add_argument("--version", action=_Version, nargs=0, help="show the version and exit")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (module, line) in COMMANDS.items():
        if name == command:
            importlib.import_module(f"btr_sim.cli.{module}").register(subparsers)
        else:
            subparsers.add_parser(name, help=line, add_help=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 1 failed runs, 2 bad input)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    # The command is the first word: the only options before it (--help, --version) take none.
    command = next((word for word in argv if not word.startswith("-")), None)
    with warnings.catch_warnings():
        warnings.showwarning = _show_warning
        try:
            return _run(command if command in COMMANDS else None, argv)
        except BrokenPipeError:
            _silence_stdout()
            return _BROKEN_PIPE
        except Exception as exc:
            if not _is_config_error(exc):
                raise
            print(f"btr-sim: error: {exc}", file=sys.stderr)
            return _BAD_INPUT
        except KeyboardInterrupt:
            print(
                "btr-sim: interrupted; finished runs are stored, and running the same command "
                "again resumes an experiment",
                file=sys.stderr,
            )
            return _INTERRUPTED


def _run(command: str | None, argv: list[str]) -> int:
    parser = build_parser(command)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    return int(args.func(args) or 0)


class _Version(argparse.Action):
    """``--version``, which reads the installed version only when asked for it."""

    def __call__(self, parser: argparse.ArgumentParser, *_: Any) -> None:
        import btr_sim

        parser.exit(message=f"btr-sim {btr_sim.__version__}\n")


def _is_config_error(exc: Exception) -> bool:
    """Whether ``exc`` is a :class:`~btr_sim.loading.ConfigError` (bad input).

    Looked up, not imported: ``--help`` has no need of the configuration, and an error can
    only be a ConfigError if the module defining it was imported.
    """
    loading = sys.modules.get("btr_sim.loading")
    return loading is not None and isinstance(exc, loading.ConfigError)


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: Any = None,
    line: str | None = None,
) -> None:
    """The package's own warnings as one line of text; others as Python prints them."""
    if category.__module__.startswith("btr_sim"):
        print(f"btr-sim: warning: {message}", file=sys.stderr)
    else:
        sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


def _silence_stdout() -> None:
    # The reader went away: what is left to print goes nowhere, so that flushing standard
    # output at exit raises nothing more (as the Python documentation advises for SIGPIPE).
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def entry() -> None:  # pragma: no cover - the console script
    """Console-script entry point."""
    try:
        status = main()
    except KeyboardInterrupt:  # a further Ctrl-C while the first one was being reported
        status = _INTERRUPTED
    # The command is ending: a Ctrl-C now must not turn its exit status into a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.exit(status)
