"""Figures of alignment: matched claims side by side, omission rates, omission quotes."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from framing._validate import check_column
from framing.errors import ParameterError
from framing.plots._style import GREY, palette

# Inches per wrapped text line at the default 8-9 pt font: sets figure height.
_LINE_IN = 0.2


def _pick_pair(table: pd.DataFrame, a_col: str, b_col: str, a, b, what: str) -> tuple[str, str]:
    for col in (a_col, b_col):
        check_column(table, col, name=what)
    pairs = list(dict.fromkeys(zip(table[a_col].astype(str), table[b_col].astype(str))))
    if a is None and b is None:
        if len(pairs) != 1:
            raise ParameterError(f"{what} holds {len(pairs)} side pairs {pairs}; choose one with {a_col}= and {b_col}=.")
        return pairs[0]
    for x, y in pairs:
        if (a is None or x == a) and (b is None or y == b):
            return x, y
    raise ParameterError(f"({a!r}, {b!r}) is not in {what}; the pairs are {pairs}.")


def _wrap(text, width: int) -> list[str]:
    return textwrap.wrap(str(text), width=width) or [""]


def _new_ax(n_lines: int, width_in: float, ax):
    if ax is not None:
        return ax
    _, ax = plt.subplots(figsize=(width_in, max(1.5, 0.6 + n_lines * _LINE_IN)))
    return ax


def plot_matched_claims(
    matches: pd.DataFrame,
    side_a: str | None = None,
    side_b: str | None = None,
    *,
    n: int = 6,
    select: str = "spread",
    width: int = 50,
    groups: Sequence[str] | None = None,
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
    side_a, side_b : str, optional
        The pair of sides to show, ``side_a`` on the left (either order works);
        may be omitted when ``matches`` holds one pair.
    n : int, default 6
        Pairs to show.
    select : {"spread", "top"}, default "spread"
        ``"top"``: the ``n`` most similar pairs (often near-identical wording).
        ``"spread"``: ``n`` pairs at evenly spaced ranks of similarity, from the
        closest to the loosest match, so the table shows paraphrase as well as
        repetition.
    width : int, default 50
        Characters per wrapped line.
    groups : sequence of str, optional
        All sides of the report, so each side keeps its colour across figures.
    ax : matplotlib Axes, optional
        Drawn on if given (its axis is turned off); else a figure sized to the text.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    for c in ("side_a", "side_b", "text_a", "text_b", "similarity"):
        check_column(matches, c, name="matches")
    if side_a is not None and side_b is not None:
        stored = set(zip(matches["side_a"].astype(str), matches["side_b"].astype(str)))
        if (side_a, side_b) not in stored and (side_b, side_a) in stored:
            # align() stores each pair once, in sorted order; show it the way round asked for
            swap = {c: c[:-1] + ("b" if c.endswith("_a") else "a") for c in matches.columns if c.endswith(("_a", "_b"))}
            matches = matches.rename(columns=swap)
    a, b = _pick_pair(matches, "side_a", "side_b", side_a, side_b, "matches")
    if select not in ("spread", "top"):
        raise ParameterError(f"select must be 'spread' or 'top'; got {select!r}.")
    if int(n) < 1:
        raise ParameterError(f"n must be a positive integer; got {n!r}.")
    sub = matches[(matches["side_a"].astype(str) == a) & (matches["side_b"].astype(str) == b)]
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
    ax = _new_ax(n_lines, 10.5, ax)
    pal = palette(groups if groups is not None else [a, b])
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
    ax.set_title(title if title is not None else f"Matched claims: {a} vs {b}", loc="left")
    return ax


def plot_omission_rates(
    rates: pd.DataFrame,
    side: str | None = None,
    *,
    cluster_names: Mapping | None = None,
    groups: Sequence[str] | None = None,
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
        The side whose sentences are counted; may be omitted when ``rates``
        holds one.
    cluster_names : mapping, optional
        ``{cluster id: label}``.
    groups : sequence of str, optional
        All sides of the report, for consistent colours.
    ax : matplotlib Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    for c in ("side", "absent_from", "cluster", "rate", "ci_low", "ci_high"):
        check_column(rates, c, name="rates")
    sides = list(dict.fromkeys(rates["side"].astype(str)))
    if side is None:
        if len(sides) != 1:
            raise ParameterError(f"rates holds the sides {sides}; choose one with side=.")
        side = sides[0]
    if side not in sides:
        raise ParameterError(f"side {side!r} is not in rates; the sides are {sides}.")
    sub = rates[rates["side"].astype(str) == side]
    others = list(dict.fromkeys(sub["absent_from"].astype(str)))
    clusters = list(dict.fromkeys(sub.sort_values("cluster", key=lambda s: s.astype(str) if s.dtype == object else s)["cluster"]))
    ax = _new_ax(len(clusters) * max(2, len(others)), 6.0, ax) if ax is None else ax
    pal = palette(groups if groups is not None else sides + others)
    step = 0.8 / max(len(others), 1)
    for k, o in enumerate(others):
        g = sub[sub["absent_from"].astype(str) == o].set_index("cluster").reindex(clusters)
        y = np.arange(len(clusters)) - 0.4 + step * (k + 0.5)
        lo = (g["rate"] - g["ci_low"]).clip(lower=0).to_numpy(dtype=float)
        hi = (g["ci_high"] - g["rate"]).clip(lower=0).to_numpy(dtype=float)
        ax.errorbar(
            g["rate"].to_numpy(dtype=float), y, xerr=np.vstack([np.nan_to_num(lo), np.nan_to_num(hi)]),
            fmt="o", color=pal.get(o, GREY), ecolor=pal.get(o, GREY), elinewidth=1.2, capsize=0,
            markersize=4, label=f"absent from {o}",
        )
    names = [
        str(cluster_names[c]) if cluster_names is not None and c in cluster_names
        else ("noise" if c == -1 else f"cluster {c}" if not isinstance(c, str) else c)
        for c in clusters
    ]
    ax.set_yticks(np.arange(len(clusters)), names)
    ax.set_ylim(len(clusters) - 0.5, -0.5)
    ax.set_xlim(-0.02, 1.02)
    ax.xaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    ax.set_xlabel(f"share of {side}'s sentences with no close match on the other side")
    ax.legend(loc="lower right", fontsize="small")
    ax.set_title(title if title is not None else f"What {side} says that others do not", loc="left")
    return ax


def plot_omission_quotes(
    omissions: pd.DataFrame,
    side: str | None = None,
    absent_from: str | None = None,
    *,
    n: int = 5,
    min_words: int = 8,
    width: int = 100,
    groups: Sequence[str] | None = None,
    ax=None,
    title: str | None = None,
):
    """Quote a few omissions, each with the closest thing the other side said.

    For each quote: ``side``'s sentence (in its colour) and, beneath it in
    grey, the nearest sentence of ``absent_from`` with its similarity -- the
    evidence that the other side has nothing closer.

    Parameters
    ----------
    omissions : pandas.DataFrame
        ``align(...).omissions`` (filter it first, e.g. to one cluster, to choose
        what is quoted).
    side, absent_from : str, optional
        The direction; may be omitted when the table holds one.
    n : int, default 5
        Quotes, taken in the table's order (``align`` sorts omissions by
        similarity, clearest first).
    min_words : int, default 8
        Skip shorter sentences: fragments such as "Is that correct?" match
        nothing anywhere and say little about framing.
    width : int, default 100
        Characters per wrapped line.
    groups : sequence of str, optional
        All sides of the report, for consistent colours.
    ax : matplotlib Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    for c in ("text", "match_text", "similarity"):
        check_column(omissions, c, name="omissions")
    a, b = _pick_pair(omissions, "side", "absent_from", side, absent_from, "omissions")
    sub = omissions[(omissions["side"].astype(str) == a) & (omissions["absent_from"].astype(str) == b)]
    sub = sub[sub["text"].astype(str).str.split().str.len() >= min_words]
    sub = sub.drop_duplicates("text").head(int(n))
    blocks = [(_wrap(r["text"], width), _wrap(f"nearest in {b} ({r['similarity']:.2f}): {r['match_text']}", width + 10))
              for _, r in sub.iterrows()]
    # heights in figure "lines": a 9 pt text line is ~0.75 of _LINE_IN, a small one ~0.65
    n_lines = 0.5 + sum(0.75 * len(q) + 0.65 * len(m) + 1.45 for q, m in blocks)
    ax = _new_ax(int(np.ceil(n_lines)), 10.0, ax)
    pal = palette(groups if groups is not None else [a, b])
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
    ax.set_title(title if title is not None else f"Said by {a}, absent from {b}", loc="left")
    return ax
