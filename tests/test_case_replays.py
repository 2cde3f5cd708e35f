"""Replays decided by the rules: outcomes over seeds beside history, in one table and one figure."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from btr_sim.cli import main
from btr_sim.core.randomness import replication_seeds
from btr_sim.validation.casefile import load_case
from btr_sim.validation.caseoutcomes import (
    TABLE_COLUMNS,
    case_outcome,
    outcome_table,
    response_shares,
)
from btr_sim.validation.cases import CASES, replay_case

SONGHUA = CASES / "songhua_river_2005.yaml"


@pytest.fixture(scope="module")
def songhua_outcomes():
    return [case_outcome(replay_case(SONGHUA, "time", s)) for s in replication_seeds(0, 12)]


def test_the_response_is_the_rules_not_the_script(songhua_outcomes):
    # Across seeds the same case is answered in at least two ways (holder_gone not counted).
    decided = set(response_shares(songhua_outcomes)) - {"holder_gone", "pending"}
    assert len(decided) >= 2, decided


def test_the_table_carries_the_historical_column(songhua_outcomes):
    history = load_case(SONGHUA).history
    table = outcome_table(songhua_outcomes, history).set_index("outcome")
    assert tuple(["outcome", *table.columns]) == TABLE_COLUMNS
    assert table.loc["response: voluntary_resignation", "history"] == "yes"
    assert table.loc["returned", "history"] == "yes"
    assert table.loc["months to return, median", "history"] == "13"
    assert table.loc["returned quietly, of the returns", "history"] == "quiet"
    # The model's shares are over the 12 runs.
    assert table.loc["removed", "model"].endswith("/12)")


def test_replay_command_prints_the_table_and_draws_the_same_runs(tmp_path, capsys, monkeypatch):
    drawn = {}
    import btr_sim.cli.replay as replay

    original = replay.plot_case_outcomes

    def spy(runs, history, title, tr, counterfactual=None):
        drawn["runs"] = {rules: [r.seed for r in replays] for rules, replays in runs.items()}
        drawn["fig"] = original(runs, history, title, tr, counterfactual)
        return drawn["fig"]

    monkeypatch.setattr(replay, "plot_case_outcomes", spy)
    assert main(["replay", "songhua_river_2005", "-n", "4", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "history" in out and "months to return, median" in out
    seeds = replication_seeds(0, 4)
    assert drawn["runs"] == {"time": seeds, "reformed": seeds}
    table = pd.read_csv(tmp_path / "songhua_river_2005.csv")
    assert list(table.columns) == [*TABLE_COLUMNS, "rules"]
    # The figure's count of returns is the table's, rule set by rule set.
    titles = [
        ax.get_title(loc="left") for ax in drawn["fig"].axes if "return" in ax.get_title(loc="left")
    ]
    for rules, title in zip(("time", "reformed"), titles, strict=True):
        back, n = re.search(r"(\d+) of (\d+) runs returned", title).groups()
        row = table[(table["rules"] == rules) & (table["outcome"] == "returned")]
        assert row["model"].iloc[0].endswith(f"({back}/{n})")
    for suffix in ("png", "svg"):
        assert (tmp_path / f"songhua_river_2005.{suffix}").stat().st_size > 0
