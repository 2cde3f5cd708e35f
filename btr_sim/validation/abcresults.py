"""A calibration's results, and writing them: posterior tables and file, figures, report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from btr_sim.analysis.document import markdown_table
from btr_sim.analysis.style import save_figure
from btr_sim.experiments.posterior import Posterior, write_posterior
from btr_sim.experiments.ranges import takes_whole_numbers
from btr_sim.loading import nest_dotted
from btr_sim.validation.abcfigures import (
    marginals_figure,
    pairs_figure,
    posterior_summary,
    predictive_figure,
)
from btr_sim.validation.abcfolder import CalibrationFolder
from btr_sim.validation.calibration import CalibrationProblem
from btr_sim.validation.facts import Label
from btr_sim.validation.predictive import coverage

__all__ = ["MEDIANS_FILE", "POSTERIOR_FILE", "AbcRun", "write_medians", "write_report"]

#: The posterior in the shipped format, in the results folder.
POSTERIOR_FILE = "posterior.yaml"

#: The posterior medians as a scenario file (what may become the defaults).
MEDIANS_FILE = "medians.yaml"


@dataclass
class AbcRun:
    """A finished ABC-SMC.

    Attributes
    ----------
    problem : CalibrationProblem
    folder : CalibrationFolder
    posterior : Posterior
        The last generation's particles and weights, with the provenance.
    particles : pandas.DataFrame
        The last generation: ``particle``, ``weight``, each parameter, ``log_density`` (the
        kernel's, pyabc's "distance") and each fact's simulated replication mean.
    populations : pandas.DataFrame
        Every generation's particles (``generation`` first).
    generations : pandas.DataFrame
        Per generation: ``generation``, ``temperature``, ``candidates`` (pyabc's count, up to
        the last accepted), ``accepted``, ``ess``, ``wall_time_seconds``.
    noise : dict of str to float
        Variance of one run's measure, per fact.
    variances : dict of str to float
        The kernel's variances, per fact.
    predictive : pandas.DataFrame or None
        The posterior predictive checks (:mod:`~btr_sim.validation.predictive`).
    files : list of Path
        What was written.
    """

    problem: CalibrationProblem
    folder: CalibrationFolder
    posterior: Posterior
    particles: pd.DataFrame
    populations: pd.DataFrame
    generations: pd.DataFrame
    noise: dict[str, float]
    variances: dict[str, float]
    predictive: pd.DataFrame | None = None
    files: list[Path] = field(default_factory=list)


def _fmt(x: float) -> str:
    return f"{x:.3g}"


def write_report(run: AbcRun) -> list[Path]:
    """Write every table, the posterior file, the figures and ``calibration.md``.

    Returns
    -------
    list of Path
        The files written.
    """
    root = run.folder.root
    predictive = run.predictive
    files = []
    tables = {
        "posterior.csv": run.particles,
        "populations.csv": run.populations,
        "generations.csv": run.generations,
    }
    summary = posterior_summary(run.posterior, run.problem.priors)
    tables["posterior_summary.csv"] = summary
    if predictive is not None:
        tables["predictive.csv"] = predictive
    for name, table in tables.items():
        table.to_csv(root / name, index=False)
        files.append(root / name)
    header = (
        f"Posterior of {run.problem.name} ({run.problem.rule_set}), written by btr-sim "
        "calibrate.\nCopy it under configs/posterior/ to ship it; docs/validation.md says how "
        "it was made."
    )
    files.append(write_posterior(run.posterior, root / POSTERIOR_FILE, header))
    files.append(write_medians(summary, root / MEDIANS_FILE, run.problem.name))
    files += save_figure(marginals_figure(run.posterior, run.problem.priors), root, "marginals")
    files += save_figure(pairs_figure(run.posterior, run.problem.priors), root, "pairs")
    if predictive is not None and len(predictive):
        files += save_figure(predictive_figure(predictive), root, "predictive")
    report = root / "calibration.md"
    report.write_text(_markdown(run, summary, predictive), encoding="utf-8")
    files.append(report)
    return files


def write_medians(summary: pd.DataFrame, path: Path, name: str) -> Path:
    """Each parameter's posterior median (3 significant figures) as a scenario file.

    ``btr-sim run FILE`` runs it; its values are what the status quo's defaults become, sourced
    ``calibrated: docs/validation.md`` (the medians of the marginals, not a joint mode).
    """
    medians = {
        r.parameter: round(r.median)
        if takes_whole_numbers(r.parameter)
        else float(f"{r.median:.3g}")
        for r in summary.itertuples()
    }
    header = (
        f"# Posterior medians of {name} (btr-sim calibrate): the marginal medians, each to 3\n"
        "# significant figures, to become the status quo's defaults.\n"
    )
    body = yaml.safe_dump({"name": f"{name}_medians", **nest_dotted(medians)}, sort_keys=False)
    path.write_text(header + body, encoding="utf-8")
    return path


def _markdown(run: AbcRun, summary: pd.DataFrame, predictive: pd.DataFrame | None) -> str:
    p = run.posterior.provenance
    lines = [
        f"# Calibration: {run.problem.name}",
        "",
        f"ABC-SMC of {len(run.problem.priors)} free parameters of `{run.problem.rule_set}` to "
        f"its {len(run.problem.facts)} calibration facts "
        f"({', '.join(f'`{f.name}`' for f in run.problem.facts)}). "
        f"{p['generations_run']} generations of {p['budget']['population']} particles, "
        f"{p['budget']['replications']} runs each; final temperature "
        f"{p['final_temperature']:.3g}; {p['candidates']} candidates, {p['simulations']} "
        f"simulations; wall time {p['wall_time_seconds']:.0f} s. Command: `{p['command']}`; "
        f"git revision {p['git_revision']}.",
        "",
        "## Generations",
        "",
        markdown_table(run.generations.round(3)),
        "",
        "## Posterior against prior (medians and 90% intervals)",
        "",
        markdown_table(
            pd.DataFrame(
                {
                    "parameter": summary["parameter"],
                    "prior": summary["prior"],
                    "posterior median [90%]": [
                        f"{_fmt(r.median)} [{_fmt(r.low)}, {_fmt(r.high)}]"
                        for r in summary.itertuples()
                    ],
                    "width / prior width": summary["width_ratio"].round(2),
                }
            )
        ),
        "",
        "Figures: `marginals.png`, `pairs.png`.",
        "",
    ]
    if predictive is not None:
        lines += ["## Posterior predictive checks (90% intervals)", ""]
        for label in (Label.CALIBRATION, Label.VALIDATION):
            inside, total = coverage(predictive, label)
            lines.append(f"- {label} facts inside their 90% interval: {inside} of {total}")
        cells = predictive.assign(
            interval=[f"{_fmt(r.ppi_low)} – {_fmt(r.ppi_high)}" for r in predictive.itertuples()]
        )[["fact", "label", "observed", "interval", "inside", "draws"]]
        lines += ["", markdown_table(cells), "", "Figure: `predictive.png`.", ""]
    return "\n".join(lines)
