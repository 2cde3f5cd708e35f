"""The translator: a language's catalogue, compiled from its ``.po`` file with Babel."""

from __future__ import annotations

import gettext
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from btr_sim.i18n.language import LANGUAGES, resolve_language

__all__ = ["DOMAIN", "ENGLISH", "NP_", "N_", "Translator", "catalogue_path", "translator"]

#: The gettext domain: the catalogue files are ``<locale>/LC_MESSAGES/btr_sim.po``.
DOMAIN = "btr_sim"


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated later, where it is shown."""
    return message


def NP_(context: str, message: str) -> str:
    """Mark ``message`` in ``context`` for extraction; translated later with ``pgettext``."""
    return message


def locale_dir() -> Path:
    """The folder of the catalogues (``btr_sim/i18n/locale``)."""
    return Path(str(resources.files("btr_sim.i18n") / "locale"))


def catalogue_path(locale: str) -> Path:
    """The ``.po`` file of ``locale`` (``zh_CN``)."""
    return locale_dir() / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


@dataclass(frozen=True)
class Translator:
    """A language and its messages.

    Attributes
    ----------
    lang : str
        The language code (a key of :data:`~btr_sim.i18n.LANGUAGES`).
    """

    lang: str
    messages: gettext.NullTranslations

    def gettext(self, message: str) -> str:
        """``message`` in this language (itself where the catalogue lacks it)."""
        return self.messages.gettext(message)

    __call__ = gettext

    def pgettext(self, context: str, message: str) -> str:
        """``message`` of ``context`` (``parameter``, ``value``, ``lever``, ``event``)."""
        return self.messages.pgettext(context, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The singular or plural form for ``n``, in this language."""
        return self.messages.ngettext(singular, plural, n)

    def has(self, message: str, context: str | None = None) -> bool:
        """Whether the catalogue translates ``message`` (English translates everything)."""
        if self.lang == "en":
            return True
        found = (
            self.messages.pgettext(context, message) if context else self.messages.gettext(message)
        )
        return found != message

    @property
    def is_chinese(self) -> bool:
        """Whether text is Chinese (no capitals to lower, no spaces around some marks)."""
        return self.lang == "zh"


#: The source language: messages are their own translation.
ENGLISH = Translator("en", gettext.NullTranslations())


def _compile(locale: str) -> Translations:
    """Read ``locale``'s ``.po`` file and compile it in memory (fuzzy entries left out)."""
    with catalogue_path(locale).open("rb") as file:
        catalogue = read_po(file, locale=locale, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalogue)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


@cache
def _translator(lang: str) -> Translator:
    locale = LANGUAGES[lang]
    if locale is None:
        return ENGLISH
    return Translator(lang, _compile(locale))


def translator(lang: str | None = None) -> Translator:
    """The translator of ``lang``, else of ``$BTR_SIM_LANG``, else English (cached).

    Raises
    ------
    LanguageError
        For a language without a catalogue.
    """
    return _translator(resolve_language(lang))
