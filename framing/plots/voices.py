"""Figures of voices: speaker categories by side with intervals, top speakers, same claim in different mouths."""

from __future__ import annotations

import textwrap
import warnings
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from framing._core.validation import check_column
from framing.errors import ParameterError, RenamedWarning
from framing.plots._layout import (
    hue_palette,
    plot_function,
    share_intervals,
    table_setting,
    text_axes,
    titled,
)
from framing.plots._style import GREY


@plot_function(by="hue", groups="hue_order")
def plot_voice_shares(
    shares: pd.DataFrame,
    *,
    categories: Sequence[str] | None = None,
    hue: str = "side",
    hue_order: Sequence[str] | None = None,
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
        :func:`framing.voice_shares` output; an ``include_unattributed`` column
        (True when the shares count every sentence) words the axis label.
    categories : sequence of str, optional
        Categories to show, in order; default all in the table's order.
    hue : str, default "side"
        Column of the sides (seaborn's ``hue``), also what the title and axis
        label call them; a table without that column is read from ``side``.
    {doc.plot_tail}

    References
    ----------
    Efron & Tibshirani (1993), for the percentile interval drawn.
    """
    hue = hue or "side"
    every = bool(table_setting(shares, "include_unattributed", False))
    ax = share_intervals(
        shares, "voice", categories, "categories", hue=hue, hue_order=hue_order, min_share=0, ax=ax
    )
    ax.set_xlabel(f"share of each {hue}'s sentences" + ("" if every else " with reported speech"))
    return titled(ax, title, f"Who speaks, by {hue}", loc="left")


@plot_function(groups="hue_order", axes="ax")
def plot_top_speakers(
    speakers: pd.DataFrame,
    *,
    side: str | None = None,
    n: int = 8,
    hue_order: Sequence[str] | None = None,
    ax=None,
    title: str | None = None,
):
    """The speakers one side quotes most: bars = sentences, label = category and documents.

    Parameters
    ----------
    speakers : pandas.DataFrame
        :func:`framing.top_speakers` output (``side``, ``speaker``, ``voice``...).
    side : str, optional
        The side drawn (one value of ``speakers["side"]``); may be omitted when the
        table holds one. For one panel per side use :func:`framing.plots.per_side`.
    n : int, default 8
        Speakers shown.
    hue_order : sequence of str, optional
        Every side of the report (seaborn's ``hue_order``), so each side keeps its colour.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; default a new figure sized to the content.
    title : str, optional
        Axes title; default the side's name, in its colour.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on. For one release, the last release's call (a table of several
        sides, no ``side=``) still draws one panel per side and returns their array, with a
        :class:`~framing.errors.RenamedWarning`, so notebooks written for it keep working.

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
    if side is not None and str(side) not in sides:
        raise ParameterError(f"side {side!r} is not in speakers; its sides are {sides}.")
    pal = hue_palette(hue_order, sides)
    drawn = [str(side)] if side is not None else sides
    rows = min(int(n), int(speakers.groupby("side").size().max()))
    panels = _speaker_panels(drawn, rows, ax)
    for panel, name in zip(panels, drawn):
        _speaker_bars(panel, speakers[speakers["side"].astype(str) == name].head(int(n)), pal.get(name, GREY))
        panel.set_title(name, loc="left", color=pal.get(name, GREY), fontweight="bold")
    if len(panels) == 1:
        return titled(panels[0], title, loc="left")
    if title:
        panels[0].figure.suptitle(title, x=0.01, ha="left")
    panels[0].figure.tight_layout()
    return np.asarray(panels, dtype=object)


def _speaker_panels(drawn: list[str], rows: int, ax) -> list:
    """``[ax]`` for one side; for several (the last release's call), a new row of panels or ``ax`` if a sequence."""
    if len(drawn) > 1:
        warnings.warn(
            "plot_top_speakers() now draws one side and returns one Axes: pass side=, or use "
            "framing.plots.per_side for one panel per side. A call without side= on several sides "
            "(an array of panels) stops working in the next release.",
            RenamedWarning,
            stacklevel=4,
        )
    if ax is not None and not isinstance(ax, Axes):
        panels = list(np.atleast_1d(ax))
        if len(panels) != len(drawn):
            raise ParameterError(f"ax has {len(panels)} panels but there are {len(drawn)} sides {drawn}.")
        return panels
    if ax is not None:
        return [ax]
    _, axes = plt.subplots(1, len(drawn), figsize=(3.3 * len(drawn), 0.8 + 0.3 * rows), squeeze=False)
    return list(axes[0])


def _speaker_bars(ax, g: pd.DataFrame, colour: str) -> None:
    """One side's speakers as bars, each labelled with its category and documents."""
    y = np.arange(len(g))
    ax.barh(y, g["n_sentences"], color=colour, height=0.7)
    labels = [textwrap.shorten(str(s), 28, placeholder="…") for s in g["speaker"]]
    ax.set_yticks(y, labels, fontsize=7)
    ax.set_ylim(len(g) - 0.5 if len(g) else 0.5, -0.5)
    for yi, (cnt, docs, cat) in enumerate(zip(g["n_sentences"], g["n_docs"], g["voice"])):
        ax.text(cnt, yi, f" {cat} ({docs} docs)", va="center", fontsize=6, color="#333333")
    ax.set_xlim(0, max(1, g["n_sentences"].max() if len(g) else 1) * 2.2)
    ax.set_xlabel("sentences")


@plot_function(groups="hue_order")
def plot_voice_contrasts(
    contrasts: pd.DataFrame,
    *,
    n: int = 6,
    width: int = 48,
    hue_order: Sequence[str] | None = None,
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
    {doc.plot_tail}

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
    pal = hue_palette(hue_order, sides)
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
    return titled(ax, title, "Same claim, different mouths", loc="left")
