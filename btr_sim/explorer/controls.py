"""The explorer's knobs: rule sets, countermeasures and the seed.

Each :class:`Control` names one field of the configuration (its dotted path) and how the
page shows it. :func:`start_values` gives every knob the value of the scenario the explorer
was opened with; :func:`scenario_with` applies the values the user chose to that scenario.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from btr_sim.config import Scenario
from btr_sim.loading import apply_overrides

__all__ = [
    "CONTROLS",
    "Control",
    "control_value",
    "parse_seed",
    "scenario_with",
    "start_values",
]


@dataclass(frozen=True)
class Control:
    """One knob of the explorer.

    Parameters
    ----------
    name
        The keyword of :class:`~btr_sim.explorer.session.ExplorerModel` that receives it.
    path
        The dotted path of the configuration field it sets.
    label
        What the page calls it.
    layer
        The thesis's layer of countermeasures: ``legal``, ``supporting`` or ``moral``.
    kind
        ``select`` (one of ``values``), ``int`` or ``float`` (a slider from ``low`` to
        ``high`` in steps of ``step``).
    """

    name: str
    path: str
    label: str
    layer: Literal["legal", "supporting", "moral"]
    kind: Literal["select", "int", "float"]
    values: tuple[str, ...] = ()
    low: float = 0.0
    high: float = 1.0
    step: float = 0.05

    def normalise(self, value: Any) -> Any:
        """The value as the configuration takes it.

        Sliders send floats such as 0.30000000000000004; they are rounded to the slider's
        step so that the saved scenario says 0.3 and the run on screen used 0.3 too.
        """
        if self.kind == "select":
            return str(value)
        if self.kind == "int":
            return round(float(value))
        decimals = max(0, len(f"{self.step:g}".partition(".")[2]))
        return round(float(value), decimals)

    def bounds(self, value: Any) -> tuple[float, float]:
        """The slider's range, widened to hold ``value`` (a scenario may sit outside it)."""
        return min(self.low, value), max(self.high, value)

    def show(self, value: Any) -> str:
        """The value as the page prints it."""
        if self.kind == "float":
            decimals = max(0, len(f"{self.step:g}".partition(".")[2]))
            return f"{value:.{decimals}f}"
        return str(value)


#: The knobs, in the order the page lists them: legal, supporting, moral layer.
CONTROLS: tuple[Control, ...] = (
    Control(
        "standards", "standards.rule", "Standards", "legal", "select", ("disunified", "unified")
    ),
    Control(
        "dispersion",
        "standards.dispersion",
        "Disunity of standards (sd)",
        "legal",
        "float",
        low=0.0,
        high=1.5,
        step=0.05,
    ),
    Control("procedure", "procedure.rule", "Procedure", "legal", "select", ("informal", "formal")),
    Control(
        "investigation_months",
        "procedure.investigation_months",
        "Formal investigation (months)",
        "legal",
        "int",
        low=1,
        high=12,
        step=1,
    ),
    Control(
        "cooling_off_months",
        "reinstatement.cooling_off_months",
        "Cooling-off before reinstatement (months)",
        "legal",
        "int",
        low=0,
        high=36,
        step=1,
    ),
    Control(
        "evaluation",
        "reinstatement.evaluation",
        "Reinstatement evaluation",
        "legal",
        "select",
        ("none", "merit"),
    ),
    Control(
        "disclosure",
        "reinstatement.disclosure",
        "Reinstatement disclosure",
        "legal",
        "select",
        ("quiet", "public"),
    ),
    Control("transparency", "transparency", "Transparency", "supporting", "float"),
    Control("power_restriction", "power_restriction", "Power restriction", "supporting", "float"),
    Control(
        "citizen_participation",
        "citizen_participation",
        "Citizen participation",
        "supporting",
        "float",
    ),
    Control(
        "integrity_shift",
        "ethics.integrity_shift",
        "Ethics: integrity of new cadres (shift)",
        "moral",
        "float",
        low=-0.5,
        high=0.5,
        step=0.05,
    ),
    Control(
        "integrity_growth_per_year",
        "ethics.integrity_growth_per_year",
        "Ethics: integrity growth in office (per year)",
        "moral",
        "float",
        low=0.0,
        high=0.5,
        step=0.01,
    ),
)

_BY_NAME = {c.name: c for c in CONTROLS}


def control_value(scenario: Scenario, control: Control) -> Any:
    """The value ``scenario`` gives the field behind ``control``."""
    value: Any = scenario
    for part in control.path.split("."):
        value = getattr(value, part)
    return value


def parse_seed(text: Any) -> int:
    """The seed typed into the page, as a non-negative whole number.

    Raises
    ------
    ValueError
        If it is not one.
    """
    try:
        seed = int(str(text).strip())
    except ValueError:
        raise ValueError(f"the seed must be a whole number, got {text!r}") from None
    if seed < 0:
        raise ValueError(f"the seed must not be negative, got {seed}")
    return seed


def scenario_with(base: Scenario, settings: Mapping[str, Any]) -> Scenario:
    """``base`` with the controls' values applied (validated like a scenario file).

    Parameters
    ----------
    base
        The scenario the explorer was opened with.
    settings
        Control name -> value; names not given keep ``base``'s value.

    Raises
    ------
    KeyError
        For a name that is not a control.
    btr_sim.loading.ConfigError
        For a value the configuration refuses.
    """
    unknown = sorted(set(settings) - set(_BY_NAME))
    if unknown:
        raise KeyError(f"not explorer controls: {', '.join(unknown)}")
    overrides = {_BY_NAME[k].path: _BY_NAME[k].normalise(v) for k, v in settings.items()}
    if not overrides:
        return base
    return apply_overrides(base, overrides, source="explorer controls")


def start_values(
    base: Scenario, seed: int, baseline: Scenario | None = None, side_by_side: bool = False
) -> dict[str, Any]:
    """The keyword arguments of the explorer's first model.

    The seed, side by side, every control at ``base``'s value, and the scenarios they apply
    to; the page's inputs start from these and *Reset* passes them on, changed.

    Parameters
    ----------
    base
        The scenario the controls start from and apply to.
    seed
        The seed at start.
    baseline
        The scenario shown beside it in side-by-side mode (``base`` when omitted).
    side_by_side
        Whether side-by-side mode is on at start.
    """
    values: dict[str, Any] = {"seed": str(seed), "side_by_side": side_by_side}
    for control in CONTROLS:
        values[control.name] = control_value(base, control)
    values["base"] = base
    values["baseline"] = baseline if baseline is not None else base
    return values
