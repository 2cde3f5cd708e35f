"""The per-agent reference path of the citizens gives exactly the vectorized path's results.

``citizens.implementation: agents`` makes every Citizen update itself in its own ``step()``;
the default updates all citizens at once on arrays. Both read who hears which items from
elsewhere from one draw for the whole population. For the same seed both must give the same
event log and monthly series to the last bit, under several rule sets that between them hear
news from elsewhere in every form the draw takes. Also: Citizen agents are created through
Mesa's public API and registered exactly as Mesa's own batch creation registers agents.
"""

from __future__ import annotations

import pickle
from pathlib import Path
from types import SimpleNamespace

import mesa
import numpy as np
import pandas as pd
import pytest
from conftest import small
from mesa.agentset import AbstractAgentSet
from mesa.experimental.mesa_signals.signal_types import ModelSignals

from btr_sim import BTRModel
from btr_sim.core.agents import Cadre, Citizen, Supervisor
from btr_sim.core.agents.citizen import CitizenReserve
from btr_sim.core.audience import PER_CITIZEN_ABOVE
from btr_sim.core.population import CitizenPopulation
from btr_sim.loading import apply_overrides, resolve_scenario

CONFIGS = Path(__file__).resolve().parents[1] / "configs"
SMALL_WORLD = {
    "months": 60,
    "world.n_supervisors": 4,
    "world.posts_per_supervisor": 5,
    "world.citizens_per_post": 20,
}

RULE_SETS = {
    "status_quo": lambda: small(),
    "full_reform": lambda: apply_overrides(
        resolve_scenario(CONFIGS / "full_reform.yaml"), SMALL_WORLD
    ),
    "scripted_incidents": lambda: small(
        transparency=0.5,
        incidents__scripted=[
            {"month": 3, "post": 4, "severity": 5.0, "kind": "misconduct", "reach": 4.0},
            {"month": 7, "post": 11, "severity": 2.0, "concealed": True, "exposed_after_months": 2},
            {"month": 9, "post": 0, "severity": 1.5, "culpability": 0.9, "response": "resign"},
        ],
    ),
    # Loud news: rates of news heard from elsewhere above 10, where numpy's Poisson sampler
    # switches algorithm (transformed rejection instead of multiplication).
    "loud_news": lambda: small(
        months=24,
        world__n_supervisors=10,
        world__posts_per_supervisor=10,
        world__citizens_per_post=4,
        incidents__accident_rate=0.2,
        news__media_reach=5.0,
    ),
}


def _run(scenario, implementation: str, seed: int) -> BTRModel:
    citizens = scenario.citizens.model_copy(update={"implementation": implementation})
    return BTRModel(scenario.model_copy(update={"citizens": citizens}), seed=seed).run()


def _outputs(model: BTRModel) -> tuple[pd.DataFrame, pd.DataFrame]:
    return model.events.to_frame(), model.datacollector.get_model_vars_dataframe()


@pytest.mark.parametrize("rules", list(RULE_SETS))
@pytest.mark.parametrize("seed", [1, 2])
def test_reference_and_vectorized_paths_are_identical(rules, seed):
    scenario = RULE_SETS[rules]()
    fast = _run(scenario, "vectorized", seed)
    slow = _run(scenario, "agents", seed)
    fast_events, fast_series = _outputs(fast)
    slow_events, slow_series = _outputs(slow)
    assert len(fast_events) > 50  # something happened worth comparing
    pd.testing.assert_frame_equal(fast_events, slow_events, check_exact=True)
    pd.testing.assert_frame_equal(fast_series, slow_series, check_exact=True)
    np.testing.assert_array_equal(fast.citizens.trust, slow.citizens.trust)
    np.testing.assert_array_equal(fast.citizens.central_trust, slow.citizens.central_trust)
    np.testing.assert_array_equal(fast.citizens.voicing, slow.citizens.voicing)
    np.testing.assert_array_equal(fast.citizens.pressure, slow.citizens.pressure)


def test_loud_news_really_draws_large_poisson_rates():
    # The loud_news rule set is there to reach rates >= 10; check that it does.
    model = BTRModel(RULE_SETS["loud_news"](), seed=1)
    rates = []
    original = model.news.bulletin

    def spy():
        bulletin = original()
        rates.append(bulletin.reach.max() * model.citizens.attention.max())
        return bulletin

    model.news.bulletin = spy
    model.run()
    assert max(rates) > 10


def test_the_rule_sets_hear_news_from_elsewhere_in_every_form():
    # Nobody, a few (tallied by sorting), many by item and many per citizen: each way of
    # drawing and applying the news from elsewhere is compared above.
    forms = set()
    for rules in RULE_SETS.values():
        model = BTRModel(rules(), seed=1)
        listen = model.citizens.listen

        def spy(bulletin, rng, model=model, listen=listen):
            listen(bulletin, rng)
            heard = model.citizens.heard
            per_citizen = bulletin.reach * model.citizens.audience.total > (
                PER_CITIZEN_ABOVE * len(model.citizens)
            )
            if heard.everyone:
                forms.add("per citizen" if per_citizen.any() else "many items")
            else:
                forms.add("some" if len(heard) else "nobody")

        model.citizens.listen = spy
        model.run()
    assert forms == {"nobody", "some", "many items", "per citizen"}


def test_reference_path_steps_every_citizen_and_never_the_vectorized_update(monkeypatch):
    scenario = small(months=6)
    steps = []
    original = Citizen.step

    def counting_step(self):
        steps.append(self.index)
        original(self)

    def forbidden(*args, **kwargs):
        raise AssertionError("the vectorized update ran on the reference path")

    monkeypatch.setattr(Citizen, "step", counting_step)
    monkeypatch.setattr(CitizenPopulation, "hear", forbidden)
    _run(scenario, "agents", seed=1)
    n = scenario.world.n_citizens
    # Every citizen, in index order, every month of the warm-up and of the run.
    assert steps == list(range(n)) * (scenario.warmup_months + scenario.months)


def _run_with_reference_steps(scenario, steps) -> BTRModel:
    """The reference path with the citizens' monthly steps replaced by ``steps(model)``."""
    model = BTRModel(
        scenario.model_copy(
            update={"citizens": scenario.citizens.model_copy(update={"implementation": "agents"})}
        ),
        seed=1,
    )

    def inform_citizens():
        model.citizens.listen(model.news.bulletin(), model.streams["citizens"])
        steps(model)
        model.citizens.bulletin = None
        model.citizens.tally()

    model.inform_citizens = inform_citizens
    return model.run()


def test_citizen_order_does_not_matter_the_draw_is_the_populations():
    # Who hears what from elsewhere is drawn for the population before anyone steps, and
    # social influence pulls toward last month's post means: any order gives the same month.
    scenario = RULE_SETS["scripted_incidents"]()
    fast = _run(scenario, "vectorized", seed=1)
    backwards = _run_with_reference_steps(
        scenario, lambda model: [c.step() for c in reversed(list(model.agents_by_type[Citizen]))]
    )
    np.testing.assert_array_equal(fast.citizens.trust, backwards.citizens.trust)
    pd.testing.assert_frame_equal(*(_outputs(m)[0] for m in (fast, backwards)), check_exact=True)


def test_the_comparison_can_fail_a_citizen_hearing_anothers_news():
    # A reference path in which each citizen reads its neighbour's items from elsewhere must
    # give other results, or the identity test above could not catch a broken reference path.
    scenario = RULE_SETS["scripted_incidents"]()
    fast = _run(scenario, "vectorized", seed=1)

    def neighbours_news(model):
        heard, n = model.citizens.heard, len(model.citizens)
        model.citizens.heard = SimpleNamespace(of=lambda index: heard.of((index + 1) % n))
        model.agents_by_type[Citizen].do("step")
        model.citizens.heard = heard

    wrong = _run_with_reference_steps(scenario, neighbours_news)
    assert not np.array_equal(fast.citizens.trust, wrong.citizens.trust)


def test_the_comparison_can_fail_a_citizen_hearing_anothers_central_news():
    # The same control for trust in the centre: its own draw of who hears what from elsewhere.
    scenario = RULE_SETS["scripted_incidents"]()
    fast = _run(scenario, "vectorized", seed=1)

    def neighbours_central_news(model):
        central = model.citizens.central
        heard, n = central.heard, len(model.citizens)
        central.heard = SimpleNamespace(of=lambda index: heard.of((index + 1) % n))
        model.agents_by_type[Citizen].do("step")
        central.heard = heard

    wrong = _run_with_reference_steps(scenario, neighbours_central_news)
    np.testing.assert_array_equal(fast.citizens.trust, wrong.citizens.trust)
    assert not np.array_equal(fast.citizens.central_trust, wrong.citizens.central_trust)


# -- citizens as Mesa agents --------------------------------------------------------------------


def test_citizens_are_registered_as_mesa_registers_agents(monkeypatch):
    scenario = small(months=12)
    populated = BTRModel(scenario, seed=4)

    def by_mesa(cls, model, n):  # Mesa's own batch creation
        cls.create_agents(model, n, list(range(n)))

    monkeypatch.setattr(Citizen, "populate", classmethod(by_mesa))
    batch = BTRModel(scenario, seed=4)
    for model in (populated, batch):
        citizens = model.agents_by_type[Citizen]
        assert isinstance(citizens, AbstractAgentSet)
        assert [c.index for c in citizens] == list(range(scenario.world.n_citizens))
        assert all(c in model.agents for c in citizens)
    assert [a.unique_id for a in populated.agents] == [a.unique_id for a in batch.agents]
    assert [type(a) for a in populated.agents] == [type(a) for a in batch.agents]
    assert populated.agent_id_counter == batch.agent_id_counter
    # Cadres appointed later get the same ids, so the event logs agree.
    populated.run()
    batch.run()
    pd.testing.assert_frame_equal(populated.events.to_frame(), batch.events.to_frame())


def test_citizen_behaves_as_a_mesa_agent():
    model = BTRModel(small(months=1, warmup_months=0), seed=1)  # the cadres of the set-up
    citizen = model.agents_by_type[Citizen][5]
    assert citizen.model is model and citizen.pos is None and citizen.index == 5
    assert citizen.unique_id == model.agents_by_type[Supervisor][-1].unique_id + 6
    citizen.remove()
    assert citizen not in model.agents and citizen not in model.agents_by_type[Citizen]
    assert len(model.agents_by_type[Citizen]) == model.config.world.n_citizens - 1
    new = Citizen(model, 0)  # later agents are registered the ordinary way
    assert new.unique_id == model.agent_id_counter - 1
    assert len(model.agents_by_type[Cadre]) == model.config.world.n_posts


def test_creating_citizens_emits_mesa_agent_signals():
    # Created through Mesa's public API, each citizen is announced to observers.
    class Observer:
        def __init__(self):
            self.seen = []

        def notice(self, signal):
            self.seen.append(signal)

    model = mesa.Model(rng=0)
    observer = Observer()
    model.observe("agents", ModelSignals.AGENT_ADDED, observer.notice)
    Citizen.populate(model, 3)
    assert len(observer.seen) == 3
    assert [c.index for c in model.agents_by_type[Citizen]] == [0, 1, 2]


# -- citizens created when first asked for ------------------------------------------------------


def _eagerly(monkeypatch):
    """Make models create their citizens at set-up, as before they were made on first use."""

    def at_once(cls, model, n):
        Citizen.populate(model, n)

    monkeypatch.setattr(CitizenReserve, "reserve", classmethod(at_once))


def _registry(model):
    return [(type(a).__name__, a.unique_id, getattr(a, "index", None)) for a in model.agents]


@pytest.mark.parametrize("ask", ["before the run", "after the run"])
def test_citizens_made_on_first_use_are_those_made_at_set_up(monkeypatch, ask):
    scenario = small(months=24)
    lazy = BTRModel(scenario, seed=9)
    with monkeypatch.context() as patch:
        _eagerly(patch)
        eager = BTRModel(scenario, seed=9)
    if ask == "before the run":
        assert _registry(lazy) == _registry(eager)
    lazy.run()
    eager.run()
    pd.testing.assert_frame_equal(lazy.events.to_frame(), eager.events.to_frame())
    assert _registry(lazy) == _registry(eager)
    assert list(lazy.agents_by_type) == list(eager.agents_by_type) == [Supervisor, Citizen, Cadre]
    assert [c.index for c in lazy.agents_by_type[Citizen]] == list(range(len(lazy.citizens)))
    assert lazy.agent_id_counter == eager.agent_id_counter


def test_the_vectorized_run_makes_no_citizen_objects():
    model = BTRModel(small(months=12), seed=3).run()
    registered = model._all_agents  # Mesa's registry, read without asking for the agents
    assert not any(isinstance(a, Citizen) for a in registered)
    assert len(model.agents_by_type[Citizen]) == len(model.citizens)  # now made
    assert model.agent_types == [Supervisor, Citizen, Cadre]


def test_a_warmed_model_pickles_without_citizens_and_makes_them_after():
    scenario = small(months=12)
    warmed = BTRModel(scenario, seed=5, start=False)
    copy = pickle.loads(pickle.dumps(warmed))
    assert _registry(copy) == _registry(warmed)
    copy.start(scenario)
    assert len(copy.agents_by_type[Citizen]) == len(copy.citizens)


def test_remove_all_agents_removes_citizens_not_made_yet():
    model = BTRModel(small(months=1, warmup_months=0), seed=1)
    model.remove_all_agents()
    assert len(model.agents) == 0
    assert len(model.agents_by_type.get(Citizen, ())) == 0
