"""One figure style for every plot: colour-blind-safe colours, readable type, PNG and SVG.

Colours are Okabe & Ito's (2008) palette, distinguishable under the common forms of colour
blindness; the reference scenario is always black so that it reads as the baseline in every
figure. Designs with more scenarios than the palette holds use *cividis*, a colour map made
to be read alike with and without colour-vision deficiency. Figures are built on
:class:`matplotlib.figure.Figure` directly (not pyplot), so plotting holds no global state and
needs no display.

Text is set in DejaVu Sans (matplotlib's own font) with Noto Sans SC as its fallback for
Chinese characters. Noto Sans SC (SIL Open Font License 1.1) arrives with the project's
dependencies (the ``pylopdf-fonts-zh-cn`` package), and :func:`style` registers the file with
matplotlib's font manager in this process only, so Chinese labels render on a machine with
no CJK font installed and nothing is written to the user's matplotlib configuration.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import matplotlib as mpl
import pylopdf_fonts_zh_cn
from matplotlib import font_manager, patheffects
from matplotlib.figure import Figure

__all__ = [
    "CJK_FONT",
    "FORMATS",
    "OKABE_ITO",
    "RC",
    "REFERENCE_COLOUR",
    "cjk_font_file",
    "line_effects",
    "new_figure",
    "save_figure",
    "scenario_colours",
    "series_colours",
    "style",
]

#: Okabe-Ito colours, black first (kept for the reference), yellow last (weak on white).
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "bluish green": "#009E73",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "reddish purple": "#CC79A7",
    "yellow": "#F0E442",
}
REFERENCE_COLOUR = OKABE_ITO["black"]
_CYCLE = [c for name, c in OKABE_ITO.items() if name != "black"]

#: The family of the Chinese font, the fallback of DejaVu Sans for glyphs it lacks.
CJK_FONT = "Noto Sans SC"

#: The figure style: applied with :func:`style` around drawing and saving.
RC: dict[str, Any] = {
    # A list: matplotlib takes each glyph from the first family that has it.
    "font.family": ["DejaVu Sans", CJK_FONT],
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "axes.labelsize": 9,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": 8,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#d9d9d9",
    "grid.linewidth": 0.6,
    "axes.axisbelow": True,
    "axes.prop_cycle": mpl.cycler(color=_CYCLE),
    "lines.linewidth": 1.6,
    "errorbar.capsize": 2.5,
    "figure.dpi": 100,
    "savefig.dpi": 200,
    "savefig.bbox": "tight",
    "svg.fonttype": "none",  # text stays text in SVG: editable, searchable
    "svg.hashsalt": "btr_sim",  # stable ids: the same figure gives the same file
}

#: File formats every figure is saved in.
FORMATS: tuple[str, ...] = ("png", "svg")


def cjk_font_file() -> Path:
    """The Noto Sans SC font file that the project's dependencies install."""
    return Path(pylopdf_fonts_zh_cn.sans_path())


class _RegularOnly(logging.Filter):
    """Drop the font manager's note that the Chinese font has no bold face.

    Noto Sans SC comes in its regular weight only; Chinese characters of a bold title are set
    in it, as intended, and the note would otherwise be printed once per figure command.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not (
            message.startswith("findfont: Failed to find font weight") and CJK_FONT in message
        )


@cache
def _register_cjk_font() -> None:
    # Once per process: the font manager keeps the font until the process ends.
    font_manager.fontManager.addfont(str(cjk_font_file()))
    logging.getLogger(font_manager.__name__).addFilter(_RegularOnly())


@contextmanager
def style() -> Iterator[None]:
    """Apply the figure style within a ``with`` block (it does not leak out).

    The first use registers the Chinese font with matplotlib (in memory only).
    """
    _register_cjk_font()
    with mpl.rc_context(RC):
        yield


def new_figure(width: float, height: float, **kwargs: Any) -> Figure:
    """A figure of ``width`` x ``height`` inches with constrained layout, outside pyplot."""
    with style():
        return Figure(figsize=(width, height), layout="constrained", **kwargs)


def line_effects(colour: Any) -> list[patheffects.AbstractPathEffect] | None:
    """A thin dark outline for a line drawn in the palette's light yellow, else None."""
    if colour != OKABE_ITO["yellow"]:
        return None
    return [patheffects.withStroke(linewidth=2.6, foreground="#6b6b6b"), patheffects.Normal()]


def series_colours(n: int) -> list[str | tuple[float, ...]]:
    """``n`` distinguishable colours: Okabe-Ito while they last, else samples of cividis."""
    if n <= len(_CYCLE):
        return list(_CYCLE[:n])
    cmap = mpl.colormaps["cividis"]
    return [cmap(i / max(n - 1, 1)) for i in range(n)]


def scenario_colours(
    scenarios: Sequence[str], reference: str | None
) -> dict[str, str | tuple[float, ...]]:
    """A colour per scenario, the reference in black, the others in design order."""
    others = [s for s in scenarios if s != reference]
    colours = dict(zip(others, series_colours(len(others)), strict=True))
    if reference in scenarios:
        colours[reference] = REFERENCE_COLOUR
    return {s: colours[s] for s in scenarios}


def save_figure(
    fig: Figure, directory: Path, name: str, formats: Sequence[str] = FORMATS
) -> list[Path]:
    """Save ``fig`` as ``directory/name.<format>`` for each format; return the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    with style():
        for fmt in formats:
            path = directory / f"{name}.{fmt}"
            fig.savefig(path, format=fmt, metadata=_metadata(fmt))
            paths.append(path)
    return paths


def _metadata(fmt: str) -> dict[str, Any]:
    # No creation dates in the files, so that figures of the same results are identical.
    if fmt == "svg":
        return {"Date": None, "Creator": "btr_sim"}
    if fmt == "png":
        return {"Software": "btr_sim"}
    if fmt == "pdf":
        return {"CreationDate": None, "Creator": "btr_sim"}
    return {}
