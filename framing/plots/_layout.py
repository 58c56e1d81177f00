"""Layout pieces several figures share: the pair a figure draws, its colours, its axes, dodged intervals."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from framing.compare import select_comparison
from framing.labels import REST
from framing.plots._style import GREY, palette

# Inches per wrapped text line at the default 8-9 pt font: sets the height of text figures.
LINE_IN = 0.2

# "rest" is dark grey: distinct from the light grey of non-significant results.
_REST_COLOUR = "#444444"


def pick_pair(
    table: pd.DataFrame, sides, *, columns: tuple[str, str] = ("side_a", "side_b"), name: str = "table"
) -> tuple[str, str, pd.DataFrame]:
    """The two sides a figure draws and their rows (:func:`framing.compare.select_comparison`)."""
    sub = select_comparison(table, sides=sides, columns=columns, name=name)
    return str(sub[columns[0]].iloc[0]), str(sub[columns[1]].iloc[0]), sub


def pair_colours(a: str, b: str, groups: Sequence[str] | None) -> tuple[str, str]:
    """Colours of a and b, from the palette of all groups so each side keeps its colour."""
    names = list(groups) if groups is not None else [g for g in (a, b) if g != REST]
    pal = palette(names)
    return pal.get(a, _REST_COLOUR), pal.get(b, _REST_COLOUR)


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
