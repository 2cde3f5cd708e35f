"""Oversized inputs are refused before any work starts, with the size, the limit and the way out.

Each test makes the expensive step that the limit protects fail loudly if it is reached
(parsing the file, spawning the seeds, expanding the design), so that "refused" means
"refused first", not "refused after the work".
"""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import btr_sim.cli.run
import btr_sim.experiments.plan
import btr_sim.loading
from btr_sim.cli import main
from btr_sim.limits import LIMITS, limit

FAST = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def forbid(monkeypatch, module, name):
    """Make ``module.name`` fail the test if anything calls it."""

    def called(*args, **kwargs):
        raise AssertionError(f"{name} was reached: the limit did not stop the work first")

    monkeypatch.setattr(module, name, called)


def refused(capsys, argv, *words):
    status = main(argv)
    err = capsys.readouterr().err
    assert status == 2, err
    assert "Traceback" not in err
    for word in words:
        assert word in err, err
    return err


def test_a_ten_megabyte_scenario_is_refused_by_its_size_unparsed(tmp_path, capsys, monkeypatch):
    path = tmp_path / "huge.yaml"
    line = "# a comment line, as a 10 MB file of nothing but text would hold\n"
    path.write_text("name: huge\n" + line * (10 * 2**20 // len(line)), encoding="utf-8")
    forbid(monkeypatch, btr_sim.loading.yaml, "load")
    size = f"{path.stat().st_size:,} bytes"
    refused(capsys, ["check", str(path)], str(path), size, "1,048,576", "BTR_SIM_MAX_FILE_BYTES")


def test_the_file_size_limit_is_raised_by_its_environment_variable(tmp_path, capsys, monkeypatch):
    path = tmp_path / "small.yaml"
    path.write_text("name: small\ntransparency: 0.5\n" + "# padding\n" * 20, encoding="utf-8")
    monkeypatch.setenv("BTR_SIM_MAX_FILE_BYTES", "100")
    refused(capsys, ["check", str(path)], "over the limit of 100")
    monkeypatch.setenv("BTR_SIM_MAX_FILE_BYTES", "10_000")
    assert main(["check", str(path)]) == 0


def test_a_limit_set_to_nonsense_is_named(tmp_path, capsys, monkeypatch):
    path = tmp_path / "s.yaml"
    path.write_text("name: s\n", encoding="utf-8")
    monkeypatch.setenv("BTR_SIM_MAX_FILE_BYTES", "lots")
    refused(capsys, ["check", str(path)], "BTR_SIM_MAX_FILE_BYTES='lots'", "whole number")


def test_a_trillion_replications_are_refused_before_a_seed_is_spawned(capsys, monkeypatch):
    forbid(monkeypatch, btr_sim.cli.run, "replication_seeds")
    refused(
        capsys,
        ["run", "configs/status_quo.yaml", "-n", "1000000000000"],
        "1,000,000,000,000 replications",
        "BTR_SIM_MAX_REPLICATIONS",
    )


def test_an_lhs_of_a_hundred_thousand_samples_times_a_million_replications(
    write_experiment, capsys, monkeypatch
):
    path = write_experiment(
        {
            "name": "huge_lhs",
            "design": {"kind": "lhs", "samples": 100_000, "ranges": {"transparency": [0, 1]}},
            "replications": 1_000_000,
        }
    )
    forbid(monkeypatch, btr_sim.experiments.plan, "expand_design")
    forbid(monkeypatch, btr_sim.experiments.plan, "replication_seeds")
    refused(capsys, ["check", str(path)], "100,000,000,000 runs", "BTR_SIM_MAX_RUNS")


def test_a_grid_is_counted_before_its_values_are_checked(write_experiment, capsys, monkeypatch):
    grid = {f"incidents.{name}": [0.01 * i for i in range(1, 21)] for name in ("accident_rate",)}
    grid |= {"transparency": [i / 20 for i in range(21)]}
    grid |= {"citizen_participation": [i / 20 for i in range(21)]}
    grid |= {"power_restriction": [i / 20 for i in range(21)]}
    design = {"kind": "grid", "parameters": grid}
    path = write_experiment({"name": "grid", "design": design, "replications": 1})
    forbid(monkeypatch, btr_sim.experiments.plan, "expand_design")
    refused(capsys, ["check", str(path)], "185,220 design points", "BTR_SIM_MAX_POINTS")


def test_a_world_over_the_limits_is_refused_with_its_size(tmp_path, capsys, monkeypatch):
    path = tmp_path / "nation.yaml"
    world = {"n_supervisors": 1000, "posts_per_supervisor": 1000, "citizens_per_post": 100}
    path.write_text(yaml.safe_dump({"name": "nation", "world": world}), encoding="utf-8")
    refused(capsys, ["check", str(path)], "100,000,000 citizens", "BTR_SIM_MAX_CITIZENS")
    monkeypatch.setenv("BTR_SIM_MAX_CITIZENS", str(10**8))
    # The warm-up is work too: 144 + 240 months.
    refused(capsys, ["check", str(path)], "38,400,000,000 citizen-months", "warmup_months")
    path.write_text(
        yaml.safe_dump({"name": "nation", "world": world, "warmup_months": 0}), encoding="utf-8"
    )
    refused(capsys, ["check", str(path)], "24,000,000,000 citizen-months")
    monkeypatch.setenv("BTR_SIM_MAX_CITIZEN_MONTHS", str(10**11))
    assert main(["check", str(path)]) == 0


def test_a_timeline_over_its_limit_is_refused_before_a_change_is_resolved(
    tmp_path, capsys, monkeypatch
):
    path = tmp_path / "busy.yaml"
    changes = [{"month": m, "transparency": 0.5} for m in range(1, 1202)]
    path.write_text(
        yaml.safe_dump({"name": "busy", "months": 1300, "timeline": changes}), encoding="utf-8"
    )
    forbid(monkeypatch, btr_sim.loading, "resolve_rule_sets")
    refused(
        capsys,
        ["check", str(path)],
        "timeline: 1,201 changes of rules",
        "1,200",
        "BTR_SIM_MAX_TIMELINE_CHANGES",
    )


def test_a_calibration_over_the_runs_limit_is_refused_before_its_base_is_read(
    tmp_path, capsys, monkeypatch
):
    import btr_sim.validation.calibration

    path = tmp_path / "big.yaml"
    big = {
        "name": "big",
        "priors": {"reinstatement.monthly_hazard": {"uniform": [0.01, 0.15]}},
        "population": 100_000,
        "generations": 100,
        "replications": 1,
    }
    path.write_text(yaml.safe_dump(big), encoding="utf-8")
    forbid(monkeypatch, btr_sim.validation.calibration, "load_scenario")
    refused(
        capsys,
        ["calibrate", str(path)],
        "100,000 particles x 100 generations x 1 replications",
        "BTR_SIM_MAX_RUNS",
    )


def test_posterior_draws_over_the_limit_are_refused_before_the_posterior_is_read(
    write_experiment, capsys, monkeypatch
):
    import btr_sim.sensitivity.worlds

    path = write_experiment(
        {
            "name": "many_worlds",
            "scenarios": [{"name": "status_quo"}],
            "design": {"kind": "grid", "parameters": {"transparency": [0.2, 0.5, 0.8]}},
            "replications": 2,
            "worlds": {"posterior": "posterior.yaml", "draws": 50_000},
        }
    )
    forbid(monkeypatch, btr_sim.sensitivity.worlds, "read_posterior")
    refused(capsys, ["check", str(path)], "150,000 design points", "BTR_SIM_MAX_POINTS")


def test_too_many_workers_are_refused(capsys):
    refused(capsys, ["run", "configs/status_quo.yaml", "--workers", "100000"], "over the limit")


@FAST
@given(
    case=st.sampled_from(["replications", "samples", "levels", "citizens", "months"]),
    factor=st.integers(min_value=2, max_value=10**9),
)
def test_any_oversized_request_is_refused_first(
    tmp_path_factory, capsys, monkeypatch, case, factor
):
    folder = tmp_path_factory.mktemp("oversized")
    forbid(monkeypatch, btr_sim.experiments.plan, "expand_design")
    forbid(monkeypatch, btr_sim.experiments.plan, "replication_seeds")
    forbid(monkeypatch, btr_sim.cli.run, "replication_seeds")
    experiment = {"name": "x", "design": {"kind": "list"}, "replications": 1}
    if case == "replications":
        experiment["replications"] = limit("replications") * factor
    elif case == "samples":
        ranges = {"transparency": [0, 1]}
        experiment["design"] = {
            "kind": "lhs",
            "samples": limit("points") * factor,
            "ranges": ranges,
        }
    elif case == "levels":
        levels = {f"l{i}": {} for i in range(min(factor, 50) + 2)}
        levers = {f"v{j}": levels for j in range(10)}  # at least 4**10 points
        experiment["design"] = {"kind": "factorial", "levers": levers}
    elif case == "citizens":
        per_post = min(100_000, 10 + factor)  # at least 12 million citizens
        world = {"n_supervisors": 1000, "posts_per_supervisor": 1000, "citizens_per_post": per_post}
        experiment = {"name": "x", "world": world}
    else:
        world = {"n_supervisors": 100, "posts_per_supervisor": 100, "citizens_per_post": 1000}
        months = min(12_000, 2_400 + factor)  # at least 2.4 billion citizen-months
        experiment = {"name": "x", "world": world, "months": months}
    path = folder / "oversized.yaml"
    path.write_text(yaml.safe_dump(experiment), encoding="utf-8")
    err = refused(capsys, ["check", str(path)], "over the limit", "BTR_SIM_MAX_")
    assert any(spec.variable in err for spec in LIMITS.values())


def test_the_readme_lists_every_limit_with_its_default_and_variable():
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Limits", 1)[1].split("\n#", 1)[0]
    rows = re.findall(r"^\| `(\w+)` \| ([\d,]+) \| `(\w+)` \|", section, re.M)
    listed = {name: (int(default.replace(",", "")), variable) for name, default, variable in rows}
    assert listed == {name: (s.default, s.variable) for name, s in LIMITS.items()}
