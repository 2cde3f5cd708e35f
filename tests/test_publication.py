"""Ready to publish and cite: one version, one licence, one name in pyproject.toml,
CITATION.cff, codemeta.json and the package; a valid CFF 1.2 file; the ODD's first element
named as ODD 2020 names it; the report says how to cite the model."""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from pathlib import Path

import pytest
import yaml

import btr_sim
from btr_sim.analysis.report import TITLE, citation

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


@pytest.fixture(scope="module")
def cff() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def codemeta() -> dict:
    return json.loads((ROOT / "codemeta.json").read_text(encoding="utf-8"))


def test_one_version_everywhere(project, cff, codemeta):
    assert btr_sim.__version__ == project["version"]
    assert cff["version"] == project["version"]
    assert codemeta["version"] == project["version"]
    assert citation().version == project["version"]


def test_one_licence_everywhere(project, cff, codemeta):
    assert project["license"] == "MIT"
    assert cff["license"] == "MIT"
    assert codemeta["license"] == "https://spdx.org/licenses/MIT"
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("MIT License")
    assert "btr_sim developers" in licence


def test_one_name_and_authors_everywhere(project, cff, codemeta):
    authors = [a["name"] for a in project["authors"]]
    assert [a["name"] for a in cff["authors"]] == authors
    assert [a["name"] for a in codemeta["author"]] == authors
    assert cff["title"] == codemeta["name"] == TITLE
    assert codemeta["description"] == project["description"]
    assert citation().summary == project["description"]


def test_the_citation_file_is_valid_cff_1_2(cff):
    # The required keys and types of the CFF 1.2.0 schema for a software citation.
    assert cff["cff-version"] == "1.2.0"
    assert isinstance(cff["message"], str) and cff["message"]
    assert isinstance(cff["title"], str) and cff["title"]
    assert cff["type"] in ("software", "dataset")
    assert cff["authors"] and all(
        isinstance(a, dict) and ({"name"} & set(a) or {"family-names", "given-names"} <= set(a))
        for a in cff["authors"]
    )
    dt.date.fromisoformat(str(cff["date-released"]))
    assert re.fullmatch(r"\d+\.\d+\.\d+", cff["version"])
    known = {
        "cff-version", "message", "type", "title", "abstract", "authors", "version",
        "date-released", "license", "keywords", "repository-code", "url", "doi",
        "identifiers", "references", "preferred-citation", "commit", "contact",
    }  # fmt: skip
    assert set(cff) <= known


def test_codemeta_is_a_software_source_code_record(codemeta):
    assert codemeta["@context"] == "https://w3id.org/codemeta/3.0"
    assert codemeta["@type"] == "SoftwareSourceCode"
    assert codemeta["programmingLanguage"]["name"] == "Python"


def test_the_odd_opens_with_purpose_and_patterns():
    odd = (ROOT / "docs" / "ODD.md").read_text(encoding="utf-8")
    first = re.search(r"^## (.*)$", odd, re.M).group(1)
    assert first == "1. Purpose and patterns"


def test_the_changelog_has_this_version(project):
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "Keep a Changelog" in changelog
    assert f"## [{project['version']}]" in changelog


def test_the_report_says_how_to_cite_the_model(tmp_path):
    from support.results_dir import tiny_factorial

    from btr_sim.cli import main

    folder = tiny_factorial(tmp_path / "results", replications=2)
    assert main(["report", str(folder)]) == 0
    report = (folder / "report.md").read_text(encoding="utf-8")
    section = report.split("## How to cite")[1].split("\n## ")[0]
    assert citation().text() in section
    assert f"version {btr_sim.__version__}" in section
    assert "CITATION.cff" in section
