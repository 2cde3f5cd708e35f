"""The scenario configuration: one typed, validated source of truth for every parameter.

Every field carries its unit, its ODD symbol where it has one, and its source (a rule or a
study of ``docs/sources.md``, or ``free`` where no number exists). The defaults describe the
*status quo* as the thesis and the 2014 Beijing News tally describe practice: disunified
standards, informal procedure, lax and quiet reinstatement, low transparency. A scenario file
holds only overrides of these defaults (see :mod:`btr_sim.loading`).

``docs/ODD.md`` carries a table of every leaf field (``btr-sim params`` prints it); a test
checks that table against this module so that the two cannot drift apart.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "DEFAULT_WARMUP_MONTHS",
    "RULE_KEYS",
    "BetaTrait",
    "CadreTraits",
    "CentralTrust",
    "Citizens",
    "Ethics",
    "Incidents",
    "News",
    "Procedure",
    "Reinstatement",
    "RuleChange",
    "Rules",
    "Scenario",
    "ScriptedIncident",
    "Standards",
    "Supervisors",
    "World",
]


def param(
    default: Any,
    description: str,
    *,
    unit: str = "-",
    source: str = "free",
    symbol: str | None = None,
    allowed: str | None = None,
    **bounds: Any,
) -> Any:
    """Declare a documented parameter.

    Parameters
    ----------
    default
        The default value (the status quo).
    description
        What the parameter means, in one sentence.
    unit
        Its unit (``-`` for dimensionless, ``1/month`` for a monthly hazard, ...).
    source
        Where the default comes from: a rule or study of ``docs/sources.md``, or ``free``.
    symbol
        The ODD symbol, where the ODD's equations use one.
    allowed
        What the parameter allows, in words, where its type does not say it plainly.
    **bounds
        Pydantic constraints such as ``ge``, ``le``, ``gt``.
    """
    extra = {"unit": unit, "source": source}
    if symbol:
        extra["symbol"] = symbol
    if allowed:
        extra["allowed"] = allowed
    return Field(default, description=description, json_schema_extra=extra, **bounds)


class Section(BaseModel):
    """Base of every configuration section: unknown keys are refused, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True)


class BetaTrait(Section):
    """A trait in (0, 1) drawn from a Beta distribution given by its mean and concentration."""

    mean: float = param(0.5, "Mean of the trait.", gt=0, lt=1)
    concentration: float = param(
        6.0, "Beta concentration a + b: higher means less spread.", gt=0, le=1e4
    )

    def ab(self, shift: float = 0.0) -> tuple[float, float]:
        """Return Beta parameters (a, b), the mean shifted by ``shift`` and kept inside (0, 1)."""
        mean = min(max(self.mean + shift, 1e-3), 1 - 1e-3)
        return mean * self.concentration, (1 - mean) * self.concentration


def trait(mean: float, concentration: float, description: str) -> Any:
    """A :class:`BetaTrait` field with its default mean and concentration."""
    return Field(
        default_factory=lambda: BetaTrait(mean=mean, concentration=concentration),
        description=description,
    )


class World(Section):
    """Size of the simulated administration."""

    n_supervisors: int = param(
        10, "Supervising bodies (superior Party/government organs).", ge=1, le=100_000
    )
    posts_per_supervisor: int = param(
        10, "Leading posts (jurisdictions) under each supervisor.", ge=1, le=100_000
    )
    citizens_per_post: int = param(
        100, "Resident citizens of each post's jurisdiction.", ge=1, le=100_000
    )

    @property
    def n_posts(self) -> int:
        """Number of posts."""
        return self.n_supervisors * self.posts_per_supervisor

    @property
    def n_citizens(self) -> int:
        """Number of citizens."""
        return self.n_posts * self.citizens_per_post


class CadreTraits(Section):
    """Leading cadres: traits of appointees and the terms of their resignation decision."""

    integrity: BetaTrait = trait(0.5, 6.0, "Integrity (moral level) of newly appointed cadres")
    competence: BetaTrait = trait(0.5, 6.0, "Competence of new cadres (less negligence)")
    ambition: BetaTrait = trait(0.6, 6.0, "Ambition (career attachment) of new cadres")
    connection: BetaTrait = trait(0.4, 4.0, "Patronage tie of new cadres to the supervisor")
    turnover_rate: float = param(
        1 / 60,
        "Monthly hazard of ordinary rotation or retirement (a 5-year term).",
        unit="1/month",
        source="5-year term of leading posts",
        symbol="h_turn",
        ge=0,
        le=1,
    )
    moral_weight: float = param(
        0.38,
        "Weight of the moral cost of staying: moral_weight x integrity x culpability x severity.",
        source="calibrated: docs/validation.md",
        symbol="w_m",
        ge=0,
        le=100,
    )
    stigma: float = param(
        0.00766,
        "Cost of being forced out, beyond the career loss (disgrace of an order or dismissal).",
        source="calibrated: docs/validation.md",
        symbol="k_s",
        ge=0,
        le=10,
    )
    resignation_cost: float = param(
        0.584,
        "Career value lost by any removal even if reinstated (status, face, a lower grade).",
        source="calibrated: docs/validation.md",
        symbol="k_r",
        ge=0,
        le=10,
    )
    career_horizon_months: int = param(
        60,
        "Months over which a cadre values a career; a cooling-off of this length costs it fully.",
        unit="month",
        symbol="H",
        ge=1,
        le=600,
    )
    record_weight: float = param(
        0.3,
        "Weight of the cadre's record in its expected chance of being forced out: each earlier "
        "call to account (a public incident answered in office) multiplies the chance of "
        "keeping the post by exp(-record_weight).",
        source="free",
        symbol="w_cr",
        ge=0,
        le=10,
    )
    decision_noise: float = param(
        0.11,
        "Logit scale of the resignation choice (0 would be a sharp threshold).",
        source="calibrated: docs/validation.md",
        symbol="tau",
        gt=0,
        le=10,
    )


class Supervisors(Section):
    """Supervisors: how they weigh a cadre's record."""

    record_weight: float = param(
        0.1,
        "Push of the cadre's record on the supervisor's finding of culpability: "
        "record_weight x k / (1 + k), k the culpable findings on record before this incident; "
        "the same record slows a return (hazard x exp(-record_weight x earlier removals)).",
        source="free",
        symbol="w_sr",
        ge=0,
        le=1,
    )


class Ethics(Section):
    """Moral layer: cadres' moral level and administrative ethics."""

    integrity_shift: float = param(
        0.0,
        "Shift of the mean integrity of newly appointed cadres (training, selection).",
        symbol="d_I",
        ge=-0.5,
        le=0.5,
    )
    integrity_growth_per_year: float = param(
        0.0,
        "Share of the gap to full integrity that a cadre in office closes each year.",
        unit="1/year",
        symbol="g_I",
        ge=0,
        le=1,
    )


class ScriptedIncident(Section):
    """An incident placed by hand, for replaying a typical case."""

    month: int = param(1, "Month in which the incident occurs.", unit="month", ge=1)
    post: int = param(0, "Index of the post where it occurs.", ge=0)
    severity: float = param(1.0, "Severity (1 = the lower bound of the grave band).", gt=0, le=1e6)
    kind: Literal["accident", "misconduct"] = param("accident", "Accident/disaster or misconduct.")
    culpability: float | None = param(
        None, "The cadre's culpability; drawn as for a random incident when omitted.", ge=0, le=1
    )
    concealed: bool = param(False, "Whether the incident is concealed at first.")
    exposed_after_months: int | None = param(
        None,
        "Months after which a concealed incident is exposed; random exposure when omitted.",
        unit="month",
        ge=1,
    )
    reach: float = param(
        1.0, "Multiplier of the media reach beyond the jurisdiction.", ge=0, le=1e6
    )
    response: Literal["rules", "resign", "stay"] = param(
        "rules", "The cadre's response: as the rules decide, or fixed to resign or to stay."
    )
    label: str = param("", "A name for the case, carried into the event log.")

    @model_validator(mode="after")
    def _exposure_needs_concealment(self) -> ScriptedIncident:
        if self.exposed_after_months is not None and not self.concealed:
            raise ValueError("exposed_after_months is only allowed with concealed: true")
        return self


class Incidents(Section):
    """Incidents: their rates, severity, concealment and exposure."""

    accident_rate: float = param(
        0.01,
        "Monthly chance of an accident or disaster in a post.",
        unit="1/month",
        symbol="r_a",
        ge=0,
        le=1,
    )
    misconduct_rate: float = param(
        0.00989,
        "Monthly chance of misconduct by a cadre of integrity 0 (scaled by 1 - integrity).",
        unit="1/month",
        source="calibrated: docs/validation.md",
        symbol="r_m",
        ge=0,
        le=1,
    )
    misconduct_restraint: float = param(
        0.6,
        "Share of misconduct that full power restriction prevents.",
        symbol="k_pr",
        ge=0,
        le=1,
    )
    severity_median: float = param(
        0.2,
        "Median of the lognormal severity (1 = lower bound of the grave band).",
        symbol="s_med",
        gt=0,
        le=100,
    )
    severity_sigma: float = param(
        1.0,
        "Log-scale spread of severity (heavy tail).",
        symbol="sigma_s",
        ge=0,
        le=5,
    )
    grave_severity: float = param(
        1.0,
        "Severity from which an incident counts as grave.",
        symbol="s_grave",
        gt=0,
        le=1e6,
    )
    concealment_propensity: float = param(
        0.5,
        "Chance that a cadre of integrity 0 tries to conceal an incident (x (1 - integrity)).",
        symbol="k_c",
        ge=0,
        le=1,
    )
    visibility_scale: float = param(
        1.0,
        "Severity scale at which an incident becomes hard to hide even without transparency.",
        symbol="s_vis",
        gt=0,
        le=1e6,
    )
    exposure_base: float = param(
        0.02,
        "Monthly chance that a concealed incident is exposed with transparency 0.",
        unit="1/month",
        symbol="e_0",
        ge=0,
        le=1,
    )
    exposure_transparency: float = param(
        0.10,
        "Added monthly chance of exposure at transparency 1.",
        unit="1/month",
        symbol="e_T",
        ge=0,
        le=1,
    )
    exposure_window_months: int = param(
        60,
        "Months after which a concealed incident stays hidden for good.",
        unit="month",
        ge=1,
        le=1200,
    )
    scripted: tuple[ScriptedIncident, ...] = param((), "Incidents placed by hand (case replays).")

    @model_validator(mode="after")
    def _exposure_chance_bounded(self) -> Incidents:
        if self.exposure_base + self.exposure_transparency > 1:
            raise ValueError("exposure_base + exposure_transparency must not exceed 1")
        return self


class Standards(Section):
    """Legal layer: the standard that says when a cadre must take the blame."""

    rule: Literal["unified", "disunified"] = param(
        "disunified",
        "One threshold everywhere, or each supervisor its own.",
        source="thesis: disunity of standards",
    )
    severity_threshold: float = param(
        0.397,
        "Severity at or above which a culpable cadre should resign.",
        source="calibrated: docs/validation.md",
        symbol="theta",
        gt=0,
        le=1e6,
    )
    culpability_bar: float = param(
        0.5,
        "Culpability that counts as principal leadership responsibility.",
        symbol="c_bar",
        source="2004 Provisions art. 15: principal leadership responsibility",
        gt=0,
        le=1,
    )
    dispersion: float = param(
        0.5,
        "Spread (sd of the log) of supervisors' own thresholds when disunified.",
        symbol="sigma_theta",
        ge=0,
        le=5,
    )
    apology_fraction: float = param(
        0.4,
        "Share of the threshold from which a culpable cadre must at least apologise publicly.",
        source="2009 Provisions: graded sanctions",
        symbol="a_apol",
        ge=0,
        le=1,
    )
    dismissal_multiple: float = param(
        3.0,
        "Multiple of the threshold from which an accident leads to dismissal, not resignation.",
        source="2009 Provisions: graded sanctions",
        symbol="m_dis",
        ge=1,
        le=1e3,
    )


class Procedure(Section):
    """Legal layer: how culpability is established before a sanction."""

    rule: Literal["formal", "informal"] = param(
        "informal",
        "Formal investigation, or an immediate decision.",
        source="thesis: lack of procedure",
    )
    investigation_months: int = param(
        2,
        "Length of a formal investigation.",
        unit="month",
        source="2004 Provisions: 15 days to file, 1 month review",
        ge=1,
        le=60,
    )
    formal_error_sd: float = param(
        0.05,
        "Error (sd) of the culpability a formal investigation finds.",
        symbol="e_f",
        ge=0,
        le=2,
    )
    informal_error_sd: float = param(
        0.181,
        "Error (sd) of the culpability an informal decision assumes.",
        source="calibrated: docs/validation.md",
        symbol="e_i",
        ge=0,
        le=2,
    )
    pressure_weight: float = param(
        0.125,
        "Informal: how far public pressure raises the assumed culpability.",
        source="calibrated: docs/validation.md",
        symbol="w_p",
        ge=0,
        le=10,
    )
    connection_weight: float = param(
        1.28,
        "Informal: how far the cadre's patronage tie lowers the assumed culpability.",
        source="calibrated: docs/validation.md",
        symbol="w_c",
        ge=0,
        le=10,
    )
    concealment_aggravation: float = param(
        1.5,
        "Severity multiplier for an incident the cadre concealed, once exposed.",
        source="2009 Provisions: concealment punished more heavily",
        ge=1,
        le=100,
    )


class Reinstatement(Section):
    """Legal layer: follow-up management of removed cadres (复出)."""

    cooling_off_months: int = param(
        0,
        "Months after removal before reinstatement may be considered.",
        unit="month",
        source="status quo: Yang Cunhu reinstated after 2 months; 2009/2014 rules: 12",
        ge=0,
        le=600,
    )
    evaluation: Literal["none", "merit"] = param(
        "none",
        "No evaluation (patronage decides), or merit bars on culpability and integrity.",
    )
    disclosure: Literal["quiet", "public"] = param(
        "quiet",
        "Whether a reinstatement is announced.",
        source="Beijing News 2014: none of 29 reinstatements announced",
    )
    monthly_hazard: float = param(
        0.128,
        "Base monthly chance that an eligible removed cadre is reinstated.",
        unit="1/month",
        source="calibrated: docs/validation.md",
        symbol="h_r",
        ge=0,
        le=1,
    )
    connection_weight: float = param(
        1.03,
        "Without evaluation: hazard multiplier 1 + weight x connection x (1 - power_restriction).",
        source="calibrated: docs/validation.md",
        symbol="w_rc",
        ge=0,
        le=100,
    )
    misconduct_factor: float = param(
        0.0461,
        "Hazard multiplier for cadres removed over misconduct.",
        source="calibrated: docs/validation.md",
        ge=0,
        le=1,
    )
    merit_culpability_bar: float = param(
        0.8,
        "Merit evaluation: only cadres whose culpability on record is below this return "
        "(principal wrongdoers never do).",
        ge=0,
        le=1,
    )
    merit_integrity_bar: float = param(
        0.5,
        "Merit evaluation: only cadres at least this honest return.",
        ge=0,
        le=1,
    )
    require_public_calm: bool = param(
        False,
        "Reinstate only where public pressure in the former post has calmed.",
        source="2014 Regulations: re-appointment must not trigger new conflicts",
    )
    calm_pressure_ratio: float = param(
        1.0,
        "Public calm: the former post's pressure is at most this multiple of the mean pressure "
        "across posts (it has returned to normal).",
        source="2014 Regulations: re-appointment must not trigger new conflicts",
        ge=0,
        le=100,
    )
    return_window_months: int = param(
        15,
        "Months after the cooling-off during which a removed cadre may return; then it leaves "
        "public life for good.",
        unit="month",
        source="calibrated: docs/validation.md",
        ge=1,
        le=1200,
    )
    discovery_base: float = param(
        0.05,
        "Monthly chance that the media find out a quiet reinstatement at transparency 0.",
        unit="1/month",
        source="Beijing News 2014: all 29 surfaced through the media",
        ge=0,
        le=1,
    )
    discovery_transparency: float = param(
        0.15,
        "Added monthly chance of that discovery at transparency 1.",
        unit="1/month",
        ge=0,
        le=1,
    )
    backlash_tolerance: float = param(
        0.2,
        "Public pressure in the post, the month after a quiet reinstatement is found out, above "
        "which the supervisor reverses it (pressure: participation x share voicing).",
        source="free: twice the status quo's mean post pressure (about 0.1); checked against "
        "Beijing News 2014: 2 of 29 removed again",
        symbol="theta_b",
        ge=0,
        le=100,
    )
    calm_weight: float = param(
        1.0,
        "How strongly the former post's public pressure holds a return back: hazard x "
        "exp(-calm_weight x pressure in the post / mean pressure across posts).",
        source="free",
        symbol="w_calm",
        ge=0,
        le=100,
    )

    @model_validator(mode="after")
    def _discovery_chance_bounded(self) -> Reinstatement:
        if self.discovery_base + self.discovery_transparency > 1:
            raise ValueError("discovery_base + discovery_transparency must not exceed 1")
        return self


class CentralTrust(Section):
    """Citizens' trust in the centre (supervisors and above): the second level of credibility.

    The centre's news is the accountability record that citizens read (ODD 7.7): each event
    about an incident moves central trust by its own response, per unit of the incident's
    severity, through the same loss and gain weights as local trust. Removals that a superior
    orders raise it (the superior corrects); incidents, cover-ups found out and quiet returns
    found out lower it.
    """

    initial_trust: BetaTrait = trait(0.7, 10.0, "Citizens' trust in the centre at month 0")
    baseline_trust: float = param(
        0.595,
        "Level to which trust in the centre regresses without news.",
        symbol="T_0c",
        source="calibrated: docs/validation.md",
        ge=0,
        le=1,
    )
    regression_rate: float = param(
        0.0226,
        "Monthly share of the gap to the central baseline that trust in the centre closes.",
        unit="1/month",
        symbol="rho_c",
        ge=0,
        le=1,
        source="calibrated: docs/validation.md",
    )
    incident: float = param(
        0.736,
        "Bad news for the centre of a public incident (disclosed or exposed).",
        symbol="c_inc",
        source="calibrated: docs/validation.md",
        ge=0,
        le=100,
    )
    coverup: float = param(
        0.3,
        "Extra bad news for the centre when a cover-up comes out.",
        symbol="c_cov",
        ge=0,
        le=100,
    )
    removal: float = param(
        0.8,
        "Good news for the centre when a superior orders a removal (ordered resignation, "
        "dismissal).",
        symbol="c_rem",
        source="free; González-Bustamante 2025: dismissals raise approval",
        ge=0,
        le=100,
    )
    resignation: float = param(
        1.51,
        "Good news for the centre of a blame-taking resignation.",
        symbol="c_res",
        source="calibrated: docs/validation.md",
        ge=0,
        le=100,
    )
    reinstatement: float = param(
        0.3,
        "Bad news for the centre of an announced reinstatement (times the merit factor after "
        "a merit evaluation).",
        symbol="c_rei",
        ge=0,
        le=100,
    )
    backlash: float = param(
        0.8,
        "Bad news for the centre when a quiet reinstatement is discovered.",
        symbol="c_bl",
        ge=0,
        le=100,
    )
    reversal: float = param(
        0.6,
        "Good news for the centre when a discovered reinstatement is reversed.",
        symbol="c_rev",
        ge=0,
        le=100,
    )


class Citizens(Section):
    """Citizens: trust in the local government (the post) and in the centre, attention, voice.

    The fields at this level are the local level's (``credibility`` is its mean); ``central``
    holds the centre's own baseline, regression and responses.
    """

    implementation: Literal["vectorized", "agents"] = param(
        "vectorized",
        "How the citizens' monthly update is computed: all at once on arrays (vectorized), or "
        "each Citizen in its own step() (agents, the slow reference path; identical results).",
    )
    initial_trust: BetaTrait = trait(0.6, 10.0, "Citizens' trust in government at month 0")
    baseline_trust: float = param(
        0.7,
        "Level to which trust regresses without news.",
        symbol="T_0",
        source="free; Li 2016: local trust below central",
        ge=0,
        le=1,
    )
    regression_rate: float = param(
        0.02,
        "Monthly share of the gap to the baseline that trust closes.",
        unit="1/month",
        symbol="rho",
        ge=0,
        le=1,
    )
    social_influence: float = param(
        0.05,
        "Monthly share of the gap to the jurisdiction's mean trust that trust closes.",
        unit="1/month",
        symbol="sigma",
        ge=0,
        le=1,
    )
    loss_weight: float = param(
        0.6,
        "Largest share of trust that bad news can take in a month.",
        symbol="lambda_-",
        source="free; Slovic 1993: losses weigh more",
        ge=0,
        le=1,
    )
    gain_weight: float = param(
        0.25,
        "Largest share of distrust that good news can take back in a month.",
        symbol="lambda_+",
        source="free; Slovic 1993: gains weigh less",
        ge=0,
        le=1,
    )
    attention: BetaTrait = trait(0.3, 4.0, "Citizens' attention to news from other posts")
    propensity: BetaTrait = trait(0.3, 3.0, "Citizens' propensity to voice complaints")
    voice_threshold: float = param(
        0.15,
        "A citizen voices a complaint when (1 - trust) x propensity exceeds this.",
        symbol="v",
        source="free; after Epstein 2002's threshold",
        ge=0,
        le=1,
    )
    repeat_weight: float = param(
        0.5,
        "Rise of a post's public pressure with each public incident under its holder beyond "
        "the first: pressure x (1 + repeat_weight x repeats).",
        source="free",
        symbol="w_rep",
        ge=0,
        le=10,
    )
    # Trust in the centre (supervisors and above), the second level: ODD 7.7.
    central: CentralTrust = Field(default_factory=CentralTrust)


class News(Section):
    """How strongly each kind of news moves trust (magnitudes per unit severity)."""

    incident: float = param(1.0, "Bad news of a public incident.", symbol="m_inc", ge=0, le=100)
    coverup_penalty: float = param(
        1.0,
        "Extra bad news when a cover-up comes out (added to the incident's).",
        symbol="m_cov",
        ge=0,
        le=100,
    )
    corrective: float = param(
        0.8,
        "Good news when a culpable cadre is held to account.",
        symbol="m_cor",
        source="Dewan & Dowding 2005: corrective effect",
        ge=0,
        le=100,
    )
    apology: float = param(0.3, "Good news of a public apology.", ge=0, le=100)
    impunity: float = param(
        1.0,
        "Bad news when citizens see a culpable cadre go unpunished.",
        symbol="m_imp",
        ge=0,
        le=100,
    )
    scapegoat: float = param(
        1.0,
        "Bad news when citizens see an innocent cadre forced out.",
        symbol="m_sca",
        ge=0,
        le=100,
    )
    reinstatement: float = param(
        0.5,
        "Bad news of an announced reinstatement without merit evaluation.",
        symbol="m_rei",
        ge=0,
        le=100,
    )
    merit_factor: float = param(
        0.2,
        "Share of that bad news left when the reinstatement passed a merit evaluation.",
        ge=0,
        le=1,
    )
    backlash: float = param(
        1.5,
        "Bad news when a quiet reinstatement is discovered.",
        symbol="m_bl",
        source="Beijing News 2014: reinstatements surfaced through the media",
        ge=0,
        le=100,
    )
    media_reach: float = param(
        0.2,
        "Expected share of attentive non-local citizens reached per unit severity.",
        symbol="r",
        ge=0,
        le=100,
    )


# -- rules and the world they act in ---------------------------------------------------------------

#: The rule keys: what a reform changes — the legal layer (standards, procedure,
#: reinstatement), the supporting systems (transparency, citizen participation, power
#: restriction) and the moral layer (ethics). Everything else of a scenario is the world the
#: rules act in (its size, cadres' traits and decision terms, incidents' rates, citizens' trust
#: dynamics, news magnitudes), which no change of rules touches.
RULE_KEYS: tuple[str, ...] = (
    "ethics",
    "standards",
    "procedure",
    "reinstatement",
    "transparency",
    "citizen_participation",
    "power_restriction",
)

#: The default warm-up: the smallest warm-up after which status-quo credibility at month 0 no
#: longer depends on the initial trust (``btr-sim warmup-check``; docs/ODD.md section 7.9).
DEFAULT_WARMUP_MONTHS = 144

# The supporting systems' levers, declared once for the scenario and for a rule set.
_TRANSPARENCY = param(
    0.2,
    "Disclosure of incidents, of the reasons for decisions and of reinstatements.",
    symbol="T",
    source="free; status quo low (thesis)",
    ge=0,
    le=1,
)
_CITIZEN_PARTICIPATION = param(
    0.2,
    "Effectiveness of the complaint channel: scales voice into public pressure.",
    symbol="P",
    source="free; status quo low (thesis)",
    ge=0,
    le=1,
)
_POWER_RESTRICTION = param(
    0.2,
    "Restriction of power: less misconduct, less protection by connection.",
    symbol="R",
    source="free; status quo low (thesis)",
    ge=0,
    le=1,
)


class Rules(Section):
    """A rule set: the value of every rule key (:data:`RULE_KEYS`), the defaults the status quo.

    A scenario holds its rules at its top level, as a scenario file writes them; a rule set
    apart from a scenario is what its warm-up runs under (``before:``) and what a change of its
    ``timeline:`` puts in force.
    """

    ethics: Ethics = Field(default_factory=Ethics)
    standards: Standards = Field(default_factory=Standards)
    procedure: Procedure = Field(default_factory=Procedure)
    reinstatement: Reinstatement = Field(default_factory=Reinstatement)
    transparency: float = _TRANSPARENCY
    citizen_participation: float = _CITIZEN_PARTICIPATION
    power_restriction: float = _POWER_RESTRICTION

    def rule_values(self) -> dict[str, Any]:
        """The rule keys and their values (sections as validated models)."""
        return {key: getattr(self, key) for key in RULE_KEYS}


class _WhenAndWhat(Section):
    """When a change of rules takes effect, and its name in the event log and figures."""

    month: int = param(..., "Month from which the rules are in force.", unit="month", ge=1)
    name: str = param("", "Name of the rule set, recorded with the change in the event log.")


class RuleChange(Rules, _WhenAndWhat):
    """A change of rules in a scenario's timeline: the complete rules in force from ``month``.

    A scenario file writes a change as ``{month: m, extends: FILE}`` (that file's rules),
    ``{month: m, <rule overrides>}`` (the rules in force until then, changed) or both; the
    loader (:func:`btr_sim.loading.load_scenario`) resolves it into the complete rule set.
    """


class Scenario(Section):
    """One scenario: the rule set, the countermeasures and the world they act in.

    The world first runs ``warmup_months`` months under the rules of ``before`` (the status
    quo unless told otherwise); then the scenario's own rules take effect, and that month is
    month 0 of every series, of the event log and of every outcome. The ``timeline`` changes
    the rules at later months.
    """

    name: str = param("status_quo", "Name of the scenario.")
    description: str = param("", "What the scenario represents.")
    months: int = param(240, "Horizon (one step is one month).", unit="month", ge=1, le=12_000)
    warmup_months: int = param(
        DEFAULT_WARMUP_MONTHS,
        "Months the world runs under the rules of `before` before the scenario's rules take "
        "effect (month 0).",
        unit="month",
        source="convergence check: docs/ODD.md section 7.9",
        ge=0,
        le=12_000,
    )
    before: Rules | None = param(
        Rules(),
        "The rules in force during the warm-up: the status quo (the defaults) unless a "
        "scenario file or rule overrides say otherwise; `own` for the scenario's own rules.",
        allowed="a scenario file, rule overrides (with or without extends: FILE), or own",
    )
    timeline: tuple[RuleChange, ...] = param(
        (),
        "Changes of rules at later months of the run, each the complete rules in force from "
        "its month.",
        allowed="a list of {month, extends: FILE and/or rule overrides}, months increasing "
        "within 1..months",
    )
    world: World = Field(default_factory=World)
    cadres: CadreTraits = Field(default_factory=CadreTraits)
    supervisors: Supervisors = Field(default_factory=Supervisors)
    ethics: Ethics = Field(default_factory=Ethics)
    incidents: Incidents = Field(default_factory=Incidents)
    standards: Standards = Field(default_factory=Standards)
    procedure: Procedure = Field(default_factory=Procedure)
    reinstatement: Reinstatement = Field(default_factory=Reinstatement)
    transparency: float = _TRANSPARENCY
    citizen_participation: float = _CITIZEN_PARTICIPATION
    power_restriction: float = _POWER_RESTRICTION
    citizens: Citizens = Field(default_factory=Citizens)
    news: News = Field(default_factory=News)

    @model_validator(mode="after")
    def _scripted_inside_world(self) -> Scenario:
        for i, inc in enumerate(self.incidents.scripted):
            if inc.post >= self.world.n_posts:
                raise ValueError(
                    f"incidents.scripted.{i}.post: {inc.post} is not a post; "
                    f"allowed 0..{self.world.n_posts - 1}"
                )
            if inc.month > self.months:
                raise ValueError(
                    f"incidents.scripted.{i}.month: {inc.month} is after the horizon "
                    f"(months: {self.months})"
                )
        return self

    @model_validator(mode="after")
    def _timeline_inside_horizon(self) -> Scenario:
        previous = 0
        for i, change in enumerate(self.timeline):
            if change.month <= previous:
                raise ValueError(
                    f"timeline.{i}.month: {change.month} does not come after the previous "
                    f"change (month {previous}); allowed {previous + 1}..{self.months}"
                )
            if change.month > self.months:
                raise ValueError(
                    f"timeline.{i}.month: {change.month} is after the horizon (months: "
                    f"{self.months}); allowed {previous + 1}..{self.months}"
                )
            previous = change.month
        return self

    # -- the rules in force ----------------------------------------------------------------------

    @property
    def rules(self) -> Rules:
        """The scenario's own rules: those in force from month 0."""
        return Rules(**{key: getattr(self, key) for key in RULE_KEYS})

    @property
    def warmup_rules(self) -> Rules:
        """The rules of the warm-up: ``before``, or the scenario's own (``before: own``)."""
        return self.before if self.before is not None else self.rules

    def with_rules(self, rules: Rules) -> Scenario:
        """The scenario with ``rules`` (a :class:`Rules` or a :class:`RuleChange`) in force."""
        return self.model_copy(update=rules.rule_values())

    def rule_changes(self) -> list[tuple[int, str]]:
        """The months and names of the timeline's changes of rules (after month 0)."""
        return [(change.month, change.name) for change in self.timeline]

    def warmup_key(self) -> str:
        """What determines the warm-up, as text: equal texts, identical warm-ups (same seed).

        The world (every parameter but the rule keys), the rules of the warm-up and its
        length. Left out: the name, description and horizon, the scenario's own rules and
        timeline, which take effect from month 0 on, and the scripted incidents, which happen
        from month 1 on.
        """
        world = self.model_dump(
            mode="json",
            exclude={"name", "description", "months", "before", "timeline", *RULE_KEYS},
        )
        world["incidents"].pop("scripted")
        world["warmup_rules"] = self.warmup_rules.model_dump(mode="json")
        return json.dumps(world, sort_keys=True, separators=(",", ":"))
