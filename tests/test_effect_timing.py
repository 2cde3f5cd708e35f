"""How fast an effect builds up (analysis.timing), the last year's level, and the warm-up check."""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
import yaml

from btr_sim.analysis.timing import effect_timing, half_time
from btr_sim.cli import main
from btr_sim.config import DEFAULT_WARMUP_MONTHS, Scenario
from btr_sim.core.metrics import LAST_YEAR, RunRecord, credibility_last_year
from btr_sim.results import open_results
from btr_sim.validation.suite import CONFIGS
from btr_sim.validation.warmup import START, _chosen, convergence

# -- the half time --------------------------------------------------------------------------------


def test_half_time_is_the_first_month_at_half_the_final_size_in_its_direction():
    assert half_time(np.array([0.0, 0.1, 0.3, 0.6, 1.0, 1.0]), 1.0) == 3
    assert half_time(np.array([0.0, -0.2, -0.6, -1.0]), -1.0) == 2
    assert half_time(np.array([0.0, -0.5, 0.2, 0.7, 1.0]), 1.0) == 3  # first the other way
    assert math.isnan(half_time(np.array([0.9, 0.1, 0.2]), 1.0))  # month 0 does not count
    assert math.isnan(half_time(np.array([0.0, 0.1, 0.2]), 1.0))  # never half way
    assert math.isnan(half_time(np.array([0.0, 0.5]), 0.0))
    assert math.isnan(half_time(np.array([0.0, 0.5]), math.nan))


def fake_results(paths: dict[str, np.ndarray], seeds: int = 6, noise: float = 0.01):
    """Results whose scenario ``s`` has credibility ``0.5 + paths[s][t]`` plus seed noise.

    The noise of seed k is the same in every scenario (common random numbers) and at every
    month alternates in sign across seeds, so that the paired effect is exactly the path.
    """
    rows = []
    for scenario, path in paths.items():
        for seed in range(seeds):
            shared = noise * (1 if seed % 2 else -1) * (1 + seed)
            for month, effect in enumerate(path):
                jitter = 1e-3 * ((seed + month) % 3 - 1) if scenario != "ref" else 0.0
                rows.append(
                    {
                        "run_id": f"{scenario}#{seed}",
                        "scenario": scenario,
                        "seed": seed,
                        "month": month,
                        "credibility": 0.5 + effect + shared + jitter,
                    }
                )
    series = pd.DataFrame(rows)
    ok = series[["run_id"]].drop_duplicates()
    return SimpleNamespace(series=series, ok_runs=ok, scenarios=list(paths))


def test_effect_timing_known_answers():
    months = np.arange(121)
    build_up = 0.05 * (1 - np.exp(-months / 10.0))  # half its size at 10 ln 2 = 6.9 months
    dip = np.where(months <= 5, -0.03, 0.04) * (months > 0)  # the other way first
    flat = np.zeros(121)
    table = effect_timing(
        fake_results({"ref": flat, "build_up": build_up, "dip": dip, "none": flat}), "ref"
    ).set_index("scenario")
    assert list(table.index) == ["build_up", "dip", "none"]
    row = table.loc["build_up"]
    assert row.half_month == 7 and math.isnan(row.opposite_until) and row.note == ""
    assert row.final == pytest.approx(build_up[-LAST_YEAR:].mean(), abs=1e-3)
    assert row.final_low < row.final < row.final_high and row.n_pairs == 6
    row = table.loc["dip"]
    assert row.half_month == 6 and row.opposite_until == 5 and "other way" in row.note
    row = table.loc["none"]
    assert math.isnan(row.half_month) and "includes 0" in row.note


def test_the_last_years_level():
    series = pd.DataFrame({"credibility": [0.9] + [0.5] * 20 + [0.3] * 12})
    record = RunRecord(Scenario(months=32), 0, pd.DataFrame(), series)
    assert credibility_last_year(record) == pytest.approx(0.3)
    short = RunRecord(Scenario(months=4), 0, pd.DataFrame(), series.iloc[:5])
    assert credibility_last_year(short) == pytest.approx(0.5)  # all of a shorter run, month 0 out


# -- the warm-up check ---------------------------------------------------------------------------


def test_the_warmup_chosen_is_the_first_from_which_the_spread_stays_below_tolerance():
    table = pd.DataFrame(
        {"warmup_months": [0, 12, 24, 36, 48], "spread": [0.5, 0.009, 0.02, 0.008, 0.004]}
    )
    assert _chosen(table, 0.01) == 36  # not 12: the spread comes back above at 24
    assert _chosen(table, 0.001) is None


def test_warmup_check_command_on_a_small_world(tmp_path, capsys):
    experiment = yaml.safe_load((CONFIGS.parent / "experiments" / "warmup_check.yaml").read_text())
    experiment["scenarios"][0].update(
        {
            "extends": str(CONFIGS / "status_quo.yaml"),
            "world": {"n_supervisors": 2, "posts_per_supervisor": 5, "citizens_per_post": 10},
        }
    )
    experiment.update({"months": 36, "replications": 3})
    path = tmp_path / "check.yaml"
    path.write_text(yaml.safe_dump(experiment), encoding="utf-8")
    out = tmp_path / "out"
    status = main(["warmup-check", str(path), "--out", str(out), "--executor", "serial", "-q"])
    assert status in (0, 1)
    printed = capsys.readouterr().out
    assert "Warm-up chosen" in printed and "tolerance" in printed.lower()
    table = pd.read_csv(out / "warmup_check.csv")
    assert list(table["warmup_months"]) == [0, 12, 24, 36]
    assert list(table.columns[1:4]) == ["start 0.3", "start 0.6", "start 0.8"]
    # Month 0 of a run without warm-up: the initial trust itself, the spread about 0.5.
    assert table.loc[0, "spread"] == pytest.approx(0.5, abs=0.05)
    assert table["spread"].iloc[-1] < table["spread"].iloc[0]
    tolerance = float(table["spread"].iloc[1]) + 1e-9  # met from month 12 on, not at 0
    check = convergence(open_results(out), tolerance=tolerance)
    assert check.chosen == 12 and check.replications == 3
    assert check.spread_at(0) == pytest.approx(table.loc[0, "spread"])
    assert START in open_results(out).factors
    chosen = convergence(open_results(out)).chosen
    assert status == (0 if chosen is not None and chosen <= DEFAULT_WARMUP_MONTHS else 1)
