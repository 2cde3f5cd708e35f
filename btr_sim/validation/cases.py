"""Replays of typical cases: one scripted incident, under the rules of its time or the reforms.

A case file (``configs/cases/*.yaml``, :mod:`btr_sim.validation.casefile`) is a scenario that
extends the rules of its time (the Chinese cases all predate the 2009 Provisions and 2014
Regulations, or fell in the years when practice lagged behind the 2004 Provisions) and scripts
one incident with ``label`` and no response: the incident and how it became public come from the
record, the response and any return are the model's. Its ``history:`` (what happened) is shown
beside the model's outcomes, never fed to the model. Both variants warm up under the status
quo, as the world the case happened in had run under it. The counterfactual (``reformed``) is
the same case with a timeline: the rules of the case's ``counterfactual:`` file (by default
``configs/reform_2014.yaml``) take effect in the month the case happens, so that the case — and
the cadre's removal over it — is handled under them, in a world that had run under the old
rules until then.

A replay records, month by month, the credibility of government overall (mean trust of every
citizen) and in the case's post (mean trust of its residents), and extracts the case's own
events (its incident, concealment and exposure, the resignation, a reinstatement and its
discovery) from the event log. The rest of the world runs as usual: should the official
rotate out before a cover-up comes out, the log says ``holder_gone`` instead of a resignation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from btr_sim.config import Scenario, ScriptedIncident
from btr_sim.core.events import EventKind
from btr_sim.core.model import BTRModel
from btr_sim.loading import ConfigError, load_scenario
from btr_sim.validation.casefile import DEFAULT_COUNTERFACTUAL, load_case
from btr_sim.validation.suite import CONFIGS

__all__ = [
    "CASES",
    "RULES",
    "CaseReplay",
    "case_outcomes",
    "case_scenario",
    "replay_case",
]

#: The case files shipped with the project.
CASES = CONFIGS / "cases"

#: Rule sets a case can be replayed under.
RULES = ("time", "reformed")

#: The rule set that takes effect in the month of the case with ``rules="reformed"``, unless the
#: case file names its own ``counterfactual:``.
REFORMED_RULES = DEFAULT_COUNTERFACTUAL


@dataclass(frozen=True)
class CaseReplay:
    """One replay of a case.

    Attributes
    ----------
    case : str
        The case's scenario name.
    rules : str
        ``time`` or ``reformed``.
    seed : int
        The run's seed.
    label : str
        The scripted incident's label.
    post : int
        The post where it occurs.
    credibility : pandas.DataFrame
        Indexed by month (0 = the end of the warm-up): ``overall`` and ``post`` credibility.
    events : pandas.DataFrame
        The event log's rows about the scripted incident (including the official's
        reinstatement and its discovery), in order.
    """

    case: str
    rules: str
    seed: int
    label: str
    post: int
    credibility: pd.DataFrame
    events: pd.DataFrame

    @property
    def sequence(self) -> list[str]:
        """The kinds of the case's events, in order."""
        return list(self.events["event"])

    def month_of(self, kind: EventKind) -> int | None:
        """The month of the case's first event of ``kind``, or None."""
        rows = self.events[self.events["event"] == kind.value]
        return int(rows["month"].iloc[0]) if len(rows) else None

    @property
    def months_to_reinstatement(self) -> int | None:
        """Months from the official's removal to the reinstatement, if it came."""
        rows = self.events[self.events["event"] == EventKind.REINSTATEMENT.value]
        return int(rows["value"].iloc[0]) if len(rows) else None


def case_scenario(
    path: str | Path,
    rules: Literal["time", "reformed"] = "time",
    reform: str | Path | None = None,
) -> Scenario:
    """The case's scenario under the rules of its time, or with ``reform``'s rules from its month.

    ``reformed`` adds a timeline to the case file: the rules of the scenario file ``reform``
    (by default the case's ``counterfactual:``; its rule keys; its world, horizon and incidents
    are not read) take effect in the month of the case's scripted incident.
    """
    if rules not in RULES:
        raise ConfigError("--rules", [f"{rules!r} is not a rule set; allowed: {', '.join(RULES)}"])
    path = Path(path)
    case = load_case(path)
    scenario = case.scenario
    if rules == "time":
        return scenario
    reform = case.counterfactual if reform is None else reform
    month = _scripted(scenario).month
    change = {"month": month, "extends": str(Path(reform).resolve())}
    reformed = load_scenario(path, {"timeline": [change]})
    return reformed.model_copy(update={"name": f"{scenario.name}_reformed"})


def _scripted(scenario: Scenario) -> ScriptedIncident:
    """The case's one scripted incident."""
    scripted = scenario.incidents.scripted
    if len(scripted) != 1 or not scripted[0].label:
        raise ConfigError(
            scenario.name, ["incidents.scripted: a case scripts exactly one incident with a label"]
        )
    return scripted[0]


def replay_case(
    path: str | Path,
    rules: Literal["time", "reformed"] = "time",
    seed: int = 0,
    reform: str | Path | None = None,
) -> CaseReplay:
    """Replay a case file once.

    Parameters
    ----------
    path
        A case file (``configs/cases/*.yaml``).
    rules
        ``time`` (the case file as written) or ``reformed`` (the rules of ``reform`` from the
        month of the case).
    seed
        The run's seed.
    reform
        The reform file whose rules ``reformed`` puts in force in the month of the case
        (default: the case's ``counterfactual:``, else ``configs/reform_2014.yaml``).
    """
    scenario = case_scenario(path, rules, reform)
    scripted = _scripted(scenario)
    label, post = scripted.label, scripted.post
    model = BTRModel(scenario, seed=seed)
    overall = [model.citizens.credibility()]
    local = [float(model.citizens.post_mean[post])]
    while model.running and model.month < scenario.months:
        model.step()
        overall.append(model.citizens.credibility())
        local.append(float(model.citizens.post_mean[post]))
    credibility = pd.DataFrame({"overall": overall, "post": local})
    credibility.index.name = "month"
    incident = next(inc.id for inc in model.accountability.incidents if inc.label == label)
    events = model.events.to_frame()
    events = events[events["incident"] == incident].reset_index(drop=True)
    return CaseReplay(scenario.name, rules, seed, label, post, credibility, events)


def case_outcomes(
    path: str | Path,
    rules: Literal["time", "reformed"],
    seeds: Sequence[int],
    reform: str | Path | None = None,
) -> dict[str, float]:
    """Over replications: the share in which the official returned, and the gap's median.

    Returns
    -------
    dict
        ``replications``, ``reinstated_share`` and ``median_months_to_reinstatement`` (NaN
        if the official never returned).
    """
    gaps = [replay_case(path, rules, seed, reform).months_to_reinstatement for seed in seeds]
    back = [g for g in gaps if g is not None]
    return {
        "replications": len(gaps),
        "reinstated_share": len(back) / len(gaps) if gaps else float("nan"),
        "median_months_to_reinstatement": float(np.median(back)) if back else float("nan"),
    }
