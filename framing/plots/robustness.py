"""Figure of robustness: in how many runs of a declared grid each headline finding holds."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.patches import Patch

from framing._core.validation import check_column
from framing.errors import ParameterError
from framing.plots._layout import new_axes, pair_colours, plot_function, titled


@plot_function(groups="hue_order")
def plot_robustness(
    summary: pd.DataFrame,
    *,
    robust_share: float = 0.8,
    hue_order: Sequence[str] | None = None,
    ax=None,
    title: str | None = None,
):
    """Bars of the share of runs in which each headline finding keeps its sign and passes its test.

    One row per finding (themes first, then terms), in the colour of the side it favours. The
    pale bar is the share of runs in which the finding keeps its direction, the solid bar the
    share in which it also passes (``q < alpha`` for a theme, ``|z| >= 1.96`` for a term); the
    dotted line is ``robust_share``. The right margin gives the counts.

    Parameters
    ----------
    summary : pandas.DataFrame
        ``robustness(...).summary``: ``kind``, ``finding``, ``favours``, ``side_a``, ``side_b``,
        ``n_runs``, ``kept_sign``, ``passed``.
    robust_share : float, default 0.8
        Where the "robust" line is drawn (the value given to :func:`framing.analysis.robustness.robustness`).
    hue_order : sequence of str, optional
        Every side of the study (seaborn's ``hue_order``), so each keeps its colour across figures.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; a new figure otherwise.
    title : str, optional
        Title.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    Steegen, S., Tuerlinckx, F., Gelman, A. & Vanpaemel, W. (2016). Increasing transparency
    through a multiverse analysis. Perspectives on Psychological Science 11(5), 702-712.
    """
    for col in ("kind", "finding", "favours", "side_a", "side_b", "n_runs", "kept_sign", "passed"):
        check_column(summary, col, name="summary")
    if summary.empty:
        raise ParameterError("summary has no findings to draw; the reference run had no headline difference.")
    data = summary.assign(
        _sign=summary["kept_sign"] / summary["n_runs"].where(summary["n_runs"] > 0),
        _pass=summary["passed"] / summary["n_runs"].where(summary["n_runs"] > 0),
        _kind=summary["kind"].map({"share": 0, "term": 1}).fillna(2),
    ).sort_values(["_kind", "_pass", "_sign"], ascending=[False, True, True], kind="mergesort")
    ax = new_axes((7.5, 0.9 + 0.32 * len(data)), ax)
    a, b = str(data["side_a"].iloc[0]), str(data["side_b"].iloc[0])
    colours = dict(zip((a, b), pair_colours(a, b, hue_order)))
    ys = np.arange(len(data))
    colour = [colours.get(f, "0.5") for f in data["favours"]]
    ax.barh(ys, data["_sign"].fillna(0), color=colour, alpha=0.3, height=0.7)
    ax.barh(ys, data["_pass"].fillna(0), color=colour, height=0.7)
    for y, row in zip(ys, data.itertuples(index=False)):
        ax.annotate(
            f"{row.passed}/{row.n_runs} pass, {row.kept_sign}/{row.n_runs} same sign",
            xy=(1.0, y), xycoords=("axes fraction", "data"), xytext=(6, 0), textcoords="offset points",
            va="center", fontsize=7.5, color="0.25",
        )  # fmt: skip
    labels = [
        ("term: " if k == "term" else "") + textwrap.shorten(str(f), 40, placeholder="…")
        for k, f in zip(data["kind"], data["finding"])
    ]
    ax.set_yticks(ys, labels)
    ax.axvline(robust_share, color="0.35", ls=":", lw=1)
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.7, len(data) - 0.3)
    ax.set_xlabel(f"share of runs (colour: the side the finding favours, {a} or {b})")
    handles = [
        Patch(color="0.5", alpha=0.3, label="same sign"),
        Patch(color="0.5", label="same sign and passes"),
    ]
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1), ncol=2, fontsize=7, frameon=False)
    n_terms = int((data["kind"] == "term").sum())
    if 0 < n_terms < len(data):  # themes above, terms below
        ax.axhline(n_terms - 0.5, color="0.7", lw=0.6)
    return titled(ax, title, pad=22)


__all__ = ["plot_robustness"]
