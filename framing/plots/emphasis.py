"""Figures of emphasis: share differences with intervals, distinctive terms."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from framing._core.names import NOISE, cluster_name
from framing._core.validation import check_column
from framing.errors import ParameterError
from framing.plots._layout import (
    margin_note,
    new_axes,
    pair_colours,
    pick_pair,
    plot_function,
    table_list,
    table_setting,
    titled,
)
from framing.plots._style import GREY


@plot_function(groups="hue_order")
def plot_share_differences(
    shares: pd.DataFrame,
    *,
    sides: Sequence[str] | None = None,
    cluster_names: Mapping | None = None,
    alpha: float = 0.05,
    hue_order: Sequence[str] | None = None,
    ax=None,
    title: str | None = None,
):
    """Forest plot of cluster share differences between two sides, with intervals.

    One row per cluster, sorted by the difference: the point is
    ``share_a - share_b`` (in percentage points), the bar its bootstrap interval,
    the dashed line zero. Filled, coloured points have ``q < alpha`` and are in
    the colour of the side that emphasises the cluster more; hollow grey points
    do not pass the FDR threshold. The right margin gives both shares and q.

    With outlets as units (``compare_shares(..., cluster_by="source")``) the
    bar is the outlet-level interval, a wide pale band behind it spans the
    leave-one-outlet-out range (``loo_low`` to ``loo_high``), and a difference
    one outlet carries (``one_outlet``) is drawn as a diamond, the outlet named
    in the right margin. The interval's level and outlet column are read from
    the table's ``ci`` and ``cluster_by`` columns when it has them.

    Parameters
    ----------
    shares : pandas.DataFrame
        Output of :func:`framing.analysis.compare.compare_shares`.
    {doc.sides_pair}
    {doc.cluster_names}
    alpha : float, default 0.05
        FDR level for the filled markers.
    {doc.plot_tail}

    References
    ----------
    Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate.
    J. R. Stat. Soc. B 57, 289-300.
    """
    for col in ("cluster", "share_a", "share_b", "diff", "ci_low", "ci_high", "q_value"):
        check_column(shares, col, name="shares")
    outlets = "one_outlet" in shares.columns
    if outlets:
        for col in ("loo_low", "loo_high", "carried_by"):
            check_column(shares, col, name="shares")
    a, b, sub = pick_pair(shares, sides, name="shares")
    sub = sub.sort_values(["diff", "cluster"], kind="mergesort").reset_index(drop=True)
    ax = new_axes((7.5, 0.8 + 0.38 * len(sub)), ax)
    col_a, col_b = pair_colours(a, b, hue_order)
    for yv, row in enumerate(sub.itertuples(index=False)):
        colour = (col_a if row.diff > 0 else col_b) if row.q_value < alpha else GREY
        _difference_row(ax, yv, row, colour, sig=row.q_value < alpha, outlets=outlets)
    _difference_axes(ax, sub, cluster_names)
    ci = table_setting(shares, "ci", 0.95)
    over = (
        f"CI: {table_setting(shares, 'cluster_by', 'outlet')}, then documents"
        if outlets
        else "bootstrap CI over documents"
    )
    ax.set_xlabel(f"share difference, percentage points ({ci:.0%} {over})")
    ax.text(
        0.0, 1.01, f"← more in {b}", transform=ax.transAxes, ha="left", va="bottom", color=col_b, fontsize=8
    )
    ax.text(
        1.0, 1.01, f"more in {a} →", transform=ax.transAxes, ha="right", va="bottom", color=col_a, fontsize=8
    )
    # In the right-hand column of shares and q, below the tick labels, clear of the axes' corner.
    margin_note(
        ax,
        f"filled: q < {alpha:g} (BH)" + ("\nband: leave-one-outlet-out; ◆: one outlet" if outlets else ""),
        xy=(1.0, 0.0),
        xytext=(6, -18),
        color="0.4",
    )
    return titled(ax, title, pad=16)


def _difference_row(ax, yv: int, row, colour: str, *, sig: bool, outlets: bool) -> None:
    """One cluster's row: leave-one-outlet-out band, interval, point, and its shares and q at the right."""
    pp = 100.0
    carried = outlets and bool(row.one_outlet)
    if outlets and np.isfinite(row.loo_low):
        ax.plot(
            [row.loo_low * pp, row.loo_high * pp],
            [yv, yv],
            color=colour,
            lw=6,
            alpha=0.25,
            solid_capstyle="butt",
            zorder=1,
        )
    ax.plot([row.ci_low * pp, row.ci_high * pp], [yv, yv], color=colour, lw=1.6, solid_capstyle="butt")
    ax.scatter(
        [row.diff * pp],
        [yv],
        s=50 if carried else 42,
        marker="D" if carried else "o",
        zorder=3,
        color=colour if sig else "white",
        edgecolor="black" if carried else colour,
        lw=1.4,
    )
    ax.annotate(
        f"{row.share_a:.0%} vs {row.share_b:.0%}   q={row.q_value:.2g}"
        + (f"   {_carried(row.carried_by)}" if carried else ""),
        xy=(1.0, yv),
        xycoords=("axes fraction", "data"),
        xytext=(6, 0),
        textcoords="offset points",
        va="center",
        fontsize=7.5,
        color="0.25",
    )


def _difference_axes(ax, sub: pd.DataFrame, cluster_names: Mapping | None) -> None:
    """Zero line, cluster names as ticks, and symmetric limits the longest interval ends well inside."""
    ax.axvline(0, color="0.4", lw=0.8, ls="--", zorder=0)
    ax.set_yticks(np.arange(len(sub)))
    ax.set_yticklabels(
        [textwrap.shorten(cluster_name(c, cluster_names), 42, placeholder="…") for c in sub["cluster"]]
    )
    ax.set_ylim(-0.7, len(sub) - 0.3)
    lim = np.nanmax(np.abs(sub[["ci_low", "ci_high", "diff"]].to_numpy())) * 100.0 if len(sub) else 1
    lim = max(lim, 1) * 1.15
    ax.set_xlim(-lim, lim)


def _one_language(terms: pd.DataFrame) -> None:
    """Refuse a term table of several languages: their log-odds are separate scales, never one plot."""
    if "language" in terms.columns and terms["language"].nunique() > 1:
        found = sorted(terms["language"].dropna().unique())
        raise ParameterError(
            f"terms holds {len(found)} languages {found}, each computed on its own words: plot one, "
            f"e.g. terms[terms['language'] == {found[0]!r}]."
        )


def _carried(outlets: str) -> str:
    """Right-margin note for a difference leave-one-outlet-out undoes."""
    names = str(outlets).split("; ")
    if len(names) == 1:
        return f"one outlet: {names[0]}"
    return f"any of {len(names)} outlets, e.g. {names[0]}"


def _select_terms(sub: pd.DataFrame, a: str, b: str, cluster) -> pd.DataFrame:
    if cluster is None:
        sub = sub[sub["cluster"].isna()] if sub["cluster"].isna().any() else sub
        if sub["cluster"].notna().any() and sub["cluster"].nunique() > 1:
            raise ParameterError("terms were computed within clusters; choose one with cluster=.")
    else:
        sub = sub[sub["cluster"] == cluster]
    if sub.empty:
        raise ParameterError(
            f"no terms for ({a!r}, {b!r})" + (f" in cluster {cluster}" if cluster is not None else "")
        )
    return sub


@plot_function(groups="hue_order")
def plot_fightin_words(
    terms: pd.DataFrame,
    *,
    sides: Sequence[str] | None = None,
    cluster=None,
    n_label: int = 10,
    z_threshold: float = 1.96,
    hue_order: Sequence[str] | None = None,
    ax=None,
    title: str | None = None,
):
    """ "Fightin' words" plot: each term's z-score against its frequency.

    Terms above ``+z_threshold`` are typical of ``side_a`` (top, its colour),
    below ``-z_threshold`` of ``side_b`` (bottom); the ``n_label`` most extreme
    on each side are always labelled (grey when below the threshold), moved
    apart so labels do not overlap (adjustText). Grey terms are used alike by
    both. The size and genre caveats of ``distinctive_terms`` (its ``caveats``
    column: sides more than threefold apart in size or in terms per document)
    are written under the axes.

    Parameters
    ----------
    terms : pandas.DataFrame
        Output of :func:`framing.analysis.compare.distinctive_terms`.
    {doc.sides_pair}
    cluster : int, optional
        Draw the within-cluster comparison of this cluster (``terms`` computed
        with ``labels=``).
    n_label : int, default 10
        Terms labelled on each side.
    z_threshold : float, default 1.96
        ``|z|`` above which a term is coloured (1.96 ~ 5% two-sided, uncorrected:
        a guide for reading, not a test of each term).
    {doc.plot_tail}

    References
    ----------
    Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin' words: lexical
    feature selection and evaluation for identifying the content of political
    conflict. Political Analysis 16(4), 372-403.
    """
    from adjustText import adjust_text

    for col in ("cluster", "term", "count", "z"):
        check_column(terms, col, name="terms")
    _one_language(terms)
    a, b, sub = pick_pair(terms, sides, name="terms")
    sub = _select_terms(sub, a, b, cluster).reset_index(drop=True)
    ax = new_axes((7, 5), ax)
    col_a, col_b = pair_colours(a, b, hue_order)
    x = np.log10(sub["count"].to_numpy(dtype=float))
    # Deterministic jitter spreads the many terms sharing a count into a readable band.
    x = x + (np.arange(len(sub)) * 0.61803 % 1 - 0.5) * 0.04
    z = sub["z"].to_numpy(dtype=float)
    colours = np.where(z >= z_threshold, col_a, np.where(z <= -z_threshold, col_b, GREY))
    ax.scatter(x, z, s=9, c=list(colours), alpha=0.75, linewidths=0)
    ax.axhline(z_threshold, color="0.6", lw=0.6, ls=":")
    ax.axhline(-z_threshold, color="0.6", lw=0.6, ls=":")
    ax.axhline(0, color="0.6", lw=0.6)
    # Both sides' top terms are always labelled, passing the threshold or not (grey when not), so the
    # larger side never disappears from the chart.
    order = np.argsort(-z, kind="stable")
    top = list(dict.fromkeys(list(order[:n_label]) + list(order[::-1][:n_label])))
    texts = [
        ax.text(
            x[i],
            z[i],
            str(sub.loc[i, "term"]),
            fontsize=7.5,
            color=colours[i] if colours[i] != GREY else "0.3",
        )
        for i in top
    ]
    if texts:
        adjust_text(
            texts,
            x=x,
            y=z,
            ax=ax,
            arrowprops={"arrowstyle": "-", "color": "0.6", "lw": 0.5},
            expand=(1.15, 1.3),
            ensure_inside_axes=True,
            # An iteration limit, not adjustText's default time limit, so the same data
            # gives the same figure bytes on every run.
            iter_lim=1000,
        )
    ticks = [
        t
        for t in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000)
        if t <= max(sub["count"].max(), 1) * 1.5
    ]
    ax.set_xticks(np.log10(ticks))
    ax.set_xticklabels([str(t) for t in ticks])
    ax.set_xlabel("term frequency in both sides (log scale)")
    ax.set_ylabel(f"z-score of log-odds  (+ {a} · − {b})")
    ax.text(0.01, 0.99, f"more {a} ↑", transform=ax.transAxes, va="top", color=col_a, fontsize=8)
    ax.text(0.01, 0.01, f"more {b} ↓", transform=ax.transAxes, va="bottom", color=col_b, fontsize=8)
    _caveat_line(ax, _caveats(terms))
    return titled(ax, title)


def _caveats(terms: pd.DataFrame) -> list[str]:
    """The caveats of the table's ``caveats`` column, each ``"<what>: <why>"``.

    The column joins them with ``"; "``, which their explanations also use: a piece without
    its own ``":"`` continues the caveat before it.
    """
    caveats: list[str] = []
    for piece in table_list(terms, "caveats"):
        if caveats and ":" not in piece:
            caveats[-1] += "; " + piece
        else:
            caveats.append(piece)
    return caveats


def _caveat_line(ax, caveats) -> None:
    """Size and genre caveats of :func:`framing.analysis.compare.distinctive_terms`, one short line under the axes."""
    if not caveats:
        return
    text = " · ".join(c.split(":")[0] for c in caveats)
    margin_note(ax, "caution: " + text, xy=(0.0, 0.0), xytext=(0, -30), color="0.35", wrap=True)


@plot_function(groups="hue_order")
def plot_term_contrast(
    terms: pd.DataFrame,
    *,
    sides: Sequence[str] | None = None,
    clusters: Sequence[int] | None = None,
    cluster_names: Mapping | None = None,
    n_terms: int = 5,
    z_threshold: float = 1.96,
    hue_order: Sequence[str] | None = None,
    ax=None,
    title: str | None = None,
):
    """Within-cluster term contrast: for each cluster, the words each side uses more.

    One row per cluster: on the left (``side_b``'s colour) the terms most
    typical of ``side_b`` inside the cluster, on the right (``side_a``'s
    colour) those of ``side_a``, each with its z-score. Only terms with
    ``|z| >= z_threshold`` are listed; "—" means no term passes, i.e. both sides
    word this theme alike as far as the data can tell.

    Parameters
    ----------
    terms : pandas.DataFrame
        Output of ``distinctive_terms(sentences, labels)``.
    {doc.sides_pair}
    clusters : sequence of int, optional
        Clusters to show, in this order; None = all.
    {doc.cluster_names}
    n_terms : int, default 5
        Terms per side and cluster.
    z_threshold : float, default 1.96
        Smallest ``|z|`` listed.
    {doc.plot_tail}

    References
    ----------
    Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin' words.
    Political Analysis 16(4), 372-403.
    """
    for col in ("cluster", "term", "z"):
        check_column(terms, col, name="terms")
    _one_language(terms)
    a, b, sub = pick_pair(terms, sides, name="terms")
    sub = sub[sub["cluster"].notna()]
    if sub.empty:
        raise ParameterError(
            "terms has no within-cluster rows; compute it with distinctive_terms(sentences, labels)."
        )
    if clusters is None:
        clusters = sorted(sub["cluster"].unique(), key=lambda c: (c == NOISE, c))
    col_a, col_b = pair_colours(a, b, hue_order)
    ax = new_axes((9, 0.9 + 0.42 * len(clusters)), ax)
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(len(clusters) - 0.5, -1.2)
    ax.text(0.30, -1, f"more {b}", ha="center", color=col_b, fontweight="bold", fontsize=9)
    ax.text(0.74, -1, f"more {a}", ha="center", color=col_a, fontweight="bold", fontsize=9)

    def fmt(rows: pd.DataFrame) -> str:
        items = [f"{t} ({abs(v):.1f})" for t, v in zip(rows["term"], rows["z"])]
        return textwrap.shorten(", ".join(items), 62, placeholder=" …") if items else "—"

    for yv, c in enumerate(clusters):
        rows = sub[sub["cluster"] == c]
        left = rows[rows["z"] <= -z_threshold].sort_values("z", kind="mergesort").head(n_terms)
        right = (
            rows[rows["z"] >= z_threshold].sort_values("z", ascending=False, kind="mergesort").head(n_terms)
        )
        ax.text(
            0.0,
            yv,
            textwrap.shorten(cluster_name(c, cluster_names), 24, placeholder="…"),
            va="center",
            fontsize=8,
        )
        ax.text(0.515, yv, fmt(left), ha="right", va="center", fontsize=7.5, color=col_b)
        ax.text(0.535, yv, fmt(right), ha="left", va="center", fontsize=7.5, color=col_a)
        ax.plot([0, 1], [yv + 0.5, yv + 0.5], color="0.9", lw=0.6)
    ax.plot([0.525, 0.525], [-0.5, len(clusters) - 0.5], color="0.6", lw=0.6)
    ax.text(
        1.0, len(clusters) - 0.45, f"(|z|) ≥ {z_threshold:g}", ha="right", va="top", fontsize=7, color="0.4"
    )
    return titled(ax, title, loc="left")


__all__ = ["plot_fightin_words", "plot_share_differences", "plot_term_contrast"]
