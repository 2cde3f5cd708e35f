"""The facts catalogue: every fact the project uses, its rule set, observation, source, label.

A fact is something the sources observed (docs/sources.md) that the model can speak to. Each
carries

- its **measure**: a summary metric of one run (:data:`btr_sim.core.metrics.SUMMARY`) or a
  named function of a run or of a designed run set (:mod:`btr_sim.validation.measures`);
- its **rule set**: the rules under which it was observed (the status quo; the 2009 or the 2014
  rules; a foreign country's rules), and so the scenario it is measured on — a fact is only
  ever measured under its own rule set, never a German share on China's status quo;
- its **observation**, with its uncertainty (:mod:`btr_sim.validation.observations`);
- its **sources**, keys of docs/references.bib;
- its **label**: ``calibration`` (used in fitting), ``validation`` (never used in fitting,
  reported apart) or ``by construction`` (a rule guarantees it: shown, not scored).

The labels are the firewall between calibration and validation:
:func:`calibration_facts` is the only way the calibration gets its facts, and it refuses any
fact not labelled ``calibration`` or not observed under the calibrated rule set.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePosixPath

from btr_sim.validation.measures import MEASURES
from btr_sim.validation.observations import Count, Exact, Observation, Range, Sign

__all__ = [
    "ABROAD",
    "FACTS",
    "RULE_SETS",
    "Fact",
    "Label",
    "RuleSet",
    "calibration_facts",
    "check_catalogue",
    "check_rule_sets",
    "fact",
    "select",
]


class Label(StrEnum):
    """What a fact is for."""

    CALIBRATION = "calibration"  # used in fitting
    VALIDATION = "validation"  # never used in fitting; reported apart
    BY_CONSTRUCTION = "by construction"  # a rule guarantees it: shown, not scored


@dataclass(frozen=True)
class RuleSet:
    """The rules a fact was observed under.

    Attributes
    ----------
    name
        Its key in :data:`RULE_SETS`.
    country
        Where those rules held.
    config
        The scenario file under ``configs/`` that models them, or None while no rule set of
        that country is modelled (its facts are listed, not measured). China's rule sets live
        in ``configs/``, every other country's in ``configs/abroad/`` — a foreign system with
        its own world as well as its rules (docs/abroad.md); :func:`check_rule_sets` holds
        both apart.
    """

    name: str
    country: str
    config: str | None


#: The rule sets facts are observed under.
RULE_SETS: dict[str, RuleSet] = {
    r.name: r
    for r in (
        RuleSet("status_quo", "China", "status_quo.yaml"),
        RuleSet("reform_2009", "China", "reform_2009.yaml"),
        RuleSet("reform_2014", "China", "reform_2014.yaml"),
        # The foreign systems: their own rules and world (configs/abroad/, docs/abroad.md).
        RuleSet("germany_1969_2005", "Germany", "abroad/germany.yaml"),
        RuleSet("uk_since_1906", "United Kingdom", "abroad/uk.yaml"),
    )
}


@dataclass(frozen=True)
class Fact:
    """One observed fact.

    Attributes
    ----------
    name
        Identifier, unique in the catalogue (a fact measured under two rule sets is two facts).
    statement
        The fact in words.
    measure
        A key of :data:`~btr_sim.validation.measures.MEASURES`.
    rule_set
        A key of :data:`RULE_SETS`.
    country
        Where it was observed; must be the rule set's country (checked).
    observation
        What was observed, with its uncertainty.
    sources
        Keys of docs/references.bib.
    label
        :class:`Label`.
    note
        Why the label: the rule that guarantees a by-construction fact, why a fact is held out.
    """

    name: str
    statement: str
    measure: str
    rule_set: str
    country: str
    observation: Observation
    sources: tuple[str, ...]
    label: Label
    note: str = ""

    @property
    def fittable(self) -> bool:
        """Whether its observation has a value and a variance (it can enter a likelihood)."""
        return self.observation.variance is not None

    @property
    def criterion(self) -> str:
        """How the suite judges it: a sign needs the whole 95% CI, the rest the mean."""
        return "CI in range" if isinstance(self.observation, Sign) else "mean in range"


_CHINA = "China"

#: The folder of ``configs/`` that holds the foreign systems.
ABROAD = "abroad"

#: Every fact the project uses.
FACTS: tuple[Fact, ...] = (
    # -- calibration: the status quo's reinstatement practice, national tally --------------------
    Fact(
        "reinstated_share",
        "About a third of the officials removed in publicly noticed cases are reinstated.",
        "reinstatement_rate",
        "status_quo",
        _CHINA,
        Count(29, 85),
        ("beijingnews2014",),
        Label.CALIBRATION,
        "The national tally (52 cases, 85 officials, 2008-2014) is fitted; the smaller local "
        "sample of 2012 is held out to check it.",
    ),
    Fact(
        "reinstated_share_accident",
        "About half of those removed over sudden incidents (accidents, disasters) return.",
        "reinstatement_rate_accident",
        "status_quo",
        _CHINA,
        Range(0.40, 0.60, "about half"),
        ("beijingnews2014",),
        Label.CALIBRATION,
    ),
    Fact(
        "reinstated_share_misconduct",
        "None of those removed over lifestyle scandals (misconduct) returns.",
        "reinstatement_rate_misconduct",
        "status_quo",
        _CHINA,
        Range(0.0, 0.10, "none", best=0.0),
        ("beijingnews2014",),
        Label.CALIBRATION,
        "Fitted through reinstatement.misconduct_factor, which sets it almost directly.",
    ),
    # -- validation: held out of the fit ------------------------------------------------------
    Fact(
        "reinstated_share_local2012",
        "Half of the officials removed in a local sample over five years were reinstated.",
        "reinstatement_rate",
        "status_quo",
        _CHINA,
        Count(15, 30),
        ("localsample2012",),
        Label.VALIDATION,
        "Held out: a second, independent sample of the fitted national share.",
    ),
    Fact(
        "reinstated_share_accident_local2012",
        "Of those removed over sudden incidents in the local sample, 9 of 15 were reinstated.",
        "reinstatement_rate_accident",
        "status_quo",
        _CHINA,
        Count(9, 15),
        ("localsample2012",),
        Label.VALIDATION,
        "Held out: a second sample of the fitted accident share.",
    ),
    Fact(
        "gap_2_15_months",
        "Reinstatement gaps mostly lie within 2 to 15 months (the named cases: 2, 5, 13, 15).",
        "share_gap_2_15",
        "status_quo",
        _CHINA,
        Count(4, 4),
        ("yangcunhu2012", "mengxuenong2003", "xiezhenhua2005", "lichangjiang2008"),
        Label.VALIDATION,
        "Held out: the named cases' gaps are what the reinstatement timing must get right on "
        "its own; nothing in the fit speaks to timing.",
    ),
    Fact(
        "median_gap_named_cases",
        "The median gap from removal to return lies within the named cases' gaps (Meng Xuenong "
        "≈5, Xie Zhenhua ≈13, Li Changjiang ≈15 months).",
        "median_gap_months",
        "status_quo",
        _CHINA,
        Range(5.0, 15.0, "about 5 to 15 months, most likely 13", best=13.0),
        ("mengxuenong2003", "xiezhenhua2005", "lichangjiang2008"),
        Label.VALIDATION,
        "Held out: the timing of returns comes from the cadre's standing (connection, record) "
        "and the calm in its former post, with no cooling-off under the status quo; nothing in "
        "the fit speaks to timing, so the model can miss it.",
    ),
    Fact(
        "removed_again",
        "A returned official can be removed again over a later incident (Meng Xuenong: SARS "
        "2003, back after 5 months, resigned again over the Xiangfen dam 2008).",
        "repeat_removal_share",
        "status_quo",
        _CHINA,
        Sign(),
        ("mengxuenong2003", "mengxuenong2008"),
        Label.VALIDATION,
        "Held out: a direction that needs returns and a record that follows the cadre; no size "
        "is fitted.",
    ),
    Fact(
        "reversal_share",
        "2 of the 29 reinstatements were reversed after the public backlash.",
        "reversal_share",
        "status_quo",
        _CHINA,
        Count(2, 29),
        ("beijingnews2014",),
        Label.VALIDATION,
        "Never fitted: the backlash decides a reversal (the post's public pressure after the "
        "discovery against the supervisor's free tolerance), so the tally can be missed.",
    ),
    Fact(
        "corrective_gap",
        "After an identical scripted scandal, credibility is higher where the official resigns "
        "than where the official stays (resign minus stay, the month of the response).",
        "corrective_gap",
        "status_quo",
        _CHINA,
        Sign(),
        ("dewan2005",),
        Label.VALIDATION,
        "A direction the trust mechanism must produce; no size is fitted.",
    ),
    Fact(
        "corrective_gap_fades",
        "The credibility gap between the arms shrinks over the following 24 months.",
        "corrective_gap_fades",
        "status_quo",
        _CHINA,
        Sign(),
        ("gonzalezbustamante2025",),
        Label.VALIDATION,
        "A direction the trust mechanism must produce; no size is fitted.",
    ),
    # -- validation of foreign rule sets: measured under them, never on China's rules --------
    # Measured as the share of serious public incidents that end in the official's departure
    # (measures.py: departure_share_debated): what the sources count (a debate about a
    # minister's future; a publicly criticised minister), whatever the minister's true
    # culpability, and every departure, since a minister pushed out resigns in form.
    Fact(
        "resignation_share_germany",
        "14 of 111 serious public debates about a German minister's future ended in "
        "resignation (1969-2005).",
        "departure_share_debated",
        "germany_1969_2005",
        "Germany",
        Count(14, 111),
        ("fischer2006",),
        Label.VALIDATION,
        "A fact of German rules (configs/abroad/germany.yaml), never fitted: it was a "
        "calibration target of China's status quo until issue 14.",
    ),
    Fact(
        "resignation_share_uk",
        "British prime ministers let go under 30% to about 40% of publicly criticised "
        "ministers (since 1906).",
        "departure_share_debated",
        "uk_since_1906",
        "United Kingdom",
        Range(0.25, 0.40, "under 30% to about 40%"),
        ("dowding2007",),
        Label.VALIDATION,
        "A fact of British rules (configs/abroad/uk.yaml), never fitted.",
    ),
    # -- by construction: a rule guarantees it -----------------------------------------------
    Fact(
        "none_announced",
        "No reinstatement is announced; all surface through the media.",
        "share_announced",
        "status_quo",
        _CHINA,
        Exact(0.0),
        ("beijingnews2014",),
        Label.BY_CONSTRUCTION,
        "reinstatement.disclosure: quiet",
    ),
    *(
        Fact(
            f"no_return_within_year_{year}",
            f"Under the {year} rules no reinstatement comes before 12 months.",
            "early_reinstatements_per_100cy",
            f"reform_{year}",
            _CHINA,
            Exact(0.0),
            (source,),
            Label.BY_CONSTRUCTION,
            "reinstatement.cooling_off_months: 12",
        )
        for year, source in (("2009", "provisions2009"), ("2014", "regulations2014"))
    ),
)


def check_rule_sets(rule_sets: Mapping[str, RuleSet] | None = None) -> list[str]:
    """Problems with the rule sets: a foreign fact must never be measured on China's rules.

    China's rule sets name scenario files in ``configs/``; every other country's names one in
    ``configs/abroad/`` (a foreign system: its rules and its world), and no two countries
    share a file. So a German share cannot be scored on China's status quo by pointing the
    German rule set at ``status_quo.yaml``.

    Returns
    -------
    list of str
        Empty when the rule sets are consistent.
    """
    problems, owners = [], {}
    for name, rules in (RULE_SETS if rule_sets is None else rule_sets).items():
        if rules.config is None:
            continue
        parts = PurePosixPath(rules.config).parts
        if ".." in parts:
            problems.append(f"{name}: its file {rules.config!r} must not leave configs/")
        abroad = parts[0] == ABROAD
        if rules.country == _CHINA and abroad:
            problems.append(f"{name}: China's rules are not a foreign system ({rules.config})")
        if rules.country != _CHINA and not abroad:
            problems.append(
                f"{name}: {rules.country}'s rules must be a foreign system in configs/{ABROAD}/, "
                f"not {rules.config!r}"
            )
        country = owners.setdefault(PurePosixPath(rules.config), rules.country)
        if country != rules.country:
            problems.append(
                f"{name}: {rules.config} models {country}'s rules, not {rules.country}'s"
            )
    return problems


def check_catalogue(facts: Iterable[Fact] | None = None) -> list[str]:
    """Problems with a catalogue: unknown measures or rule sets, foreign facts on Chinese rules.

    The rule sets themselves are checked too (:func:`check_rule_sets`).

    Returns
    -------
    list of str
        Empty when every fact is consistent.
    """
    problems, seen = check_rule_sets(), set()
    for f in FACTS if facts is None else facts:
        if f.name in seen:
            problems.append(f"{f.name}: named twice")
        seen.add(f.name)
        if f.measure not in MEASURES:
            problems.append(f"{f.name}: unknown measure {f.measure!r}")
        rules = RULE_SETS.get(f.rule_set)
        if rules is None:
            problems.append(f"{f.name}: unknown rule set {f.rule_set!r}")
        elif rules.country != f.country:
            problems.append(
                f"{f.name}: observed in {f.country}, but its rule set {f.rule_set!r} is "
                f"{rules.country}'s"
            )
        if f.label is Label.BY_CONSTRUCTION and not isinstance(f.observation, Exact):
            problems.append(f"{f.name}: a by-construction fact states the exact value")
        if f.label is Label.CALIBRATION and not f.fittable:
            problems.append(f"{f.name}: a calibration fact needs a value and a variance")
    return problems


def fact(name: str) -> Fact:
    """The catalogue's fact of this name.

    Raises
    ------
    KeyError
        If there is none.
    """
    for f in FACTS:
        if f.name == name:
            return f
    raise KeyError(f"no fact {name!r} (facts: {', '.join(f.name for f in FACTS)})")


def select(
    label: Label | None = None, rule_set: str | None = None, facts: Iterable[Fact] | None = None
) -> tuple[Fact, ...]:
    """The facts (default: the catalogue's) with this label and rule set (None: any)."""
    return tuple(
        f
        for f in (FACTS if facts is None else facts)
        if (label is None or f.label is label) and (rule_set is None or f.rule_set == rule_set)
    )


def calibration_facts(rule_set: str, facts: Iterable[Fact] | None = None) -> tuple[Fact, ...]:
    """The facts a calibration of ``rule_set`` fits: its calibration-labelled facts.

    Also the check that guards every calibration: given an explicit list (``facts``: a test's
    synthetic facts) instead of the catalogue, it refuses any fact that is not labelled
    ``calibration``, not observed under ``rule_set``, or observed in another country.

    Raises
    ------
    ValueError
        For such a fact, an unknown rule set, or when no fact is left to fit.
    """
    if rule_set not in RULE_SETS:
        raise ValueError(f"unknown rule set {rule_set!r} (rule sets: {', '.join(RULE_SETS)})")
    chosen = select(Label.CALIBRATION, rule_set) if facts is None else tuple(facts)
    country = RULE_SETS[rule_set].country
    for f in chosen:
        if f.label is not Label.CALIBRATION:
            raise ValueError(f"{f.name} is a {f.label} fact: only calibration facts are fitted")
        if f.rule_set != rule_set or f.country != country:
            raise ValueError(
                f"{f.name} was observed under {f.rule_set} ({f.country}), not under {rule_set}"
            )
        if not f.fittable:
            raise ValueError(f"{f.name}: its observation has no variance to fit against")
    if not chosen:
        raise ValueError(f"no calibration fact observed under {rule_set!r}")
    return chosen
