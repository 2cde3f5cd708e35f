"""How a design point, a factor and a level are named: one function each, used everywhere.

Tables, figures and the report all name a scenario through :func:`scenario_label`: a design
of on/off levers by the levers switched on (``moral + legal``, ``all off``), another crossed
design by its design values (``transparency=0.2, formal``), a scenario of a list by its name.
Lever names, levels and the configuration's keys and values are messages of the catalogue
(contexts ``lever``, ``value`` and ``parameter``), so the same names read in Chinese with a
Chinese :class:`~btr_sim.i18n.Translator`; names the catalogue does not know (a lever an
experiment file invents) are shown as written.
"""

from __future__ import annotations

from typing import Any

from btr_sim.i18n import ENGLISH, NP_, Translator
from btr_sim.results import ExperimentResults, level_key
from btr_sim.results.levels import is_word

__all__ = [
    "EVENT_NAMES",
    "effect_label",
    "event_name",
    "factor_name",
    "level_name",
    "mark_reference",
    "scenario_label",
    "scenario_labels",
]

#: The thesis's three layers of countermeasures and their levels, as experiment files name them.
LEVERS = (NP_("lever", "moral"), NP_("lever", "legal"), NP_("lever", "supporting"))
LEVER_LEVELS = (NP_("value", "on"), NP_("value", "off"))


#: Every kind of event of the event log (:class:`~btr_sim.core.events.EventKind`), as words.
EVENT_NAMES: dict[str, str] = {
    "incident": NP_("event", "incident"),
    "disclosure": NP_("event", "disclosure"),
    "concealment": NP_("event", "concealment"),
    "exposure": NP_("event", "exposure"),
    "investigation": NP_("event", "investigation"),
    "voluntary_resignation": NP_("event", "voluntary resignation"),
    "ordered_resignation": NP_("event", "ordered resignation"),
    "dismissal": NP_("event", "dismissal"),
    "apology": NP_("event", "apology"),
    "no_action": NP_("event", "no action"),
    "holder_gone": NP_("event", "holder gone"),
    "retirement": NP_("event", "retirement"),
    "appointment": NP_("event", "appointment"),
    "reinstatement": NP_("event", "reinstatement"),
    "discovery": NP_("event", "discovery"),
    "reversal": NP_("event", "reversal"),
    "rules": NP_("event", "rules take effect"),
}


def event_name(kind: str, tr: Translator = ENGLISH) -> str:
    """An event kind of the event log in words (``voluntary resignation``), in ``tr``."""
    return tr.pgettext("event", EVENT_NAMES.get(kind, kind.replace("_", " ")))


def factor_name(results: ExperimentResults, factor: str, tr: Translator = ENGLISH) -> str:
    """A design factor's name: its short name in English, its catalogue term in Chinese.

    A factor that is a configuration key (``reinstatement.cooling_off_months``) is translated
    as a ``parameter``; any other (a lever such as ``moral``) as a ``lever``.
    """
    short = results.short_names.get(factor, factor)
    if tr.lang == "en":
        return short
    term = tr.pgettext("parameter", factor)
    return term if term != factor else tr.pgettext("lever", factor)


def level_name(value: Any, tr: Translator = ENGLISH) -> str:
    """A design level as shown: a word translated as a configuration ``value``, else as is."""
    text = str(value)
    return tr.pgettext("value", text) if is_word(value) else text


def scenario_label(results: ExperimentResults, scenario: str, tr: Translator = ENGLISH) -> str:
    """The one display name of a scenario (a design point) in tables, figures and reports.

    For a design of two-level levers: the levers switched on (``moral + legal``), or ``all
    off``; for other crossed designs, the design values (a word says what it is, a number
    comes with its factor's name: ``transparency=0.2, formal``); for lists and Latin
    hypercubes, the scenario's own name.
    """
    if not results.factors or results.design_kind == "lhs":
        return scenario
    levels = results.design_levels(scenario)
    if results.design_kind == "factorial" and all(len(v) == 2 for v in results.factors.values()):
        on = [f for f, v in levels.items() if level_key(v) != level_key(results.factors[f][0])]
        if not on:
            return tr("all off")
        return " + ".join(factor_name(results, f, tr) for f in on)
    return tr(", ").join(
        level_name(v, tr) if is_word(v) else f"{factor_name(results, f, tr)}={v}"
        for f, v in levels.items()
    )


def mark_reference(text: str, tr: Translator = ENGLISH) -> str:
    """``text`` marked as the reference scenario (``all off (reference)``)."""
    return tr("{name} (reference)").format(name=text)


def scenario_labels(
    results: ExperimentResults, reference: str | None = None, tr: Translator = ENGLISH
) -> dict[str, str]:
    """Every scenario's label in design order, the reference marked."""
    labels = {}
    for scenario in results.scenarios:
        text = scenario_label(results, scenario, tr)
        labels[scenario] = mark_reference(text, tr) if scenario == reference else text
    return labels


def effect_label(results: ExperimentResults, effect: str, tr: Translator = ENGLISH) -> str:
    """An effect of :func:`~btr_sim.analysis.factorial.factorial_effects`, named in ``tr``.

    ``moral × legal``, ``cooling_off_months=12 × evaluation=merit`` and ``synergy: moral +
    legal + supporting`` keep their form; each factor and level is named as everywhere else.
    """
    if tr.lang == "en":
        return effect
    prefix, joiner = "", " × "
    if effect.startswith("synergy: "):
        prefix, joiner, effect = tr("synergy: "), " + ", effect.removeprefix("synergy: ")

    def part(text: str) -> str:
        factor, _, level = text.partition("=")
        name = factor_name(results, factor, tr)
        return f"{name}={level_name(level, tr)}" if level else name

    return prefix + joiner.join(part(p) for p in effect.split(joiner))
