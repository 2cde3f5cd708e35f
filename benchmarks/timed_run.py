"""Time one run of whichever btr_sim comes first on ``sys.path``; print the figures as JSON.

Usage (``benchmarks/bench.py --baseline`` starts it once per run, for either version)::

    PYTHONPATH=/path/to/a/checkout python benchmarks/timed_run.py '{"world": {...}}' SEED

The argument holds nested overrides of ``btr_sim.Scenario``. Only ``btr_sim.BTRModel`` and
``btr_sim.Scenario`` are used, which every version since the package had a top level exports,
so that the same script times the code before and after a change. ``warmup_months`` is set to 0
where the scenario has that key. The run is timed from building the model to the end of
``run()``, and the citizens' monthly update (``inform_citizens``) on its own where the model
has it; the peak memory is this process's own (``VmHWM``, which unlike ``ru_maxrss`` does not
start from the peak of the process that started it).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from typing import Any


def peak_mib() -> float:
    """This process's peak resident memory since it started, in MiB."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main(overrides: dict[str, Any], seed: int) -> dict[str, Any]:
    import btr_sim
    from btr_sim import BTRModel, Scenario

    if "warmup_months" in Scenario.model_fields:
        overrides = {"warmup_months": 0, **overrides}
    scenario = Scenario.model_validate(overrides)
    imported = peak_mib()
    citizens = [0.0]
    wall, cpu = time.perf_counter(), time.process_time()
    model = BTRModel(scenario, seed=seed)
    if hasattr(model, "inform_citizens"):
        update = model.inform_citizens

        def timed() -> None:
            start = time.process_time()
            update()
            citizens[0] += time.process_time() - start

        model.inform_citizens = timed
    model.run()
    return {
        "btr_sim": btr_sim.__file__,
        "wall_s": time.perf_counter() - wall,
        "cpu_s": time.process_time() - cpu,
        "citizens_cpu_s": citizens[0],
        "peak_mib": peak_mib(),
        "imports_mib": imported,
        "credibility_end": float(model.citizens.trust.mean()),
    }


if __name__ == "__main__":
    print(json.dumps(main(json.loads(sys.argv[1]), int(sys.argv[2]))))
