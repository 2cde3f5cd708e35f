"""docs/results-format.md must describe the results folder exactly: checked against the contract.

The contract is :mod:`btr_sim.results.contract`; this page is what people read. The check
compares the entries, the manifest's keys and the tables' column groups and types, and is shown
to fail on a page that has drifted.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from conftest import tiny_experiment

import btr_sim
from btr_sim.experiments import plan_experiment
from btr_sim.results import contract as c

DOC = Path(__file__).resolve().parents[1] / "docs" / "results-format.md"

#: How the page writes an Arrow type.
TYPE_WORDS = {pa.string(): "str", pa.int64(): "int", pa.float64(): "float", pa.bool_(): "bool"}


def sections(text: str) -> dict[str, str]:
    """The page's ``## `` sections, by the first name in backticks of their heading."""
    out = {}
    for block in re.split(r"^## ", text, flags=re.M)[1:]:
        heading, _, body = block.partition("\n")
        named = re.findall(r"`([^`]+)`", heading)
        out[named[0] if named else heading.strip()] = body
    return out


def table(body: str) -> list[list[str]]:
    """The rows of a section's table, as lists of cells (the header row left out)."""
    rows = []
    for line in body.splitlines():
        if line.startswith("|") and not line.startswith("| ---"):
            rows.append([cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip()[1:-1])])
    return rows[1:]


def names(cell: str) -> list[str]:
    """The names in backticks of a cell."""
    return re.findall(r"`([^`]+)`", cell)


def fields(body: str) -> list[tuple[str, str]]:
    """A table of columns as (name, type), one entry per name of its first cell."""
    return [(name, row[1]) for row in table(body) for name in names(row[0])]


def column_problems(where: str, body: str, expected: list[pa.Field], then: str) -> list[str]:
    """The columns a section lists against the contract's, then the group of ``then`` names."""
    listed = fields(body)
    wanted = [(f.name, TYPE_WORDS[f.type]) for f in expected]
    problems = []
    if listed[: len(wanted)] != wanted:
        problems.append(f"{where}: columns {listed[: len(wanted)]}, the contract {wanted}")
    group = listed[len(wanted) :]
    if (then, TYPE_WORDS[c.OUTCOME_TYPE]) not in group:
        problems.append(f"{where}: no row for every {then} name, of type {c.OUTCOME_TYPE}")
    return problems


def manifest_problems(body: str) -> list[str]:
    """The manifest's keys, required keys, format version, design kinds and record kinds."""
    problems = []
    keys = [name for row in table(body) for name in names(row[0])]
    if keys != list(c.MANIFEST_KEYS):
        problems.append(f"{c.MANIFEST}: keys {keys}, the contract {list(c.MANIFEST_KEYS)}")
    *first, last = (f"`{k}`" for k in c.MANIFEST_REQUIRED)
    if f"without {', '.join(first)} or {last}" not in body:
        problems.append(f"{c.MANIFEST}: does not say the reader requires {c.MANIFEST_REQUIRED}")
    rows = {names(row[0])[0]: row[1] for row in table(body)}
    if f"({c.FORMAT_VERSION})" not in rows.get("format", ""):
        problems.append(f"{c.MANIFEST}: format is not said to be {c.FORMAT_VERSION}")
    kinds = re.search(r'"kind": ([^,]*),', rows.get("design", ""))
    if not kinds or re.findall(r'"(\w+)"', kinds.group(1)) != list(c.DESIGN_KINDS):
        problems.append(f"{c.MANIFEST}: design kinds are not {c.DESIGN_KINDS}")
    if re.findall(r'"(\w+)"', rows.get("record", "")) != list(c.TABLES):
        problems.append(f"{c.MANIFEST}: record kinds are not {list(c.TABLES)}")
    return problems


def runs_problems(body: str) -> list[str]:
    """The columns of ``runs.parquet``: ids and status, design columns, outcomes."""
    ids = [*c.ID_COLUMNS, *c.STATUS_COLUMNS]
    problems = column_problems(c.RUNS, body, ids, "btr_sim.core.metrics.SUMMARY")
    design = [names(row[0]) for row in table(body) if c.is_design_column(names(row[0])[0])]
    world = [c.WORLD, "<uncertain parameter>", c.POLICY]
    wanted = [[c.design_column("<factor>")], [c.design_column(f) for f in world]]
    if design != wanted:
        problems.append(f"{c.RUNS}: design columns {design}, the contract {wanted}")
    status = {names(row[0])[0]: row[2] for row in table(body)}.get("status", "")
    if names(status) != list(c.STATUSES):
        problems.append(f"{c.RUNS}: status values {names(status)}, the contract {c.STATUSES}")
    return problems


def series_problems(body: str) -> list[str]:
    """The columns of ``series.parquet``: ids and month, then the series."""
    ids = list(c.series_schema())[: len(c.ID_COLUMNS) + 1]
    problems = column_problems(c.SERIES_FILE, body, ids, "btr_sim.core.metrics.SERIES")
    trust = [name for name in c.TRUST_SERIES if f"| `{name}` | float |" not in body]
    if trust:
        problems.append(f"{c.SERIES_FILE}: the levels of trust {trust} are not described")
    return problems


def events_problems(body: str) -> list[str]:
    """The columns of ``events.parquet``, every one with its type."""
    listed = fields(body)
    wanted = [(f.name, TYPE_WORDS[f.type]) for f in c.events_schema()]
    return [] if listed == wanted else [f"{c.EVENTS}: columns {listed}, the contract {wanted}"]


def entries_problems(body: str) -> list[str]:
    """The other entries of the folder."""
    listed = {names(row[0])[0] for row in table(body)}
    folders = {
        c.SCENARIOS: "/<scenario>.yaml",
        c.ANALYSIS: "/",
        c.PARTS: "/",
        c.DAMAGED: "/",
        c.FIGURES: "/",
    }
    entries = [*folders, c.FAILURES, c.LOCK, *c.OUTPUTS]
    wanted = {name + folders.get(name, "") for name in entries}
    return [] if listed == wanted else [f"other entries: {listed}, the contract {wanted}"]


CHECKS = {
    c.MANIFEST: manifest_problems,
    c.RUNS: runs_problems,
    c.SERIES_FILE: series_problems,
    c.EVENTS: events_problems,
    "Other entries of the folder": entries_problems,
}


def doc_problems(text: str) -> list[str]:
    """Every difference between the page and the contract."""
    found = sections(text)
    files = [c.MANIFEST, *c.TABLES.values()]
    if [name for name in found if name.endswith((".json", ".parquet"))] != files:
        return [f"sections: {list(found)}, the contract's files {files}"]
    return [problem for name, check in CHECKS.items() for problem in check(found[name])]


def test_the_page_describes_the_contract():
    assert doc_problems(DOC.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    "old, new",
    [
        ("| `hash` |", "| `sha` |"),  # a manifest key renamed
        ("| `git_revisions` |", "| `git_revisions`, `host` |"),  # a key the store does not write
        ("| `rows` |", "| `row_counts` |"),  # the row counts' key
        ("| `seed` | int | the run's seed", "| `seed` | float | the run's seed"),  # a type
        ("`design.<factor>`", "`factor.<factor>`"),  # the design prefix
        ("## `events.parquet`", "## `events.csv`"),  # a file name
        ("version of this folder layout (1)", "version of this folder layout (2)"),
        ("| `severity` | float |", "| `severity` | int |"),  # an event column's type
        ("| `.lock` |", "| `lock` |"),  # an entry of the folder
        ("| `report.html` |", "| `report.htm` |"),  # an output of an analysing command
        ("| `damaged/` |", "| `broken/` |"),  # where damaged files go
        ('"lhs"', '"sobol"'),  # a design kind
        ("| `central_credibility` | float |", "| `centre_credibility` | float |"),  # a level
    ],
)
def test_a_page_that_drifted_is_caught(old, new):
    text = DOC.read_text(encoding="utf-8")
    assert old in text
    assert doc_problems(text.replace(old, new, 1))


def test_the_store_writes_what_the_contract_declares(write_experiment, tmp_path):
    path = write_experiment(tiny_experiment())
    out = tmp_path / "out"
    btr_sim.run_experiment(path, out=out, executor="serial", progress=False)
    manifest = json.loads((out / c.MANIFEST).read_text(encoding="utf-8"))
    assert list(manifest) == list(c.MANIFEST_KEYS) and manifest["format"] == c.FORMAT_VERSION
    plan = plan_experiment(path)
    schemas = {
        c.RUNS: c.runs_schema(plan.factors, plan.outcomes),
        c.SERIES_FILE: c.series_schema(),
        c.EVENTS: c.events_schema(),
    }
    for file, schema in schemas.items():
        assert pq.read_schema(out / file) == schema, file
    assert {p.name for p in out.iterdir()} == {c.MANIFEST, *schemas, c.SCENARIOS, c.LOCK}
