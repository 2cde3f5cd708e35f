"""The message catalogue: the template is current, every message has a Chinese translation that
keeps its placeholders, and the language is chosen by --lang, else BTR_SIM_LANG, else English."""

from __future__ import annotations

import string

import pytest
from babel.messages.pofile import read_po

from btr_sim.cli import main
from btr_sim.i18n import ENV_VAR, LanguageError, resolve_language, translator
from btr_sim.i18n.messages import extract_template
from btr_sim.i18n.translator import DOMAIN, catalogue_path, locale_dir


@pytest.fixture(scope="module")
def template():
    return extract_template()


@pytest.fixture(scope="module")
def chinese():
    with catalogue_path("zh_CN").open("rb") as file:
        return read_po(file, locale="zh_CN", domain=DOMAIN)


def _keys(catalogue) -> set[tuple[str | None, str]]:
    return {(m.context, m.id) for m in catalogue if m.id}


def _forms(text: str | tuple[str, ...]) -> tuple[str, ...]:
    """A message's text: one form, or the forms of a plural message (ngettext)."""
    return text if isinstance(text, tuple) else (text,)


def _fields(text: str | tuple[str, ...]) -> set[str]:
    return {
        name
        for form in _forms(text)
        for _, name, _, _ in string.Formatter().parse(form)
        if name is not None
    }


def test_the_template_holds_exactly_the_messages_of_the_sources(template):
    # Regenerate with: python -m btr_sim.i18n.messages
    with (locale_dir() / f"{DOMAIN}.pot").open("rb") as file:
        committed = read_po(file)
    assert _keys(committed) == _keys(template)


def test_every_message_has_a_chinese_translation(template, chinese):
    # Every label a figure command uses is a message of the template: the extraction reads the
    # calls of tr(...), pgettext and N_ in every module, and adds every configuration key and
    # every value of a key with a fixed set of values.
    missing = [
        (m.context, m.id)
        for m in template
        if m.id
        and (
            chinese.get(m.id, m.context) is None
            or not all(_forms(chinese.get(m.id, m.context).string))
        )
    ]
    assert not missing, f"{len(missing)} messages lack a zh_CN translation: {missing[:10]}"
    fuzzy = [m.id for m in chinese if m.id and m.fuzzy]
    assert not fuzzy, f"fuzzy (unchecked) translations: {fuzzy[:10]}"


def test_translations_keep_their_placeholders(chinese):
    for message in chinese:
        if message.id and message.string:
            assert _fields(message.string) == _fields(message.id), message.id


def test_the_configuration_and_the_outcomes_are_in_the_template(template):
    from btr_sim.analysis.outcomes import label
    from btr_sim.core.metrics import SUMMARY
    from btr_sim.parameters import parameter_rows

    for row in parameter_rows():
        assert template.get(row.path, "parameter") is not None, row.path
    for outcome in SUMMARY:
        assert template.get(label(outcome)) is not None, outcome


def test_chinese_is_chinese_and_english_is_the_source():
    zh, en = translator("zh"), translator("en")
    assert zh("Month") == "月份"
    assert zh.pgettext("parameter", "reinstatement.cooling_off_months") == "复出冷却期"
    assert zh.pgettext("event", "voluntary resignation") == "引咎辞职"
    assert en("Month") == "Month"
    assert en.pgettext("parameter", "transparency") == "transparency"


def test_the_language_comes_from_the_flag_then_the_environment(monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert resolve_language() == "en"
    monkeypatch.setenv(ENV_VAR, "zh_CN.UTF-8")
    assert resolve_language() == "zh"
    assert resolve_language("en") == "en"
    for spelling in ("zh", "zh-CN", "zh_Hans", "ZH"):
        assert resolve_language(spelling) == "zh"
    with pytest.raises(LanguageError, match="available: en, zh"):
        resolve_language("fr")


def test_an_unknown_language_is_a_usage_error(monkeypatch, tmp_path, capsys):
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert main(["plot", str(tmp_path), "--lang", "fr"]) == 2
    assert "no language 'fr'" in capsys.readouterr().err
    monkeypatch.setenv(ENV_VAR, "klingon")
    assert main(["plot", str(tmp_path)]) == 2
    assert ENV_VAR in capsys.readouterr().err
