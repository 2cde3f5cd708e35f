"""The monthly series in preallocated arrays read as Mesa's DataCollector would give them."""

from __future__ import annotations

import mesa
import numpy as np
import pandas as pd
import pytest
from conftest import small

from btr_sim import BTRModel
from btr_sim.core.metrics import SERIES
from btr_sim.core.series import MonthlySeries


class _BothCollectors(BTRModel):
    """A model that also feeds Mesa's own DataCollector, month by month."""

    def start(self, scenario):
        super().start(scenario)
        self.mesa_collector = mesa.DataCollector(model_reporters=dict(SERIES))
        self.mesa_collector.collect(self)
        return self

    def observe(self):
        super().observe()
        if self.started:
            self.mesa_collector.collect(self)


@pytest.mark.parametrize(
    ("overrides", "seed"),
    [
        ({}, 3),
        ({"transparency": 0.9, "procedure__rule": "formal"}, 11),
        ({"timeline": [{"month": 6, "transparency": 0.8, "procedure.rule": "formal"}]}, 5),
    ],
)
def test_series_equal_mesas_datacollector(overrides, seed):
    model = _BothCollectors(small(months=18, **overrides), seed=seed).run()
    ours = model.datacollector.get_model_vars_dataframe()
    mesas = model.mesa_collector.get_model_vars_dataframe()
    pd.testing.assert_frame_equal(ours, mesas, check_exact=True)
    assert list(ours.columns) == list(SERIES)
    for name, values in model.datacollector.model_vars.items():
        assert list(values) == model.mesa_collector.model_vars[name]


def test_series_grow_past_the_horizon():
    model = BTRModel(small(months=3), seed=2).run()
    for _ in range(10):  # a Mesa user stepping on past the horizon
        model.step()
    frame = model.datacollector.get_model_vars_dataframe()
    assert len(frame) == 3 + 1 + 10 == len(model.datacollector)
    assert frame.index.tolist() == list(range(14))


def test_the_dataframe_is_a_copy_and_views_are_read_only():
    series = MonthlySeries({"a": lambda m: 1, "b": lambda m: 0.5}, months=2)
    series.collect(None)
    frame = series.get_model_vars_dataframe()
    series.collect(None)
    assert len(frame) == 1 and len(series.get_model_vars_dataframe()) == 2
    assert frame.dtypes.tolist() == [np.int64, np.float64]
    with pytest.raises(ValueError):
        series.model_vars["a"][0] = 5


def test_a_reader_between_two_series_sees_them_one_apart():
    series = MonthlySeries({"a": lambda m: 1.0, "b": lambda m: 2.0}, months=1)
    series.collect(None)
    series._append("a", 3.0)  # halfway through a collection
    assert [len(v) for v in series.model_vars.values()] == [2, 1]


def test_dtypes_follow_the_values_as_pandas_infers_them():
    values = iter([0, 0.5])
    series = MonthlySeries(
        {"flag": lambda m: True, "count": lambda m: 2, "turns_fractional": lambda m: next(values)}
    )
    series.collect(None)
    series.collect(None)
    frame = series.get_model_vars_dataframe()
    assert frame.dtypes.tolist() == [np.bool_, np.int64, np.float64]
    assert frame["turns_fractional"].tolist() == [0.0, 0.5]
    assert frame["count"].tolist() == [2, 2]
