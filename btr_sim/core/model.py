"""The BTR model: cadres, supervisors and citizens reacting to incidents under a rule set.

A run has three phases (ODD sections 3 and 5):

1. **Set-up** at month ``-warmup_months``, under the rules of the warm-up (``before:``, the
   status quo by default): supervisors, citizens and the first cadres.
2. **Warm-up**: the world runs ``warmup_months`` months under those rules, so that it reaches
   the state those rules keep it in before anything is measured. Nothing of it is observed.
3. **The run**: the scenario's own rules take effect (:meth:`BTRModel.start`); that is month 0
   of every series, of the event log and of every outcome. Each :meth:`BTRModel.step` is one
   month; the ``timeline:`` may change the rules at later months (:meth:`BTRModel.take_effect`).

``BTRModel(config, seed)`` does all of set-up, warm-up and start, so a Mesa user's first
``step()`` is month 1 under the scenario's rules. Runs that share their warm-up (same world,
warm-up rules and length, same seed) can be started from one warmed-up model
(``BTRModel(config, seed, start=False)``), copied: :mod:`btr_sim.experiments.worker` does so.
"""

from __future__ import annotations

from typing import Any

import mesa
import numpy as np

from btr_sim.config import RULE_KEYS, Rules, Scenario
from btr_sim.core.accountability import Accountability
from btr_sim.core.agents import Cadre, CadreState, Citizen, Supervisor
from btr_sim.core.events import EventKind, EventLog
from btr_sim.core.followup import FollowUp
from btr_sim.core.incidents import IncidentKind, IncidentProcess
from btr_sim.core.metrics import SERIES
from btr_sim.core.news import NewsDesk
from btr_sim.core.population import CitizenPopulation
from btr_sim.core.posts import Posts
from btr_sim.core.randomness import substreams
from btr_sim.loading import resolve_run
from btr_sim.rules import ReinstatementPolicy, make_procedure, make_standard

__all__ = ["BTRModel"]


class BTRModel(mesa.Model):
    """Blame-taking resignation of leading cadres, one step per month.

    Parameters
    ----------
    config
        The scenario: a :class:`~btr_sim.config.Scenario`, a mapping of overrides of the
        defaults, the path of a scenario file, or None for the defaults (the status quo).
    seed, rng
        The run's seed (``rng`` is Mesa's name for it; give one of them): a whole number, a
        numpy integer or Generator, or None for a fresh seed, recorded as :attr:`seed`. Every
        random number of the run comes from it, through the named substreams of
        :mod:`btr_sim.core.randomness`.
    start
        Whether the scenario's rules take effect at once, after the warm-up (the default). With
        ``False`` the model stops at the end of its warm-up; :meth:`start` then puts a
        scenario's rules in force (any scenario with the same warm-up).
    **parameters
        Overrides of single parameters, as Mesa's ``batch_run`` and ``SolaraViz`` pass them:
        ``transparency=0.8``, ``**{"procedure.rule": "formal"}`` or ``procedure__rule=...``
        (see :func:`btr_sim.loading.resolve_run`).

    Attributes
    ----------
    config : Scenario
        The validated scenario, with the rules in force (those of the warm-up until the model
        starts, those of the timeline's last change after it). Mesa reserves
        ``model.scenario`` for its own use.
    run_config : Scenario or None
        The scenario as the run started it, its own rules those of month 0 (None until then):
        what the run's outcomes are measured against.
    month : int
        The month: negative during the warm-up, 0 when the scenario's rules take effect.
    started : bool
        Whether the scenario's rules have taken effect (month 0 and after).
    seed : int
        The run's seed: ``BTRModel(config, seed=model.seed)`` runs the same again.
    events : EventLog
        Every incident, decision, removal, reinstatement and change of rules from month 0.
    citizens : CitizenPopulation
        The citizens' state as arrays; ``agents_by_type[Citizen]`` gives per-citizen views.
    supervisors : list of Supervisor
        By index.
    posts : Posts
        The posts: their supervisors, holders and vacancies.
    accountability : Accountability
        The incidents and the accountability that follows them (steps 2 and 5).
    followup : FollowUp
        Removed cadres and their reinstatement (steps 3 and 4).
    datacollector : mesa.DataCollector
        The monthly series of :data:`btr_sim.core.metrics.SERIES`, month 0 included (made when
        the model starts).
    """

    def __init__(
        self,
        config: Any = None,
        seed: Any = None,
        *,
        rng: Any = None,
        start: bool = True,
        **parameters: Any,
    ) -> None:
        scenario, seed = resolve_run(config, parameters, seed=seed, rng=rng)
        super().__init__(rng=seed)
        self.seed = seed
        self.streams = substreams(seed)
        self.month = -scenario.warmup_months
        self.started = False
        self.run_config: Scenario | None = None
        self.events = EventLog()
        # The world is set up and warmed up under the rules of the warm-up: every scenario
        # with the same world and warm-up starts month 0 in the same state.
        self.config = scenario.with_rules(scenario.warmup_rules)
        self._set_up()
        self._warm_up()
        if start:
            self.start(scenario)

    def _set_up(self) -> None:
        """Supervisors, posts, citizens and the first cadres (ODD section 5)."""
        cfg = self.config
        world = cfg.world
        setup = self.streams["setup"]

        # Each supervisor's leaning is its own, whatever the standards rule: drawn always,
        # so that the set-up stream is the same under every rule set.
        leanings = setup.standard_normal(world.n_supervisors)
        self.standard = make_standard(cfg.standards, leanings)
        self.procedure = make_procedure(cfg.procedure, cfg.power_restriction)
        self.reinstatement = ReinstatementPolicy(
            cfg.reinstatement, cfg.power_restriction, cfg.transparency
        )

        # Supervisors and the posts under them.
        self.supervisors = [
            Supervisor(self, k, float(leanings[k]), self.standard.threshold(k))
            for k in range(world.n_supervisors)
        ]
        self.posts = Posts(world.n_supervisors, world.posts_per_supervisor)

        self.news = NewsDesk(world.n_posts, cfg.news.media_reach)
        self.citizens = CitizenPopulation(cfg, setup)
        self.citizens.public_incidents = self.posts.public_incidents  # the holder's record
        Citizen.populate(self, len(self.citizens))

        # Removed cadres, and incidents with what follows them.
        self.followup = FollowUp(
            self.reinstatement,
            self.posts,
            self.supervisors,
            self.news,
            cfg.news,
            self.events,
            self.streams["reinstatement"],
        )
        self.incident_process = IncidentProcess(cfg, self.streams["incidents"])
        self.accountability = Accountability(
            cfg,
            posts=self.posts,
            supervisors=self.supervisors,
            procedure=self.procedure,
            standard=self.standard,
            incident_process=self.incident_process,
            citizens=self.citizens,
            news=self.news,
            events=self.events,
            followup=self.followup,
            streams=self.streams,
        )

        self.fill_vacancies(appoint_from=setup)

    def _warm_up(self) -> None:
        """Run the months of the warm-up; forget their events (the run's log starts at 0)."""
        while self.month < 0:
            # The schedule itself, not Mesa's step(): Mesa counts steps and advances its clock
            # for the months of the run only, so that its first step is month 1.
            BTRModel.step(self)
        self.events.clear()

    def start(self, scenario: Scenario) -> BTRModel:
        """Put ``scenario``'s rules in force: month 0 of the run. Returns the model.

        Raises
        ------
        RuntimeError
            If the model has started already.
        ValueError
            If ``scenario`` has another warm-up than the one the model ran (another world,
            warm-up rules or length).
        """
        if self.started:
            raise RuntimeError("the model has started already")
        if scenario.warmup_key() != self.config.warmup_key():
            raise ValueError(
                f"scenario {scenario.name!r} has another world or warm-up than the one this "
                "model was warmed up for"
            )
        # The run's scenario (its horizon, timeline and scripted incidents), the warm-up's
        # rules still in force until its own take effect.
        self.config = scenario.with_rules(self.config.rules)
        self.run_config = scenario
        self.started = True
        self.take_effect(scenario.rules, scenario.name)
        self.datacollector = mesa.DataCollector(model_reporters=dict(SERIES))
        self.datacollector.collect(self)
        return self

    def take_effect(self, rules: Rules, name: str) -> None:
        """Make ``rules`` the rules in force from this month on, and log the change.

        Used when the scenario's rules take effect (month 0) and for every change of its
        timeline. Only the rule objects whose rules changed are rebuilt; a supervisor keeps its
        leaning under new standards. Work in progress stays under the rules that began it: a
        removed cadre under the reinstatement policy of its removal
        (:mod:`btr_sim.core.followup`), an open investigation under the procedure that opened
        it (:mod:`btr_sim.core.accountability`).

        Parameters
        ----------
        rules
            The complete rule set (a :class:`~btr_sim.config.Rules` or a timeline's
            :class:`~btr_sim.config.RuleChange`).
        name
            Its name, recorded in the ``rule`` column of the ``rules`` event.
        """
        old, new = self.config, self.config.with_rules(rules)
        changed = {key for key in RULE_KEYS if getattr(old, key) != getattr(new, key)}
        self.config = new
        if "standards" in changed:
            leanings = np.array([s.leaning for s in self.supervisors])
            self.standard = make_standard(new.standards, leanings)
            for supervisor in self.supervisors:
                supervisor.threshold = self.standard.threshold(supervisor.index)
        if changed & {"procedure", "power_restriction"}:
            self.procedure = make_procedure(new.procedure, new.power_restriction)
        if changed & {"reinstatement", "power_restriction", "transparency"}:
            self.reinstatement = ReinstatementPolicy(
                new.reinstatement, new.power_restriction, new.transparency
            )
        self.followup.policy = self.reinstatement
        self.accountability.adopt(new, self.procedure, self.standard)
        self.incident_process.adopt(new)
        self.citizens.adopt(new)
        self.events.record(self.month, EventKind.RULES, rule=name)

    @property
    def rule_changes(self) -> list[tuple[int, str]]:
        """The months and names of the changes of rules of the scenario's timeline.

        Empty before the scenario's rules have taken effect (during the warm-up).
        """
        return self.run_config.rule_changes() if self.run_config is not None else []

    # -- the schedule -------------------------------------------------------------------------

    def step(self) -> None:
        """One month, in the order of ODD section 3 (process overview and scheduling).

        Changes of rules come first, so that everything of their month happens under them;
        decisions come before appointments so that a vacancy is filled the month it opens;
        incidents come after appointments so that every post has a holder when they strike;
        citizens hear the month's news last, so the public pressure they voice is what
        cadres and supervisors see when they decide next month.
        """
        self.month += 1
        self.events.start_month()
        self.follow_timeline()  # 0. the timeline's change of rules of this month takes effect
        self.rotate_cadres()  # 1. rotation/retirement; integrity grows in office
        self.accountability.hold_to_account(self.month)  # 2. blame-taking, cases, sanctions
        self.followup.review(self.month)  # 3. discovery of quiet returns; reinstatement
        self.fill_vacancies()  # 4. reinstated cadres first, then new appointees
        self.generate_incidents()  # 5. exposure of cover-ups; new incidents and disclosure
        self.inform_citizens()  # 6. citizens hear the news: trust, voice
        self.observe()  # 7. monthly series (from month 1; none during the warm-up)
        if self.month >= self.config.months:
            self.running = False

    def run(self) -> BTRModel:
        """Run to the configured horizon and return the model."""
        while self.running and self.month < self.config.months:
            self.step()
        return self

    # -- 0. the timeline -----------------------------------------------------------------------

    def follow_timeline(self) -> None:
        """Put in force the timeline's change of rules due this month, if there is one."""
        for change in self.config.timeline:
            if change.month == self.month:
                self.take_effect(change, change.name)

    # -- 1. rotation ---------------------------------------------------------------------------

    def rotate_cadres(self) -> None:
        """Ordinary rotation or retirement, and the yearly growth of integrity in office."""
        posts = self.posts
        u = self.streams["turnover"].random(len(posts))  # fixed size: aligned streams
        for post in np.flatnonzero(u < self.config.cadres.turnover_rate):
            cadre = posts.holders[post]
            if cadre is not None:
                self.events.record(
                    self.month,
                    EventKind.RETIREMENT,
                    post=int(post),
                    cadre=cadre.unique_id,
                    supervisor=int(posts.supervisor[post]),
                    rule="turnover",
                )
                posts.vacate(cadre, CadreState.RETIRED)
        growth = self.config.ethics.integrity_growth_per_year
        if growth > 0 and self.month % 12 == 0:
            posts.grow_integrity(growth)

    # -- 4. appointments -----------------------------------------------------------------------

    def fill_vacancies(self, appoint_from: np.random.Generator | None = None) -> None:
        """Fill every vacant post: cadres approved for reinstatement first, then new ones."""
        rng = appoint_from if appoint_from is not None else self.streams["appointments"]
        for post in self.posts.take_vacancies():
            if self.followup.approved:
                self.followup.reinstate(post, self.month)
            else:
                self.appoint(self.new_cadre(rng), post)

    def new_cadre(self, rng: np.random.Generator) -> Cadre:
        """A newly appointed cadre with traits drawn from the configured distributions."""
        traits = self.config.cadres
        shift = self.config.ethics.integrity_shift
        return Cadre(
            self,
            integrity=float(rng.beta(*traits.integrity.ab(shift))),
            competence=float(rng.beta(*traits.competence.ab())),
            ambition=float(rng.beta(*traits.ambition.ab())),
            connection=float(rng.beta(*traits.connection.ab())),
        )

    def appoint(self, cadre: Cadre, post: int) -> None:
        """Seat a newly appointed ``cadre`` in the vacant ``post``."""
        self.posts.seat(cadre, post)
        self.events.record(
            self.month,
            EventKind.APPOINTMENT,
            post=post,
            cadre=cadre.unique_id,
            supervisor=int(self.posts.supervisor[post]),
        )

    # -- 5. incidents --------------------------------------------------------------------------

    def generate_incidents(self) -> None:
        """Exposure of earlier cover-ups, then this month's random and scripted incidents."""
        self.accountability.expose_hidden(self.month)
        process = self.incident_process
        draws = process.draw()
        accidents, misconduct = process.occurrences(draws, self.posts.integrity)
        for row, (kind, struck) in enumerate(
            ((IncidentKind.ACCIDENT, accidents), (IncidentKind.MISCONDUCT, misconduct))
        ):  # the row of the month's draws that each kind uses
            for post in struck:
                self.accountability.open_incident(self.month, int(post), kind, draws, row)
        for scripted in process.scripted(self.month):
            self.accountability.open_scripted_incident(self.month, scripted)

    # -- 6. citizens ---------------------------------------------------------------------------

    def inform_citizens(self) -> None:
        """Citizens hear the month's news: all at once, or each in its own ``step()``.

        The per-agent path (``citizens.implementation: agents``) is the reference statement
        of the citizen rules; both read who hears which items from elsewhere from one draw
        for the whole population (``CitizenPopulation.listen``), so both give the same results.
        """
        bulletin = self.news.bulletin()
        if self.config.citizens.implementation == "agents":
            self.citizens.listen(bulletin, self.streams["citizens"])  # who hears what
            self.agents_by_type[Citizen].do("step")
            self.citizens.bulletin = None
            self.citizens.tally()
        else:
            self.citizens.hear(bulletin, self.streams["citizens"])

    # -- 7. observation ------------------------------------------------------------------------

    def observe(self) -> None:
        """Record the month's series once the run has started (month 0 is recorded by start)."""
        if self.started:
            self.datacollector.collect(self)
