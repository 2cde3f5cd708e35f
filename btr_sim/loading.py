"""Reading scenario files: YAML overrides on the documented defaults, with clear errors.

A scenario file holds only what differs from the defaults in :mod:`btr_sim.config`. It may
``extends:`` another scenario file (a path relative to itself), whose values it overrides.
Every problem is reported with the file, the dotted path of the field, what is wrong and what
is allowed, as a :class:`ConfigError`; the CLI turns that into exit status 2.

Rule sets beside the scenario's own — the rules of its warm-up (``before:``) and the changes
of its ``timeline:`` — may name scenario files too (relative to the file that names them) and
override rule keys; :func:`resolve_rule_sets` resolves each into the complete rule set it puts
in force, so that the validated :class:`~btr_sim.config.Scenario` (and every file written
from it) holds them in full.
"""

from __future__ import annotations

import contextlib
import difflib
import math
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError

from btr_sim.config import RULE_KEYS, Rules, Scenario
from btr_sim.limits import LimitSettingError, excess, limit

__all__ = [
    "CASE_KEYS",
    "OWN_RULES",
    "ConfigError",
    "anchor_rule_files",
    "apply_overrides",
    "check_scenario_size",
    "deep_merge",
    "describe_allowed",
    "load_scenario",
    "nest_dotted",
    "read_yaml_mapping",
    "resolve_rule_sets",
    "resolve_run",
    "resolve_scenario",
    "resolve_seed",
    "scenario_from_mapping",
    "validation_problems",
]

#: Keys of a case file that the case machinery reads and the model never sees
#: (:mod:`btr_sim.validation.casefile`): dropped when the file is loaded as a scenario.
CASE_KEYS = ("history", "counterfactual")

#: ``before: own``: the warm-up runs under the scenario's own rules (no change at month 0).
OWN_RULES = "own"


class ConfigError(ValueError):
    """An invalid configuration, with one message line per problem.

    Parameters
    ----------
    source
        The file (or other origin) the configuration came from.
    problems
        One human-readable line per problem, each starting with the field's path.
    """

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(self.__str__())

    def __str__(self) -> str:
        lines = [f"{self.source}: invalid configuration"]
        lines += [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


def read_yaml_mapping(path: Path) -> dict[str, Any]:
    """Read a YAML file that must hold a mapping, with the safe loader.

    The file is refused unread beyond the limit on its size (:mod:`btr_sim.limits`), and a key
    written twice in one mapping is refused with both lines, rather than the last one winning
    in silence.

    Raises
    ------
    ConfigError
        If the file is missing, unreadable, too large, not YAML, has a duplicate key, or is
        empty or not a mapping.
    """
    source = str(path)
    text = _read_bounded(path)
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # the safe constructor, keys checked
    except DuplicateKeyError as exc:
        raise ConfigError(source, [str(exc)]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(source, [f"not valid YAML{where}: {problem}"]) from None
    except RecursionError:
        raise ConfigError(source, ["not valid YAML: nested too deeply"]) from None
    if data is None:
        raise ConfigError(source, ["the file is empty; write at least `name: <a name>`"])
    if not isinstance(data, dict):
        raise ConfigError(
            source,
            [f"the top level must be a mapping of keys to values, not {type(data).__name__}"],
        )
    bad_keys = [k for k in data if not isinstance(k, str)]
    if bad_keys:
        raise ConfigError(source, [f"keys must be text, found {bad_keys[0]!r}"])
    return data


def _read_bounded(path: Path) -> str:
    """The file's text, read no further than one byte past the limit on its size."""
    source = str(path)
    bound = _limit_or_error("file_bytes", source)
    size = bound + 1
    try:
        with path.open("rb") as handle:
            raw = handle.read(bound + 1)
    except FileNotFoundError:
        raise ConfigError(source, ["file not found"]) from None
    except OSError as exc:
        raise ConfigError(source, [f"cannot be read: {exc}"]) from None
    if len(raw) > bound:
        # The size on disk where there is one (not for a pipe): at least what was read.
        with contextlib.suppress(OSError):
            size = max(path.stat().st_size, len(raw))
        problem = excess("file_bytes", size, "the file")
        raise ConfigError(source, [problem or "the file: over the limit on its size"])
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(source, [f"cannot be read: not UTF-8 text ({exc.reason})"]) from None


def _limit_or_error(name: str, source: str) -> int:
    try:
        return limit(name)
    except LimitSettingError as exc:
        raise ConfigError(source, [str(exc)]) from None


class DuplicateKeyError(ValueError):
    """A key written twice in one YAML mapping; the message names both lines."""


# The C parser when PyYAML has it (five times faster), with the safe constructor either way.
_SafeLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _UniqueKeyLoader(_SafeLoader):  # type: ignore[misc, valid-type]
    """``yaml.safe_load``'s loader, refusing a key written twice in one mapping.

    Keys merged in with ``<<:`` may be overridden, as YAML intends; keys written out may not.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        """Check the mapping's written keys for duplicates, then construct it as safe_load does."""
        first: dict[Any, yaml.Node] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                earlier = first.setdefault(key, key_node)
            except TypeError:  # an unhashable key: the safe constructor refuses it
                continue
            if earlier is not key_node:
                raise DuplicateKeyError(
                    f"the key {key!r} is written twice in one mapping, at line "
                    f"{earlier.start_mark.line + 1} and at line {key_node.start_mark.line + 1}; "
                    "keep one of them"
                )
        return super().construct_mapping(node, deep=deep)


def nest_dotted(overrides: Mapping[str, Any]) -> dict[str, Any]:
    """Turn ``{"procedure.rule": "formal"}`` into ``{"procedure": {"rule": "formal"}}``.

    Keys without dots and nested mappings are kept; both forms may be mixed.

    Raises
    ------
    TypeError
        If a key is not text or a dotted key runs through a value that is not a mapping.
    """
    nested: dict[str, Any] = {}
    for key, value in overrides.items():
        if not isinstance(key, str):
            raise TypeError(f"keys must be text, found {key!r}")
        parts = key.split(".")
        target = nested
        for part in parts[:-1]:
            target = target.setdefault(part, {})
            if not isinstance(target, dict):
                raise TypeError(f"{key}: conflicts with the value given for {part!r}")
        leaf = parts[-1]
        value = nest_dotted(value) if isinstance(value, Mapping) else value
        if isinstance(value, dict) and isinstance(target.get(leaf), dict):
            target[leaf] = deep_merge(target[leaf], value)
        else:
            target[leaf] = value
    return nested


def deep_merge(base: Mapping[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """Merge ``overrides`` into ``base`` recursively; mappings merge, everything else replaces."""
    merged = dict(base)
    for key, value in overrides.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def resolve_extends(path: Path, seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    """Read a YAML file and the chain of files it ``extends:``, merged parent first."""
    path = path.resolve()
    if path in seen:
        chain = " -> ".join(str(p) for p in (*seen, path))
        raise ConfigError(str(seen[0]), [f"extends: circular chain {chain}"])
    data = anchor_rule_files(read_yaml_mapping(path), path.parent)
    parent = data.pop("extends", None)
    if parent is None:
        return data
    if not isinstance(parent, str):
        raise ConfigError(str(path), ["extends: must be the path of a scenario file"])
    parent_path = (path.parent / parent).resolve()
    if not parent_path.exists():
        raise ConfigError(str(path), [f"extends: file not found: {parent_path}"])
    return deep_merge(resolve_extends(parent_path, (*seen, path)), data)


def load_scenario(path: str | Path, overrides: Mapping[str, Any] | None = None) -> Scenario:
    """Load and validate a scenario file.

    Parameters
    ----------
    path
        A YAML file of overrides of the defaults, optionally with ``extends:``.
    overrides
        Further overrides (nested or dotted keys), applied last.

    Returns
    -------
    Scenario
        The validated scenario.

    Raises
    ------
    ConfigError
        With the file, the field's path and the allowed values for every problem.
    """
    path = Path(path)
    data = resolve_extends(path)
    for key in CASE_KEYS:  # a case file's record of what happened is never fed to the model
        data.pop(key, None)
    if overrides:
        data = deep_merge(data, nest_dotted(overrides))
    data.setdefault("name", path.stem)
    return scenario_from_mapping(data, source=str(path))


def scenario_from_mapping(data: Mapping[str, Any], source: str = "<overrides>") -> Scenario:
    """Validate a mapping of overrides (nested or dotted keys) into a :class:`Scenario`."""
    try:
        nested = nest_dotted(data)
    except TypeError as exc:
        raise ConfigError(source, [str(exc)]) from None
    # The timeline is bounded before each change is resolved into a complete rule set (and the
    # file it extends read).
    timeline = nested.get("timeline")
    length = len(timeline) if isinstance(timeline, list | tuple) else 0
    if problem := excess("timeline_changes", length, "timeline"):
        raise ConfigError(source, [problem])
    nested, problems = resolve_rule_sets(nested)
    try:
        scenario = Scenario.model_validate(nested)
    except ValidationError as exc:
        raise ConfigError(source, problems + validation_problems(exc, Scenario)) from None
    except RecursionError:
        raise ConfigError(source, ["the configuration is nested too deeply"]) from None
    if problems:
        raise ConfigError(source, problems)
    return check_scenario_size(scenario, source)


# -- rule sets beside the scenario's own: before: and timeline: -----------------------------------


def anchor_rule_files(data: Mapping[str, Any], folder: Path) -> dict[str, Any]:
    """``data`` with the scenario files that ``before:`` and ``timeline:`` name made absolute.

    They are relative to the file that names them (``folder``); made absolute, they survive the
    merging of a file with the files it extends, and with an experiment's inline scenarios.
    Anything not of the expected form is left for :func:`resolve_rule_sets` to report.
    """
    anchored = dict(data)

    def absolute(reference: Any) -> Any:
        if isinstance(reference, str) and reference != OWN_RULES and reference.strip():
            return str((folder / reference).resolve())
        return reference

    before = anchored.get("before")
    if isinstance(before, str):
        anchored["before"] = absolute(before)
    elif isinstance(before, Mapping) and "extends" in before:
        anchored["before"] = {**before, "extends": absolute(before["extends"])}
    timeline = anchored.get("timeline")
    if isinstance(timeline, list):
        anchored["timeline"] = [
            {**entry, "extends": absolute(entry["extends"])}
            if isinstance(entry, Mapping) and "extends" in entry
            else entry
            for entry in timeline
        ]
    return anchored


def resolve_rule_sets(data: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Resolve ``before:`` and ``timeline:`` of a (nested) scenario mapping into full rule sets.

    - ``before:`` omitted: the status quo (the defaults). ``before: own``: the scenario's own
      rules. ``before: FILE`` or ``before: {extends: FILE, <rule overrides>}``: that file's
      rules, overridden; ``before: {<rule overrides>}``: the defaults, overridden.
    - Each ``timeline:`` change ``{month, name?, extends: FILE?, <rule overrides>?}``: the rules
      of FILE, or else the rules in force until then (the scenario's own for the first change),
      with the overrides applied. Its name is the one given, else the file's scenario name,
      else the overrides written out.

    Only rule keys (:data:`~btr_sim.config.RULE_KEYS`) may be overridden; anything else is
    left in place for the validation to refuse with the allowed keys.

    Returns
    -------
    resolved : dict
        ``data`` with ``before`` and ``timeline`` resolved.
    problems : list of str
        Files named that cannot be read or are not valid scenarios, each at the field that
        names it (their overrides are then applied to the rules in force without them, so that
        the validation can still report the rest).
    """
    resolved, problems = dict(data), []
    if "before" in resolved:
        before = resolved["before"]
        if before is None or before == OWN_RULES:
            resolved["before"] = None
        elif isinstance(before, str | Mapping):
            reference = {"extends": before} if isinstance(before, str) else before
            resolved["before"] = _rule_set(reference, _DEFAULT_RULES, "before", problems)[0]
    timeline = resolved.get("timeline")
    if isinstance(timeline, list | tuple):
        own = deep_merge(_DEFAULT_RULES, {k: data[k] for k in RULE_KEYS if k in data})
        resolved["timeline"] = _resolve_timeline(timeline, own, problems)
    return resolved, problems


#: The defaults' rules, as a mapping: the base of ``before:`` overrides.
_DEFAULT_RULES: dict[str, Any] = Rules().model_dump(mode="json")


def _resolve_timeline(timeline: list | tuple, own: dict[str, Any], problems: list[str]) -> list:
    """Each change of the timeline as the complete rules it puts in force."""
    previous, changes = own, []
    for i, entry in enumerate(timeline):
        if not isinstance(entry, Mapping):
            changes.append(entry)  # the validation says what a change must be
            continue
        entry = dict(entry)
        when = {key: entry.pop(key) for key in ("month", "name") if key in entry}
        rules, named = _rule_set(entry, previous, f"timeline.{i}", problems)
        when.setdefault("name", named)
        changes.append({**when, **rules})
        previous = _known(rules, _DEFAULT_RULES)  # a misspelt key is reported once, not again
    return changes


def _known(data: Mapping[str, Any], template: Mapping[str, Any]) -> dict[str, Any]:
    """The keys of ``data`` that ``template`` has too, at every level."""
    return {
        key: _known(value, template[key])
        if isinstance(value, Mapping) and isinstance(template[key], Mapping)
        else value
        for key, value in data.items()
        if key in template
    }


def _rule_set(
    reference: Mapping[str, Any], base: Mapping[str, Any], where: str, problems: list[str]
) -> tuple[dict[str, Any], str]:
    """The rules ``reference`` writes (``extends: FILE`` and/or overrides of ``base``), named."""
    try:
        overrides = nest_dotted(reference)
    except TypeError as exc:
        problems.append(f"{where}: {exc}")
        return dict(base), where
    parent = overrides.pop("extends", None)
    name = ", ".join(f"{k}={v}" for k, v in _flatten(overrides).items())
    if parent is not None:
        try:
            base, file_name = _rules_of_file(parent, where)
        except ConfigError as exc:
            problems += exc.problems
        else:
            name = f"{file_name} ({name})" if name else file_name
    return deep_merge(base, overrides), name or where


def _rules_of_file(reference: Any, where: str) -> tuple[dict[str, Any], str]:
    """The rule keys of the scenario file ``reference`` (its own extends: followed), and its name.

    Only the file's rules are read, not its own warm-up or timeline: a rule set is what a
    scenario puts in force from month 0.

    Raises
    ------
    ConfigError
        With the problems of the file, each at ``<where>.extends (<file>)``.
    """
    if not isinstance(reference, str) or not reference.strip() or "\x00" in reference:
        raise ConfigError(where, [f"{where}.extends: must be the path of a scenario file"])
    path = Path(reference)
    try:
        data = nest_dotted(resolve_extends(path))
        rules = Rules.model_validate(
            deep_merge(_DEFAULT_RULES, {k: data[k] for k in RULE_KEYS if k in data})
        )
    except ConfigError as exc:
        raise ConfigError(
            where, [f"{where}.extends ({exc.source}): {p}" for p in exc.problems]
        ) from None
    except (TypeError, OSError, ValueError) as exc:  # a ValidationError is a ValueError
        found = validation_problems(exc, Rules) if isinstance(exc, ValidationError) else [str(exc)]
        raise ConfigError(where, [f"{where}.extends ({path}): {p}" for p in found]) from None
    name = data.get("name")
    return rules.model_dump(mode="json"), name if isinstance(name, str) and name else path.stem


def _flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """A nested mapping as dotted keys."""
    flat: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, Mapping):
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def check_scenario_size(scenario: Scenario, source: str = "<scenario>") -> Scenario:
    """``scenario``, if its world and horizon are within the limits of :mod:`btr_sim.limits`.

    Raises
    ------
    ConfigError
        Naming the size, the limit and the environment variable that raises it.
    """
    citizens = scenario.world.n_citizens
    problems = [
        excess(
            "citizens",
            citizens,
            "world (n_supervisors x posts_per_supervisor x citizens_per_post)",
        ),
        excess(
            "citizen_months",
            citizens * (scenario.warmup_months + scenario.months),
            "world x (warmup_months + months)",
        ),
    ]
    found = [p for p in problems if p]
    if found:
        raise ConfigError(source, found)
    return scenario


def apply_overrides(
    base: Scenario, overrides: Mapping[str, Any], source: str = "<overrides>"
) -> Scenario:
    """Return ``base`` with ``overrides`` (nested or dotted keys) applied and validated."""
    try:
        nested = nest_dotted(overrides)
    except TypeError as exc:
        raise ConfigError(source, [str(exc)]) from None
    return scenario_from_mapping(deep_merge(base.model_dump(), nested), source=source)


# -- what the Python API accepts -----------------------------------------------------------------

#: What a ``config`` argument may be, for messages.
CONFIG_KINDS = (
    "a Scenario, a mapping of overrides of the defaults (nested sections or dotted keys, such "
    "as {'procedure.rule': 'formal'}), the path of a scenario file, or None for the defaults"
)

#: What a seed may be, for messages.
SEED_KINDS = (
    "a whole number in [0, 2**63) (a Python or numpy integer), a numpy Generator to draw "
    "one from, or None for a fresh seed"
)

# Seeds are stored as signed 64-bit integers (the results' `seed` column).
_SEED_BOUND = 2**63


def resolve_scenario(
    config: Scenario | Mapping[str, Any] | str | os.PathLike[str] | None = None,
    overrides: Mapping[str, Any] | None = None,
    *,
    argument: str = "config",
) -> Scenario:
    """The :class:`Scenario` that a function of the Python API is given, validated.

    Parameters
    ----------
    config
        A scenario; a mapping of overrides of the defaults (nested sections or dotted keys);
        the path of a scenario file; or None for the defaults.
    overrides
        Further overrides, applied last: nested sections, dotted keys, or keyword-argument
        spellings with ``__`` for the dots (``procedure__rule``).
    argument
        The argument's name, for messages.

    Raises
    ------
    ConfigError
        Naming the argument and what it may be, for any other type; with the field's path and
        the allowed values, for an invalid value; for a world over the limits.
    """
    if config is None:
        base = Scenario()
    elif isinstance(config, Scenario):
        base = check_scenario_size(config, argument)
    elif isinstance(config, str | os.PathLike):
        base = load_scenario(config)
    elif isinstance(config, Mapping):
        base = apply_overrides(Scenario(), config, source=argument)
    else:
        raise ConfigError(
            argument,
            [f"{argument}: a {type(config).__name__} is not a scenario; give {CONFIG_KINDS}"],
        )
    if not overrides:
        return base
    spelt = {str(key).replace("__", "."): value for key, value in overrides.items()}
    return apply_overrides(base, spelt, source="keyword arguments")


def resolve_seed(seed: Any, *, argument: str = "seed") -> int:
    """A run's seed as a Python integer, from what a caller may pass.

    Integers of numpy's types are accepted as Python's (EMA Workbench, SALib and pandas rows
    pass them); a numpy ``Generator`` gives a seed drawn from it; None gives a fresh seed from
    the operating system's entropy, which the run then records so that it can be repeated.

    Raises
    ------
    ConfigError
        Naming the argument, for anything else (truth values and whole-valued floats too: a
        seed is not a measurement) or a number outside [0, 2**63).
    """
    import numpy as np  # here: reading a scenario file needs no numpy

    if seed is None:
        fresh = np.random.SeedSequence().generate_state(1, np.uint64)[0]
        return int(fresh) % _SEED_BOUND
    if isinstance(seed, np.random.Generator):
        return int(seed.integers(_SEED_BOUND))
    if isinstance(seed, bool | np.bool_) or not isinstance(seed, int | np.integer):
        raise ConfigError(
            argument,
            [f"{argument}: {seed!r} ({type(seed).__name__}) is not a seed; give {SEED_KINDS}"],
        )
    value = int(seed)
    if not 0 <= value < _SEED_BOUND:
        raise ConfigError(
            argument, [f"{argument}: {value} is outside [0, 2**63); give {SEED_KINDS}"]
        )
    return value


def resolve_run(
    config: Any = None,
    parameters: Mapping[str, Any] | None = None,
    *,
    seed: Any = None,
    rng: Any = None,
) -> tuple[Scenario, int]:
    """The scenario and seed of a model built as Mesa's tools build models.

    :class:`~btr_sim.core.model.BTRModel` takes its arguments through this, so that it is
    built alike from Python (``BTRModel(scenario, seed=1)``), by keyword
    (``BTRModel(transparency=0.8, rng=1)``, as ``mesa.batch_run`` sweeps parameters) and by
    Mesa's ``SolaraViz`` on *Reset*, which also passes Mesa's own scenario object.

    Parameters
    ----------
    config
        As for :func:`resolve_scenario`.
    parameters
        Overrides as keyword arguments (dotted keys, ``__`` for dots, or nested sections). The
        keyword ``scenario`` may hold the config (a :class:`Scenario`), or Mesa's own scenario
        object, whose ``rng`` and parameters are then used.
    seed, rng
        The run's seed, under either name (Mesa's is ``rng``); at most one of them.

    Raises
    ------
    ConfigError
        Naming the argument, for a config, seed or parameter that is not valid.
    """
    overrides = dict(parameters or {})
    given = overrides.pop("scenario", None)
    if isinstance(given, Scenario):
        if config is not None:
            raise ConfigError("scenario", ["give the scenario once: as config or as scenario="])
        config = given
    elif given is not None and hasattr(given, "to_dict"):  # Mesa's scenario object
        mesa_values = {k: v for k, v in given.to_dict().items() if k not in _MESA_SCENARIO_KEYS}
        rng = rng if rng is not None else getattr(given, "rng", None)
        overrides = {**mesa_values, **overrides}
    elif given is not None:
        raise ConfigError("scenario", [f"scenario: give {CONFIG_KINDS}"])
    if seed is not None and rng is not None:
        raise ConfigError("rng", ["give the seed once: as rng= (Mesa's name) or as seed="])
    chosen = ("rng", rng) if rng is not None else ("seed", seed)
    return resolve_scenario(config, overrides), resolve_seed(chosen[1], argument=chosen[0])


# Entries of Mesa's scenario object that are not parameters of the model.
_MESA_SCENARIO_KEYS = ("rng", "model", "_scenario_id")


def validation_problems(exc: ValidationError, model: type[BaseModel]) -> list[str]:
    """Turn a pydantic error into lines of ``path: what is wrong (allowed: ...)``."""
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        path = ".".join(str(p) for p in loc) or "(top level)"
        if err["type"] == "extra_forbidden":
            section = _section_at(model, loc[:-1])
            names = list(section.model_fields) if section is not None else []
            guess = difflib.get_close_matches(str(loc[-1]), names, n=1)
            hint = f"; did you mean {guess[0]!r}?" if guess else ""
            what = "unknown key"
            if _world_key_in_rules(section, loc[-1]):
                what, hint = "not a rule key", ": rules change, the world they act in does not"
            problems.append(f"{path}: {what}{hint} (allowed keys here: {', '.join(names)})")
            continue
        info = _field_at(model, loc)
        allowed = f" (allowed: {describe_allowed(info)})" if info is not None else ""
        value = err.get("input")
        shown = "" if isinstance(value, dict | list | tuple) else f", got {value!r}"
        if isinstance(value, float) and not math.isfinite(value):
            shown = f", got {value}"
        message = err["msg"].removeprefix("Value error, ")
        problems.append(f"{path}: {message}{shown}{allowed}")
    return problems


def _world_key_in_rules(section: type[BaseModel] | None, key: Any) -> bool:
    """Whether ``key``, written in a rule set (``before:``, a timeline change), is the world's."""
    return section is not None and issubclass(section, Rules) and key in Scenario.model_fields


def _field_at(model: type[BaseModel], loc: tuple[Any, ...]) -> Any:
    """The pydantic FieldInfo at ``loc`` (list indices skipped), or None."""
    current: Any = model
    info = None
    for part in loc:
        if isinstance(part, int):
            continue
        if current is None:
            return None
        info = current.model_fields.get(str(part))
        if info is None:
            return None
        current = _model_in(info.annotation)
    return info


def _section_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class at ``loc``: the section that holds the keys one level below."""
    if not any(not isinstance(p, int) for p in loc):
        return model
    info = _field_at(model, loc)
    return _model_in(info.annotation) if info is not None else None


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model class inside an annotation such as ``X``, ``tuple[X, ...]`` or ``X | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def describe_allowed(info: Any) -> str:
    """Describe the values a field allows, from its annotation and bounds (or its own words)."""
    extra = info.json_schema_extra or {}
    if isinstance(extra, dict) and "allowed" in extra:
        return str(extra["allowed"])
    literal = _literal_values(info.annotation)
    if literal:
        return "one of " + ", ".join(repr(v) for v in literal)
    lo = hi = None
    lo_open = hi_open = False
    for meta in info.metadata:
        if getattr(meta, "ge", None) is not None:
            lo = meta.ge
        if getattr(meta, "gt", None) is not None:
            lo, lo_open = meta.gt, True
        if getattr(meta, "le", None) is not None:
            hi = meta.le
        if getattr(meta, "lt", None) is not None:
            hi, hi_open = meta.lt, True
    kind = getattr(info.annotation, "__name__", None) or str(info.annotation)
    if lo is None and hi is None:
        return f"a value of type {kind}"
    left = ("(" if lo_open else "[") + (f"{lo:g}" if lo is not None else "-inf")
    right = (f"{hi:g}" if hi is not None else "inf") + (")" if hi_open else "]")
    return f"{kind} in {left}, {right}"


def _literal_values(annotation: Any) -> tuple[Any, ...]:
    if get_origin(annotation) is Literal:
        return get_args(annotation)
    for arg in get_args(annotation):
        found = _literal_values(arg)
        if found:
            return found
    return ()
