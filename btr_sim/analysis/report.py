"""The experiment report: question, design, tables, figures, provenance and how to reproduce it.

:func:`build_report` assembles the report as document blocks from the comparison and the
figures; :mod:`btr_sim.analysis.document` renders them as Markdown (figures beside it) or as
one self-contained HTML page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from btr_sim.analysis.document import (
    Block,
    Code,
    Heading,
    Image,
    Paragraph,
    Table,
    format_estimate,
)
from btr_sim.analysis.outcomes import DESIGN_OUTCOMES, KEY_OUTCOMES, axis_label, label
from btr_sim.analysis.plots import Plot
from btr_sim.analysis.tables import (
    EXPLAIN_DIFFERENCES,
    EXPLAIN_EFFECTS,
    EXPLAIN_TIMING,
    Comparison,
    effects_table,
    outcome_table,
    overview_table,
    timing_table,
)
from btr_sim.config import Scenario
from btr_sim.results import level_key
from btr_sim.results.contract import MANIFEST, RUNS

__all__ = ["build_report", "reproduce_commands", "scenario_settings"]

#: Outcomes of the report's overview table.
OVERVIEW = (
    "credibility_change",
    "removals_per_100cy",
    "voluntary_per_100cy",
    "precision",
    "impunity_per_100cy",
    "reinstatement_rate",
)


def _flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, Mapping):
            out.update(_flatten(value, f"{prefix}{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def scenario_settings(scenarios: Mapping[str, Mapping[str, Any]]) -> tuple[dict, dict]:
    """What the scenarios change from the model's defaults.

    Returns
    -------
    (dict, dict)
        Settings that every scenario shares and that differ from the defaults (path -> value);
        and, per scenario, its further differences (path -> value).
    """
    defaults = _flatten(Scenario().model_dump(mode="json"))
    flat = {name: _flatten(s) for name, s in scenarios.items()}
    changed = {
        name: {
            k: v for k, v in s.items() if k not in ("name", "description") and defaults.get(k) != v
        }
        for name, s in flat.items()
    }
    keys = set.intersection(*(set(c) for c in changed.values())) if changed else set()
    common = {
        k: next(iter(changed.values()))[k]
        for k in sorted(keys)
        if len({repr(c[k]) for c in changed.values()}) == 1
    }
    own = {name: {k: v for k, v in c.items() if k not in common} for name, c in changed.items()}
    return common, own


def reproduce_commands(comparison: Comparison, analysis_command: str) -> str:
    """Shell commands that re-run the experiment and rebuild this report."""
    manifest = comparison.results.manifest
    run = manifest.get("command")
    if not run:
        source = manifest.get("source") or f"experiments/{comparison.results.name}.yaml"
        if not str(source).endswith((".yaml", ".yml")):  # e.g. run from scenario files
            source = f"experiments/{comparison.results.name}.yaml"
        # The values as run, spelt out: the command stays exact if the file was overridden.
        options = [
            f"{flag} {manifest[key]}"
            for flag, key in (
                ("--replications", "replications"),
                ("--months", "months"),
                ("--seed", "master_seed"),
            )
            if manifest.get(key) is not None
        ]
        run = " ".join(
            ["btr-sim run", str(source), *options, "--out", str(comparison.results.path)]
        )
    return f"{run}\n{analysis_command}"


def _design_blocks(comparison: Comparison) -> list[Block]:
    results = comparison.results
    m = results.manifest
    blocks: list[Block] = [
        Heading("Design", 2),
        Paragraph(
            f"A *{results.design_kind}* design of {len(results.scenarios)} scenarios, each run "
            f"{m.get('replications', '?')} times for {m.get('months', '?')} months (one step = "
            f"one month){_warmup_text(m)}, replication seeds drawn from master seed "
            f"{m.get('master_seed', '?')}; replication k of every scenario runs on the same seed "
            f"(common random numbers). Reference scenario: `{comparison.reference}`."
        ),
    ]
    if results.factors:
        blocks.append(
            Table(
                pd.DataFrame(
                    {
                        "factor": list(results.factors),
                        "levels (first = base)": [
                            ", ".join(str(v) for v in lv) for lv in results.factors.values()
                        ],
                    }
                ),
                "Factors:",
            )
        )
    scenarios = m.get("scenarios")
    if not (
        isinstance(scenarios, Mapping) and all(isinstance(s, Mapping) for s in scenarios.values())
    ):
        return blocks
    common, own = scenario_settings({s: scenarios[s] for s in results.scenarios})
    if common:
        shown = ", ".join(f"`{k}` = {v}" for k, v in common.items())
        blocks.append(
            Paragraph(f"Settings of every scenario that differ from the defaults: {shown}.")
        )
    if results.is_crossed:
        levers = _lever_settings(comparison, own)
        if levers is not None:
            blocks.append(Table(levers, "What each factor's level sets:"))
        frame = pd.DataFrame({"scenario": results.scenarios})
        for factor in results.factors:
            frame[factor] = [str(results.design_levels(s)[factor]) for s in results.scenarios]
        blocks.append(Table(frame, "Scenarios (design order):"))
        return blocks
    blocks.append(
        Table(
            pd.DataFrame(
                {
                    "scenario": results.scenarios,
                    "settings beyond those shared": [
                        "; ".join(f"{k} = {v}" for k, v in own[s].items()) or "(none)"
                        for s in results.scenarios
                    ],
                }
            ),
            "Scenarios:",
        )
    )
    return blocks


def _warmup_text(manifest: Mapping[str, Any]) -> str:
    """The design paragraph's words on the warm-up, when every scenario has the same one."""
    scenarios = manifest.get("scenarios")
    if not isinstance(scenarios, Mapping) or not scenarios:
        return ""
    warmups = {s.get("warmup_months") for s in scenarios.values() if isinstance(s, Mapping)}
    if len(warmups) != 1 or None in warmups:
        return ""
    months = warmups.pop()
    if not months:
        return ", measured from the start (no warm-up)"
    return (
        f", measured from the month the scenario's rules take effect after a warm-up of "
        f"{months} months (docs/ODD.md, 7.9)"
    )


def _lever_settings(comparison: Comparison, own: Mapping[str, dict]) -> pd.DataFrame | None:
    """For levers whose names are not parameters: the settings each non-base level makes.

    Read off the design point where only that factor leaves its base level, against the
    design point where none does. None when the factors are parameters themselves (a grid).
    """
    results = comparison.results
    base_levels = {f: level_key(v[0]) for f, v in results.factors.items()}

    def point(changes: dict[str, Any]) -> str | None:
        wanted = {**base_levels, **{f: level_key(v) for f, v in changes.items()}}
        for s in results.scenarios:
            if {f: level_key(v) for f, v in results.design_levels(s).items()} == wanted:
                return s
        return None

    base = point({})
    rows = []
    for factor, levels in results.factors.items():
        for level in levels[1:]:
            single = point({factor: level})
            if base is None or single is None:
                return None
            settings = {k: v for k, v in own[single].items() if own[base].get(k, object()) != v}
            if list(settings) == [factor]:
                return None  # the factor is a parameter: the scenario table says it all
            rows.append(
                {
                    "factor": factor,
                    "level": str(level),
                    "settings": "; ".join(f"{k} = {v}" for k, v in settings.items()) or "(none)",
                }
            )
    return pd.DataFrame(rows)


#: Interaction rows shown in the report's summary before only the detected ones are kept.
MAX_INTERACTION_ROWS = 12


def _complementarity_table(
    comparison: Comparison, outcomes: Sequence[str]
) -> tuple[pd.DataFrame, str]:
    """Interactions and synergy by key outcome, and a note on what was left out."""
    effects = comparison.effects
    rows = effects[(effects["kind"] != "main") & effects["outcome"].isin(outcomes)]
    names = list(pd.unique(rows["effect"]))
    note = ""
    if len(names) > MAX_INTERACTION_ROWS:
        detected = rows[(rows["low"] > 0) | (rows["high"] < 0)]
        kept = [e for e in names if e in set(detected["effect"])]
        note = (
            f"{len(names)} interaction terms; shown are the {len(kept)} whose 95% CI excludes "
            "zero for at least one of these outcomes (all are in the appendix and effects.csv). "
            "With this many terms some will exclude zero by chance alone."
        )
        names = kept
    frame = pd.DataFrame({"effect": names})
    for outcome in outcomes:
        sub = rows[rows["outcome"] == outcome].set_index("effect")
        frame[label(outcome)] = [
            f"{format_estimate(*sub.loc[e, ['estimate', 'low', 'high']])}: "
            f"{sub.loc[e, 'reading'].split(' (')[0]}"
            for e in frame["effect"]
        ]
    return frame, note


def _provenance(comparison: Comparison) -> pd.DataFrame:
    m = comparison.results.manifest
    seeds = m.get("seeds") or []
    shown_seeds = ", ".join(str(s) for s in seeds[:3]) + (" ..." if len(seeds) > 3 else "")
    items = [
        ("experiment", m.get("experiment")),
        ("results folder", str(comparison.results.path)),
        ("experiment hash (SHA-256)", m.get("hash")),
        ("started / finished (UTC)", f"{m.get('started', '?')} / {m.get('finished', '?')}"),
        (
            "runs total / done / failed",
            f"{m.get('runs_total', '?')} / {m.get('runs_done', '?')} / {m.get('runs_failed', '?')}",
        ),
        ("record", ", ".join(m.get("record") or [])),
        ("master seed", m.get("master_seed")),
        (f"replication seeds ({len(seeds)})", shown_seeds),
        ("git revision", m.get("git_revision")),
        ("platform", m.get("platform")),
    ]
    items += [(f"version: {k}", v) for k, v in (m.get("versions") or {}).items()]
    return pd.DataFrame(
        {"item": [k for k, _ in items], "value": ["" if v is None else str(v) for k, v in items]}
    )


def build_report(
    comparison: Comparison,
    plots: Sequence[tuple[Plot, Path]],
    analysis_command: str,
) -> list[Block]:
    """The report's blocks.

    Parameters
    ----------
    comparison
        From :func:`btr_sim.analysis.tables.compare`.
    plots
        Each drawn figure with the path of its PNG file.
    analysis_command
        The command that wrote the report (printed under *Reproduce*).
    """
    results = comparison.results
    key = [o for o in KEY_OUTCOMES if o in results.outcomes]
    blocks: list[Block] = [
        Heading(f"{results.name}: results", 1),
        Heading("Question", 2),
        Paragraph(results.description or "(The experiment records no description.)"),
    ]
    blocks += _design_blocks(comparison)
    blocks.append(Heading("Results", 2))
    failed = len(results.failed_runs)
    if failed or results.missing_scenarios:
        blocks.append(
            Paragraph(
                f"**Caution:** {failed} run(s) failed and are left out"
                + (
                    f"; {len(results.missing_scenarios)} scenario(s) have no run yet"
                    if results.missing_scenarios
                    else ""
                )
                + "."
            )
        )
    overview = [o for o in OVERVIEW if o in results.outcomes]
    blocks.append(Table(overview_table(comparison, overview), "Key outcomes, mean [95% CI]:"))
    if not comparison.effects.empty:
        design = [o for o in DESIGN_OUTCOMES if o in results.outcomes]
        blocks.append(Heading("Do the factors complement each other?", 3))
        blocks.append(
            Paragraph(
                "Interactions (difference of differences) and synergy, paired by seed, with "
                "their reading; the full effects tables are in the appendix. " + EXPLAIN_EFFECTS
            )
        )
        table, note = _complementarity_table(comparison, design)
        if note:
            blocks.append(Paragraph(note))
        blocks.append(Table(table))
    blocks.append(Heading("Figures", 3))
    for plot, path in plots:
        blocks.append(Image(path, plot.caption))
    if not comparison.timing.empty:
        blocks.append(Heading("How fast the credibility effects build up", 3))
        blocks.append(Paragraph(EXPLAIN_TIMING))
        blocks.append(Table(timing_table(comparison)))
    blocks.append(Heading("Differences from the reference", 3))
    blocks.append(Paragraph(EXPLAIN_DIFFERENCES))
    for outcome in key:
        blocks.append(Table(outcome_table(comparison, outcome), f"**{axis_label(outcome)}**"))
    blocks.append(
        Paragraph(
            "Every outcome of every scenario, with its differences, is in `compare.csv` "
            "(and `compare.md`); effects of crossed designs in `effects.csv`."
        )
    )
    blocks.append(Heading("Provenance", 2))
    blocks.append(Table(_provenance(comparison)))
    blocks.append(
        Paragraph(
            f"The resolved experiment — every scenario in full — is in `{MANIFEST}` "
            "(`spec`, `scenarios`)."
        )
    )
    blocks.append(Heading("Reproduce", 2))
    scenario_file = results.scenario_file("SCENARIO")
    single = (
        f"`btr-sim run {scenario_file} --seed SEED`"
        if scenario_file.parent.is_dir()
        else "`btr-sim run SCENARIO --seed SEED`"
    )
    blocks.append(
        Paragraph(
            "Re-run the experiment and rebuild this report (same seeds, same tables); any single "
            f"run is reproduced by {single} with the seed of its row in `{RUNS}`."
        )
    )
    blocks.append(Code(reproduce_commands(comparison, analysis_command), "sh"))
    if not comparison.effects.empty:
        blocks.append(Heading("Appendix: main effects and interactions", 2))
        for outcome in key:
            blocks.append(Table(effects_table(comparison, outcome), f"**{axis_label(outcome)}**"))
    return blocks
