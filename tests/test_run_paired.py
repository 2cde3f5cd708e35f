"""``btr-sim run a.yaml b.yaml -n N`` is a paired comparison: it prints the paired differences.

Replication k of every scenario runs on seed k, so each scenario's difference from the first is
taken seed by seed; the command prints that mean difference with its 95% interval, and the
numbers are those of the runs it stored.
"""

from __future__ import annotations

import re

import yaml
from conftest import SMALL

from btr_sim.analysis.stats import paired_difference
from btr_sim.cli import main
from btr_sim.results import open_results


def scenario(tmp_path, name, **values):
    path = tmp_path / f"{name}.yaml"
    data = {"name": name, **{k: v for k, v in SMALL.items() if "." not in k}, **values}
    data["world"] = {k.split(".")[1]: v for k, v in SMALL.items() if k.startswith("world.")}
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_paired_differences_from_the_first_scenario_with_their_intervals(tmp_path, capsys):
    a = scenario(tmp_path, "low", transparency=0.1)
    b = scenario(tmp_path, "high", transparency=0.9)
    out = tmp_path / "out"
    argv = ["run", str(a), str(b), "-n", "5", "--executor", "serial", "-q", "--out", str(out)]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    assert "Paired differences from low (the first scenario)" in printed
    after = printed.split("Paired differences", 1)[1]
    line = next(x for x in after.splitlines() if x.startswith("credibility_end"))
    shown = re.findall(r"([+-]\d\.\d{3}) \[([+-]\d\.\d{3}), ([+-]\d\.\d{3})\]", line)
    assert len(shown) == 1, line
    results = open_results(out)
    est = paired_difference(
        results.by_seed("high", "credibility_end"), results.by_seed("low", "credibility_end")
    )
    assert [float(x) for x in shown[0]] == [
        round(est.estimate, 3),
        round(est.low, 3),
        round(est.high, 3),
    ]


def test_one_scenario_prints_no_differences(tmp_path, capsys):
    a = scenario(tmp_path, "only")
    assert main(["run", str(a), "-n", "3", "--executor", "serial", "-q"]) == 0
    assert "Paired differences" not in capsys.readouterr().out
