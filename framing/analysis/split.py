"""No double dipping: fit the clusters (and choose k and the headlines) on one half, test on the other.

Chapter 3 fits clusters on every sentence, reads off the largest differences and tests them on
the same sentences. The permutation test itself stays exact when the clustering never saw the
side labels; what the same sample cannot give is an honest estimate of a difference *chosen
because it was large* (the winner's curse), nor a test of a cluster picked for its difference.
:func:`split_sample` fits on a half of the documents, stratified by side and seeded, and
assigns the other half's sentences to the fitted clusters; :func:`compare_split` picks the
headline differences on the first half and tests them on the second only.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy.stats import false_discovery_control
from sklearn.model_selection import train_test_split

from framing._core.validation import check_column, check_int, check_number, check_random_state, check_vectors
from framing.analysis.cluster import SentenceClusterer
from framing.analysis.compare import compare_shares, select_comparison
from framing.analysis.matching import match_clusters
from framing.errors import FramingWarning

if TYPE_CHECKING:  # a Study is what these functions take; study/ imports analysis/, not back
    from framing.study.notebook import Study


@dataclass
class SplitSample:
    """A clustering fitted on one half of the documents and applied to the other.

    Parameters
    ----------
    fit : ndarray of bool, shape (n_sentences,)
        The sentences of the fitting half (their documents' sentences all go together).
    labels : ndarray of int, shape (n_sentences,)
        Cluster of every sentence: fitted on the fitting half, assigned to the nearest fitted
        centroid on the test half.
    clusterer : SentenceClusterer
        The fit on the fitting half (its ``k_`` was chosen there).
    """

    fit: np.ndarray
    labels: np.ndarray
    clusterer: SentenceClusterer = field(repr=False)

    @property
    def test(self) -> np.ndarray:
        """The sentences of the testing half."""
        return ~self.fit


def split_sample(
    sentences: pd.DataFrame,
    vectors,
    *,
    by: str = "side",
    doc_col: str = "doc_id",
    fraction: float = 0.5,
    k: int | None = None,
    method: str = "kmeans",
    k_range: tuple[int, int] = (4, 12),
    random_state: int | None = 0,
) -> SplitSample:
    """Fit clusters on a stratified half of the documents; assign the other half's sentences to them.

    Parameters
    ----------
    sentences : pandas.DataFrame
        Sentences with ``doc_col`` and ``by``.
    vectors : array-like of shape (n_sentences, dim)
        Their embeddings, row-aligned.
    by : str, default "side"
        The comparison column: each of its values is split in the same proportion.
    doc_col : str, default "doc_id"
        Documents are split, never sentences (the sentences of one article stay together).
    fraction : float, default 0.5
        Share of each side's documents in the fitting half.
    k : int, optional
        Clusters; None chooses k by silhouette on the fitting half only.
    method : {"kmeans", "agglomerative"}
        Clustering method (HDBSCAN cannot assign new sentences).
    k_range : tuple of int, default (4, 12)
        The ks tried when ``k`` is None.
    random_state : int or None, default 0
        Seed of the split and of the clustering.

    Returns
    -------
    SplitSample
        ``fit`` mask, ``labels`` of every sentence, the ``clusterer``.

    References
    ----------
    Kriegeskorte, N., Simmons, W. K., Bellgowan, P. S. F. & Baker, C. I. (2009). Circular analysis
    in systems neuroscience: the dangers of double dipping. Nature Neuroscience 12(5), 535-540.
    """
    seed = check_random_state(random_state)
    fraction = check_number(fraction, "fraction", low=0, high=1, inclusive=False)
    vectors = check_vectors(vectors, n_rows=len(sentences))
    docs = check_column(sentences, doc_col, param="doc_col").astype("string").fillna("<missing doc_id>")
    side = check_column(sentences, by, param="by").astype("string")
    # One stratum per document: its first sentence's value (a document has one side).
    per_doc = pd.Series(side.to_numpy(), index=docs.to_numpy()).groupby(level=0, sort=True).first()
    counts = per_doc.value_counts()
    alone = per_doc[per_doc.isin(counts[counts < 2].index)]
    if len(alone):
        warnings.warn(
            f"{by} value(s) {sorted(alone.unique())} have a single document: it goes to the fitting half, "
            "so these sides cannot be tested on held-out documents.",
            FramingWarning,
            stacklevel=2,
        )
    split = per_doc.drop(alone.index)
    fit_docs = list(alone.index)
    if split.nunique() and len(split) >= 2:
        fit_docs += list(
            train_test_split(
                split.index.to_numpy(), train_size=fraction, stratify=split.to_numpy(), random_state=seed
            )[0]
        )
    fit = docs.isin(set(fit_docs)).to_numpy(dtype=bool)
    clusterer = SentenceClusterer(
        k=k, method=method, k_range=k_range, n_stability_seeds=0, random_state=seed
    ).fit(vectors[fit])
    labels = np.empty(len(sentences), dtype=np.int64)
    labels[fit] = clusterer.labels_
    labels[~fit] = clusterer.predict(vectors[~fit])
    return SplitSample(fit, labels, clusterer)


def split_shares(
    sentences: pd.DataFrame,
    *,
    split: SplitSample,
    by: str = "side",
    sides=None,
    n_boot: int = 2000,
    alpha: float = 0.05,
    top: int = 3,
    random_state: int | None = 0,
) -> pd.DataFrame:
    """Choose the headline differences on the fitting half; estimate and test them on the other half.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The sentences :func:`split_sample` split.
    split : SplitSample
        From :func:`split_sample`.
    by : str, default "side"
        The comparison column.
    sides : pair of str, optional
        The two sides compared; None = the only two.
    n_boot : int, default 2000
        Bootstrap resamples and permutations of :func:`framing.compare_shares` on each half.
    alpha : float, default 0.05
        q-value threshold for choosing (fitting half) and passing (test half).
    top : int, default 3
        Chosen: the clusters with ``q < alpha`` on the fitting half, and its ``top`` largest.
    random_state : int or None, default 0
        Seed of the bootstrap and permutations.

    Returns
    -------
    pandas.DataFrame
        One row per fitted cluster: ``cluster``, ``side_a``, ``side_b``, ``diff_fit``, ``q_fit``,
        ``chosen``, ``diff_test``, ``ci_low_test``, ``ci_high_test``, ``p_test``, ``q_test``
        (Benjamini-Hochberg over the chosen clusters only: the confirmatory family), ``n_docs_test``.

    References
    ----------
    Kriegeskorte, N. et al. (2009). Circular analysis in systems neuroscience: the dangers of
    double dipping. Nature Neuroscience 12(5), 535-540.
    Benjamini, Y. & Hochberg, Y. (1995). J. R. Stat. Soc. B 57, 289-300.
    """
    seed = check_random_state(random_state)
    alpha = check_number(alpha, "alpha", low=0, high=1, inclusive=False)
    top = check_int(top, "top", minimum=0)
    halves = []
    for mask in (split.fit, split.test):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FramingWarning)
            table = compare_shares(
                sentences[mask], split.labels[mask], by=by, sides=sides, n_boot=n_boot, random_state=seed
            )
        halves.append(select_comparison(table, sides=sides).set_index("cluster"))
    fit, test = halves
    big = fit["diff"].abs().sort_values(ascending=False, kind="mergesort").index[:top]
    chosen = fit.index[(fit["q_value"] < alpha).to_numpy()].union(big)
    out = pd.DataFrame(
        {"side_a": fit["side_a"], "side_b": fit["side_b"], "diff_fit": fit["diff"], "q_fit": fit["q_value"]}
    )
    out["chosen"] = out.index.isin(chosen)
    test = test.reindex(out.index)
    out["diff_test"], out["p_test"] = test["diff"], test["p_value"]
    out["ci_low_test"], out["ci_high_test"] = test["ci_low"], test["ci_high"]
    out["n_docs_test"] = test["n_docs_a"] + test["n_docs_b"]
    out["q_test"] = np.nan
    tested = out["chosen"] & out["p_test"].notna()
    if tested.any():
        out.loc[tested, "q_test"] = false_discovery_control(out.loc[tested, "p_test"], method="bh")
    return out.rename_axis("cluster").reset_index()


def compare_split(
    study: Study,
    *,
    k="study",
    n_boot: int = 2000,
    alpha: float = 0.05,
    top: int = 3,
    fraction: float = 0.5,
    random_state: int | None = None,
) -> pd.DataFrame:
    """Same-sample against split-sample: how much each difference of the study shrinks on held-out documents.

    Parameters
    ----------
    study : framing.study.notebook.Study
        The run; its clusters, seed and pair.
    k : "study", int or None, default "study"
        Clusters fitted on the fitting half: ``"study"`` = as many as the study's (``k_``), so each
        theme has its counterpart; None chooses k by silhouette on the fitting half alone. The
        silhouette never sees the side labels, so reusing the study's k leaks nothing the test
        half could be circular about.
    n_boot : int, default 2000
        Bootstrap resamples and permutations.
    alpha : float, default 0.05
        q-value threshold.
    top : int, default 3
        Headlines: ``q < alpha`` and the ``top`` largest (same sample: of the study's clusters;
        split: chosen on the fitting half).
    fraction : float, default 0.5
        Share of each side's documents used to fit.
    random_state : int or None, optional
        Seed of the split; None = the study's seed.

    Returns
    -------
    pandas.DataFrame
        One row per cluster of the study: ``cluster``, ``theme``, ``diff_same``, ``q_same``,
        ``headline_same``, the matched split cluster (``split_cluster``, ``jaccard``), its
        ``diff_fit``, ``chosen``, ``diff_test``, ``ci_low_test``, ``ci_high_test``, ``q_test``
        and ``shrinkage`` (``diff_test / diff_same``: 1 = held up, 0 = vanished, < 0 = reversed).
        Sorted by the size of the same-sample difference.

    References
    ----------
    Kriegeskorte, N. et al. (2009). Circular analysis in systems neuroscience: the dangers of
    double dipping. Nature Neuroscience 12(5), 535-540.
    """
    seed = study.random_state if random_state is None else check_random_state(random_state)
    split = split_sample(
        study.sentences, study.vectors, by=study.by, fraction=fraction, method=study.method,
        k=study.clusterer.k_ if isinstance(k, str) and k == "study" else k,
        random_state=seed,
    )  # fmt: skip
    held = split_shares(
        study.sentences, split=split, by=study.by, sides=study.contrast, n_boot=n_boot, alpha=alpha, top=top,
        random_state=seed,
    ).set_index("cluster")  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FramingWarning)
        same = compare_shares(study.sentences, study.labels, by=study.by, sides=study.contrast, n_boot=n_boot,
                              random_state=study.random_state)  # fmt: skip
    same = select_comparison(same, sides=study.contrast).set_index("cluster")
    big = same["diff"].abs().sort_values(ascending=False, kind="mergesort").index[:top]
    matched = match_clusters(split.labels, reference=study.labels).set_index("cluster")
    out = pd.DataFrame(
        {"theme": same.index.map(study.names), "diff_same": same["diff"], "q_same": same["q_value"]}
    )
    out["headline_same"] = (same["q_value"] < alpha) | same.index.isin(big)
    out["split_cluster"], out["jaccard"] = matched["match"], matched["jaccard"]
    cols = ["diff_fit", "chosen", "diff_test", "ci_low_test", "ci_high_test", "q_test"]
    for col in cols:
        out[col] = out["split_cluster"].map(held[col])
    out["chosen"] = out["chosen"].fillna(False).astype(bool)
    out["shrinkage"] = out["diff_test"].astype(float) / out["diff_same"]
    order = out["diff_same"].abs().sort_values(ascending=False, kind="mergesort").index
    return out.loc[order].rename_axis("cluster").reset_index()


__all__ = ["SplitSample", "compare_split", "split_sample", "split_shares"]
