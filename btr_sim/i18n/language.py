"""Which language to speak: ``--lang``, else the environment variable, else English."""

from __future__ import annotations

import argparse
import os
from typing import Any

__all__ = ["ENV_VAR", "LANGUAGES", "LanguageError", "add_language_argument", "resolve_language"]

#: The environment variable that chooses the language when no ``--lang`` is given.
ENV_VAR = "BTR_SIM_LANG"

#: Languages spoken, by short code, with the locale of their catalogue (None: the source text).
LANGUAGES: dict[str, str | None] = {"en": None, "zh": "zh_CN"}

#: Other spellings of a language that people and systems use (``LANG=zh_CN.UTF-8``).
_ALIASES = {
    "en_us": "en",
    "en_gb": "en",
    "english": "en",
    "c": "en",
    "posix": "en",
    "zh_cn": "zh",
    "zh_hans": "zh",
    "zh_hans_cn": "zh",
    "cn": "zh",
    "chinese": "zh",
}


class LanguageError(ValueError):
    """A language that has no catalogue: names where it came from and what is available."""

    def __init__(self, value: str, source: str) -> None:
        self.value = value
        self.source = source
        known = ", ".join(LANGUAGES)
        super().__init__(f"{source}: no language {value!r}; available: {known}")


def _normalise(value: str) -> str:
    return value.strip().split(".")[0].replace("-", "_").lower()


def resolve_language(lang: str | None = None) -> str:
    """The language code to use: ``lang`` if given, else ``$BTR_SIM_LANG``, else ``"en"``.

    Accepts the short codes of :data:`LANGUAGES` and common spellings (``zh-CN``,
    ``zh_CN.UTF-8``, ``zh-Hans``).

    Raises
    ------
    LanguageError
        For a language without a catalogue (naming ``--lang`` or the environment variable).
    """
    source = "--lang"
    if not lang:
        lang, source = os.environ.get(ENV_VAR, ""), ENV_VAR
    if not lang:
        return "en"
    code = _normalise(lang)
    code = _ALIASES.get(code, code)
    if code not in LANGUAGES:
        raise LanguageError(lang, source)
    return code


def _language_type(text: str) -> str:
    try:
        return resolve_language(text)
    except LanguageError:
        raise argparse.ArgumentTypeError(
            f"no language {text!r} (from --lang or ${ENV_VAR}); available: {', '.join(LANGUAGES)}"
        ) from None


def add_language_argument(parser: Any) -> None:
    """Add ``--lang`` (default: ``$BTR_SIM_LANG``, else English) to a command's parser.

    The parsed value is a code of :data:`LANGUAGES`; a language without a catalogue, given
    either way, is a usage error (exit status 2).
    """
    # argparse converts a string default with the argument's type, so the environment
    # variable is checked as strictly as the flag.
    parser.add_argument(
        "--lang",
        type=_language_type,
        default=os.environ.get(ENV_VAR) or "en",
        metavar="LANG",
        help=f"language of labels, tables and reports: {', '.join(LANGUAGES)} "
        f"(default: ${ENV_VAR}, else en)",
    )
