"""Figures of what a corpus holds: counts by group, sentence lengths, dates."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from framing._core.docstrings import fill_doc
from framing._core.validation import check_column
from framing.plots._layout import plot_function, titled
from framing.plots._style import palette


@fill_doc
def plot_counts(table: pd.DataFrame, *, x: str = "side", hue: str = "source_type", ax=None, title=None):
    """Horizontal stacked bars: rows of ``table`` per ``x``, split by ``hue``.

    Parameters
    ----------
    table : pandas.DataFrame
        Documents or sentences (one row per unit counted).
    x : str, default "side"
        Column on the bars' axis (e.g. ``side``).
    hue : str, default "source_type"
        Column that splits each bar (e.g. ``source_type``).
    {doc.ax_title}

    {doc.returns_ax_section}
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
        ax.barh(
            counts.index[shown], width[shown], left=left[shown], color=colours[col], label=col, height=0.7
        )
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
    return titled(ax, title)


@plot_function(by="y")
def plot_sentence_lengths(sentences: pd.DataFrame, *, y: str = "side", ax=None, title: str | None = None):
    """Box plots of sentence length in words, one per group, in the group's colour.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The sentences table (needs ``text`` and ``y``).
    y : str, default "side"
        Column of the groups, one box each along the vertical axis (as seaborn's
        ``boxplot(x=..., y=...)``): ``"side"``, ``"source_type"``...
    {doc.ax}
    title : str, optional
        Axes title; default none.

    {doc.returns_ax_section}
    """
    check_column(sentences, y, name="sentences")
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 0.5 + 0.45 * sentences[y].nunique()))
    words = sentences["text"].str.split().str.len()
    names = sorted(sentences[y].astype(str).unique())
    data = [words[sentences[y].astype(str) == g].to_numpy() for g in names]
    parts = ax.boxplot(data, orientation="horizontal", tick_labels=names, patch_artist=True, widths=0.6)
    for patch, g in zip(parts["boxes"], names, strict=True):
        patch.set_facecolor(palette(names)[g])
        patch.set_alpha(0.7)
    for median in parts["medians"]:
        median.set_color("black")
    ax.set_xlabel("words per sentence")
    ax.set_ylabel(y)
    return titled(ax, title)


@plot_function(by="hue")
def plot_dates(documents: pd.DataFrame, *, hue: str = "side", ax=None, title: str | None = None):
    """Documents per day, one dodged bar per group and day.

    A day is the date of the document at midnight; days without documents are
    left out, so the bars are the coverage each group had day by day.

    Parameters
    ----------
    documents : pandas.DataFrame
        The documents table (needs ``date`` and ``hue``); rows without a date are left out
        and counted in the title.
    hue : str, default "side"
        Column of the groups, one colour each (seaborn's ``hue``).
    {doc.ax}
    title : str, optional
        Axes title; default the count of undated documents left out, if any.

    {doc.returns_ax_section}
    """
    check_column(documents, hue, name="documents")
    check_column(documents, "date", name="documents")
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3))
    dated = documents.dropna(subset=["date"])
    days = dated["date"].dt.normalize()
    counts = pd.crosstab(days, dated[hue].astype(str))
    colours = palette(counts.columns)
    width = 0.8 / max(len(counts.columns), 1)
    x = np.arange(len(counts))
    for i, col in enumerate(counts.columns):
        ax.bar(
            x + (i - (len(counts.columns) - 1) / 2) * width,
            counts[col],
            width=width,
            color=colours[col],
            label=col,
        )
    ax.set_xticks(x, [d.strftime("%d %b") for d in counts.index], rotation=0)
    ax.set_ylabel("documents")
    ax.legend(title=hue, loc="upper left", bbox_to_anchor=(1.02, 1))
    missing = len(documents) - len(dated)
    if title:
        ax.set_title(title + (f" ({missing} without a date not shown)" if missing else ""))
    elif missing:
        ax.set_title(f"{missing} document(s) without a date not shown", fontsize=8)
    return ax


#: Colours of document statuses after cleaning (Okabe-Ito; grey for empty documents).
STATUS_COLOURS = {
    "kept": "#009E73",
    "duplicate": "#E69F00",
    "off_topic": "#D55E00",
    "other_language": "#CC79A7",
    "empty": "#999999",
}


@plot_function(by="y")
def plot_cleaning(status: pd.DataFrame, *, y: str = "side", ax=None, title=None):
    """Horizontal stacked bars: documents per group, kept or set aside by :func:`framing.clean_corpus`.

    Parameters
    ----------
    status : pandas.DataFrame
        ``CleaningResult.status``: one row per group and status, with ``y``, ``status`` and
        ``documents``.
    y : str, default "side"
        Column of the groups, one bar each along the vertical axis (``CleaningResult.by``).
    {doc.ax_title}

    Returns
    -------
    matplotlib.axes.Axes
        Segments in the order kept, duplicate, off-topic, other language, empty; each bar ends with
        the share of its documents kept.
    """
    for col in (y, "status", "documents"):
        check_column(status, col, name="status")
    counts = status.pivot_table(index=y, columns="status", values="documents", aggfunc="sum", fill_value=0)
    counts.index = counts.index.astype(str)
    counts = counts.sort_index(ascending=False)
    order = [s for s in STATUS_COLOURS if s in counts.columns] + [
        s for s in counts.columns if s not in STATUS_COLOURS
    ]
    if ax is None:
        _, ax = plt.subplots(figsize=(6.5, 0.6 + 0.45 * len(counts)))
    left = np.zeros(len(counts))
    for name in order:
        values = counts[name].to_numpy(dtype=float)
        ax.barh(
            counts.index,
            values,
            left=left,
            height=0.7,
            label=name.replace("_", " "),
            color=STATUS_COLOURS.get(name, "#56B4E9"),
        )
        left += values
    kept = counts["kept"].to_numpy(dtype=float) if "kept" in counts.columns else np.zeros(len(counts))
    for row, (total, k) in enumerate(zip(left, kept, strict=True)):
        ax.text(
            total, row, f" {int(total)} ({k / total:.0%} kept)" if total else " 0", va="center", fontsize=8
        )
    ax.margins(x=0.2)  # room for the labels at the bar ends
    ax.set_xlabel("documents")
    ax.set_ylabel(y)
    ax.legend(title="status", loc="upper left", bbox_to_anchor=(1.02, 1))
    return titled(ax, title)
