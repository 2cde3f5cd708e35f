"""What the Python API accepts, as outside tools call it (EMA Workbench, SALib, pandas, Mesa).

simulate, run_scenario and BTRModel take a Scenario, a mapping of overrides, a path or None,
and any integer seed numpy can hand over; everything else is a ConfigError naming the
argument. BTRModel is built the way Mesa's own tools build models: mesa.batch_run sweeps its
keyword parameters with stored seeds, and SolaraViz's sliders set them on Reset.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import SMALL

from btr_sim import BTRModel, ConfigError, Scenario, run_scenario, simulate

TINY = {**SMALL, "months": 6}


@pytest.mark.parametrize(
    "seed", [np.int64(3), np.int32(3), np.uint32(3), np.uint64(3), np.int8(3), 3]
)
def test_numpy_integer_seeds_are_seeds(seed):
    same = pd.Series(simulate(TINY, seed=seed)), pd.Series(simulate(TINY, seed=3))
    pd.testing.assert_series_equal(*same)
    result = run_scenario(TINY, seed)
    assert result.seed == 3 and type(result.seed) is int


def test_a_seed_from_a_pandas_row_runs():
    rows = pd.DataFrame({"transparency": [0.2, 0.8], "seed": [5, 6]})
    for row in rows.itertuples():
        out = simulate({**TINY, "transparency": row.transparency}, seed=row.seed)
        assert 0 <= out["credibility_end"] <= 1


@pytest.mark.parametrize(
    ("config", "kind"),
    [([1, 2], "list"), ((0.2,), "tuple"), (3, "int"), (object(), "object")],
)
def test_a_config_of_another_kind_is_a_config_error_naming_the_argument(config, kind):
    with pytest.raises(ConfigError) as caught:
        simulate(config)
    message = str(caught.value)
    assert f"config: a {kind} is not a scenario" in message
    assert "mapping of overrides" in message and "path of a scenario file" in message


@pytest.mark.parametrize("seed", [1.5, 2.0, True, "7", -1, 2**63, [1]])
def test_a_seed_that_is_not_a_whole_number_in_range_is_refused(seed):
    with pytest.raises(ConfigError) as caught:
        run_scenario(TINY, seed)
    assert "seed:" in str(caught.value) and "[0, 2**63)" in str(caught.value)


def test_every_form_of_config_gives_the_same_scenario(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text("name: s\ntransparency: 0.8\nprocedure: {rule: formal}\n", encoding="utf-8")
    from_file = BTRModel(path, seed=1).config
    assert BTRModel(str(path), seed=1).config == from_file
    dotted = BTRModel({"name": "s", "transparency": 0.8, "procedure.rule": "formal"}, seed=1)
    assert dotted.config == from_file
    keywords = BTRModel(name="s", transparency=0.8, procedure__rule="formal", seed=1)
    assert keywords.config == from_file
    assert BTRModel(Scenario(), transparency=0.8).config.transparency == 0.8


def test_rng_is_the_seed_under_mesas_name():
    a = BTRModel(TINY, rng=np.int64(4)).run()
    b = BTRModel(TINY, seed=4).run()
    assert a.seed == b.seed == 4
    pd.testing.assert_frame_equal(
        a.datacollector.get_model_vars_dataframe(), b.datacollector.get_model_vars_dataframe()
    )
    with pytest.raises(ConfigError, match="give the seed once"):
        BTRModel(TINY, seed=1, rng=2)


def test_no_seed_draws_a_fresh_one_that_is_recorded():
    model = BTRModel(TINY)
    assert isinstance(model.seed, int) and 0 <= model.seed < 2**63
    again = BTRModel(TINY, seed=model.seed)
    assert again.seed == model.seed
    assert (again.run().citizens.trust == model.run().citizens.trust).all()


def test_an_unknown_keyword_parameter_is_named_with_a_suggestion():
    with pytest.raises(ConfigError) as caught:
        BTRModel(transparenc=0.5)
    assert "did you mean 'transparency'" in str(caught.value)


def test_mesa_batch_run_sweeps_keyword_parameters_with_stored_seeds():
    import mesa

    rows = mesa.batch_run(
        BTRModel,
        parameters={"transparency": [0.2, 0.8], **TINY},
        rng=[1, 2],
        number_processes=1,
        display_progress=False,
    )
    table = pd.DataFrame(rows)
    assert len(table) == 4
    assert sorted(zip(table.transparency, table.seed, strict=True)) == [
        (0.2, 1),
        (0.2, 2),
        (0.8, 1),
        (0.8, 2),
    ]
    # Each row is the run that its stored parameters and seed reproduce.
    for row in table.itertuples():
        again = simulate({**TINY, "transparency": row.transparency}, seed=row.seed)
        model = BTRModel({**TINY, "transparency": row.transparency}, seed=row.seed).run()
        series = model.datacollector.get_model_vars_dataframe()
        assert row.credibility == pytest.approx(series.credibility.iloc[-1])
        assert 0 <= again["credibility_end"] <= 1


def test_solara_viz_sliders_set_the_parameters_on_reset():
    solara = pytest.importorskip("solara")
    v = pytest.importorskip("ipyvuetify")
    from mesa.visualization import Slider, SolaraViz

    model = solara.reactive(BTRModel(TINY, rng=3))
    params = {
        "transparency": Slider("Transparency", 0.2, 0.0, 1.0, 0.1),
        "world.n_supervisors": 2,
        "months": 6,
        "rng": 11,
    }

    @solara.component
    def Page():
        with solara.AppLayout():
            SolaraViz(model, components=[], model_params=params)

    _, rc = solara.render(Page(), handle_error=False)
    rc.find(v.Slider, label="Transparency").widget.v_model = 0.7
    rc.find(v.Btn, children=["Reset"]).widget.click()
    rebuilt = model.value
    assert rebuilt.config.transparency == pytest.approx(0.7)
    assert rebuilt.config.world.n_supervisors == 2 and rebuilt.config.months == 6
    assert rebuilt.seed == 11
