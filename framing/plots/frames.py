"""Figures of frames: frame shares by side with intervals, frame-by-cluster heatmap."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from framing._core.docstrings import fill_doc
from framing._core.names import ABSTAIN_LABEL
from framing._core.validation import check_column, check_labels
from framing.errors import ParameterError, RenamedWarning
from framing.plots._layout import new_axes, plot_function, share_intervals, table_list, table_setting, titled
from framing.plots._style import GREY, palette


@plot_function(by="hue", groups="hue_order")
def plot_frame_shares(
    shares: pd.DataFrame,
    *,
    hue: str = "side",
    frames: Sequence[str] | None = None,
    min_share: float = 0.0,
    hue_order: Sequence[str] | None = None,
    ax=None,
    title: str | None = None,
):
    """Share of each side's sentences in each frame, with document-bootstrap intervals.

    One row per frame; one point per side (dodged), in the side's colour, with a
    bar for its bootstrap interval. Shares are within each side, so a side with
    many sentences does not dominate. Overlapping bars do not by themselves
    mean "no difference": use :func:`framing.compare_frames` for tests.

    Parameters
    ----------
    shares : pandas.DataFrame
        :func:`framing.frame_shares` output (one row per side and ``frame``).
    hue : str, default "side"
        Column of the sides (seaborn's ``hue``), also what the axis label and
        title call them; a table without that column is read from ``side``.
    frames : sequence of str, optional
        Frames to show, in order; default all in the table's order.
    min_share : float, default 0
        Hide frames no side reaches this share in (declutters a 15-frame codebook).
    {doc.plot_tail}

    References
    ----------
    Field, C. A. & Welsh, A. H. (2007). Bootstrapping clustered data. J. R.
    Stat. Soc. B 69, 369-390 (the document bootstrap behind the intervals).
    """
    hue = hue or "side"
    ax = share_intervals(
        shares, "frame", frames, "frames", hue=hue, hue_order=hue_order, min_share=min_share, ax=ax
    )
    ax.set_xlabel(f"share of each {hue}'s sentences")
    return titled(ax, title, f"Frames by {hue}", loc="left")


@fill_doc
def plot_frame_heatmap(
    data,
    labels=None,
    *,
    x: str = "cluster",
    y: str = "frame",
    cluster_names: Mapping | None = None,
    normalize: str = "cluster",
    include_abstained: bool = True,
    annotate: bool = True,
    ax=None,
    title: str | None = None,
):
    """Frame-by-cluster heatmap: which frames the sentences of each cluster get.

    Rows are frames, columns clusters. With ``normalize="cluster"`` each column
    sums to 100 %: the cell is the share of the cluster's sentences labelled
    with the frame, so clusters of different size compare fairly. With
    ``"frame"`` each row sums to 100 % (where a frame's sentences sit), with
    ``"none"`` cells are counts.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per sentence with its cluster (``x``) and frame (``y``; None =
        abstained), e.g. ``assign_frames(...).assign(cluster=clusterer.labels_)``.
        A ``frames`` column (the codebook's frames joined with ``"; "``) orders the
        rows; other frames follow, sorted.
    labels : array-like, optional
        Deprecated: the cluster of each row of ``data``, which was then frames
        alone. Add them as a column instead (``data.assign(cluster=labels)``).
    x : str, default "cluster"
        Column of the clusters (the heatmap's columns).
    y : str, default "frame"
        Column of the frames (the heatmap's rows).
    cluster_names : mapping, optional
        ``{cluster id: label}`` for the column ticks; default the ids.
    normalize : {"cluster", "frame", "none"}, default "cluster"
    include_abstained : bool, default True
        Show abstentions as a row ("(no clear frame)").
    annotate : bool, default True
        Write the value in each cell.
    {doc.ax_title}

    {doc.returns_ax_section}

    References
    ----------
    Boydstun, A. E., Card, D., Gross, J. H., Resnik, P. & Smith, N. A. (2014).
    Tracking the development of media frames within and across policy issues.
    APSA (the default codebook's frames).
    """
    if normalize not in ("cluster", "frame", "none"):
        raise ParameterError(f"normalize must be 'cluster', 'frame' or 'none'; got {normalize!r}.")
    data = _tidy_frames(data, labels, x=x, y=y)
    table = _frame_counts(data, x=x, y=y, include_abstained=include_abstained)
    if normalize == "cluster":
        values = table / table.sum(axis=0)
    elif normalize == "frame":
        values = table.div(table.sum(axis=1), axis=0)
    else:
        values = table.astype(float)
    rows = list(values.index)
    ax = new_axes((max(4.0, 1.5 + 0.45 * values.shape[1] + 2.2), max(2.5, 0.8 + 0.3 * len(rows))), ax)
    im = ax.imshow(
        values.to_numpy(dtype=float),
        aspect="auto",
        cmap="Blues",
        vmin=0,
        vmax=1 if normalize != "none" else None,
        interpolation="nearest",
    )
    ax.set_yticks(np.arange(len(rows)), rows)
    cols = list(values.columns)
    names = [
        str(cluster_names[c]) if cluster_names is not None and c in cluster_names else str(c) for c in cols
    ]
    ax.set_xticks(np.arange(len(cols)), names, rotation=90 if max(map(len, names)) > 3 else 0)
    ax.set_xlabel("cluster")
    if annotate:
        v = values.to_numpy(dtype=float)
        shown = [f"{c:.0%}" if normalize != "none" else f"{int(c)}" for c in v.ravel()]
        _cell_labels(ax, np.reshape(shown, v.shape), v > 0, (v > 0.6) & (normalize != "none"))
    label = {
        "cluster": "share of the cluster's sentences",
        "frame": "share of the frame's sentences",
        "none": "sentences",
    }[normalize]
    _heatmap_frame(ax, im, label)
    return titled(ax, title, "Frames by cluster", loc="left")


def _tidy_frames(data, labels, *, x: str, y: str) -> pd.DataFrame:
    """``data`` as a table of ``x`` and ``y``; the last release's frames-plus-labels call still works."""
    if labels is None:
        check_column(data, x, name="data")
        check_column(data, y, name="data")
        return data
    warnings.warn(
        f"plot_frame_heatmap(frames, labels) is now plot_frame_heatmap(data) with a {x!r} column: write "
        f"plot_frame_heatmap(frames.assign({x}=labels)); passing labels stops working in the next release.",
        RenamedWarning,
        stacklevel=3,
    )
    if isinstance(data, pd.DataFrame):
        fr = check_column(data, y, name="frames").to_numpy(dtype=object)
        table = data.drop(columns=[x], errors="ignore")
    else:
        fr = np.asarray(pd.Series(data, dtype=object).to_numpy(dtype=object))
        table = pd.DataFrame({y: fr})
    check_labels(labels, len(fr), integer=False, rows_of=f"frames has {len(fr)} rows")
    return table.assign(**{x: np.asarray(labels)})


def _frame_counts(data: pd.DataFrame, *, x: str, y: str, include_abstained: bool) -> pd.DataFrame:
    """Sentences per frame (rows: the table's ``frames`` order, others sorted, abstained last) and cluster."""
    fr = data[y].to_numpy(dtype=object)
    lab = np.asarray(data[x])
    fr = np.where(pd.isna(fr), ABSTAIN_LABEL, fr)
    if not include_abstained:
        keep = fr != ABSTAIN_LABEL
        fr, lab = fr[keep], lab[keep]
    table = pd.crosstab(pd.Series(fr, name="frame"), pd.Series(lab, name="cluster"))
    order = table_list(data, "frames")
    rows = [f for f in order if f in table.index] + sorted(set(table.index) - set(order) - {ABSTAIN_LABEL})
    if ABSTAIN_LABEL in table.index:
        rows.append(ABSTAIN_LABEL)
    return table.loc[rows]


def _cell_labels(ax, texts: np.ndarray, shown: np.ndarray, white: np.ndarray) -> None:
    """Write ``texts[i, j]`` in each cell where ``shown``, white where ``white`` (dark cells)."""
    for i in range(texts.shape[0]):
        for j in range(texts.shape[1]):
            if shown[i, j]:
                ax.text(
                    j,
                    i,
                    texts[i, j],
                    ha="center",
                    va="center",
                    fontsize=6,
                    color="white" if white[i, j] else "black",
                )


def _heatmap_frame(ax, im, label: str) -> None:
    """No spines around the cells; a slim colour bar with its label."""
    for spine in ax.spines.values():
        spine.set_visible(False)
    cbar = ax.figure.colorbar(im, ax=ax, fraction=0.04, pad=0.02)
    cbar.set_label(label)


@fill_doc
def plot_confusion(
    confusion: pd.DataFrame,
    *,
    normalize: bool = True,
    annotate: bool = True,
    ax=None,
    title: str | None = None,
):
    """Confusion matrix of a validated frame classifier: coded frame against predicted frame.

    Rows are the hand-coded frames, columns what the classifier said (out of
    fold, from :func:`framing.validate_frames`). With ``normalize`` each row
    sums to 100 %: the diagonal is each frame's recall, and an off-diagonal
    cell says which frame a coded frame is mistaken for.

    Parameters
    ----------
    confusion : pandas.DataFrame
        ``FrameValidation.confusion`` (``true``, ``predicted``, ``count``).
    normalize : bool, default True
        Row shares instead of counts.
    annotate : bool, default True
        Write each non-zero cell's value.
    {doc.ax_title}

    {doc.returns_ax_section}
    """
    for c in ("true", "predicted", "count"):
        check_column(confusion, c, name="confusion")
    rows = list(dict.fromkeys(confusion["true"]))
    cols = [c for c in dict.fromkeys(confusion["predicted"])]
    table = confusion.pivot_table(
        index="true", columns="predicted", values="count", aggfunc="sum", fill_value=0
    )
    table = table.reindex(index=rows, columns=cols, fill_value=0).astype(float)
    counts = table.to_numpy()
    with np.errstate(invalid="ignore", divide="ignore"):
        values = counts / counts.sum(axis=1, keepdims=True) if normalize else counts
    values = np.nan_to_num(values)
    if ax is None:
        _, ax = plt.subplots(figsize=(max(4.5, 2.8 + 0.4 * len(cols)), max(3.0, 1.2 + 0.32 * len(rows))))
    im = ax.imshow(
        values, aspect="auto", cmap="Blues", vmin=0, vmax=1 if normalize else None, interpolation="nearest"
    )
    support = counts.sum(axis=1).astype(int)
    ax.set_yticks(np.arange(len(rows)), [f"{r} (n={n})" for r, n in zip(rows, support)])
    ax.set_xticks(np.arange(len(cols)), cols, rotation=60, ha="right")
    ax.set_xlabel("predicted (out of fold)")
    ax.set_ylabel("coded by hand")
    if annotate:
        shown = [f"{v:.0%}" if normalize else f"{int(c)}" for v, c in zip(values.ravel(), counts.ravel())]
        white = values > 0.6 * (1 if normalize else values.max())
        _cell_labels(ax, np.reshape(shown, values.shape), counts > 0, white)
    _heatmap_frame(ax, im, "share of the coded frame" if normalize else "sentences")
    return titled(ax, title, "Coded against predicted frames", loc="left")


@fill_doc
def plot_learning_curve(curve: pd.DataFrame, *, ax=None, title: str | None = None):
    """Macro-F1 against the number of coded sentences the classifier trained on.

    Parameters
    ----------
    curve : pandas.DataFrame
        ``FrameValidation.learning_curve`` (``n_coded``, ``macro_f1``,
        ``ci_low``, ``ci_high``).
    {doc.ax_title}

    {doc.returns_ax_section}

    Notes
    -----
    A curve still rising at its right end says more coding will improve the
    classifier; a flat one says the codebook or the features, not the sample
    size, are the limit (Figueroa et al. 2012).
    """
    for c in ("n_coded", "macro_f1", "ci_low", "ci_high"):
        check_column(curve, c, name="curve")
    if ax is None:
        _, ax = plt.subplots(figsize=(5.0, 3.2))
    c = curve.sort_values("n_coded")
    ax.fill_between(
        c["n_coded"],
        c["ci_low"],
        c["ci_high"],
        color=GREY,
        alpha=0.3,
        linewidth=0,
        label="95% interval (documents resampled)",
    )
    ax.plot(c["n_coded"], c["macro_f1"], marker="o", color="black", label="macro-F1, out of fold")
    ax.set_xlabel("coded sentences trained on")
    ax.set_ylabel("macro-F1")
    ax.set_ylim(0, 1)
    ax.legend(loc="upper left", frameon=False, fontsize=7)
    return titled(ax, title, "Learning curve", loc="left")


def plot_coder_agreement(
    scores: pd.DataFrame,
    *,
    metric: str = "alpha",
    min_values: int = 10,
    thresholds: Sequence[float] = (0.667, 0.8),
    ax=None,
    title: str | None = None,
):
    """Agreement between coders per frame (and overall), each with its document-bootstrap interval.

    Parameters
    ----------
    scores : pandas.DataFrame
        :attr:`framing.CoderAgreement.scores` (tidy: ``frame``, ``metric``,
        ``value``, ``ci_low``, ``ci_high``, ``n_values``).
    metric : str, default "alpha"
        Which metric's rows to draw.
    min_values : int, default 10
        Frames with fewer pairable codes are drawn in grey: their alpha and
        interval rest on a handful of codes.
    thresholds : sequence of float, default (0.667, 0.8)
        Dashed reference lines (Krippendorff 2004: tentative, reliable).
    ax : matplotlib.axes.Axes, optional
        Axes to draw in; a new figure when None.
    title : str, optional
        Plot title.

    Returns
    -------
    matplotlib.axes.Axes

    References
    ----------
    Krippendorff, K. (2004). Content Analysis, 2nd ed., ch. 11;
    Hayes, A. F. & Krippendorff, K. (2007). Communication Methods and Measures 1, 77-89.
    """
    for c in ("frame", "metric", "value", "ci_low", "ci_high", "n_values"):
        check_column(scores, c, name="scores")
    rows = scores[scores["metric"] == metric].dropna(subset=["value"]).reset_index(drop=True)
    if rows.empty:
        raise ParameterError(
            f"scores has no {metric!r} rows; its metrics are {sorted(set(scores['metric']))}."
        )
    if ax is None:
        _, ax = plt.subplots(figsize=(6.5, max(2.0, 0.6 + 0.3 * len(rows))))
    y = np.arange(len(rows))[::-1]
    few = rows["n_values"].to_numpy() < min_values
    colours = np.where(few, GREY, palette(["coders"])["coders"])
    for yi, (_, r), col in zip(y, rows.iterrows(), colours):
        ax.plot([r["ci_low"], r["ci_high"]], [yi, yi], color=col, lw=2)
        ax.plot([r["value"]], [yi], "o", color=col)
    for t in thresholds:
        ax.axvline(t, color=GREY, ls="--", lw=0.8)
    ax.set_yticks(y, [f"{f} ({n})" for f, n in zip(rows["frame"], rows["n_values"])])
    ax.set_xlabel(f"Krippendorff's {metric}" if metric == "alpha" else metric.replace("_", " "))
    return titled(ax, title, f"Agreement between coders ({metric})", loc="left")


@fill_doc
def plot_paired_learning_curve(
    curve: pd.DataFrame, *, kind: str = "difference", ax=None, title: str | None = None
):
    """Two classifiers at the same coded sizes: their macro-F1, or their paired difference.

    Parameters
    ----------
    curve : pandas.DataFrame
        :func:`framing.paired_learning_curve` output (``n_per_class``, ``n_coded``,
        ``classifier``, ``macro_f1``, ``ci_low``, ``ci_high``).
    kind : {"difference", "scores"}, default "difference"
        ``"difference"``: the paired difference (second classifier minus first) with its
        interval and a zero line; ``"scores"``: each classifier's macro-F1 with its interval
        (``hue`` is the classifier, in seaborn's terms).
    {doc.ax_title}

    {doc.returns_ax_section}

    Notes
    -----
    The x axis is the mean number of coded sentences the folds trained on (log scale), with the
    examples per frame as tick labels ("all" for every code). An interval of the difference
    that excludes zero says one classifier is better at that size over the draws and documents.
    """
    for c in ("n_per_class", "n_coded", "classifier", "macro_f1", "ci_low", "ci_high"):
        check_column(curve, c, name="curve")
    if kind not in ("difference", "scores"):
        raise ParameterError(f"kind must be 'difference' or 'scores'; got {kind!r}.")
    if ax is None:
        _, ax = plt.subplots(figsize=(5.0, 3.2))
    names = [n for n in pd.unique(curve["classifier"]) if n != "difference"]
    shown = ["difference"] if kind == "difference" else names
    colours = {"difference": "black"} if kind == "difference" else palette(shown)
    for name in shown:
        c = curve[curve["classifier"] == name].sort_values("n_coded")
        yerr = np.vstack([c["macro_f1"] - c["ci_low"], c["ci_high"] - c["macro_f1"]])
        ax.errorbar(
            c["n_coded"], c["macro_f1"], yerr=yerr, marker="o", capsize=3, color=colours[name], label=name
        )
    ticks = curve.drop_duplicates("n_per_class").sort_values("n_coded")
    ax.set_xscale("log")
    ax.set_xticks(ticks["n_coded"].to_numpy(), minor=False)
    ax.set_xticklabels(["all" if pd.isna(k) else f"{int(k)}/frame" for k in ticks["n_per_class"]], fontsize=7)
    ax.minorticks_off()
    ax.set_xlabel("coded sentences trained on (per frame)")
    if kind == "difference":
        ax.axhline(0, color=GREY, linewidth=0.8)
        comparison = table_setting(curve, "comparison", "second - first")
        ax.set_ylabel(f"macro-F1 difference\n({comparison})")
    else:
        ax.set_ylim(0, 1)
        ax.set_ylabel("macro-F1, out of fold")
        ax.legend(loc="upper left", frameon=False, fontsize=7)
    return titled(ax, title, "Frozen vs fine-tuned encoder", loc="left")
