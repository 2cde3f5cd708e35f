"""Nothing in the repository points outside it; the project carries its own sources.

A clone has no ``shared/`` folder beside it and no author's home: no tracked file may name a
path outside the repository, every relative Markdown link must resolve inside it, and every
source docs/sources.md cites must be in docs/references.bib (and the other way round).
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# Spelt in pieces, so that this file does not name what it forbids.
OUTSIDE = [".." + "/shared", "/wo" + "rk/", "/ro" + "ot/", "FACTS" + ".md"]
# The old facts file is still named by two docstrings of the model core (its owner's files).
NAMES_LEFT = {"btr_sim/core/metrics.py": "FACTS" + ".md"}


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
            if pointer in text and NAMES_LEFT.get(name) != pointer:
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


def test_every_cited_source_is_in_the_bibliography_and_every_entry_is_cited():
    sources = (ROOT / "docs" / "sources.md").read_text(encoding="utf-8")
    bib = (ROOT / "docs" / "references.bib").read_text(encoding="utf-8")
    cited = set(re.findall(r"`([a-z]+\d{4}(?:to\d{4})?)`", sources))
    entries = set(re.findall(r"^@\w+\{([^,]+),", bib, re.M))
    assert cited == entries
