"""The experiment report: question, design, results, provenance, reproduction and citation.

:func:`build_report` assembles the report as document blocks from the comparison and the
figures, in the language of its :class:`~btr_sim.i18n.Translator`;
:mod:`btr_sim.analysis.document` renders them as Markdown (figures beside it) or as one
self-contained HTML page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import metadata
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
from btr_sim.analysis.naming import effect_label, factor_name, level_name, scenario_labels
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
from btr_sim.analysis.uncertainty import uncertainty_blocks
from btr_sim.config import Scenario
from btr_sim.i18n import ENGLISH, N_, Translator
from btr_sim.results import level_key
from btr_sim.results.contract import MANIFEST, RUNS

__all__ = ["Citation", "build_report", "citation", "reproduce_commands", "scenario_settings"]

#: Outcomes of the report's overview table.
OVERVIEW = (
    "credibility_change",
    "central_credibility_change",
    "hierarchical_trust_share_last_year",
    "removals_per_100cy",
    "voluntary_per_100cy",
    "precision",
    "impunity_per_100cy",
    "reinstatement_rate",
)


#: The kinds of design, as the report names them.
_DESIGN_KINDS = {
    "factorial": N_("factorial"),
    "grid": N_("grid"),
    "list": N_("list"),
    "lhs": N_("Latin hypercube"),
}


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


def _design_blocks(comparison: Comparison, tr: Translator) -> list[Block]:
    results = comparison.results
    m = results.manifest
    names = scenario_labels(results, None, tr)
    blocks: list[Block] = [
        Heading(tr("Design"), 2),
        Paragraph(
            tr(
                "A *{kind}* design of {scenarios} scenarios, each run {replications} times for "
                "{months} months (one step = one month){warmup}, replication seeds drawn from "
                "master seed {seed}; replication k of every scenario runs on the same seed (common "
                "random numbers). Reference scenario: {reference} (`{file}`)."
            ).format(
                kind=tr(_DESIGN_KINDS.get(results.design_kind, results.design_kind)),
                scenarios=len(results.scenarios),
                replications=m.get("replications", "?"),
                months=m.get("months", "?"),
                warmup=_warmup_text(m, tr),
                seed=m.get("master_seed", "?"),
                reference=names.get(comparison.reference, comparison.reference),
                file=comparison.reference,
            )
        ),
    ]
    if results.factors:
        blocks.append(
            Table(
                pd.DataFrame(
                    {
                        tr("factor"): [factor_name(results, f, tr) for f in results.factors],
                        tr("levels (first = base)"): [
                            ", ".join(level_name(v, tr) for v in lv)
                            for lv in results.factors.values()
                        ],
                    }
                ),
                tr("Factors:"),
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
            Paragraph(
                tr("Settings of every scenario that differ from the defaults: {settings}.").format(
                    settings=shown
                )
            )
        )
    if results.is_crossed:
        levers = _lever_settings(comparison, own, tr)
        if levers is not None:
            blocks.append(Table(levers, tr("What each factor's level sets:")))
        # The label names a design point everywhere; the file name is what reruns it.
        frame = pd.DataFrame(
            {
                tr("scenario"): [names[s] for s in results.scenarios],
                tr("scenario file"): results.scenarios,
            }
        )
        for factor in results.factors:
            frame[factor_name(results, factor, tr)] = [
                level_name(results.design_levels(s)[factor], tr) for s in results.scenarios
            ]
        blocks.append(Table(frame, tr("Scenarios (design order):")))
        return blocks
    blocks.append(
        Table(
            pd.DataFrame(
                {
                    tr("scenario"): [names[s] for s in results.scenarios],
                    tr("settings beyond those shared"): [
                        "; ".join(f"{k} = {v}" for k, v in own[s].items()) or tr("(none)")
                        for s in results.scenarios
                    ],
                }
            ),
            tr("Scenarios:"),
        )
    )
    return blocks


def _warmup_text(manifest: Mapping[str, Any], tr: Translator) -> str:
    """The design paragraph's words on the warm-up, when every scenario has the same one."""
    scenarios = manifest.get("scenarios")
    if not isinstance(scenarios, Mapping) or not scenarios:
        return ""
    warmups = {s.get("warmup_months") for s in scenarios.values() if isinstance(s, Mapping)}
    if len(warmups) != 1 or None in warmups:
        return ""
    months = warmups.pop()
    if not months:
        return tr(", measured from the start (no warm-up)")
    return tr(
        ", measured from the month the scenario's rules take effect after a warm-up of "
        "{months} months (docs/ODD.md, 7.9)"
    ).format(months=months)


def _lever_settings(
    comparison: Comparison, own: Mapping[str, dict], tr: Translator
) -> pd.DataFrame | None:
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
                    tr("factor"): factor_name(results, factor, tr),
                    tr("level"): level_name(level, tr),
                    tr("settings"): "; ".join(f"{k} = {v}" for k, v in settings.items())
                    or tr("(none)"),
                }
            )
    return pd.DataFrame(rows)


#: Interaction rows shown in the report's summary before only the detected ones are kept.
MAX_INTERACTION_ROWS = 12


def _complementarity_table(
    comparison: Comparison, outcomes: Sequence[str], tr: Translator
) -> tuple[pd.DataFrame, str]:
    """Interactions and synergy by key outcome, and a note on what was left out."""
    effects = comparison.effects
    rows = effects[(effects["kind"] != "main") & effects["outcome"].isin(outcomes)]
    names = list(pd.unique(rows["effect"]))
    note = ""
    if len(names) > MAX_INTERACTION_ROWS:
        detected = rows[(rows["low"] > 0) | (rows["high"] < 0)]
        kept = [e for e in names if e in set(detected["effect"])]
        note = tr(
            "{terms} interaction terms; shown are the {kept} whose 95% CI excludes zero for at "
            "least one of these outcomes (all are in the appendix and effects.csv). With this "
            "many terms some will exclude zero by chance alone."
        ).format(terms=len(names), kept=len(kept))
        names = kept
    results = comparison.results
    frame = pd.DataFrame({tr("effect"): [effect_label(results, e, tr) for e in names]})
    for outcome in outcomes:
        sub = rows[rows["outcome"] == outcome].set_index("effect")
        frame[label(outcome, tr)] = [
            f"{format_estimate(*sub.loc[e, ['estimate', 'low', 'high']])}: "
            f"{_short_reading(tr(sub.loc[e, 'reading']))}"
            for e in names
        ]
    return frame, note


def _short_reading(reading: str) -> str:
    """A reading without its explanation in brackets (``complementary``)."""
    return reading.split(" (")[0].split("（")[0]


def _provenance(comparison: Comparison, tr: Translator) -> pd.DataFrame:
    m = comparison.results.manifest
    seeds = m.get("seeds") or []
    shown_seeds = ", ".join(str(s) for s in seeds[:3]) + (" ..." if len(seeds) > 3 else "")
    items = [
        (tr("experiment"), m.get("experiment")),
        (tr("results folder"), str(comparison.results.path)),
        (tr("experiment hash (SHA-256)"), m.get("hash")),
        (tr("started / finished (UTC)"), f"{m.get('started', '?')} / {m.get('finished', '?')}"),
        (
            tr("runs total / done / failed"),
            f"{m.get('runs_total', '?')} / {m.get('runs_done', '?')} / {m.get('runs_failed', '?')}",
        ),
        (tr("record"), ", ".join(m.get("record") or [])),
        (tr("master seed"), m.get("master_seed")),
        (tr("replication seeds ({n})").format(n=len(seeds)), shown_seeds),
        (tr("git revision"), m.get("git_revision")),
        (tr("platform"), m.get("platform")),
    ]
    items += [
        (tr("version: {package}").format(package=k), v)
        for k, v in (m.get("versions") or {}).items()
    ]
    return pd.DataFrame(
        {
            tr("item"): [k for k, _ in items],
            tr("value"): ["" if v is None else str(v) for k, v in items],
        }
    )


@dataclass(frozen=True)
class Citation:
    """How to cite the model: the fields of ``CITATION.cff``, read from the installed package.

    The version, licence, authors and summary are those of ``pyproject.toml`` (through the
    package's metadata); a test checks that ``CITATION.cff`` and ``codemeta.json`` say the same.
    """

    title: str
    version: str
    authors: str
    licence: str
    summary: str

    def text(self) -> str:
        """The reference as one line of Markdown."""
        return (
            f"{self.authors}. *{self.title}: {self.summary}*, version {self.version} "
            f"({self.licence})."
        )


#: The model's title in citations (``title`` in CITATION.cff).
TITLE = "btr_sim"


def citation() -> Citation:
    """The citation of the installed version of btr_sim."""
    meta = metadata.metadata("btr-sim")
    return Citation(
        title=TITLE,
        version=meta["Version"],
        authors=meta.get("Author") or "btr_sim developers",
        licence=meta.get("License-Expression") or meta.get("License") or "MIT",
        summary=meta["Summary"],
    )


def _citation_blocks(comparison: Comparison, tr: Translator) -> list[Block]:
    cite = citation()
    used = (comparison.results.manifest.get("versions") or {}).get("btr-sim")
    made = (
        tr("The runs were made with btr_sim {used}; this report was written by btr_sim {now}.")
        if used
        else tr("This report was written by btr_sim {now}.")
    ).format(used=used, now=cite.version)
    return [
        Heading(tr("How to cite"), 2),
        Paragraph(
            tr(
                "Cite the model as below (the repository's CITATION.cff holds the same "
                "reference), with the version that made the runs."
            )
        ),
        Paragraph(cite.text()),
        Paragraph(made),
    ]


def build_report(
    comparison: Comparison,
    plots: Sequence[tuple[Plot, Path]],
    analysis_command: str,
    tr: Translator = ENGLISH,
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
    tr
        The language of the report's headings, tables and text.
    """
    results = comparison.results
    key = [o for o in KEY_OUTCOMES if o in results.outcomes]
    blocks: list[Block] = [
        Heading(tr("{experiment}: results").format(experiment=results.name), 1),
        Heading(tr("Question"), 2),
        Paragraph(results.description or tr("(The experiment records no description.)")),
    ]
    blocks += _design_blocks(comparison, tr)
    blocks.append(Heading(tr("Results"), 2))
    failed = len(results.failed_runs)
    if failed or results.missing_scenarios:
        missing = len(results.missing_scenarios)
        blocks.append(
            Paragraph(
                tr("**Caution:** {failed} run(s) failed and are left out.").format(failed=failed)
                + (
                    " " + tr("{missing} scenario(s) have no run yet.").format(missing=missing)
                    if missing
                    else ""
                )
            )
        )
    overview = [o for o in OVERVIEW if o in results.outcomes]
    blocks.append(
        Table(overview_table(comparison, overview, tr), tr("Key outcomes, mean [95% CI]:"))
    )
    blocks += uncertainty_blocks(comparison.uncertainty, key, tr)
    if not comparison.effects.empty:
        design = [o for o in DESIGN_OUTCOMES if o in results.outcomes]
        blocks.append(Heading(tr("Do the factors complement each other?"), 3))
        blocks.append(
            Paragraph(
                tr(
                    "Interactions (difference of differences) and synergy, paired by seed, with "
                    "their reading; the full effects tables are in the appendix."
                )
                + " "
                + tr(EXPLAIN_EFFECTS)
            )
        )
        table, note = _complementarity_table(comparison, design, tr)
        if note:
            blocks.append(Paragraph(note))
        blocks.append(Table(table))
    blocks.append(Heading(tr("Figures"), 3))
    for plot, path in plots:
        blocks.append(Image(path, plot.caption))
    if not comparison.timing.empty:
        blocks.append(Heading(tr("How fast the credibility effects build up"), 3))
        blocks.append(Paragraph(tr(EXPLAIN_TIMING)))
        blocks.append(Table(timing_table(comparison, tr)))
    blocks.append(Heading(tr("Differences from the reference"), 3))
    blocks.append(Paragraph(tr(EXPLAIN_DIFFERENCES)))
    for outcome in key:
        blocks.append(
            Table(outcome_table(comparison, outcome, tr), f"**{axis_label(outcome, tr=tr)}**")
        )
    blocks.append(
        Paragraph(
            tr(
                "Every outcome of every scenario, with its differences, is in `compare.csv` "
                "(and `compare.md`); effects of crossed designs in `effects.csv`."
            )
        )
    )
    blocks.append(Heading(tr("Provenance"), 2))
    blocks.append(Table(_provenance(comparison, tr)))
    blocks.append(
        Paragraph(
            tr(
                "The resolved experiment — every scenario in full — is in `{manifest}` "
                "(`spec`, `scenarios`)."
            ).format(manifest=MANIFEST)
        )
    )
    blocks.append(Heading(tr("Reproduce"), 2))
    scenario_file = results.scenario_file("SCENARIO")
    single = (
        f"`btr-sim run {scenario_file} --seed SEED`"
        if scenario_file.parent.is_dir()
        else "`btr-sim run SCENARIO --seed SEED`"
    )
    blocks.append(
        Paragraph(
            tr(
                "Re-run the experiment and rebuild this report (same seeds, same tables); any "
                "single run is reproduced by {command} with the seed of its row in `{runs}`."
            ).format(command=single, runs=RUNS)
        )
    )
    blocks.append(Code(reproduce_commands(comparison, analysis_command), "sh"))
    blocks += _citation_blocks(comparison, tr)
    if not comparison.effects.empty:
        blocks.append(Heading(tr("Appendix: main effects and interactions"), 2))
        for outcome in key:
            blocks.append(
                Table(effects_table(comparison, outcome, tr), f"**{axis_label(outcome, tr=tr)}**")
            )
    return blocks
