"""The explorer's main knobs: the rule sets and countermeasures of the thesis, by layer.

Each :class:`Control` is a curated view of one parameter of the configuration (see
:mod:`btr_sim.explorer.fields`): a label in the thesis's words, its layer of countermeasures
and, for numbers, a slider over the range worth exploring (inside the range the configuration
allows). The advanced panel offers every parameter, these included; both write the same value
(by dotted path), so they always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from btr_sim.explorer.fields import Field, field
from btr_sim.i18n import ENGLISH, N_, Translator

__all__ = ["CONTROLS", "Control", "parse_seed"]


@dataclass(frozen=True)
class Control:
    """One main knob of the explorer.

    Parameters
    ----------
    name
        A short name (the knob's CSS class is ``btr-control-<name>``).
    path
        The dotted path of the configuration field it sets.
    label
        What the page calls it (a message of the catalogue: translated where it is shown).
    layer
        The thesis's layer of countermeasures: ``legal``, ``supporting`` or ``moral``.
    low, high, step
        A number's slider: from ``low`` to ``high`` in steps of ``step``.
    """

    name: str
    path: str
    label: str
    layer: Literal["legal", "supporting", "moral"]
    low: float = 0.0
    high: float = 1.0
    step: float = 0.05

    @property
    def field(self) -> Field:
        """The parameter it sets (its type, bounds and allowed values)."""
        return field(self.path)

    @property
    def kind(self) -> str:
        """``select``, ``int``, ``float`` or ``bool``, as the parameter's type."""
        return self.field.kind

    @property
    def values(self) -> tuple[Any, ...]:
        """A ``select``'s allowed values."""
        return self.field.values

    def normalise(self, value: Any) -> Any:
        """The value as the configuration takes it.

        Sliders send floats such as 0.30000000000000004; they are rounded to the slider's
        step so that the saved scenario says 0.3 and the run on screen used 0.3 too.
        """
        if self.kind == "float":
            value = round(float(value), self._decimals())
        return self.field.parse(value)

    def bounds(self, value: Any) -> tuple[float, float]:
        """The slider's range, widened to hold ``value`` (a scenario may sit outside it)."""
        return min(self.low, value), max(self.high, value)

    def show(self, value: Any) -> str:
        """The value as the page prints it."""
        if self.kind == "float":
            return f"{value:.{self._decimals()}f}"
        return str(value)

    def _decimals(self) -> int:
        return max(0, len(f"{self.step:g}".partition(".")[2]))


#: The knobs, in the order the page lists them: legal, supporting, moral layer.
CONTROLS: tuple[Control, ...] = (
    Control("standards", "standards.rule", N_("Standards"), "legal"),
    Control(
        "dispersion",
        "standards.dispersion",
        N_("Disunity of standards (sd)"),
        "legal",
        high=1.5,
    ),
    Control("procedure", "procedure.rule", N_("Procedure"), "legal"),
    Control(
        "investigation_months",
        "procedure.investigation_months",
        N_("Formal investigation (months)"),
        "legal",
        low=1,
        high=12,
        step=1,
    ),
    Control(
        "cooling_off_months",
        "reinstatement.cooling_off_months",
        N_("Cooling-off before reinstatement (months)"),
        "legal",
        low=0,
        high=36,
        step=1,
    ),
    Control("evaluation", "reinstatement.evaluation", N_("Reinstatement evaluation"), "legal"),
    Control("disclosure", "reinstatement.disclosure", N_("Reinstatement disclosure"), "legal"),
    Control("transparency", "transparency", N_("Transparency"), "supporting"),
    Control("power_restriction", "power_restriction", N_("Power restriction"), "supporting"),
    Control(
        "citizen_participation", "citizen_participation", N_("Citizen participation"), "supporting"
    ),
    Control(
        "integrity_shift",
        "ethics.integrity_shift",
        N_("Ethics: integrity of new cadres (shift)"),
        "moral",
        low=-0.5,
        high=0.5,
    ),
    Control(
        "integrity_growth_per_year",
        "ethics.integrity_growth_per_year",
        N_("Ethics: integrity growth in office (per year)"),
        "moral",
        high=0.5,
        step=0.01,
    ),
)


def parse_seed(text: Any, tr: Translator = ENGLISH) -> int:
    """The seed typed into the page, as a non-negative whole number.

    Raises
    ------
    ValueError
        If it is not one (the message in ``tr``'s language).
    """
    try:
        seed = int(str(text).strip())
    except ValueError:
        message = tr("the seed must be a whole number, got {text}").format(text=repr(text))
        raise ValueError(message) from None
    if seed < 0:
        raise ValueError(tr("the seed must not be negative, got {seed}").format(seed=seed))
    return seed
