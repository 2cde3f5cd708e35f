"""A small document model for tables and reports, rendered to Markdown, HTML or the console.

Comparison tables and the report are built once as a list of blocks and rendered to each
format, so that the printed table, the saved Markdown and the HTML report say the same thing.
:func:`markdown_table` and :func:`text_table` are the package's table renderers: the
sensitivity and validation tables are rendered by them too.
"""

from __future__ import annotations

import base64
import html
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

__all__ = [
    "Block",
    "Code",
    "Heading",
    "Image",
    "Paragraph",
    "Table",
    "format_estimate",
    "format_number",
    "format_value",
    "markdown_table",
    "render_html",
    "render_markdown",
    "render_text",
    "text_table",
]


@dataclass(frozen=True)
class Heading:
    """A section heading (level 1 is the title)."""

    text: str
    level: int = 2


@dataclass(frozen=True)
class Paragraph:
    """Running text; ``*emphasis*`` and ``` `code` ``` are kept as Markdown."""

    text: str


@dataclass(frozen=True)
class Table:
    """A table of text cells, with an optional caption above it."""

    frame: pd.DataFrame
    caption: str = ""


@dataclass(frozen=True)
class Image:
    """A figure: its PNG file (SVG beside it) and its caption."""

    path: Path
    caption: str


@dataclass(frozen=True)
class Code:
    """A verbatim block (a command, a YAML file)."""

    text: str
    language: str = ""


Block = Heading | Paragraph | Table | Image | Code


def format_number(x: float, decimals: int = 3) -> str:
    """A number with ``decimals`` decimals, ``n/a`` for NaN."""
    if x is None or not math.isfinite(x):
        return "n/a"
    return f"{x:.{decimals}f}"


def format_value(x: float) -> str:
    """A number to three significant figures of its size, ``n/a`` for NaN."""
    return format_number(x, _decimals(x))


def _decimals(*values: float) -> int:
    """Decimals that show three significant figures of the largest value."""
    finite = [abs(v) for v in values if v is not None and math.isfinite(v) and v != 0]
    if not finite:
        return 2
    return max(0, min(6, 2 - math.floor(math.log10(max(finite)))))


def format_estimate(estimate: float, low: float, high: float) -> str:
    """``mean [low, high]`` at a precision that suits the numbers; ``n/a`` if no estimate."""
    if estimate is None or not math.isfinite(estimate):
        return "n/a"
    d = _decimals(estimate, low, high)
    if not (math.isfinite(low) and math.isfinite(high)):
        return f"{estimate:.{d}f} [n/a]"
    return f"{estimate:.{d}f} [{low:.{d}f}, {high:.{d}f}]"


# -- Markdown ----------------------------------------------------------------------------------


def _md_cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def markdown_table(frame: pd.DataFrame) -> str:
    """A GitHub-flavoured Markdown table of the frame's columns (its index is not shown)."""
    header = "| " + " | ".join(_md_cell(c) for c in frame.columns) + " |"
    rule = "| " + " | ".join("---" for _ in frame.columns) + " |"
    rows = ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in frame.itertuples(False)]
    return "\n".join([header, rule, *rows])


def render_markdown(blocks: Sequence[Block], base: Path | None = None) -> str:
    """Markdown text; images are linked relative to ``base`` (the report's folder)."""
    parts = []
    for block in blocks:
        if isinstance(block, Heading):
            parts.append("#" * block.level + " " + block.text)
        elif isinstance(block, Paragraph):
            parts.append(block.text)
        elif isinstance(block, Table):
            text = markdown_table(block.frame)
            parts.append(f"{block.caption}\n\n{text}" if block.caption else text)
        elif isinstance(block, Image):
            path = block.path.relative_to(base) if base else block.path
            svg = path.with_suffix(".svg")
            parts.append(
                f"![{path.stem}]({path.as_posix()})\n\n*{block.caption}* ([SVG]({svg.as_posix()}))"
            )
        elif isinstance(block, Code):
            parts.append(f"```{block.language}\n{block.text.rstrip()}\n```")
    return "\n\n".join(parts) + "\n"


# -- plain text (the console) ------------------------------------------------------------------


def text_table(frame: pd.DataFrame) -> str:
    """Columns of left-aligned text, two spaces apart."""
    cells = [[str(c) for c in frame.columns]] + [
        [str(v) for v in row] for row in frame.itertuples(False)
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(frame.columns))]
    lines = [
        "  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)).rstrip() for row in cells
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def render_text(blocks: Sequence[Block]) -> str:
    """Plain text for the terminal: tables as aligned columns."""
    parts = []
    for block in blocks:
        if isinstance(block, Heading):
            parts.append(
                block.text if block.level > 2 else f"{block.text}\n{'=' * len(block.text)}"
            )
        elif isinstance(block, Paragraph):
            parts.append(block.text.replace("`", ""))
        elif isinstance(block, Table):
            text = text_table(block.frame)
            parts.append(f"{block.caption}\n{text}" if block.caption else text)
        elif isinstance(block, Code):
            parts.append("\n".join("  " + line for line in block.text.rstrip().splitlines()))
        elif isinstance(block, Image):
            parts.append(f"[figure {block.path}] {block.caption}")
    return "\n\n".join(parts) + "\n"


# -- HTML --------------------------------------------------------------------------------------

_CSS = """
body { font-family: "DejaVu Sans", Helvetica, Arial, "Noto Sans SC", "Noto Sans CJK SC",
       "PingFang SC", "Microsoft YaHei", sans-serif; max-width: 60rem;
       margin: 2rem auto; padding: 0 1rem; line-height: 1.45; color: #222; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; font-size: 0.85rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.6rem; text-align: left; }
th { border-bottom: 2px solid #888; }
figure { margin: 1.5rem 0; } figure img { max-width: 100%; }
figcaption { font-size: 0.9rem; color: #444; }
pre { background: #f6f6f6; padding: 0.75rem; overflow-x: auto; font-size: 0.85rem; }
code { font-size: 0.9em; }
"""


def _inline(text: str) -> str:
    """Escape text and turn Markdown's code spans, ``**strong**`` and ``*emphasis*`` into HTML."""
    parts = re.split(r"(`[^`]+`)", html.escape(text, quote=False))
    out = []
    for part in parts:
        if part.startswith("`") and part.endswith("`") and len(part) > 1:
            out.append(f"<code>{part[1:-1]}</code>")
            continue
        part = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", part)
        out.append(re.sub(r"\*(.+?)\*", r"<em>\1</em>", part))
    return "".join(out)


#: Language codes of :mod:`btr_sim.i18n` as HTML spells them.
_HTML_LANG = {"en": "en", "zh": "zh-CN"}


def render_html(blocks: Sequence[Block], title: str, lang: str = "en") -> str:
    """One self-contained HTML page: figures embedded as PNG data, no outside files.

    ``lang`` is the page's language (``en``, ``zh``), so that browsers and screen readers
    choose fonts and voices for it.
    """
    body = []
    for block in blocks:
        if isinstance(block, Heading):
            body.append(f"<h{block.level}>{_inline(block.text)}</h{block.level}>")
        elif isinstance(block, Paragraph):
            body.append(f"<p>{_inline(block.text)}</p>")
        elif isinstance(block, Table):
            head = "".join(f"<th>{html.escape(str(c))}</th>" for c in block.frame.columns)
            rows = "".join(
                "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>"
                for row in block.frame.itertuples(False)
            )
            caption = f"<caption>{_inline(block.caption)}</caption>" if block.caption else ""
            body.append(
                f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
            )
        elif isinstance(block, Image):
            data = base64.b64encode(block.path.read_bytes()).decode("ascii")
            body.append(
                f'<figure><img alt="{html.escape(block.path.stem)}" '
                f'src="data:image/png;base64,{data}"><figcaption>{_inline(block.caption)}'
                "</figcaption></figure>"
            )
        elif isinstance(block, Code):
            body.append(f"<pre><code>{html.escape(block.text.rstrip())}</code></pre>")
    return (
        f'<!DOCTYPE html>\n<html lang="{_HTML_LANG.get(lang, lang)}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )
