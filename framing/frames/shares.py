"""Shares of categories by side with document-bootstrap intervals, and the check of frame labels.

:func:`frame_labels` is the one check of frame labels row-aligned with sentences, used by the
share tables here, by the comparisons of :mod:`framing.frames.compare` and by the corrected
shares of :mod:`framing.frames.correction`. :func:`category_shares` computes the shares for any
row-aligned categories (frames here, speaker categories in :mod:`framing.voices`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from framing._core.bootstrap import bootstrap_ratio, warn_few_outlets
from framing._core.docstrings import fill_doc
from framing._core.names import ABSTAIN_LABEL
from framing._core.validation import check_column, check_groups, check_int, check_number
from framing.errors import ParameterError
from framing.frames.coding import joined_names

__all__ = ["category_shares", "frame_labels", "frame_shares"]


def frame_labels(
    sentences: pd.DataFrame, frames, *, include_abstained: bool = True
) -> tuple[pd.DataFrame, np.ndarray]:
    """Check frame labels against their sentences; abstentions become a category or are dropped.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The sentences the labels are of.
    frames : pandas.DataFrame, Series or sequence
        ``assign_frames(...)`` or ``FrameClassifier.label(...)`` output (its ``frame`` column is
        used) or the labels themselves, row-aligned with ``sentences``; None = abstained.
    include_abstained : bool, default True
        Abstentions become :data:`framing._core.names.ABSTAIN_LABEL`; with False their rows are dropped.

    Returns
    -------
    sentences : pandas.DataFrame
        ``sentences``, without the abstained rows when ``include_abstained`` is False.
    labels : numpy.ndarray of object
        The labels of those rows.

    References
    ----------
    Card, D. et al. (2015). The Media Frames Corpus. ACL (one frame label per unit, or none).
    """
    if not isinstance(sentences, pd.DataFrame):
        raise ParameterError(f"sentences must be a pandas DataFrame; got {type(sentences).__name__}.")
    if isinstance(frames, pd.DataFrame):
        labels = check_column(frames, "frame", name="frames")
    elif isinstance(frames, pd.Series):
        labels = frames
    else:
        labels = pd.Series(list(frames), dtype=object)
    if len(labels) != len(sentences):
        raise ParameterError(
            f"frames has {len(labels)} rows but sentences has {len(sentences)}; pass the frame labels "
            "(assign_frames() or FrameClassifier.predict() output) of exactly these sentences."
        )
    lab = pd.Series(labels.to_numpy(dtype=object), dtype=object)
    missing = lab.isna().to_numpy()
    if include_abstained:
        lab[missing] = ABSTAIN_LABEL
        return sentences, lab.to_numpy(dtype=object)
    if missing.all():
        raise ParameterError("every sentence abstained: there are no frame labels to compare.")
    return sentences.loc[~missing], lab[~missing].to_numpy(dtype=object)


def _doc_outlets(sents: pd.DataFrame, cluster_by, docs_all, side_vals, chosen, by: str):
    """``{side: Series doc_id -> outlet}`` for the two-stage bootstrap (warns on few outlets), or None."""
    if cluster_by is None:
        return None
    outlet = check_column(sents, cluster_by, param="cluster_by").astype("string")
    # Documents without an outlet are pooled into one, the conservative choice (fewer clusters).
    outlet = outlet.fillna(f"<missing {cluster_by}>").to_numpy(dtype=object)
    m = np.isin(side_vals, list(chosen))
    frame = pd.DataFrame({"doc": docs_all[m].astype(str), "side": side_vals[m], "outlet": outlet[m]})
    first = frame.groupby(["side", "doc"], sort=True)["outlet"].first()
    units = first.reset_index()
    warn_few_outlets(
        units["outlet"].to_numpy(dtype=object),
        units["side"].map({s: i for i, s in enumerate(chosen)}).to_numpy(),
        list(chosen),
        by=by,
        cluster_by=cluster_by,
        stacklevel=5,
    )
    return {side: first.loc[side] for side in chosen if side in first.index.get_level_values(0)}


def _side_shares(side, m, docs_all, lab, cats, outlets, n_boot, ci, rng, column) -> pd.DataFrame:
    """One side's rows: counts and shares of each category, with the document-bootstrap interval."""
    cat_idx = {c: i for i, c in enumerate(cats)}
    docs, d_idx = np.unique(docs_all[m].astype(str), return_inverse=True)
    c_idx = np.array([cat_idx[x] for x in lab[m]], dtype=int)
    num = np.zeros((len(docs), len(cats)))
    np.add.at(num, (d_idx, c_idx), 1.0)
    den = np.repeat(num.sum(axis=1, keepdims=True), len(cats), axis=1)
    groups = None if outlets is None else outlets[side].reindex(docs).to_numpy(dtype=object)
    lo, hi = bootstrap_ratio(num, den, n_boot, ci, rng, groups=groups)
    n_total = int(m.sum())
    return pd.DataFrame(
        {
            "side": side,
            column: cats,
            "n_sentences": num.sum(0).astype(int),
            "n_total": n_total,
            "n_docs": len(docs),
            "share": num.sum(0) / n_total,
            "ci_low": lo,
            "ci_high": hi,
        }
    )


@fill_doc
def category_shares(
    sentences: pd.DataFrame,
    labels,
    *,
    order=(),
    column: str = "category",
    by: str = "side",
    sides=None,
    n_boot: int = 2000,
    ci: float = 0.95,
    cluster_by: str | None = None,
    random_state: int | None = 0,
) -> pd.DataFrame:
    """Each side's shares of any row-aligned categories (frames, voices...), with document-bootstrap CIs.

    Parameters
    ----------
    {doc.sentences}
    labels : array-like
        One category per row of ``sentences`` (no missing values: make them a category first).
    order : sequence of str, optional
        Categories in the order to list them; the others follow sorted, and
        :data:`framing._core.names.ABSTAIN_LABEL` last.
    column : str, default "category"
        Name of the output's category column (``"frame"``, ``"voice"``...).
    {doc.by}
    {doc.sides}
    {doc.boot_options}

    Returns
    -------
    pandas.DataFrame
        ``side`` (the value of ``by``), ``column``, ``n_sentences`` (in the category),
        ``n_total`` (the side's sentences), ``n_docs``, ``share``, ``ci_low``, ``ci_high``;
        one row per side and category.

    Notes
    -----
    Shares are computed within each side (volume is not emphasis). The interval
    is the bootstrap percentile interval from resampling the side's documents
    (with ``cluster_by``, its outlets and then their documents).

    References
    ----------
    Efron, B. & Tibshirani, R. (1993). An Introduction to the Bootstrap. Chapman
    & Hall. Field, C. A. & Welsh, A. H. (2007). Bootstrapping clustered data.
    J. R. Stat. Soc. B 69, 369-390.
    """
    n_boot = check_int(n_boot, "n_boot")
    ci = check_number(ci, "ci", low=0.0, high=1.0, inclusive=False, hint=" (e.g. 0.95)")
    lab = np.asarray(labels, dtype=object)
    col = check_column(sentences, by, param="by")
    check_column(sentences, "doc_id")
    chosen = check_groups(col, sides, column=by, min_groups=1)
    present = list(pd.unique(lab))
    cats = [f for f in order if f in present] + sorted(set(present) - set(order) - {ABSTAIN_LABEL})
    if ABSTAIN_LABEL in present:
        cats.append(ABSTAIN_LABEL)
    rng = np.random.default_rng(random_state)
    side_vals = col.astype("string").to_numpy(dtype=object, na_value=None)
    docs_all = sentences["doc_id"].astype("string").to_numpy(dtype=object, na_value="<missing doc_id>")
    outlets = _doc_outlets(sentences, cluster_by, docs_all, side_vals, chosen, by)
    parts = [
        _side_shares(
            side, side_vals == side, docs_all, lab, cats, outlets, int(n_boot), float(ci), rng, column
        )
        for side in chosen
    ]
    return pd.concat(parts, ignore_index=True)


@fill_doc
def frame_shares(
    sentences: pd.DataFrame,
    frames,
    *,
    by: str = "side",
    sides=None,
    include_abstained: bool = True,
    n_boot: int = 2000,
    ci: float = 0.95,
    cluster_by: str | None = None,
    random_state: int | None = 0,
) -> pd.DataFrame:
    """Share of each side's sentences in each frame, with document-level bootstrap CIs.

    Parameters
    ----------
    sentences : pandas.DataFrame
        Sentences table with ``doc_id`` and the ``by`` column.
    frames : pandas.DataFrame, Series or sequence
        ``assign_frames(...)`` output (its ``frame`` column is used) or the frame
        labels themselves, row-aligned with ``sentences``; None = abstained.
    {doc.by}
    {doc.sides}
    include_abstained : bool, default True
        Count abstentions as a category (:data:`ABSTAIN_LABEL`) so shares sum to
        one over everything each side said; with False, shares are among the
        sentences that got a frame.
    {doc.boot_options}

    Returns
    -------
    pandas.DataFrame
        ``side`` (the value of ``by``), ``frame``, ``n_sentences`` (in the frame),
        ``n_total`` (the side's sentences), ``n_docs``, ``share``, ``ci_low``,
        ``ci_high``; one row per side and frame, frames in codebook order where
        known. The run's settings repeat on every row: ``ci``, ``n_boot``,
        ``include_abstained``, and ``cluster_by`` when given.

    Notes
    -----
    :func:`category_shares` with frames as the categories, which see.

    References
    ----------
    Efron, B. & Tibshirani, R. (1993). An Introduction to the Bootstrap. Chapman
    & Hall. Field, C. A. & Welsh, A. H. (2007). Bootstrapping clustered data.
    J. R. Stat. Soc. B 69, 369-390.
    """
    sents, lab = frame_labels(sentences, frames, include_abstained=include_abstained)
    res = category_shares(
        sents,
        lab,
        order=joined_names(frames, "frames"),
        column="frame",
        by=by,
        sides=sides,
        n_boot=n_boot,
        ci=ci,
        cluster_by=cluster_by,
        random_state=random_state,
    )
    res["ci"], res["n_boot"], res["include_abstained"] = float(ci), int(n_boot), include_abstained
    if cluster_by is not None:
        res["cluster_by"] = cluster_by
    return res
