"""Which cluster of one run is which cluster of another: matching by the sentences they hold.

Cluster ids are arbitrary: a refit with another seed, k or model numbers the same theme
differently, and with another k or cleaning setting the sentences themselves change. Two runs'
clusters are therefore matched by their members (the Jaccard overlap of the sentence ids in each,
with a one-to-one Hungarian assignment), never by their numbers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from framing._core.names import NOISE
from framing._core.validation import check_labels, check_number
from framing.errors import ParameterError


def sentence_ids(sentences: pd.DataFrame, *, doc_col: str = "doc_id", text_col: str = "text") -> np.ndarray:
    """Return an id per sentence that survives re-cleaning and re-splitting: its document and its text.

    ``sent_idx`` shifts when cleaning removes a leading span, so a sentence is named by the
    document it is in and its words.

    Parameters
    ----------
    sentences : pandas.DataFrame
        Sentences table with ``doc_col`` and ``text_col``.
    doc_col, text_col : str
        Document id and sentence text columns.

    Returns
    -------
    ndarray of str
        ``"<doc_id>\\x1f<text>"``, row-aligned with ``sentences``.
    """
    for col in (doc_col, text_col):
        if col not in sentences.columns:
            raise ParameterError(
                f"sentences has no column {col!r}; pass the sentences table from framing.split_sentences."
            )
    docs = sentences[doc_col].astype("string").fillna("<missing doc_id>")
    texts = sentences[text_col].astype("string").fillna("").str.strip()
    return (docs + "\x1f" + texts).to_numpy(dtype=object)


def match_clusters(
    labels,
    *,
    reference,
    ids=None,
    reference_ids=None,
    min_jaccard: float = 0.3,
) -> pd.DataFrame:
    """Match the clusters of a run (``labels``) to those of a reference run by the sentences they share.

    Parameters
    ----------
    labels : array-like of int
        Cluster of each sentence in the run (``-1``, noise, is never matched).
    reference : array-like of int
        Cluster of each sentence in the reference run.
    ids, reference_ids : array-like of str, optional
        Sentence ids of each run (:func:`sentence_ids`), so runs over different sentences (another
        cleaning setting) can be matched on the sentences they share; None = the runs are
        row-aligned (the same sentences in the same order).
    min_jaccard : float, default 0.3
        A pair whose overlap is below this is no match: that reference cluster has no counterpart
        in the run (at 0.3 a cluster split into three still finds its largest part).

    Returns
    -------
    pandas.DataFrame
        One row per reference cluster: ``cluster``, ``match`` (the run's cluster or
        ``<NA>``), ``jaccard`` (overlap of the assigned pair, 0 when unassigned), ``size`` (its
        sentences in the reference).

    Notes
    -----
    The Jaccard index of two clusters is the sentences in both over the sentences in either.
    The assignment maximises the total overlap one-to-one (Hungarian algorithm), so two
    reference clusters never claim the same cluster of the other run.

    References
    ----------
    Jaccard, P. (1912). The distribution of the flora in the alpine zone. New Phytologist 11, 37-50.
    Kuhn, H. W. (1955). The Hungarian method for the assignment problem. Naval Res. Logist. Q. 2, 83-97.
    """
    min_jaccard = check_number(min_jaccard, "min_jaccard", low=0, high=1)
    ref = _labelled(reference, reference_ids, "reference")
    oth = _labelled(labels, ids, "labels")
    ref, oth = ref[ref != NOISE], oth[oth != NOISE]
    ref_ids, oth_ids = np.sort(ref.unique()), np.sort(oth.unique())
    sizes_r = ref.value_counts().reindex(ref_ids).to_numpy(dtype=float)
    sizes_o = oth.value_counts().reindex(oth_ids).to_numpy(dtype=float)
    shared = ref.index.intersection(oth.index)
    inter = pd.crosstab(ref.loc[shared], oth.loc[shared]).reindex(
        index=ref_ids, columns=oth_ids, fill_value=0
    )
    inter = inter.to_numpy(dtype=float)
    union = sizes_r[:, None] + sizes_o[None, :] - inter
    jac = np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
    match = pd.array([pd.NA] * len(ref_ids), dtype="Int64")
    best = np.zeros(len(ref_ids))
    if jac.size:
        rows, cols = linear_sum_assignment(jac, maximize=True)
        for r, c in zip(rows, cols):
            best[r] = jac[r, c]
            if jac[r, c] >= min_jaccard and jac[r, c] > 0:
                match[r] = int(oth_ids[c])
    return pd.DataFrame(
        {"cluster": ref_ids.astype(int), "match": match, "jaccard": best, "size": sizes_r.astype(int)}
    )


def _labelled(labels, ids, name: str) -> pd.Series:
    """Labels indexed by sentence id (the first occurrence of a repeated id)."""
    labels = check_labels(labels, len(np.asarray(labels)), name=name)
    if ids is None:
        ids = np.arange(len(labels))
    ids = np.asarray(ids, dtype=object)
    if len(ids) != len(labels):
        raise ParameterError(
            f"{name}_ids has {len(ids)} items but {name} has {len(labels)} labels; pass one id per sentence "
            "(framing.analysis.matching.sentence_ids of the same sentences table)."
        )
    series = pd.Series(labels, index=pd.Index(ids))
    return series[~series.index.duplicated(keep="first")]


__all__ = ["match_clusters", "sentence_ids"]
