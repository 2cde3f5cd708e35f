"""The posterior file, worlds drawn from it, and effects with their uncertainty decomposed.

An experiment with ``worlds: {posterior: FILE, draws: N}`` runs every design point in N worlds
drawn from the posterior: the same master seed gives the same draws and the same rows.
``compare`` then gives each effect's interval over seed noise, over parameter uncertainty and
both (docs/analysis.md).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import TINY_SCENARIO

from btr_sim.analysis.uncertainty import effect_uncertainty
from btr_sim.cli import main
from btr_sim.cli.worlds import file_worlds
from btr_sim.experiments import plan_experiment, run_experiment
from btr_sim.experiments.posterior import Posterior, read_posterior, write_posterior
from btr_sim.loading import ConfigError
from btr_sim.results import ExperimentResults
from btr_sim.results.contract import design_column
from btr_sim.sensitivity.worlds import robustness_worlds


def a_posterior() -> Posterior:
    return Posterior(
        name="status_quo",
        particles=pd.DataFrame(
            {
                "reinstatement.monthly_hazard": [0.021, 0.07300000000000001, 0.11],
                "reinstatement.return_window_months": [10.4, 20.0, 30.7],
            }
        ),
        weights=np.array([0.2, 0.5, 0.3]),
        priors={"reinstatement.monthly_hazard": {"uniform": [0.01, 0.15]}},
        provenance={"command": "btr-sim calibrate x.yaml", "budget": {"population": 3}},
        description="a test posterior",
    )


# -- the file ----------------------------------------------------------------------------------


def test_the_posterior_file_round_trips_exactly(tmp_path):
    written = a_posterior()
    path = write_posterior(written, tmp_path / "p.yaml", header="a header\nof two lines")
    assert path.read_text().startswith("# a header\n# of two lines\n")
    back = read_posterior(path)
    pd.testing.assert_frame_equal(back.particles, written.particles)
    assert np.array_equal(back.weights, written.weights)
    assert back.priors == written.priors and back.provenance == written.provenance
    assert (back.name, back.description) == (written.name, written.description)


@pytest.mark.parametrize(
    ("particles", "message"),
    [
        ({"reinstatement.monthly_hazard": [0.1, 0.2]}, "weight"),
        ({"weight": [1, 1], "reinstatement.monthly_hazard": [0.1]}, "one value per particle"),
        ({"weight": [1, 1], "reinstatement.monthly_hazard": [0.1, ".nan"]}, "finite"),
        ({"weight": [1, 1], "reinstatement.monthly_hazrd": [0.1, 0.2]}, "did you mean"),
        ({"weight": [0, 0], "reinstatement.monthly_hazard": [0.1, 0.2]}, "not all zero"),
    ],
)
def test_a_bad_posterior_file_is_refused_with_the_reason(tmp_path, particles, message):
    path = tmp_path / "bad.yaml"
    text = yaml.safe_dump({"format": 1, "name": "x", "particles": particles})
    path.write_text(text.replace("'.nan'", ".nan"), encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as info:
        read_posterior(path)
    assert str(path) in str(info.value)


def test_draws_follow_the_weights_and_the_seed():
    posterior = a_posterior()
    draws = posterior.draw(20_000, seed=1)
    shares = draws.index.value_counts(normalize=True).sort_index().to_numpy()
    # Multinomial shares of 20,000 draws: within 0.015 of the weights (> 4 standard errors).
    assert np.allclose(shares, [0.2, 0.5, 0.3], atol=0.015)
    assert draws.equals(posterior.draw(20_000, seed=1))
    assert not draws.equals(posterior.draw(20_000, seed=2))


# -- worlds drawn from a posterior ---------------------------------------------------------------


def posterior_experiment(tmp_path, **fields) -> dict:
    write_posterior(a_posterior(), tmp_path / "posterior.yaml")
    experiment = {
        "name": "posterior_worlds",
        "scenarios": [
            {"name": "status_quo", **TINY_SCENARIO, "months": 24},
            {
                "name": "cooling_off",
                **TINY_SCENARIO,
                "months": 24,
                "reinstatement.cooling_off_months": 12,
            },
        ],
        "replications": 3,
        "master_seed": 8,
        "worlds": {"posterior": "posterior.yaml", "draws": 4},
    }
    return experiment | fields


def test_posterior_worlds_are_drawn_from_the_file_and_reproducible(tmp_path, write_experiment):
    path = write_experiment(posterior_experiment(tmp_path))
    plan = plan_experiment(path, worlds=file_worlds)
    assert plan.uncertain == ("reinstatement.monthly_hazard", "reinstatement.return_window_months")
    assert len(plan.points) == 8  # 4 worlds x 2 policies
    hazards = plan.factors["reinstatement.monthly_hazard"]
    assert set(hazards) <= {0.021, 0.07300000000000001, 0.11}
    assert plan.factors["reinstatement.return_window_months"] == [
        {0.021: 10, 0.07300000000000001: 20, 0.11: 31}[h] for h in hazards
    ]  # whole-number parameters are rounded
    point = plan.points[0]
    assert point.scenario.reinstatement.monthly_hazard == hazards[0]
    assert plan_experiment(path, worlds=file_worlds).hash == plan.hash
    reseeded = write_experiment(posterior_experiment(tmp_path, master_seed=9), "other.yaml")
    assert plan_experiment(reseeded, worlds=file_worlds).factors != plan.factors

    first = run_experiment(plan, out=tmp_path / "a", executor="serial", progress=False)
    second = run_experiment(
        plan_experiment(path, worlds=file_worlds),
        out=tmp_path / "b",
        executor="serial",
        progress=False,
    )
    columns = [c for c in first.runs.columns if c not in ("duration_seconds", "started")]
    pd.testing.assert_frame_equal(first.runs[columns], second.runs[columns])


def test_a_posterior_section_is_not_silently_ignored(tmp_path, write_experiment):
    path = write_experiment(posterior_experiment(tmp_path))
    with pytest.raises(ConfigError, match="no worlds were given"):
        plan_experiment(path)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"sensitivity": {"method": "morris"}}, "not a sensitivity sample"),
        ({"model": "btr_sim.experiments.models:ishigami"}, "not a hook's"),
    ],
)
def test_a_posterior_cannot_feed_a_sample_or_a_hook(tmp_path, write_experiment, fields, message):
    path = write_experiment(posterior_experiment(tmp_path, **fields))
    with pytest.raises(ConfigError, match=message):
        plan_experiment(path, worlds=file_worlds)


def test_declared_uncertainties_must_be_the_posteriors_parameters(tmp_path, write_experiment):
    wrong = posterior_experiment(tmp_path, uncertainties={"cadres.stigma": [0.0, 1.0]})
    with pytest.raises(ConfigError, match="not the uncertainties declared"):
        plan_experiment(write_experiment(wrong), worlds=file_worlds)


def test_a_missing_posterior_file_is_named(tmp_path, write_experiment):
    path = write_experiment(
        posterior_experiment(tmp_path, worlds={"posterior": "no.yaml", "draws": 2})
    )
    with pytest.raises(ConfigError, match=r"no\.yaml: file not found"):
        plan_experiment(path, worlds=file_worlds)


def test_robustness_draws_its_worlds_from_the_posterior(tmp_path, write_experiment):
    ranges = {
        "reinstatement.monthly_hazard": [0.01, 0.15],
        "reinstatement.return_window_months": [6, 36],
    }
    path = write_experiment(posterior_experiment(tmp_path, uncertainties=ranges))
    plan = plan_experiment(path, worlds=robustness_worlds)
    assert set(plan.factors["reinstatement.monthly_hazard"]) <= {0.021, 0.07300000000000001, 0.11}


# -- effects with their uncertainty decomposed --------------------------------------------------


def results_of(effects: dict[int, list[float]]) -> ExperimentResults:
    """Results of two policies in worlds: the reference at 0, the reform at the given effects."""
    rows = []
    for world, values in effects.items():
        for seed, value in enumerate(values):
            for policy, y in (("status_quo", 0.0), ("reform", value)):
                rows.append(
                    {
                        "run_id": f"world={world},{policy}#{seed}",
                        "scenario": f"world={world},{policy}",
                        "seed": seed,
                        "status": "ok",
                        design_column("world"): world,
                        design_column("policy"): policy,
                        "credibility_end": 0.5 + y,
                    }
                )
    manifest = {
        "experiment": "x",
        "design": {"kind": "list", "factors": {"world": [], "policy": ["status_quo", "reform"]}},
        "scenarios": sorted({r["scenario"] for r in rows}),
        "reference": "status_quo",
    }
    return ExperimentResults(None, manifest, pd.DataFrame(rows))  # type: ignore[arg-type]


def test_the_decomposition_by_hand():
    # World means 2 and 6 (estimate 4); within-world variance 2 in each; 2 seeds.
    # se_seed = sqrt(2/2) = 1; var(world means) = 8, so sigma_param^2 = 8 - 1 = 7.
    row = effect_uncertainty(results_of({0: [1, 3], 1: [5, 7]}), "status_quo", ["credibility_end"])
    r = row.iloc[0]
    assert (r.policy, r.worlds, r.seeds) == ("reform", 2, 2)
    assert r.estimate == pytest.approx(4.0)
    assert r.se_seed == pytest.approx(1.0)
    assert r.sd_param == pytest.approx(math.sqrt(7))
    assert r.sd_combined == pytest.approx(math.sqrt(8))
    assert r.seed_high - r.estimate == pytest.approx(1.959964, rel=1e-5)
    assert r.share_param == pytest.approx(7 / 8)


def test_the_decomposition_separates_parameters_from_seeds():
    # 300 worlds whose true effects spread with sd 0.02, 20 seeds each with noise sd 0.05:
    # se_seed ~ 0.05/sqrt(20) = 0.0112 and sd_param ~ 0.02, within 15%.
    rng = np.random.default_rng(3)
    truth = rng.normal(0.1, 0.02, size=300)
    effects = {w: list(mu + rng.normal(0, 0.05, size=20)) for w, mu in enumerate(truth)}
    r = effect_uncertainty(results_of(effects), "status_quo", ["credibility_end"]).iloc[0]
    assert r.se_seed == pytest.approx(0.05 / math.sqrt(20), rel=0.15)
    assert r.sd_param == pytest.approx(0.02, rel=0.15)
    # No parameter uncertainty: the worlds differ by seed noise only.
    flat = {w: list(0.1 + rng.normal(0, 0.05, size=20)) for w in range(300)}
    r = effect_uncertainty(results_of(flat), "status_quo", ["credibility_end"]).iloc[0]
    assert r.sd_param < 0.005 and r.share_param < 0.2


def test_compare_reports_the_decomposition(tmp_path, write_experiment, capsys):
    path = write_experiment(posterior_experiment(tmp_path))
    plan = plan_experiment(path, worlds=file_worlds)
    results = run_experiment(plan, out=tmp_path / "r", executor="serial", progress=False)
    assert main(["compare", str(results.path), "--outcome", "credibility_end"]) == 0
    out = capsys.readouterr().out
    assert "Effects under parameter uncertainty" in out
    assert "cooling_off" in out and "from parameters" in out
    assert "Effects under parameter uncertainty" in (results.path / "compare.md").read_text()
