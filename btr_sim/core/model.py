"""The BTR model: cadres, supervisors and citizens reacting to incidents under a rule set."""

from __future__ import annotations

from typing import Any

import mesa
import numpy as np

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
    **parameters
        Overrides of single parameters, as Mesa's ``batch_run`` and ``SolaraViz`` pass them:
        ``transparency=0.8``, ``**{"procedure.rule": "formal"}`` or ``procedure__rule=...``
        (see :func:`btr_sim.loading.resolve_run`).

    Attributes
    ----------
    config : Scenario
        The validated scenario (Mesa reserves ``model.scenario`` for its own use).
    seed : int
        The run's seed: ``BTRModel(config, seed=model.seed)`` runs the same again.
    events : EventLog
        Every incident, decision, removal and reinstatement.
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
        The monthly series of :data:`btr_sim.core.metrics.SERIES`, month 0 included.
    """

    def __init__(
        self, config: Any = None, seed: Any = None, *, rng: Any = None, **parameters: Any
    ) -> None:
        config, seed = resolve_run(config, parameters, seed=seed, rng=rng)
        super().__init__(rng=seed)
        self.config = config
        self.seed = seed
        self.streams = substreams(seed)
        self.month = 0
        self.events = EventLog()
        cfg = self.config
        world = cfg.world
        setup = self.streams["setup"]

        # Rules, chosen by name from the configuration.
        self.standard = make_standard(cfg.standards, world.n_supervisors, setup)
        self.procedure = make_procedure(cfg.procedure, cfg.power_restriction)
        self.reinstatement = ReinstatementPolicy(
            cfg.reinstatement, cfg.power_restriction, cfg.transparency
        )

        # Supervisors and the posts under them.
        self.supervisors = [
            Supervisor(self, k, self.standard.threshold(k)) for k in range(world.n_supervisors)
        ]
        self.posts = Posts(world.n_supervisors, world.posts_per_supervisor)

        self.news = NewsDesk(world.n_posts, cfg.news.media_reach)
        self.citizens = CitizenPopulation(cfg, setup)
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
        self.datacollector = mesa.DataCollector(model_reporters=dict(SERIES))
        self.datacollector.collect(self)

    # -- the schedule -------------------------------------------------------------------------

    def step(self) -> None:
        """One month, in the order of ODD section 3 (process overview and scheduling).

        Decisions come before appointments so that a vacancy is filled the month it opens;
        incidents come after appointments so that every post has a holder when they strike;
        citizens hear the month's news last, so the public pressure they voice is what
        cadres and supervisors see when they decide next month.
        """
        self.month = self.steps
        self.events.start_month()
        self.rotate_cadres()  # 1. rotation/retirement; integrity grows in office
        self.accountability.hold_to_account(self.month)  # 2. blame-taking, cases, sanctions
        self.followup.review(self.month)  # 3. discovery of quiet returns; reinstatement
        self.fill_vacancies()  # 4. reinstated cadres first, then new appointees
        self.generate_incidents()  # 5. exposure of cover-ups; new incidents and disclosure
        self.inform_citizens()  # 6. citizens hear the news: trust, voice
        self.datacollector.collect(self)  # 7. monthly series
        if self.month >= self.config.months:
            self.running = False

    def run(self) -> BTRModel:
        """Run to the configured horizon and return the model."""
        while self.running and self.month < self.config.months:
            self.step()
        return self

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
        of the citizen rules; citizens step in index order, drawing from the ``citizens``
        stream in the order the vectorized update does, so both give the same results.
        """
        bulletin = self.news.bulletin()
        if self.config.citizens.implementation == "agents":
            self.citizens.bulletin = bulletin
            self.agents_by_type[Citizen].do("step")
            self.citizens.bulletin = None
            self.citizens.tally()
        else:
            self.citizens.hear(bulletin, self.streams["citizens"])
