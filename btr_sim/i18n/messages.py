"""Extract the messages of the package into the template, and merge it into each catalogue.

``python -m btr_sim.i18n.messages`` runs Babel's extraction over ``btr_sim/**.py`` (the calls
of ``tr``, ``_``, ``gettext``, ``pgettext``, ``N_`` and ``NP_``), adds the configuration's own terms
— every key (context ``parameter``) and every value a key can take from a fixed set (context
``value``) — writes ``locale/btr_sim.pot`` and updates every ``.po`` file from it (new
messages untranslated, vanished ones dropped). Translators then fill in the ``.po`` files;
``tests/test_i18n.py`` checks that the template is current and that every message has a
translation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po, write_po

from btr_sim.i18n.language import LANGUAGES
from btr_sim.i18n.translator import DOMAIN, catalogue_path, locale_dir

__all__ = ["KEYWORDS", "configuration_terms", "extract_template", "main", "update_catalogues"]

#: The gettext keywords of Babel; ``tr(message)``, the call of a
#: :class:`~btr_sim.i18n.Translator`; and ``NP_(context, message)`` for deferred messages.
KEYWORDS = {**DEFAULT_KEYWORDS, "tr": None, "NP_": ((1, "c"), 2)}

PROJECT = "btr_sim"
HEADER = """\
# Messages of btr_sim: every label of its figures, tables and reports.
# Regenerate with `python -m btr_sim.i18n.messages`; translate in <locale>/LC_MESSAGES/btr_sim.po.
# Copyright (C) btr_sim developers; distributed under the MIT licence of the project.
#"""


def configuration_terms() -> Iterator[tuple[str, str, str]]:
    """``(context, message, where)`` for every configuration key and each of its fixed values."""
    # Imported here: the configuration sits in this package's layer, but reading it is only
    # needed to extract messages, never to translate them.
    from btr_sim.parameters import parameter_rows

    for row in parameter_rows():
        yield "parameter", row.path, "btr_sim/config.py"
        if row.allowed.startswith("one of "):
            for value in re.findall(r"'([^']*)'", row.allowed):
                yield "value", value, "btr_sim/config.py"


def extract_template(package: Path | None = None) -> Catalog:
    """The template: every marked message of ``package`` and the configuration's terms."""
    package = package or Path(__file__).resolve().parents[1]
    template = Catalog(
        project=PROJECT,
        domain=DOMAIN,
        fuzzy=False,
        copyright_holder="btr_sim developers",
        header_comment=HEADER,
    )
    found = extract_from_dir(
        str(package),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    )
    for filename, lineno, message, comments, context in found:
        where = f"{package.name}/{filename}"
        template.add(message, locations=[(where, lineno)], auto_comments=comments, context=context)
    for context, message, where in configuration_terms():
        existing = template.get(message, context)
        if existing is None:
            template.add(message, locations=[(where, 0)], context=context)
    return template


def _write(catalogue: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as file:
        # No line numbers or dates: the files change only when the messages do.
        write_po(
            file,
            catalogue,
            width=100,
            sort_by_file=False,
            include_lineno=False,
            ignore_obsolete=True,
            omit_header=False,
        )


def update_catalogues(template: Catalog) -> list[Path]:
    """Write the template and merge it into each language's catalogue; return the files."""
    written = [locale_dir() / f"{DOMAIN}.pot"]
    _write(template, written[0])
    for locale in LANGUAGES.values():
        if locale is None:
            continue
        path = catalogue_path(locale)
        if path.exists():
            with path.open("rb") as file:
                catalogue = read_po(file, locale=locale, domain=DOMAIN)
        else:
            catalogue = Catalog(
                locale=locale,
                project=PROJECT,
                domain=DOMAIN,
                copyright_holder="btr_sim developers",
                header_comment=HEADER,
            )
        catalogue.update(template, no_fuzzy_matching=True)
        # The header is not a translation: a fuzzy header would only warn gettext tools.
        catalogue.fuzzy = False
        _write(catalogue, path)
        written.append(path)
    return written


def main() -> None:
    """Regenerate the template and update the catalogues."""
    for path in update_catalogues(extract_template()):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
