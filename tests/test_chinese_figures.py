"""Every figure command in Chinese (--lang zh): labels from the catalogue, no glyph missing.

The commands run in-process with warnings turned into errors, so a character that no font of
the figure style can draw ("Glyph ... missing from font(s)") fails the test. The Chinese font
comes with the project's dependencies (Noto Sans SC): no system font is needed. The SVG
files keep their text as text, so the labels a command wrote can be read back and checked
against the catalogue.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pytest
import yaml
from babel.messages.pofile import read_po
from fontTools.ttLib import TTFont
from matplotlib import font_manager
from support.results_dir import CONFIGS, TINY, tiny_factorial, tiny_grid

from btr_sim.analysis.style import CJK_FONT, cjk_font_file, new_figure, save_figure, style
from btr_sim.cli import main
from btr_sim.i18n import ENV_VAR, translator
from btr_sim.i18n.translator import DOMAIN, catalogue_path

_TEXT = re.compile(r"<text[^>]*>([^<]*)</text>")


@pytest.fixture(scope="module")
def zh():
    return translator("zh")


@pytest.fixture(scope="module")
def english_lines() -> set[str]:
    """Lines of English messages whose Chinese differs: none may be left in a Chinese figure."""
    with catalogue_path("zh_CN").open("rb") as file:
        catalogue = read_po(file, locale="zh_CN", domain=DOMAIN)
    lines = set()
    for message in catalogue:
        # A plural message (ngettext) has placeholders ({n}), so is never a whole line.
        if message.id and "{" not in str(message.id) and message.string != message.id:
            lines.update(line for line in message.id.split("\n") if len(line) > 1)
    return lines


@pytest.fixture(scope="module")
def factorial(tmp_path_factory):
    return tiny_factorial(tmp_path_factory.mktemp("factorial"), replications=3)


@pytest.fixture(scope="module")
def grid(tmp_path_factory):
    return tiny_grid(tmp_path_factory.mktemp("grid"))


def run_strictly(argv: list[str]) -> None:
    """Run a command with every warning an error (a missing glyph warns while drawing)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert main(argv) == 0


def svg_texts(folder: Path) -> dict[str, list[str]]:
    return {
        path.stem: _TEXT.findall(path.read_text(encoding="utf-8"))
        for path in sorted(folder.glob("*.svg"))
    }


def assert_chinese(texts: dict[str, list[str]], english_lines: set[str]) -> None:
    for name, lines in texts.items():
        left = sorted({line for line in lines if line in english_lines})
        assert not left, f"{name}: English labels in a Chinese figure: {left}"
        assert any(re.search(r"[\u4e00-\u9fff]", line) for line in lines), name


def test_the_chinese_font_comes_from_the_dependencies():
    with style():
        found = font_manager.findfont(font_manager.FontProperties(family=CJK_FONT))
    assert Path(found) == cjk_font_file()


def test_the_font_has_every_character_of_the_catalogue():
    with catalogue_path("zh_CN").open("rb") as file:
        catalogue = read_po(file, locale="zh_CN", domain=DOMAIN)
    chinese = set(TTFont(cjk_font_file()).getBestCmap())
    latin = set(TTFont(font_manager.findfont("DejaVu Sans")).getBestCmap())
    # A plural message's translation is a tuple of forms.
    text = "".join("".join(m.string) if m.pluralizable else m.string for m in catalogue if m.id)
    missing = sorted({c for c in text if ord(c) not in chinese | latin and not c.isspace()})
    assert not missing


def test_the_check_catches_a_missing_glyph(tmp_path):
    # The same drawing without the Chinese fallback warns: the strict runs below can fail.
    with style():
        fig = new_figure(2, 1)
        fig.text(0.1, 0.5, "政府公信力", family="DejaVu Sans")
    with warnings.catch_warnings(), pytest.raises(UserWarning, match="missing from font"):
        warnings.simplefilter("error")
        save_figure(fig, tmp_path, "tofu", ("png",))


@pytest.mark.parametrize("design", ["factorial", "grid"])
def test_plot_in_chinese(design, request, tmp_path, english_lines, zh):
    results = request.getfixturevalue(design)
    run_strictly(["plot", str(results), "--lang", "zh", "--out", str(tmp_path)])
    texts = svg_texts(tmp_path)
    assert {"credibility", "forest", "accuracy", "resignations", "reinstatement"} <= set(texts)
    assert_chinese(texts, english_lines)
    assert zh("better →") in texts["forest"]
    assert zh("← better") in texts["forest"]
    assert zh("Credibility over time") in texts["credibility"]


def test_the_environment_variable_chooses_chinese(monkeypatch, factorial, tmp_path, zh):
    monkeypatch.setenv(ENV_VAR, "zh")
    run_strictly(["plot", str(factorial), "--out", str(tmp_path)])
    assert zh("Credibility over time") in svg_texts(tmp_path)["credibility"]


def test_report_in_chinese(factorial, english_lines, zh):
    run_strictly(["report", str(factorial), "--lang", "zh", "--html"])
    text = (factorial / "report.md").read_text(encoding="utf-8")
    headings = [line.lstrip("#").strip() for line in text.splitlines() if line.startswith("#")]
    for english in ("Design", "Results", "Provenance", "Reproduce", "How to cite"):
        assert zh(english) in headings
    assert not set(headings) & english_lines
    assert zh("{name} (reference)").format(name=zh("all off")) in text
    assert '<html lang="zh-CN">' in (factorial / "report.html").read_text(encoding="utf-8")
    assert_chinese(svg_texts(factorial / "figures"), english_lines)


def test_facts_in_chinese(tmp_path, english_lines, zh):
    configs = tmp_path / "configs"
    configs.mkdir()
    for name in ("status_quo", "reform_2009", "reform_2014"):
        tiny = {"extends": str(CONFIGS / f"{name}.yaml"), **_nested(TINY)}
        (configs / f"{name}.yaml").write_text(yaml.safe_dump(tiny), encoding="utf-8")
    out = tmp_path / "facts"
    argv = ["facts", "-n", "2", "--months", "24", "--configs", str(configs), "--out", str(out)]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert main([*argv, "--lang", "zh"]) in (0, 1)  # a tiny world need not pass the facts
    assert_chinese(svg_texts(out), english_lines)
    assert zh("measured (95% CI)") in (out / "facts.md").read_text(encoding="utf-8")


def test_replay_in_chinese(tmp_path, english_lines, zh):
    case = tmp_path / "sars_tiny.yaml"
    world = {k: v for k, v in _nested(TINY).items() if k == "world"}
    case.write_text(
        yaml.safe_dump({"extends": str(CONFIGS / "cases" / "sars_beijing_2003.yaml"), **world}),
        encoding="utf-8",
    )
    run_strictly(["replay", str(case), "-n", "0", "--out", str(tmp_path), "--lang", "zh"])
    texts = svg_texts(tmp_path)
    assert_chinese(texts, english_lines)
    assert any(
        line.startswith(zh("Case replay: {case}").split("{")[0]) for line in texts["sars_tiny"]
    )


def _nested(flat: dict) -> dict:
    """``{"world.n_supervisors": 4}`` as ``{"world": {"n_supervisors": 4}}``."""
    out: dict = {}
    for key, value in flat.items():
        *parents, leaf = key.split(".")
        node = out
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return out
