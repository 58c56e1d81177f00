"""Layout pieces several figures share: the pair a figure draws, its colours, its axes, dodged intervals."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from framing._core.docstrings import fill_doc
from framing._core.names import REST
from framing._core.renamed import renamed_parameters
from framing._core.validation import check_column
from framing.analysis.compare import select_comparison
from framing.errors import ParameterError
from framing.plots._style import GREY, palette

# Inches per wrapped text line at the default 8-9 pt font: sets the height of text figures.
LINE_IN = 0.2

# Points with interval bars over time: no caps, no connecting line (the line is drawn on its own).
_POINTS = {"fmt": "o", "markersize": 4, "elinewidth": 1.0, "capsize": 0, "linestyle": "none"}

# "rest" is dark grey: distinct from the light grey of non-significant results.
_REST_COLOUR = "#444444"


def pick_pair(
    table: pd.DataFrame, sides, *, columns: tuple[str, str] = ("side_a", "side_b"), name: str = "table"
) -> tuple[str, str, pd.DataFrame]:
    """The two sides a figure draws and their rows (:func:`framing.analysis.compare.select_comparison`)."""
    sub = select_comparison(table, sides=sides, columns=columns, name=name)
    return str(sub[columns[0]].iloc[0]), str(sub[columns[1]].iloc[0]), sub


def pair_colours(a: str, b: str, hue_order: Sequence[str] | None) -> tuple[str, str]:
    """Colours of a and b, from the palette of all sides so each side keeps its colour."""
    names = list(hue_order) if hue_order is not None else [g for g in (a, b) if g != REST]
    pal = palette(names)
    return pal.get(a, _REST_COLOUR), pal.get(b, _REST_COLOUR)


def hue_palette(hue_order: Sequence[str] | None, present: Sequence[str]) -> dict[str, str]:
    """``{side: colour}`` over ``hue_order`` (every side of the report) when given, else the sides drawn."""
    return palette(hue_order if hue_order is not None else present)


def hue_column(table: pd.DataFrame, hue: str) -> str:
    """The column holding the sides: ``hue`` when the table has it, else ``"side"``.

    Tables such as :func:`framing.frame_shares` output keep their sides in ``side`` whatever the
    grouping was; ``hue`` then only names them in the labels (what ``by=`` did before).
    """
    return hue if hue in table.columns or "side" not in table.columns else "side"


def table_setting(table: pd.DataFrame, key: str, default):
    """A setting a producer repeats in a column named ``key`` on every row, else ``default``.

    This is the metadata contract of issue 25 (no ``DataFrame.attrs``): the column is read when
    present, a keyword or default otherwise.
    """
    if key in table.columns and len(table):
        value = table[key].iloc[0]
        return default if value is None or (isinstance(value, float) and np.isnan(value)) else value
    return default


def table_list(table: pd.DataFrame, key: str, default=()) -> list[str]:
    """A list setting (joined with ``"; "`` in its column, or a sequence) as a list of str."""
    value = table_setting(table, key, None)
    if value is None:
        return list(default)
    if isinstance(value, str):
        return [part for part in value.split("; ") if part]
    return [str(part) for part in value]


def new_axes(figsize: tuple[float, float], ax=None):
    """``ax``, or the Axes of a new figure of ``figsize`` inches."""
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    return ax


def margin_note(ax, text: str, *, xy: tuple[float, float], xytext: tuple[float, float], **style):
    """Small grey text at axes-fraction ``xy``, offset by ``xytext`` points, top-aligned (notes under axes)."""
    ax.annotate(
        text,
        xy=xy,
        xycoords="axes fraction",
        xytext=xytext,
        textcoords="offset points",
        ha="left",
        va="top",
        fontsize=7,
        **style,
    )


def interval_points(ax, x, y, yerr, *, colour: str, face: str, **style):
    """Points with vertical interval bars, no caps and no line (hollow when ``face`` is white)."""
    ax.errorbar(x, y, yerr=yerr, color=colour, markerfacecolor=face, **_POINTS, **style)


def text_axes(n_lines: float, width_in: float, ax=None):
    """``ax``, or a new Axes tall enough for ``n_lines`` lines of text."""
    if ax is not None:
        return ax
    _, ax = plt.subplots(figsize=(width_in, max(1.5, 0.6 + n_lines * LINE_IN)))
    return ax


def dodged_intervals(
    ax,
    table: pd.DataFrame,
    *,
    hue: str,
    category: str,
    order: Sequence,
    value: str,
    pal: dict,
    label=str,
    ticks: Sequence[str] | None = None,
):
    """One row per category, one dodged point and interval bar per ``hue`` value, as percentages.

    ``table`` has the columns ``hue``, ``category``, ``value``, ``ci_low`` and
    ``ci_high``; missing intervals (NaN) are drawn as bare points.
    """
    hues = list(dict.fromkeys(table[hue].astype(str)))
    step = 0.8 / max(len(hues), 1)
    for k, h in enumerate(hues):
        g = table[table[hue].astype(str) == h].set_index(category).reindex(order)
        y = np.arange(len(order)) - 0.4 + step * (k + 0.5)
        lo = np.nan_to_num((g[value] - g["ci_low"]).clip(lower=0).to_numpy(dtype=float))
        hi = np.nan_to_num((g["ci_high"] - g[value]).clip(lower=0).to_numpy(dtype=float))
        ax.errorbar(
            g[value].to_numpy(dtype=float),
            y,
            xerr=np.vstack([lo, hi]),
            fmt="o",
            markersize=4,
            color=pal.get(h, GREY),
            elinewidth=1.2,
            capsize=0,
            label=label(h),
        )
    ax.set_yticks(np.arange(len(order)), list(order) if ticks is None else ticks)
    ax.set_ylim(len(order) - 0.5, -0.5)
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    return hues


def share_intervals(
    shares: pd.DataFrame,
    y: str,
    shown: Sequence[str] | None,
    option: str,
    *,
    hue: str,
    hue_order: Sequence[str] | None,
    min_share: float,
    ax,
):
    """Each side's share of its sentences in each ``y`` category, dodged points with intervals.

    The drawing behind :func:`framing.plots.plot_frame_shares` (``y="frame"``) and
    :func:`framing.plots.plot_voice_shares` (``y="voice"``), which label the axes; ``shown``
    are the categories drawn, in order (None: all), and ``option`` names the parameter that
    chose them in error messages.
    """
    column = hue_column(shares, hue)
    for c in (column, y, "share", "ci_low", "ci_high"):
        check_column(shares, c, name="shares")
    order = list(dict.fromkeys(shares[y])) if shown is None else list(shown)
    unknown = [f for f in order if f not in set(shares[y])]
    if unknown:
        raise ParameterError(
            f"{option} {unknown} are not in shares; its {option} are {sorted(set(shares[y]))}."
        )
    top = shares.groupby(y)["share"].max()
    order = [f for f in order if top.get(f, 0) >= min_share]
    sides = list(dict.fromkeys(shares[column].astype(str)))
    ax = new_axes((6.5, max(2.0, 0.5 + 0.32 * len(order) * max(1, len(sides) / 2))), ax)
    pal = hue_palette(hue_order, sides)
    dodged_intervals(ax, shares, hue=column, category=y, order=order, value="share", pal=pal)
    ax.set_xlim(left=0)
    ax.legend(loc="lower right", fontsize="small")
    return ax


def plot_function(**old_to_new: str):
    """Decorate a plot: fill its docstring fragments and accept its old parameter names for one release.

    :func:`framing._core.docstrings.fill_doc`, then :func:`framing._core.renamed.renamed_parameters` with
    ``old_to_new`` (e.g. ``groups="hue_order"``).
    """

    def decorate(func):
        return renamed_parameters(**old_to_new)(fill_doc(func))

    return decorate


def titled(ax, title: str | None, default: str | None = None, **style):
    """``ax``, titled ``title`` (``default`` when None); untitled when both are empty."""
    text = title if title is not None else default
    if text:
        ax.set_title(text, **style)
    return ax
