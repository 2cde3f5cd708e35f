"""The monthly series of a run, written into preallocated arrays.

:class:`MonthlySeries` stands where Mesa's ``DataCollector`` stood (``model.datacollector``):
it calls the functions of :data:`btr_sim.core.metrics.SERIES` once a month, in order, and
keeps what they return. Mesa's collector appends Python objects to lists and builds a
DataFrame from them; here each series is one numpy array, sized for the run's horizon when the
run starts and doubled if the run is stepped past it, which costs a tenth of a run less
(``docs/performance.md``).

What Mesa users and Mesa's own plot components read of a DataCollector is kept:
:meth:`MonthlySeries.get_model_vars_dataframe`, :attr:`MonthlySeries.model_vars` and
:attr:`MonthlySeries.model_reporters`, with the same columns, values and dtypes (whole
numbers as ``int64``, the rest as ``float64``), and the model time of each collection and the
empty agent records that Mesa's ``batch_run`` reads. Agent-level collection and tables are
not: the model has no agent reporters.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["MonthlySeries"]


class MonthlySeries:
    """Monthly series of a model, one preallocated array each.

    Parameters
    ----------
    model_reporters
        Name -> function of the model, as Mesa's ``DataCollector(model_reporters=...)`` takes
        them; called in this order at every :meth:`collect`.
    months
        How many collections to make room for at once (the run's horizon plus month 0); more
        are made room for when needed.

    Attributes
    ----------
    model_reporters : dict of str to callable
        The functions, by series name; a caller may replace one (the explorer's tests do).
    """

    def __init__(
        self, model_reporters: Mapping[str, Callable[[Any], Any]], months: int = 1
    ) -> None:
        self.model_reporters: dict[str, Callable[[Any], Any]] = dict(model_reporters)
        self._capacity = max(int(months), 1)
        self._values: dict[str, np.ndarray] = {}
        # Per series, not one count for all: a collection writes the series one after the
        # other, and a reader in another thread (the explorer) may look in between.
        self._lengths: dict[str, int] = dict.fromkeys(self.model_reporters, 0)
        # What Mesa's batch_run reads of a DataCollector besides the series: the model time
        # of each collection, and (empty) agent records.
        self._collection_steps: list[float] = []
        self.agent_reporters: dict[str, Any] = {}
        self.agenttype_reporters: dict[type, Any] = {}
        self._agent_records: dict[float, list] = {}
        self._agenttype_records: dict[float, dict] = {}

    def collect(self, model: Any) -> None:
        """Call every function on ``model`` and append what it returns to its series."""
        self._collection_steps.append(getattr(model, "time", len(self._collection_steps)))
        for name, reporter in self.model_reporters.items():
            self._append(name, reporter(model))

    def _append(self, name: str, value: Any) -> None:
        n = self._lengths.get(name, 0)
        array = self._values.get(name)
        if array is None:
            # The first value fixes the dtype, as pandas would infer it from Mesa's lists.
            array = np.empty(self._capacity, dtype=_dtype_of(value))
            self._values[name] = array
        elif array.dtype != np.float64 and _dtype_of(value) != array.dtype:
            # A series of whole numbers (or flags) that turns out to hold fractions: floats, as
            # pandas would make of the mixed list.
            array = self._values[name] = array.astype(np.float64)
        if n == len(array):
            # Past the horizon (a run stepped further): double, so appends stay amortised O(1).
            grown = np.empty(2 * len(array), dtype=array.dtype)
            grown[:n] = array
            array = self._values[name] = grown
        array[n] = value
        self._lengths[name] = n + 1

    @property
    def model_vars(self) -> dict[str, np.ndarray]:
        """Each series so far, by name: read-only views of the arrays (no copy)."""
        out = {}
        for name in self.model_reporters:
            array = self._values.get(name)
            view = array[: self._lengths.get(name, 0)] if array is not None else np.empty(0)
            view.flags.writeable = False
            out[name] = view
        return out

    def get_model_vars_dataframe(self) -> pd.DataFrame:
        """The series as a DataFrame, one column per series, one row per collection.

        As Mesa's ``DataCollector.get_model_vars_dataframe``: the index counts collections
        from 0 (month 0 of the run), the columns are in the order of the reporters. The
        DataFrame holds copies: later collections do not change it.
        """
        return pd.DataFrame({name: view.copy() for name, view in self.model_vars.items()})

    def __len__(self) -> int:
        """The number of collections made (of the last series, if one is under way)."""
        return min(self._lengths.values(), default=0)


def _dtype_of(value: Any) -> type:
    """The dtype pandas gives a column of values like ``value``: flags, whole numbers, floats."""
    if isinstance(value, bool | np.bool_):
        return np.bool_
    if isinstance(value, int | np.integer):
        return np.int64
    return np.float64
