"""Loading a results folder: the contract is checked, problems are reported, not tracebacks."""

from __future__ import annotations

import json
import shutil

import pandas as pd
import pytest
from support.results_dir import tiny_list

from btr_sim.analysis import choose_reference, comparison_table
from btr_sim.cli import main
from btr_sim.core.metrics import SUMMARY
from btr_sim.results import ResultsError, open_results


@pytest.fixture(scope="module")
def listed(tmp_path_factory):
    return tiny_list(tmp_path_factory.mktemp("list"), fail=[("full_reform", 1)])


@pytest.fixture
def copy(listed, tmp_path):
    target = tmp_path / "copy"
    shutil.copytree(listed, target)
    return target


def test_loads_what_the_contract_promises(listed):
    results = open_results(listed)
    assert results.scenarios == ["status_quo", "full_reform"]
    assert results.outcomes == list(SUMMARY)
    assert results.design_kind == "list" and not results.is_crossed
    assert len(results.ok_runs) == 7 and list(results.failed_runs["run_id"]) == ["full_reform#1"]
    assert results.series is not None and results.events_path is None
    assert choose_reference(results) == "status_quo"  # no reference named: the first scenario


def test_failed_runs_are_left_out_of_the_estimates(listed):
    results = open_results(listed)
    table = comparison_table(results, "status_quo", ["credibility_change"]).set_index("scenario")
    assert table.loc["full_reform", "n"] == 3 and table.loc["status_quo", "n"] == 4
    assert table.loc["full_reform", "n_pairs"] == 3
    runs = results.ok_runs
    mean = runs.loc[runs.scenario == "full_reform", "credibility_change"].mean()
    assert table.loc["full_reform", "mean"] == pytest.approx(mean)


def _rewrite_manifest(folder, **changes):
    path = folder / "manifest.json"
    manifest = json.loads(path.read_text())
    for key, value in changes.items():
        if value is None:
            manifest.pop(key)
        else:
            manifest[key] = value
    path.write_text(json.dumps(manifest))


def _rewrite_runs(folder, change):
    path = folder / "runs.parquet"
    change(pd.read_parquet(path)).to_parquet(path, index=False)


@pytest.mark.parametrize(
    "damage, fragment",
    [
        (lambda d: (d / "manifest.json").unlink(), "manifest.json: not found"),
        (lambda d: (d / "manifest.json").write_text("{not json"), "not valid JSON at line 1"),
        (lambda d: (d / "runs.parquet").unlink(), "runs.parquet: not found"),
        (lambda d: (d / "runs.parquet").write_text("junk"), "runs.parquet: cannot be read whole"),
        (lambda d: (d / "series.parquet").unlink(), "series.parquet: not found"),
        (lambda d: _rewrite_manifest(d, experiment=None), "missing key 'experiment'"),
        (
            lambda d: _rewrite_manifest(d, design={"kind": "sweep", "factors": {}}),
            "design.kind: 'sweep' is not one of",
        ),
        (
            lambda d: _rewrite_manifest(
                d, design={"kind": "grid", "factors": {"transparency": [0.2]}}
            ),
            "missing column 'design.transparency'",
        ),
        (lambda d: _rewrite_runs(d, lambda r: r.drop(columns="seed")), "missing column 'seed'"),
        (
            lambda d: _rewrite_runs(
                d, lambda r: r.replace({"scenario": {"status_quo": "status_qu"}})
            ),
            "scenario 'status_qu' is not in the manifest; did you mean 'status_quo'?",
        ),
        (lambda d: _rewrite_runs(d, lambda r: r.assign(status="failed")), "all 8 runs failed"),
        (lambda d: _rewrite_runs(d, lambda r: pd.concat([r, r.head(1)])), "duplicate run"),
        (lambda d: _rewrite_runs(d, lambda r: r.assign(status="done")), "status must be"),
    ],
)
def test_broken_folders_are_refused_with_the_problem(copy, damage, fragment, capsys):
    damage(copy)
    with pytest.raises(ResultsError) as err:
        open_results(copy).require_finished_runs()
    assert fragment in str(err.value) and str(copy) in str(err.value)
    # The CLI turns it into exit status 2 and the message, for every command.
    for command in ("compare", "plot", "report"):
        assert main([command, str(copy)]) == 2
        stderr = capsys.readouterr().err
        assert fragment in stderr and "Traceback" not in stderr


def test_not_a_folder(tmp_path, capsys):
    assert main(["compare", str(tmp_path / "nowhere")]) == 2
    assert "no such folder" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    assert main(["compare", str(tmp_path / "empty")]) == 2
    assert "the folder is empty" in capsys.readouterr().err


def test_events_recorded_but_missing(copy):
    _rewrite_manifest(copy, record=["summary", "series", "events"])
    with pytest.raises(ResultsError, match=r"events\.parquet: not found"):
        open_results(copy)


def test_unknown_reference_and_outcome_suggest_the_closest(listed, capsys):
    assert main(["compare", str(listed), "--reference", "full_refrom"]) == 2
    err = capsys.readouterr().err
    assert "did you mean 'full_reform'?" in err and "Traceback" not in err
    assert main(["compare", str(listed), "--outcome", "credibility_chnage"]) == 2
    assert "did you mean 'credibility_change'?" in capsys.readouterr().err
