"""Messages in English and Chinese: one gettext catalogue, read with Babel.

Every label a figure, table or report shows is a message of the catalogue: the template
``locale/btr_sim.pot`` and one ``locale/<locale>/LC_MESSAGES/btr_sim.po`` per language
(Simplified Chinese: ``zh_CN``). The ``.po`` files are compiled in memory when first read,
so no binary ``.mo`` file is kept in the repository.

Use::

    from btr_sim.i18n import translator

    tr = translator("zh")                 # or translator() for --lang / $BTR_SIM_LANG / English
    tr("Month")                           # '月份' (tr.gettext)
    tr.pgettext("parameter", "transparency")   # a configuration key's Chinese term
    tr.pgettext("value", "unified")            # a value of a configuration key
    tr.pgettext("lever", "moral")              # a lever of the thesis's factorial design

Extraction finds the literal messages of calls to ``tr(...)``, ``tr.pgettext(...)`` and the
usual gettext names; messages written in one place and translated in another are marked with
:func:`N_` (or :func:`NP_` with a context).

``python -m btr_sim.i18n.messages`` regenerates the template from the sources and merges it
into each catalogue (Babel's extraction and update); ``tests/test_i18n.py`` fails when the
template is stale or a label of a figure command lacks a translation. This package is the
lowest layer beside the configuration: it imports nothing of btr_sim above it.
"""

from btr_sim.i18n.language import (
    ENV_VAR,
    LANGUAGES,
    LanguageError,
    add_language_argument,
    resolve_language,
)
from btr_sim.i18n.translator import ENGLISH, N_, NP_, Translator, translator

__all__ = [
    "ENGLISH",
    "ENV_VAR",
    "LANGUAGES",
    "NP_",
    "N_",
    "LanguageError",
    "Translator",
    "add_language_argument",
    "resolve_language",
    "translator",
]
