"""Start-up cost of the command line: CPU time of `btr-sim --help` and `btr-sim check`.

Prints, from one run, the CPU time (user + system, of the child process) of

- ``python -c pass`` (the interpreter alone),
- ``btr-sim --help``,
- ``btr-sim check configs/status_quo.yaml`` (a scenario file),
- ``btr-sim check experiments/countermeasures.yaml`` (an experiment: plans it, so imports more),

each the median of ``--repeat`` runs, and each as a ratio to the interpreter alone.

    .venv/bin/python benchmarks/startup.py [--repeat 7]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "btr_sim"]

COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "btr-sim --help": [*CLI, "--help"],
    "btr-sim check configs/status_quo.yaml": [*CLI, "check", "configs/status_quo.yaml"],
    "btr-sim check experiments/countermeasures.yaml": [
        *CLI,
        "check",
        "experiments/countermeasures.yaml",
    ],
}


def cpu_seconds(command: list[str]) -> float:
    """CPU time (user + system) one run of ``command`` takes, as the kernel counts it."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="runs of each command (median)")
    args = parser.parse_args()
    # Interleaved, so that a change in the machine's load touches every command alike.
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(args.repeat):
        for name, command in COMMANDS.items():
            times[name].append(cpu_seconds(command))
    base = statistics.median(times["python -c pass"])
    width = max(map(len, COMMANDS))
    print(f"CPU time, median of {args.repeat} runs (user + system of the child process):")
    for name, values in times.items():
        median = statistics.median(values)
        print(f"  {name:<{width}}  {median * 1000:7.0f} ms  {median / base:6.1f} x python -c pass")


if __name__ == "__main__":
    main()
