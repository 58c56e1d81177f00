"""Figures of alignment: matched claims side by side, omission rates, omission quotes."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from framing._core.names import cluster_name
from framing._core.validation import check_column
from framing.errors import ParameterError
from framing.plots._layout import dodged_intervals, hue_palette, pick_pair, plot_function, text_axes, titled
from framing.plots._style import GREY


def _wrap(text, width: int) -> list[str]:
    return textwrap.wrap(str(text), width=width) or [""]


@plot_function(groups="hue_order")
def plot_matched_claims(
    matches: pd.DataFrame,
    *,
    sides: Sequence[str] | None = None,
    n: int = 6,
    select: str = "spread",
    width: int = 50,
    hue_order: Sequence[str] | None = None,
    ax=None,
    title: str | None = None,
):
    """Matched claims as a two-column table: how each side words the same fact.

    Each row is one mutual-nearest-neighbour pair from :func:`framing.align`:
    side A's sentence on the left, side B's on the right, the cosine
    similarity between them in the middle, and each sentence's source (doc id)
    beneath it in grey.

    Parameters
    ----------
    matches : pandas.DataFrame
        ``align(...).matches``.
    {doc.sides_pair}
        The first side is drawn on the left.
    n : int, default 6
        Pairs to show.
    select : {"spread", "top"}, default "spread"
        ``"top"``: the ``n`` most similar pairs (often near-identical wording).
        ``"spread"``: ``n`` pairs at evenly spaced ranks of similarity, from the
        closest to the loosest match, so the table shows paraphrase as well as
        repetition.
    width : int, default 50
        Characters per wrapped line.
    {doc.plot_tail}

    References
    ----------
    Conneau, A. et al. (2018). Word translation without parallel data. ICLR
    (mutual nearest neighbours, as :func:`framing.align` matches claims).
    """
    for c in ("side_a", "side_b", "text_a", "text_b", "similarity"):
        check_column(matches, c, name="matches")
    # align() stores each pair once, in sorted order; pick_pair shows it the way round asked for
    a, b, sub = pick_pair(matches, sides, name="matches")
    if select not in ("spread", "top"):
        raise ParameterError(f"select must be 'spread' or 'top'; got {select!r}.")
    if int(n) < 1:
        raise ParameterError(f"n must be a positive integer; got {n!r}.")
    sub = sub.sort_values("similarity", ascending=False, kind="mergesort").reset_index(drop=True)
    if len(sub) > n and select == "spread":
        sub = sub.iloc[np.unique(np.round(np.linspace(0, len(sub) - 1, n)).astype(int))]
    else:
        sub = sub.head(n)

    def meta(row, suffix):
        src, doc = row.get(f"source{suffix}"), row.get(f"doc_id{suffix}")
        parts = [str(x) for x in (src, doc) if x is not None and not pd.isna(x)]
        return "— " + ", ".join(parts) if parts else ""

    blocks = []
    for _, row in sub.iterrows():
        la, lb = _wrap(row["text_a"], width), _wrap(row["text_b"], width)
        blocks.append((la, lb, row["similarity"], meta(row, "_a"), meta(row, "_b")))
    n_lines = 2 + sum(max(len(la), len(lb)) + 2 for la, lb, *_ in blocks)
    ax = text_axes(n_lines, 10.5, ax)
    pal = hue_palette(hue_order, [a, b])
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(max(n_lines, 1), 0)
    ax.text(0.0, 0.5, a, color=pal.get(a, GREY), fontweight="bold", va="center")
    ax.text(0.49, 0.5, "similarity", color=GREY, ha="center", va="center", fontsize="small")
    ax.text(0.55, 0.5, b, color=pal.get(b, GREY), fontweight="bold", va="center")
    y = 2.0
    for la, lb, sim, ma, mb in blocks:
        h = max(len(la), len(lb))
        ax.text(0.0, y, "\n".join(la), va="top")
        ax.text(0.55, y, "\n".join(lb), va="top")
        ax.text(0.49, y, f"{sim:.2f}", ha="center", va="top", fontweight="bold")
        ax.text(0.0, y + h + 0.15, ma, va="top", color=GREY, fontsize="small")
        ax.text(0.55, y + h + 0.15, mb, va="top", color=GREY, fontsize="small")
        y += h + 2
        ax.axhline(y - 0.5, color=GREY, linewidth=0.4)
    if not blocks:
        ax.text(0.5, 1.5, "no matched claims above the threshold", ha="center", color=GREY)
    return titled(ax, title, f"Matched claims: {a} vs {b}", loc="left")


def _numbers_first(clusters: pd.Series) -> pd.Series:
    """Cluster ids in natural order (2 before 10, as numbers), then named ones ("noise"...) by name."""
    return clusters.map(lambda c: (0, int(str(c)), "") if str(c).lstrip("-").isdigit() else (1, 0, str(c)))


@plot_function(groups="hue_order")
def plot_omission_rates(
    rates: pd.DataFrame,
    *,
    side: str | None = None,
    cluster_names: Mapping | None = None,
    hue_order: Sequence[str] | None = None,
    ax=None,
    title: str | None = None,
):
    """Omission rate by cluster for one side, against each other side, with intervals.

    One row per cluster. For each other side there is a point -- the share of
    ``side``'s sentences in that cluster with no counterpart (best match below
    the threshold) on the other side -- and a bar, its document-level
    bootstrap interval. Points are in the colour of the *other* side. A high
    rate means: when ``side`` talks about this cluster, that other side mostly
    says nothing close.

    Parameters
    ----------
    rates : pandas.DataFrame
        :func:`framing.omission_rates` output.
    side : str, optional
        The side whose sentences are counted (one value of ``rates["side"]``,
        drawn against every ``other``); may be omitted when ``rates`` holds one.
    {doc.cluster_names}
    {doc.plot_tail}

    References
    ----------
    Field, C. A. & Welsh, A. H. (2007). Bootstrapping clustered data.
    J. R. Stat. Soc. B 69, 369-390 (the document bootstrap of :func:`framing.omission_rates`).
    """
    for c in ("side", "other", "cluster", "rate", "ci_low", "ci_high"):
        check_column(rates, c, name="rates")
    sides = list(dict.fromkeys(rates["side"].astype(str)))
    if side is None:
        if len(sides) != 1:
            raise ParameterError(f"rates holds the sides {sides}; choose one with side=.")
        side = sides[0]
    if side not in sides:
        raise ParameterError(f"side {side!r} is not in rates; the sides are {sides}.")
    sub = rates[rates["side"].astype(str) == side]
    others = list(dict.fromkeys(sub["other"].astype(str)))
    clusters = list(dict.fromkeys(sub.sort_values("cluster", key=_numbers_first)["cluster"]))
    ax = text_axes(len(clusters) * max(2, len(others)), 6.0, ax) if ax is None else ax
    pal = hue_palette(hue_order, sides + others)
    dodged_intervals(
        ax,
        sub,
        hue="other",
        category="cluster",
        order=clusters,
        value="rate",
        pal=pal,
        label=lambda o: f"absent from {o}",
        ticks=[cluster_name(c, cluster_names) for c in clusters],
    )
    ax.set_xlim(-0.02, 1.02)
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    ax.set_xlabel(f"share of {side}'s sentences with no close match on the other side")
    ax.legend(loc="lower right", fontsize="small")
    return titled(ax, title, f"What {side} says that others do not", loc="left")


@plot_function(groups="hue_order")
def plot_omission_quotes(
    omissions: pd.DataFrame,
    *,
    sides: Sequence[str] | None = None,
    n: int = 5,
    min_words: int = 8,
    width: int = 100,
    hue_order: Sequence[str] | None = None,
    ax=None,
    title: str | None = None,
):
    """Quote a few omissions, each with the closest thing the other side said.

    For each quote: the sentence of ``side`` (in its colour) and, beneath it in
    grey, the nearest sentence of ``other`` with its similarity -- the
    evidence that the other side has nothing closer.

    Parameters
    ----------
    omissions : pandas.DataFrame
        ``align(...).omissions`` (filter it first, e.g. to one cluster, to choose
        what is quoted).
    sides : tuple of (str, str), optional
        The direction ``(side, other)``: said by the first, absent from the
        second; may be omitted when the table holds one.
    n : int, default 5
        Quotes, taken in the table's order (``align`` sorts omissions by
        similarity, clearest first).
    min_words : int, default 8
        Skip shorter sentences: fragments such as "Is that correct?" match
        nothing anywhere and say little about framing.
    width : int, default 100
        Characters per wrapped line.
    {doc.plot_tail}

    References
    ----------
    Reimers, N. & Gurevych, I. (2019). Sentence-BERT. EMNLP (the similarity shown).
    """
    for c in ("text", "match_text", "similarity"):
        check_column(omissions, c, name="omissions")
    a, b, sub = pick_pair(omissions, sides, columns=("side", "other"), name="omissions")
    sub = sub[sub["text"].astype(str).str.split().str.len() >= min_words]
    sub = sub.drop_duplicates("text").head(int(n))
    blocks = [
        (
            _wrap(r["text"], width),
            _wrap(f"nearest in {b} ({r['similarity']:.2f}): {r['match_text']}", width + 10),
        )
        for _, r in sub.iterrows()
    ]
    # heights in figure "lines": a 9 pt text line is ~0.75 of LINE_IN, a small one ~0.65
    n_lines = 0.5 + sum(0.75 * len(q) + 0.65 * len(m) + 1.45 for q, m in blocks)
    ax = text_axes(int(np.ceil(n_lines)), 10.0, ax)
    pal = hue_palette(hue_order, [a, b])
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(max(n_lines, 1), 0)
    y = 0.3
    for q, m in blocks:
        ax.text(0.0, y, "“" + "\n".join(q) + "”", va="top", color=pal.get(a, "black"))
        y += 0.75 * len(q) + 0.45
        ax.text(0.03, y, "\n".join(m), va="top", color=GREY, fontsize="small")
        y += 0.65 * len(m) + 1.0
    if not blocks:
        ax.text(0.5, 0.5, f"no omissions of at least {min_words} words", ha="center", color=GREY)
    return titled(ax, title, f"Said by {a}, absent from {b}", loc="left")
