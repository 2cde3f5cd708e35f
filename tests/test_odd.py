"""docs/ODD.md must describe the parameters exactly: its table is checked against the code."""

from __future__ import annotations

import re
from pathlib import Path

from btr_sim.parameters import parameter_rows, parameter_table_markdown

ODD = Path(__file__).resolve().parents[1] / "docs" / "ODD.md"


def odd_table() -> str:
    text = ODD.read_text(encoding="utf-8")
    match = re.search(r"<!-- parameters:start -->\n(.*?)\n<!-- parameters:end -->", text, re.S)
    assert match, "docs/ODD.md lacks the parameter table markers"
    return match.group(1)


def test_parameter_table_matches_configuration():
    # Regenerate with: btr-sim params --markdown
    assert odd_table() == parameter_table_markdown()


def test_every_parameter_is_named_in_the_table_and_has_a_description():
    table = odd_table()
    for row in parameter_rows():
        assert f"`{row.path}`" in table
        assert row.description, row.path


def test_parameters_named_in_the_text_exist():
    known = {r.path for r in parameter_rows()}
    prefixes = {p.split(".")[0] for p in known}
    text = ODD.read_text(encoding="utf-8").split("<!-- parameters:start -->")[0]
    text += ODD.read_text(encoding="utf-8").split("<!-- parameters:end -->")[1]
    named = set(re.findall(r"`([a-z_]+(?:\.[a-z_]+)+)`", text))
    for name in named:
        if name.split(".")[0] in prefixes and not name.endswith((".py", ".md", ".yaml")):
            assert name in known or any(k.startswith(name + ".") for k in known), name
