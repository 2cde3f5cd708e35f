"""``btr-sim explore [SCENARIO]``: watch the model run in the browser and turn its knobs.

Starts the explorer (a Solara page on the Mesa model; needs the ``viz`` extra) on 127.0.0.1
and prints its address at once. The controls start from SCENARIO (the defaults, i.e. the
status quo, when omitted); ``--compare OTHER`` shows OTHER beside it, run with the same
seed. *Save* writes the settings on screen as a scenario file into ``--save-dir``, which
``btr-sim run FILE --seed S`` reproduces. The page is in English, or in Chinese with --lang zh
(or BTR_SIM_LANG=zh).
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path
from typing import Any

from btr_sim.cli.options import natural
from btr_sim.i18n import add_language_argument
from btr_sim.loading import load_scenario

__all__ = ["DEFAULT_PORT", "register"]

DEFAULT_PORT = 8765


def register(subparsers: Any) -> None:
    """Add the ``explore`` subcommand."""
    p = subparsers.add_parser(
        "explore",
        help="interactive explorer in the browser (needs the viz extra)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "scenario", nargs="?", default=None, metavar="SCENARIO", help="scenario file to start from"
    )
    p.add_argument(
        "--compare",
        metavar="OTHER",
        default=None,
        help="scenario file shown side by side, with the same seed",
    )
    p.add_argument("--seed", type=natural, default=0, help="seed at start (default 0)")
    p.add_argument(
        "--port",
        type=_port,
        default=DEFAULT_PORT,
        help=f"port on 127.0.0.1 (default {DEFAULT_PORT}; 0 picks a free one)",
    )
    p.add_argument(
        "--save-dir",
        type=Path,
        default=Path("."),
        help="folder where Save writes scenario files (default: the current folder)",
    )
    p.add_argument("--no-browser", action="store_true", help="do not open a browser")
    add_language_argument(p)
    p.set_defaults(func=_explore)


def _port(text: str) -> int:
    value = natural(text)
    if value > 65535:
        raise argparse.ArgumentTypeError(f"must be at most 65535, got {value}")
    return value


def _explore(args: argparse.Namespace) -> int:
    # Validate the scenarios before anything starts: a bad file is exit 2 with its message.
    from btr_sim.explorer.launch import LaunchSettings, too_large

    for path in (args.scenario, args.compare):
        if path is not None and too_large(load_scenario(path)):
            print(f"btr-sim: error: {too_large(load_scenario(path))}", file=sys.stderr)
            return 2
    missing = [name for name in ("solara", "uvicorn") if importlib.util.find_spec(name) is None]
    if missing:
        print(
            f"btr-sim explore needs the viz extra ({missing[0]} is missing): "
            "pip install 'btr-sim[viz]'",
            file=sys.stderr,
        )
        return 1
    from btr_sim.explorer.server import PortInUse, address, bind, serve

    try:
        sock = bind(args.port)
    except PortInUse as exc:
        print(
            f"btr-sim: error: {exc}; choose another with --port (0 for any free port)",
            file=sys.stderr,
        )
        return 2
    # The address at once: the socket listens already, and a browser that connects while the
    # server's modules load waits in its queue.
    print(f"btr-sim explore: serving on {address(sock)} (press Ctrl+C to stop)", flush=True)
    settings = LaunchSettings(
        scenario=str(Path(args.scenario).resolve()) if args.scenario else "",
        compare=str(Path(args.compare).resolve()) if args.compare else "",
        seed=args.seed,
        save_dir=str(args.save_dir.resolve()),
        lang=args.lang,
    )
    try:
        serve(settings, sock, open_browser=not args.no_browser)
    finally:
        sock.close()
    return 0
