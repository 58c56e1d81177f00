"""Figures of what a corpus holds: counts by group, sentence lengths, dates."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from framing._validate import check_column
from framing.plots._style import palette


def plot_counts(table: pd.DataFrame, x: str = "side", hue: str = "source_type", *, ax=None, title=None):
    """Horizontal stacked bars: rows of ``table`` per ``x``, split by ``hue``.

    Parameters
    ----------
    table : pandas.DataFrame
        Documents or sentences (one row per unit counted).
    x : str
        Column on the bars' axis (e.g. ``side``).
    hue : str
        Column that splits each bar (e.g. ``source_type``).
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    check_column(table, x, name="table")
    check_column(table, hue, name="table")
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 0.5 + 0.45 * table[x].nunique()))
    counts = pd.crosstab(table[x].astype(str), table[hue].astype(str)).sort_index(ascending=False)
    colours = palette(counts.columns)
    left = np.zeros(len(counts))
    for col in counts.columns:
        width = counts[col].to_numpy()
        # A zero-width segment at a bar's end would pin the x limit to that bar (its left edge is
        # "sticky"), and the total printed after it would run off the axes: draw only real segments.
        shown = width > 0
        ax.barh(counts.index[shown], width[shown], left=left[shown], color=colours[col], label=col, height=0.7)
        left += width
    for y, total in enumerate(left):
        ax.annotate(
            f"{int(total)}", xy=(total, y), xytext=(3, 0), textcoords="offset points", va="center", fontsize=8
        )
    # Room for the totals at the bar ends, inside the axes (the legend sits to the right of them).
    ax.set_xlim(0, max(left.max(), 1) * 1.15)
    ax.set_xlabel("count")
    ax.set_ylabel(x)
    ax.legend(title=hue, loc="upper left", bbox_to_anchor=(1.02, 1))
    if title:
        ax.set_title(title)
    return ax


def plot_sentence_lengths(sentences: pd.DataFrame, by: str = "side", *, ax=None):
    """Box plots of sentence length in words, one per group.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The sentences table (needs ``text`` and ``by``).
    by : str
        Grouping column.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    check_column(sentences, by, name="sentences")
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 0.5 + 0.45 * sentences[by].nunique()))
    words = sentences["text"].str.split().str.len()
    groups = sorted(sentences[by].astype(str).unique())
    data = [words[sentences[by].astype(str) == g].to_numpy() for g in groups]
    parts = ax.boxplot(data, orientation="horizontal", tick_labels=groups, patch_artist=True, widths=0.6)
    for patch, g in zip(parts["boxes"], groups, strict=True):
        patch.set_facecolor(palette(groups)[g])
        patch.set_alpha(0.7)
    for median in parts["medians"]:
        median.set_color("black")
    ax.set_xlabel("words per sentence")
    ax.set_ylabel(by)
    return ax


def plot_dates(documents: pd.DataFrame, by: str = "side", *, ax=None):
    """Documents per day, one line of markers per group.

    Parameters
    ----------
    documents : pandas.DataFrame
        The documents table (needs ``date`` and ``by``); rows without a date are left out
        and counted in the title.
    by : str
        Grouping column.
    ax : matplotlib.axes.Axes, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    check_column(documents, by, name="documents")
    check_column(documents, "date", name="documents")
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3))
    dated = documents.dropna(subset=["date"])
    days = dated["date"].dt.normalize()
    counts = pd.crosstab(days, dated[by].astype(str))
    colours = palette(counts.columns)
    width = 0.8 / max(len(counts.columns), 1)
    x = np.arange(len(counts))
    for i, col in enumerate(counts.columns):
        ax.bar(x + (i - (len(counts.columns) - 1) / 2) * width, counts[col], width=width, color=colours[col], label=col)
    ax.set_xticks(x, [d.strftime("%d %b") for d in counts.index], rotation=0)
    ax.set_ylabel("documents")
    ax.legend(title=by, loc="upper left", bbox_to_anchor=(1.02, 1))
    missing = len(documents) - len(dated)
    if missing:
        ax.set_title(f"{missing} document(s) without a date not shown", fontsize=8)
    return ax
