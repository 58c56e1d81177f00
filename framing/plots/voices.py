"""Figures of voices: speaker categories by side with intervals, top speakers, same claim in different mouths."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from framing._docstrings import fill_doc
from framing._validate import check_column
from framing.errors import ParameterError
from framing.plots._layout import text_axes
from framing.plots._style import GREY, palette
from framing.plots.frames import plot_frame_shares


@fill_doc
def plot_voice_shares(
    shares: pd.DataFrame,
    *,
    by: str | None = None,
    categories: Sequence[str] | None = None,
    groups: Sequence[str] | None = None,
    ax=None,
    title: str | None = None,
):
    """Share of each side's attributed sentences by speaker category, with document-bootstrap intervals.

    One row per category, one dot per side (dodged) with a bar for its 95%
    interval from resampling the side's documents. The shares are within each
    side, so a side with more text does not dominate.

    Parameters
    ----------
    shares : pandas.DataFrame
        :func:`framing.voice_shares` output.
    by : str, optional
        What the sides are, for the title; default ``shares.attrs["by"]`` or ``"side"``.
    categories : sequence of str, optional
        Categories to show, in order; default all in the table's order.
    {doc.groups}
    {doc.ax}
    {doc.title}

    Returns
    -------
    {doc.returns_ax}

    References
    ----------
    Efron & Tibshirani (1993), for the percentile interval drawn.
    """
    check_column(shares, "voice", name="shares")
    table = shares.rename(columns={"voice": "frame"})
    table.attrs = dict(shares.attrs)
    by = by or shares.attrs.get("by", "side")
    ax = plot_frame_shares(
        table,
        by="side",  # the column; the title and axis label below name `by`
        frames=categories,
        groups=groups,
        ax=ax,
        title=title if title is not None else f"Who speaks, by {by}",
    )
    ax.set_xlabel(
        f"share of each {by}'s sentences with reported speech"
        if not shares.attrs.get("include_unattributed")
        else f"share of each {by}'s sentences"
    )
    return ax


def plot_top_speakers(
    speakers: pd.DataFrame,
    *,
    n: int = 8,
    groups: Sequence[str] | None = None,
    axes=None,
    title: str | None = None,
):
    """The speakers each side quotes most: one panel per side, bars = sentences, label = category.

    Parameters
    ----------
    speakers : pandas.DataFrame
        :func:`framing.top_speakers` output (``side``, ``speaker``, ``voice``...).
    n : int, default 8
        Speakers per side.
    groups : sequence of str, optional
        All sides of the report, for consistent colours.
    axes : sequence of matplotlib Axes, optional
        One per side; else a new figure with one row of panels.
    title : str, optional
        Figure title.

    Returns
    -------
    numpy.ndarray of matplotlib.axes.Axes

    References
    ----------
    Sigal, L. V. (1973). Reporters and Officials (counting sources by name and affiliation).
    """
    for c in ("side", "speaker", "voice", "n_sentences", "n_docs"):
        check_column(speakers, c, name="speakers")
    if int(n) < 1:
        raise ParameterError(f"n must be a positive integer; got {n!r}.")
    sides = list(dict.fromkeys(speakers["side"].astype(str)))
    if not sides:
        raise ParameterError("speakers is empty: no side has a named speaker.")
    if axes is None:
        rows = min(int(n), int(speakers.groupby("side").size().max()))
        _, axes = plt.subplots(1, len(sides), figsize=(3.3 * len(sides), 0.8 + 0.3 * rows), squeeze=False)
        axes = axes[0]
    axes = np.atleast_1d(axes)
    if len(axes) != len(sides):
        raise ParameterError(f"axes has {len(axes)} panels but there are {len(sides)} sides {sides}.")
    pal = palette(groups if groups is not None else sides)
    for ax, side in zip(axes, sides):
        g = speakers[speakers["side"].astype(str) == side].head(int(n))
        y = np.arange(len(g))
        ax.barh(y, g["n_sentences"], color=pal.get(side, GREY), height=0.7)
        labels = [textwrap.shorten(str(s), 28, placeholder="…") for s in g["speaker"]]
        ax.set_yticks(y, labels, fontsize=7)
        ax.set_ylim(len(g) - 0.5 if len(g) else 0.5, -0.5)
        for yi, (cnt, docs, cat) in enumerate(zip(g["n_sentences"], g["n_docs"], g["voice"])):
            ax.text(cnt, yi, f" {cat} ({docs} docs)", va="center", fontsize=6, color="#333333")
        ax.set_xlim(0, max(1, g["n_sentences"].max() if len(g) else 1) * 2.2)
        ax.set_xlabel("sentences")
        ax.set_title(side, loc="left", color=pal.get(side, GREY), fontweight="bold")
    if title:
        axes[0].figure.suptitle(title, x=0.01, ha="left")
    axes[0].figure.tight_layout()
    return axes


@fill_doc
def plot_voice_contrasts(
    contrasts: pd.DataFrame,
    *,
    n: int = 6,
    width: int = 48,
    groups: Sequence[str] | None = None,
    ax=None,
    title: str | None = None,
):
    """Same claim, different mouths: matched claims whose speakers belong to different categories.

    Each row is one pair from :func:`framing.voice_contrasts`: side A's sentence
    on the left, side B's on the right, each with its speaker and category
    beneath it, the similarity of the pair in the middle.

    Parameters
    ----------
    contrasts : pandas.DataFrame
        :func:`framing.voice_contrasts` output.
    n : int, default 6
        Pairs to show (the most similar first).
    width : int, default 48
        Characters per wrapped line.
    {doc.groups}
    {doc.ax}
    {doc.title}

    Returns
    -------
    {doc.returns_ax}

    References
    ----------
    Muzny et al. (2017) for the attribution; :func:`framing.align` for the matching.
    """
    for c in ("side_a", "side_b", "text_a", "text_b", "similarity", "voice_a", "voice_b"):
        check_column(contrasts, c, name="contrasts")
    if int(n) < 1:
        raise ParameterError(f"n must be a positive integer; got {n!r}.")
    sub = contrasts.sort_values("similarity", ascending=False, kind="mergesort").head(int(n))
    blocks = []
    for _, r in sub.iterrows():
        la = textwrap.wrap(str(r["text_a"]), width) or [""]
        lb = textwrap.wrap(str(r["text_b"]), width) or [""]
        who_a = f"— {r.get('speaker_a') or 'no speaker'} [{r['voice_a']}]"
        who_b = f"— {r.get('speaker_b') or 'no speaker'} [{r['voice_b']}]"
        blocks.append((la, lb, who_a, who_b, r["similarity"], str(r["side_a"]), str(r["side_b"])))
    n_lines = 2 + sum(max(len(a), len(b)) + 3 for a, b, *_ in blocks)
    ax = text_axes(n_lines, 10.5, ax)
    sides = sorted({b[5] for b in blocks} | {b[6] for b in blocks})
    pal = palette(groups if groups is not None else sides)
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(max(n_lines, 1), 0)
    y = 1.0
    if not blocks:
        ax.text(0, 0.5, "no matched claim has speakers of different categories", color=GREY)
    for la, lb, wa, wb, sim, sa, sb in blocks:
        ax.text(0.0, y, "\n".join(la), va="top", fontsize=8, color=pal.get(sa, "black"), linespacing=1.25)
        ax.text(0.54, y, "\n".join(lb), va="top", fontsize=8, color=pal.get(sb, "black"), linespacing=1.25)
        ax.text(0.5, y, f"{sim:.2f}", va="top", ha="center", fontsize=7, color=GREY)
        h = max(len(la), len(lb))
        ax.text(0.0, y + h + 0.1, f"{sa} {wa}", va="top", fontsize=6.5, color=GREY)
        ax.text(0.54, y + h + 0.1, f"{sb} {wb}", va="top", fontsize=6.5, color=GREY)
        y += h + 3
    ax.set_title(title if title is not None else "Same claim, different mouths", loc="left")
    return ax
