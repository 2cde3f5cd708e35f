"""Nothing in the repository points outside it; the project carries its own sources.

A clone has no ``shared/`` folder beside it and no author's home: no tracked file may name a
path outside the repository, every relative Markdown link must resolve inside it, every source
docs/sources.md cites must be in docs/references.bib (and the other way round), and every
bibliography key that the code, the configuration files or the docs cite must be one of its
entries.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Spelt in pieces, so that this file does not name what it forbids.
OUTSIDE = [".." + "/shared", "/wo" + "rk/", "/ro" + "ot/", "FACTS" + ".md"]


def tracked() -> list[Path]:
    try:
        listed = subprocess.run(
            ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [ROOT / name for name in listed if (ROOT / name).is_file()]


def text_of(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (UnicodeDecodeError, OSError):
        return None  # a figure, a binary


def test_no_tracked_file_names_a_path_outside_the_repository():
    found = []
    for path in tracked():
        text = text_of(path)
        if text is None:
            continue
        name = path.relative_to(ROOT).as_posix()
        for pointer in OUTSIDE:
            if pointer in text:
                line = text[: text.index(pointer)].count("\n") + 1
                found.append(f"{name}:{line}: {pointer}")
    assert found == []


LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def test_every_relative_markdown_link_resolves_inside_the_repository():
    broken = []
    for path in tracked():
        if path.suffix != ".md":
            continue
        for target in LINK.findall(path.read_text(encoding="utf-8")):
            if re.match(r"^[a-z]+:", target) or target.startswith("#"):
                continue  # a web address, mail, or an anchor in the page
            resolved = (path.parent / target.split("#")[0]).resolve()
            if not resolved.is_relative_to(ROOT) or not resolved.exists():
                broken.append(f"{path.relative_to(ROOT)}: {target}")
    assert broken == []


def test_the_link_check_can_fail(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(f"see [the facts](../{OUTSIDE[0]}/design/{OUTSIDE[3]})", encoding="utf-8")
    (target,) = LINK.findall(page.read_text(encoding="utf-8"))
    assert not (page.parent / target).resolve().is_relative_to(ROOT)


BIB = ROOT / "docs" / "references.bib"

#: A bibliography key as the project writes them: the first author's or the work's name in
#: lower case and the year (``dewan2005``, ``gonzalezbustamante2025``, ``provisions2009``).
#: Names with an underscore (``reform_2009``, ``germany_1969_2005``) are file and rule-set names.
KEY = re.compile(r"\b[a-z]+(?:19|20)\d\d[a-z]?\b")


def entries() -> set[str]:
    return set(re.findall(r"^@\w+\{([^,]+),", BIB.read_text(encoding="utf-8"), re.M))


def cited_keys(paths: list[Path]) -> dict[str, list[str]]:
    """Each key-shaped word of the files' text, and the files that write it."""
    found: dict[str, list[str]] = {}
    for path in paths:
        text = text_of(path)
        for key in set(KEY.findall(text or "")):
            found.setdefault(key, []).append(path.relative_to(ROOT).as_posix())
    return found


def test_every_cited_source_is_in_the_bibliography_and_every_entry_is_cited():
    sources = (ROOT / "docs" / "sources.md").read_text(encoding="utf-8")
    cited = set(re.findall(r"`([a-z]+\d{4})`", sources))
    assert cited == entries()


def test_every_key_the_code_configs_and_docs_cite_is_in_the_bibliography():
    places = ("btr_sim/", "configs/", "docs/")
    paths = [p for p in tracked() if p.relative_to(ROOT).as_posix().startswith(places) and p != BIB]
    found = cited_keys(paths)
    assert {"gonzalezbustamante2025", "provisions2009", "mengxuenong2003"} <= set(found)
    missing = {key: where for key, where in found.items() if key not in entries()}
    assert missing == {}


def test_every_source_of_a_fact_is_in_the_bibliography():
    from btr_sim.validation.facts import FACTS

    assert {key for fact in FACTS for key in fact.sources} <= entries()


def test_the_key_check_finds_a_key_missing_from_the_bibliography(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("as [`gonzalez2025`] found, unlike reform_2009", encoding="utf-8")
    found = {key for key in KEY.findall(page.read_text(encoding="utf-8"))}
    assert found == {"gonzalez2025"} and not found <= entries()
