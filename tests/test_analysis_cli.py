"""``btr-sim compare``, ``plot`` and ``report`` in-process, on results folders made here."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import json
import re

import pandas as pd
import pytest
from support.results_dir import tiny_factorial, tiny_list

from btr_sim.cli import main
from btr_sim.core.metrics import SUMMARY


@pytest.fixture(scope="module")
def factorial(tmp_path_factory):
    return tiny_factorial(tmp_path_factory.mktemp("factorial"), replications=4)


@pytest.fixture(scope="module")
def listed(tmp_path_factory):
    return tiny_list(tmp_path_factory.mktemp("list"))


def test_compare_prints_and_saves_every_outcome(listed, capsys):
    assert main(["compare", str(listed)]) == 0
    out = capsys.readouterr().out
    assert "Reference: status_quo" in out
    assert "Credibility change (mean trust, 0–1)" in out
    assert "Δ paired [95% CI]" in out and "Δ unpaired [95% CI]" in out and "d_z" in out
    # The key outcomes only, unless --all.
    assert "Mean severity" not in out
    table = pd.read_csv(listed / "compare.csv")
    assert set(table["outcome"]) == set(SUMMARY)
    assert len(table) == 2 * len(SUMMARY)
    assert {
        "mean",
        "low",
        "high",
        "paired",
        "paired_low",
        "unpaired_high",
        "d_z",
        "cohen_d",
    } <= set(table.columns)
    row = table[(table.outcome == "credibility_change") & (table.scenario == "full_reform")].iloc[0]
    runs = pd.read_parquet(listed / "runs.parquet").pivot(
        index="seed", columns="scenario", values="credibility_change"
    )
    diff = runs["full_reform"] - runs["status_quo"]
    assert row["paired"] == pytest.approx(diff.mean())
    assert row["n_pairs"] == 4
    markdown = (listed / "compare.md").read_text()
    assert "| scenario | n | mean [95% CI] |" in markdown
    assert "Mean severity of incidents (severity, 1 = grave)" in markdown  # the file has all
    assert not (listed / "effects.csv").exists()  # a list has no factorial effects


def test_compare_reference_all_and_outcome_options(listed, capsys):
    assert main(["compare", str(listed), "--reference", "full_reform", "--all"]) == 0
    out = capsys.readouterr().out
    assert "Reference: full_reform" in out and "Mean severity" in out
    assert main(["compare", str(listed), "--outcome", "precision"]) == 0
    out = capsys.readouterr().out
    assert "Precision (share, 0–1)" in out and "Credibility change" not in out


def test_compare_factorial_effects(factorial, capsys):
    assert main(["compare", str(factorial), "--outcome", "credibility_change"]) == 0
    out = capsys.readouterr().out
    assert "Main effects and interactions" in out
    for effect in ("moral × legal", "legal × supporting", "synergy: moral + legal + supporting"):
        assert effect in out
    effects = pd.read_csv(factorial / "effects.csv")
    per_outcome = effects[effects.outcome == "credibility_change"]
    assert list(per_outcome["kind"]) == ["main"] * 3 + ["interaction"] * 4 + ["synergy"]
    assert set(per_outcome["reading"]) <= {
        "raises",
        "lowers",
        "no effect detected",
        "additive (no interaction detected)",
        "complementary (better together than the sum)",
        "substitutes (together less than the sum)",
        "not estimable",
        "higher-order interaction",
        "no interaction detected",
    }


def test_plot_writes_png_and_svg(listed, tmp_path, capsys):
    out = tmp_path / "figs"
    assert main(["plot", str(listed), "--out", str(out)]) == 0
    names = {p.name for p in out.iterdir()}
    figures = ("credibility", "resignations", "forest", "accuracy", "reinstatement")
    assert names == {f"{f}.{ext}" for f in figures for ext in ("png", "svg")}
    assert "Wrote 5 figures" in capsys.readouterr().out
    assert main(["plot", str(listed), "--format", "pdf", "--reference", "full_reform"]) == 0
    assert (listed / "figures" / "forest.pdf").exists()


def test_report_markdown_and_html(factorial, capsys):
    assert main(["report", str(factorial), "--html"]) == 0
    assert "report.md" in capsys.readouterr().out
    md = (factorial / "report.md").read_text()
    for heading in (
        "# tiny_countermeasures: results",
        "## Question",
        "## Design",
        "## Results",
        "### Do the factors complement each other?",
        "## Provenance",
        "## Reproduce",
    ):
        assert heading in md
    assert "Do the moral, legal and supporting layers complement each other?" in md
    assert "after a warm-up of 24 months" in md  # the design says where measurement starts
    assert "### How fast the credibility effects build up" in md and "months to half" in md
    # Every linked figure exists beside the report.
    links = re.findall(r"\]\((figures/[^)]+)\)", md)
    assert len(links) == 14  # 7 figures, PNG and SVG
    assert all((factorial / link).exists() for link in links)
    # The exact commands: the experiment file (the manifest's source, which the fixture wrote
    # beside the folder) with the values it ran with, then this report.
    manifest = json.loads((factorial / "manifest.json").read_text())
    assert manifest["source"] == str(factorial.with_name(f"{factorial.name}.yaml"))
    assert (
        f"btr-sim run {manifest['source']} --replications 4 --months 60 --seed 11 --out {factorial}"
    ) in md
    assert f"btr-sim report {factorial} --reference moral=off,legal=off,supporting=off --html" in md
    assert "| version: mesa |" in md
    assert f"| git revision | {manifest['git_revision'] or ''} |" in md
    html = (factorial / "report.html").read_text()
    assert html.count("data:image/png;base64,") == 7
    assert 'src="figures/' not in html  # self-contained
    assert "<table>" in html and "<h2>Provenance</h2>" in html


def test_report_is_reproducible(listed):
    assert main(["report", str(listed)]) == 0
    first = (listed / "report.md").read_text()
    figure = (listed / "figures" / "forest.svg").read_bytes()
    assert main(["report", str(listed)]) == 0
    assert (listed / "report.md").read_text() == first
    assert (listed / "figures" / "forest.svg").read_bytes() == figure
