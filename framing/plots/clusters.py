"""Figures of the clusters: the 2-D map, the label panel, the choice of k."""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from framing._core.docstrings import fill_doc
from framing._core.names import NOISE, cluster_name
from framing._core.validation import check_column
from framing.errors import ParameterError
from framing.plots._layout import titled
from framing.plots._style import GREY, palette


@fill_doc
def plot_cluster_map(
    data: pd.DataFrame,
    *,
    x: str = "x",
    y: str = "y",
    hue: str = "side",
    cluster: str | None = "cluster",
    ax=None,
    s: float = 12,
    alpha: float = 0.7,
    title: str | None = None,
):
    """Scatter of sentences on a 2-D map, coloured by side, cluster ids at their centres.

    Each point is one sentence, in the colour of its ``hue`` value; sides that
    share a region of the map write about the same things in similar words.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per sentence with the map coordinates (from
        :func:`framing.analysis.cluster.project`), the ``hue`` column and optionally the
        cluster labels.
    x, y : str, default "x", "y"
        Coordinate columns.
    hue : str, default "side"
        Column coloured by (``side``, ``source_type``...).
    cluster : str or None, default "cluster"
        Cluster label column; each cluster's id is written at its members'
        median position. HDBSCAN noise (``-1``) is drawn as small grey crosses
        whatever its side and not labelled. None = no cluster labels.
    {doc.ax}
    s, alpha : float, default 12, 0.7
        Marker size and opacity.
    {doc.title}

    {doc.returns_ax_section}

    Notes
    -----
    Distances on a t-SNE map are only meaningful locally; on a PCA map the two
    axes are the directions of largest variance of the embeddings.
    """
    for col in (x, y, hue) + ((cluster,) if cluster else ()):
        check_column(data, col, name="data")
    if ax is None:
        _, ax = plt.subplots(figsize=(6.5, 5))
    groups = data[hue].astype(str)
    colours = palette(groups.unique())
    noise = data[cluster].to_numpy() == NOISE if cluster else np.zeros(len(data), dtype=bool)
    if noise.any():
        ax.scatter(
            data.loc[noise, x],
            data.loc[noise, y],
            s=s * 0.6,
            c=GREY,
            marker="x",
            linewidths=0.6,
            alpha=alpha,
            label=f"noise ({int(noise.sum())})",
            rasterized=False,
        )
    for g in sorted(colours):
        m = (groups == g).to_numpy() & ~noise
        ax.scatter(data.loc[m, x], data.loc[m, y], s=s, c=colours[g], alpha=alpha, linewidths=0, label=g)
    if cluster:
        pos = data.loc[~noise].groupby(data.loc[~noise, cluster])[[x, y]].median()
        for c, (px, py) in pos.iterrows():
            ax.annotate(
                str(c),
                (px, py),
                ha="center",
                va="center",
                fontsize=9,
                fontweight="bold",
                bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "0.3", "alpha": 0.85, "lw": 0.6},
            )
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel(f"{x} (map axis 1)")
    ax.set_ylabel(f"{y} (map axis 2)")
    ax.legend(title=hue, loc="upper left", bbox_to_anchor=(1.01, 1), markerscale=1.5)
    return titled(ax, title)


@fill_doc
def plot_cluster_labels(
    summary: pd.DataFrame,
    *,
    ax=None,
    n_terms: int = 6,
    width: int = 95,
    max_exemplar: int = 170,
    title: str | None = None,
):
    """A text panel naming each cluster: id, size, top terms and one exemplar sentence.

    Parameters
    ----------
    summary : pandas.DataFrame
        ``SentenceClusterer.summary_``: columns ``cluster``, ``size``, ``share``,
        ``terms`` (comma-separated) and ``exemplar``.
    {doc.ax}
    n_terms : int, default 6
        Terms shown per cluster.
    width : int, default 95
        Characters per line before wrapping.
    max_exemplar : int, default 170
        The exemplar is shortened to this many characters.
    {doc.title}

    {doc.returns_ax_section}
    """
    for col in ("cluster", "size", "share", "terms", "exemplar"):
        check_column(summary, col, name="summary")
    blocks = []  # per cluster: list of (text, is_exemplar)
    for row in summary.itertuples(index=False):
        terms = ", ".join(t for t in str(row.terms or "").split(", ")[:n_terms] if t) or "(no terms)"
        head = cluster_name(row.cluster)
        head = f"{head}  ·  {row.size} sentences ({row.share:.0%})"
        ex = "" if row.exemplar is None or pd.isna(row.exemplar) else str(row.exemplar)
        ex = textwrap.shorten(ex, max_exemplar, placeholder=" …")
        lines = [(t, False) for t in textwrap.wrap(terms, width)]
        if ex:
            lines += [(t, True) for t in textwrap.wrap(f"“{ex}”", width)]
        blocks.append((head, lines))
    n_lines = sum(len(lines) + 2 for _, lines in blocks)
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 0.3 + 0.19 * n_lines))
    ax.set_axis_off()
    ax.set_xlim(0, 1)
    ax.set_ylim(n_lines, 0)
    y = 0
    for head, lines in blocks:
        ax.text(0, y, head, fontweight="bold", va="top", fontsize=9)
        for i, (text, quote) in enumerate(lines, start=1):
            ax.text(
                0.02,
                y + i,
                text,
                va="top",
                fontsize=8,
                style="italic" if quote else "normal",
                color="0.3" if quote else "black",
            )
        y += len(lines) + 2
    return titled(ax, title, loc="left")


@fill_doc
def plot_silhouette(scores: pd.DataFrame, *, chosen: int | None = None, ax=None, title: str | None = None):
    """Mean silhouette against k, with the chosen k marked.

    Parameters
    ----------
    scores : pandas.DataFrame
        ``SentenceClusterer.silhouette_`` (columns ``k``, ``silhouette``).
    chosen : int, optional
        The k in use (``SentenceClusterer.k_``), drawn as a highlighted point.
    {doc.ax_title}

    {doc.returns_ax_section}

    References
    ----------
    Rousseeuw, P. J. (1987). Silhouettes: a graphical aid to the interpretation
    and validation of cluster analysis. J. Comput. Appl. Math. 20, 53-65.
    """
    for col in ("k", "silhouette"):
        check_column(scores, col, name="scores")
    if len(scores) == 0:
        raise ParameterError("scores is empty; pass SentenceClusterer.silhouette_ from a fitted clusterer.")
    if ax is None:
        _, ax = plt.subplots(figsize=(4.5, 3))
    ax.plot(scores["k"], scores["silhouette"], marker="o", color="0.3", lw=1, ms=4)
    if chosen is not None and (scores["k"] == chosen).any():
        val = scores.loc[scores["k"] == chosen, "silhouette"].iloc[0]
        ax.scatter([chosen], [val], s=70, facecolor="none", edgecolor="#D55E00", lw=1.5, zorder=3)
        ax.annotate(
            f"k = {chosen}", (chosen, val), xytext=(6, 6), textcoords="offset points", color="#D55E00"
        )
    ax.set_xlabel("number of clusters k")
    ax.set_ylabel("mean silhouette (cosine)")
    ax.set_xticks(scores["k"].to_numpy())
    return titled(ax, title)


__all__ = ["plot_cluster_labels", "plot_cluster_map", "plot_silhouette"]
