"""Cluster sentence embeddings into themes, and describe each theme.

:class:`SentenceClusterer` is a scikit-learn estimator: parameters go to the
constructor, :meth:`~SentenceClusterer.fit` learns attributes ending in ``_``
(labels, the chosen k and its silhouette scores, c-TF-IDF terms, exemplar
sentences, stability across seeds). :func:`framing.analysis.projection.project` makes the
2-D coordinates for a cluster map.

Cluster ids are renumbered by size (0 is the largest cluster) so that they are
stable across methods and runs; HDBSCAN's noise keeps the id ``-1`` and is
reported as a cluster of its own, never dropped.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from itertools import combinations
from numbers import Integral, Real
from typing import ClassVar

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, ClusterMixin, _fit_context
from sklearn.cluster import HDBSCAN, AgglomerativeClustering, KMeans
from sklearn.decomposition import PCA
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer
from sklearn.metrics import adjusted_rand_score, silhouette_score
from sklearn.utils._param_validation import Interval, StrOptions

from framing._core.estimator import ValidatedParamsMixin, check_fitted, check_vectors_for
from framing._core.names import NOISE
from framing._core.renamed import keyword_only_options
from framing.corpus.languages import check_language, vectorizer_options
from framing.errors import FramingWarning, ParameterError

METHODS = ("kmeans", "agglomerative", "hdbscan")

# silhouette_score is O(n^2) in time and memory; past this many sentences it is
# computed on a seeded sample, which estimates the same quantity.
_SILHOUETTE_SAMPLE = 4000

# Scale. Everything quadratic (silhouette) or repeated (the k search, the stability
# refits) runs on a seeded sample of at most this many sentences; only the final fit
# at the chosen k sees every sentence (KMeans started from the sample's centroids,
# so it converges in a few passes). Below this size nothing changes: the sample is
# the whole corpus.
_SAMPLE_MAX = 3000

# KMeans restarts per fit (explicit, not sklearn's default, which changed across
# versions): three seeded k-means++ starts, best inertia kept.
_N_INIT = 3

# Ward linkage needs the n x n distance matrix (about 4 n^2 bytes): 10,000
# sentences is about 0.4 GB, 100,000 would be 40 GB. Above this, fit refuses.
_AGGLOMERATIVE_MAX = 10_000


def _relabel_by_size(labels: np.ndarray) -> np.ndarray:
    """Renumber clusters 0..k-1 by decreasing size (ties: first occurrence); keep -1."""
    out = np.full_like(labels, NOISE)
    ids = [c for c in pd.unique(labels) if c != NOISE]  # order of first occurrence
    sizes = {c: int((labels == c).sum()) for c in ids}
    order = sorted(ids, key=lambda c: -sizes[c])  # stable sort keeps first-occurrence ties
    for new, old in enumerate(order):
        out[labels == old] = new
    return out


def _check_texts(texts, n: int) -> list[str] | None:
    if texts is None:
        return None
    if isinstance(texts, (pd.Series, pd.Index)):
        texts = texts.tolist()
    texts = ["" if t is None or (isinstance(t, float) and np.isnan(t)) else str(t) for t in texts]
    if len(texts) != n:
        raise ParameterError(
            f"texts has {len(texts)} items but vectors has {n} rows; pass the 'text' column of the "
            "same sentences table that was embedded."
        )
    return texts


# Rows are normalised (and checked for unit norm) this many at a time, so no temporary the
# size of the input is made: 1,000,000 x 384 float32 vectors are 1.5 GB.
_NORM_BLOCK = 32_768
# float32 unit vectors (what framing.embed returns) have norms within about 1e-6 of 1.
_UNIT_TOL = 1e-5


def _unit_rows(X: np.ndarray) -> np.ndarray:
    """Return ``X`` with L2-normalised rows; ``X`` itself (no copy) when every row already has norm 1.

    Norms are computed block by block (the row norms of a block equal those of the whole
    array), and a copy is only made from the first block that is not unit-norm; rows of norm 0
    stay 0.
    """
    out = None
    for lo in range(0, len(X), _NORM_BLOCK):
        block = X[lo : lo + _NORM_BLOCK]
        norms = np.linalg.norm(block, axis=1, keepdims=True)
        if out is None:
            if np.all(np.abs(norms - 1) <= _UNIT_TOL):
                continue
            out = np.empty_like(X)
            out[:lo] = X[:lo]
        np.divide(block, np.where(norms > 0, norms, 1.0), out=out[lo : lo + len(block)])
    return X if out is None else out


def _looks_like_texts(y, n: int) -> bool:
    """Whether ``y`` is a sequence of ``n`` strings: the sentences passed where fit takes y."""
    try:
        return len(y) == n and n > 0 and isinstance(next(iter(y)), str)
    except TypeError:
        return False


#: Added to scikit-learn's English stop words for cluster terms: "said" tops the terms of every cluster of
#: news prose (it is how reporting is written), so a theme named "pakistan, india, said" tells the reader
#: nothing. Distinctive terms keep these verbs: there, more "said" on one side is a finding about genre.
REPORTING_VERBS = frozenset({"said", "says", "say", "saying", "told", "tells", "added", "stated"})


def _label_stop_words(stop_words):
    """The cluster terms' stop words: ``"english"`` grows the reporting verbs; a list or None is kept."""
    if stop_words == "english":
        return sorted(ENGLISH_STOP_WORDS | REPORTING_VERBS)
    return stop_words


def class_tfidf(
    texts: Sequence[str],
    labels: Sequence[int],
    *,
    n_terms: int = 10,
    ngram_range: tuple[int, int] = (1, 2),
    stop_words: str | list[str] | None = "english",
    languages: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Top class-based TF-IDF terms of each cluster.

    Each cluster's sentences are treated as one document; a term scores high
    when it is frequent in the cluster and rare across clusters:
    ``W(t, c) = tf(t, c) / sum_t tf(t, c) * log(1 + A / f(t))``, where ``A`` is the
    average number of words per cluster and ``f(t)`` the frequency of ``t`` over
    all clusters.

    Parameters
    ----------
    texts : sequence of str
        Sentence texts.
    labels : sequence of int
        Cluster id of each sentence (``-1`` = noise is scored like any cluster).
    n_terms : int
        Terms kept per cluster.
    ngram_range : tuple of int
        N-gram sizes passed to :class:`sklearn.feature_extraction.text.CountVectorizer`.
    stop_words : str, list or None
        Stop words passed to CountVectorizer. For Urdu and Hindi sentences the name
        ``"english"`` selects that language's own list (:func:`framing.corpus.languages.stop_words`).
    languages : sequence of str, optional
        The language of each sentence (``"en"``, ``"ur"``, ``"hi"``; empty = English). When any is
        not English, terms are computed within each language (its own words, stop words and
        weights: scripts are never mixed, nothing is translated) and a ``language`` column follows
        ``cluster``.

    Returns
    -------
    pandas.DataFrame
        Columns ``cluster``, ``rank`` (1 = best), ``term``, ``score``; clusters in
        sorted order. Empty (with these columns) when no text has a usable term.

    References
    ----------
    Grootendorst, M. (2022). BERTopic: Neural topic modeling with a class-based
    TF-IDF procedure. arXiv:2203.05794.
    """
    labels = np.asarray(labels)
    per_language = _languages_of(languages, len(labels))
    if per_language is None:
        return _class_tfidf(
            texts, labels, n_terms, ngram_range, {"stop_words": _label_stop_words(stop_words)}
        )
    texts, tables = list(texts), []
    for lang in sorted(set(per_language)):
        rows = np.flatnonzero(per_language == lang)
        part = _class_tfidf(
            [texts[i] for i in rows],
            labels[rows],
            n_terms,
            ngram_range,
            vectorizer_options(lang, _label_stop_words(stop_words) if lang == "en" else stop_words),
        )
        tables.append(part.assign(language=lang))
    out = pd.concat(tables, ignore_index=True)[["cluster", "language", "rank", "term", "score"]]
    out["language"] = out["language"].astype(str)
    return out.sort_values(["cluster", "language", "rank"], kind="mergesort", ignore_index=True)


def _languages_of(languages, n: int) -> np.ndarray | None:
    """Each sentence's language as an array, or None when every sentence is English (or none is given)."""
    if languages is None:
        return None
    values = pd.Series(list(languages), dtype="string").str.strip().str.lower().fillna("en")
    if len(values) != n:
        raise ParameterError(
            f"languages has {len(values)} items but there are {n} sentences; pass the 'language' column of "
            "the same sentences table."
        )
    for code in values.unique():
        check_language(code)
    return None if (values == "en").all() else values.to_numpy(dtype=object)


def _class_tfidf(texts, labels, n_terms, ngram_range, options) -> pd.DataFrame:
    """c-TF-IDF of one vocabulary (one language): see :func:`class_tfidf`."""
    columns = ["cluster", "rank", "term", "score"]
    vec = CountVectorizer(ngram_range=ngram_range, **options)
    try:
        X = vec.fit_transform(texts)
    except ValueError:  # empty vocabulary: every text is stop words / empty
        return pd.DataFrame(columns=columns)
    clusters = np.unique(labels)
    rows = np.searchsorted(clusters, labels)
    # Sparse indicator (cluster x sentence) sums the sentence counts per cluster.
    ind = sparse.csr_matrix(
        (np.ones(len(labels)), (rows, np.arange(len(labels)))), shape=(len(clusters), len(labels))
    )
    # Everything stays sparse (clusters x vocabulary): a large corpus with bigrams
    # has hundreds of thousands of terms.
    tf = sparse.csr_matrix(ind @ X, dtype=float)
    tf.sort_indices()
    words_per_class = np.asarray(tf.sum(axis=1)).ravel()
    A = words_per_class.mean()
    f = np.asarray(tf.sum(axis=0)).ravel()
    idf = np.log1p(A / np.maximum(f, 1e-12))
    vocab = vec.get_feature_names_out()
    out = []
    for i, c in enumerate(clusters):
        lo, hi = tf.indptr[i], tf.indptr[i + 1]
        cols = tf.indices[lo:hi]  # the terms this cluster uses (tf > 0)
        if words_per_class[i] <= 0 or cols.size == 0:
            continue
        scores = tf.data[lo:hi] / words_per_class[i] * idf[cols]
        # Sort by score, then term, so ties resolve identically on every run.
        order = np.lexsort((vocab[cols], -scores))[:n_terms]
        out.extend((int(c), r + 1, str(vocab[cols[j]]), float(scores[j])) for r, j in enumerate(order))
    return pd.DataFrame(out, columns=columns)


def _cluster_terms(terms: pd.DataFrame | None, cluster: int) -> tuple[list[str], str]:
    """A cluster's terms for its name (of its language with most terms) and listed (per language)."""
    if terms is None:
        return [], ""
    own = terms[terms["cluster"] == cluster]
    if "language" not in own.columns:
        words = own["term"].tolist()
        return words, ", ".join(words)
    if own.empty:
        return [], ""
    by_language = {lang: part["term"].tolist() for lang, part in own.groupby("language", sort=True)}
    main = max(by_language, key=lambda lang: len(by_language[lang]))
    return by_language[main], "; ".join(f"{lang}: {', '.join(w)}" for lang, w in by_language.items())


def _choose_k(rows: list[tuple[int, float]], tolerance: float) -> int:
    """The flat-curve rule: the largest k whose silhouette is within ``tolerance`` of the best.

    ``rows`` are ``(k, silhouette)`` in increasing k. With ``tolerance=0`` this is the
    plain argmax (exact ties to the smaller k). NaN scores never qualify; if every
    score is NaN the first k is returned.
    """
    scores = np.array([s for _, s in rows], dtype=float)
    if not np.isfinite(scores).any():
        return rows[0][0]
    best = np.nanmax(scores)
    if tolerance <= 0:
        return rows[int(np.nanargmax(scores))][0]
    tied = [k for (k, s) in rows if np.isfinite(s) and s >= best - tolerance]
    return max(tied)


class SentenceClusterer(ValidatedParamsMixin, ClusterMixin, BaseEstimator):
    """Cluster sentence embeddings into themes, choosing k by silhouette.

    Parameters
    ----------
    k : int or None
        Number of clusters. ``None`` chooses k in ``k_range`` by the highest mean
        silhouette (cosine). Must be left ``None`` for ``method="hdbscan"``, which
        finds its own number of clusters.
    method : {"kmeans", "agglomerative", "hdbscan"}
        ``"kmeans"``: :class:`sklearn.cluster.KMeans` (3 seeded k-means++ restarts).
        ``"agglomerative"``: Ward linkage on the L2-normalised vectors
        (:class:`sklearn.cluster.AgglomerativeClustering`; O(n^2) memory, so keep
        it to a few tens of thousands of sentences). ``"hdbscan"``:
        :class:`sklearn.cluster.HDBSCAN`; sentences in no dense region get the
        label ``-1`` and are reported as the "noise" cluster.
    k_range : tuple of int
        Smallest and largest k tried when ``k`` is None (inclusive; clipped to
        ``n_sentences - 1``). The lower bound is 4 because two or three themes
        rarely say how sides differ.
    k_tolerance : float
        The flat-curve rule used when ``k`` is None: every k whose silhouette is
        within ``k_tolerance`` of the best one counts as tied with it, and the
        **largest** tied k is chosen. Why: on sentence embeddings the silhouette
        curve is low (about 0.05-0.15) and nearly flat, and the silhouette
        itself favours small k in high dimensions (structureless Gaussian data
        with the demo corpus's covariance scores 0.064 at k=4 but 0.046 at
        k=12), so a plain argmax lands on the smallest k whether or not the data
        say so. The default 0.01 is about the seed-to-seed noise of a difference
        between two ks' silhouettes (measured on the demo corpus: standard
        deviation 0.0065 per k over six seeds, so about 0.009 for a difference):
        smaller differences are not evidence for one k over another, and among
        ks the silhouette cannot tell apart the finer resolution is the more
        useful (fine themes can be read together; a coarse theme cannot be split
        after the fact). A real peak (well-separated groups) survives: the other
        ks then score far below it. ``0`` gives the plain argmax. The scores and
        which ks were tied are in ``silhouette_``; force ``k`` to override.
    n_components : int or None
        Reduce the vectors with seeded PCA to this many dimensions before
        clustering (density-based HDBSCAN usually needs it: in hundreds of
        dimensions every point looks like noise). Centroids, exemplars and
        ``predict`` still use the full vectors. None = no reduction.
    n_terms : int
        c-TF-IDF terms kept per cluster (needs ``texts`` in :meth:`fit`).
    n_exemplars : int
        Sentences nearest each centroid kept per cluster.
    n_stability_seeds : int
        Re-fits used to measure stability (0 or 1 skips it).
    subsample : float
        Fraction of sentences drawn for each stability re-fit.
    min_cluster_size : int or None
        HDBSCAN's smallest cluster; ``None`` uses ``max(5, n // 50)``.
    ngram_range : tuple of int
        N-gram sizes for the c-TF-IDF terms.
    stop_words : str, list or None
        Stop words for the c-TF-IDF terms.
    random_state : int or None
        Seed; the same seed gives the same clusters, terms and stability.
        ``None`` draws a fresh seed at each fit (results then differ between runs).

    Attributes
    ----------
    labels_ : ndarray of int, shape (n_sentences,)
        Cluster of each sentence, 0 = largest; ``-1`` = HDBSCAN noise.
    k_ : int
        Number of clusters found (noise not counted).
    silhouette_ : pandas.DataFrame
        Columns ``k``, ``silhouette``: the mean cosine silhouette of each k tried
        (one row when k is forced or found by HDBSCAN, computed without noise),
        and ``tied``: whether that k was within ``k_tolerance`` of the best (the
        chosen k is the largest tied one). Above 3,000 sentences the k search
        and these scores use a seeded sample of 3,000 (see Notes).
    centroids_ : ndarray of float32, shape (n_clusters, dim)
        Normalised mean vector of each cluster, row ``c`` for cluster ``c``.
    sizes_ : pandas.Series
        Sentences per cluster, indexed by cluster id (``-1`` included if present).
    terms_ : pandas.DataFrame or None
        Top c-TF-IDF terms per cluster (``cluster``, ``rank``, ``term``,
        ``score``); None when ``texts`` were not given.
    exemplars_ : pandas.DataFrame
        ``cluster``, ``rank``, ``index`` (row of the sentence), ``similarity``
        (cosine to the centroid) and, with texts, ``text``. Noise has none: it
        has no centre.
    stability_ : float
        Mean pairwise adjusted Rand index between re-fits on seeded
        subsamples, compared on the sentences they share (1 = identical
        partitions, about 0 = chance). NaN when skipped.
    stability_scores_ : ndarray
        The pairwise ARIs behind ``stability_``.
    summary_ : pandas.DataFrame
        One row per cluster: ``cluster``, ``name`` (``"noise"`` or the top three
        terms), ``size``, ``share``, ``terms``, ``exemplar``.
    n_features_in_ : int
        Dimension of the vectors seen in :meth:`fit`.
    feature_names_in_ : ndarray of str
        Column names, when ``fit`` was given a DataFrame with string column names.

    Notes
    -----
    Scale. Fitting is linear in the number of sentences in time and memory. The
    k search (a KMeans fit and a silhouette per k), the silhouette scores and
    the stability refits all run on one seeded sample of at most 3,000
    sentences (the whole corpus below that, so small corpora are unaffected);
    then, for KMeans, one Lloyd run on every sentence at the chosen k starts
    from the sample's centroids. KMeans uses 3 seeded k-means++ restarts.
    Ward (agglomerative) linkage needs an n x n distance matrix and is refused
    above 10,000 sentences with an error pointing to ``method="kmeans"``
    (rather than silently fitting a sample). HDBSCAN runs on every sentence
    (reduce with ``n_components`` first on large corpora). The c-TF-IDF terms
    are computed on sparse matrices.

    References
    ----------
    Rousseeuw, P. J. (1987). Silhouettes: a graphical aid to the interpretation
    and validation of cluster analysis. J. Comput. Appl. Math. 20, 53-65.
    Hubert, L. & Arabie, P. (1985). Comparing partitions. J. Classification 2, 193-218.
    Grootendorst, M. (2022). BERTopic: Neural topic modeling with a class-based
    TF-IDF procedure. arXiv:2203.05794.
    Campello, R., Moulavi, D. & Sander, J. (2013). Density-based clustering based
    on hierarchical density estimates. PAKDD.

    Examples
    --------
    >>> clus = SentenceClusterer(k=None, random_state=0).fit(vectors, texts=sentences["text"])  # doctest: +SKIP
    >>> clus.summary_  # doctest: +SKIP
    """

    # Checked by scikit-learn before fit runs (sklearn.base._fit_context); a violation is a ParameterError.
    # What depends on the data (k against the number of sentences, Ward's size limit) or on two
    # parameters at once (k with hdbscan, the order of k_range) is checked in _check_params.
    _parameter_constraints: ClassVar[dict] = {
        "k": [Interval(Integral, 2, None, closed="left"), None],
        "method": [StrOptions(set(METHODS))],
        "k_range": [tuple, list],
        "k_tolerance": [Interval(Real, 0, None, closed="left")],
        "n_components": [Interval(Integral, 1, None, closed="left"), None],
        "n_terms": [Interval(Integral, 1, None, closed="left")],
        "n_exemplars": [Interval(Integral, 0, None, closed="left")],
        "n_stability_seeds": [Interval(Integral, 0, None, closed="left"), None],
        "subsample": [Interval(Real, 0, 1, closed="right")],
        "min_cluster_size": [Interval(Integral, 2, None, closed="left"), None],
        "ngram_range": [tuple],
        "stop_words": [StrOptions({"english"}), list, None],
        "random_state": [Interval(Integral, 0, None, closed="left"), None],
    }

    # Options are keyword-only (scikit-learn's convention); positional calls of the last release
    # still work for one more, with a RenamedWarning. clone()/get_params read the signature through
    # functools.wraps, so they see the keyword-only parameters.
    @keyword_only_options
    def __init__(
        self,
        *,
        k: int | None = None,
        method: str = "kmeans",
        k_range: tuple[int, int] = (4, 12),
        k_tolerance: float = 0.01,
        n_components: int | None = None,
        n_terms: int = 10,
        n_exemplars: int = 3,
        n_stability_seeds: int = 5,
        subsample: float = 0.8,
        min_cluster_size: int | None = None,
        ngram_range: tuple[int, int] = (1, 2),
        stop_words: str | list[str] | None = "english",
        random_state: int | None = 0,
    ):
        self.k = k
        self.method = method
        self.k_range = k_range
        self.k_tolerance = k_tolerance
        self.n_components = n_components
        self.n_terms = n_terms
        self.n_exemplars = n_exemplars
        self.n_stability_seeds = n_stability_seeds
        self.subsample = subsample
        self.min_cluster_size = min_cluster_size
        self.ngram_range = ngram_range
        self.stop_words = stop_words
        self.random_state = random_state

    # -- checks ---------------------------------------------------------------

    def _check_params(self, n: int) -> None:
        """The checks that depend on the data or on two parameters at once (the rest are declared)."""
        if self.method == "agglomerative" and n > _AGGLOMERATIVE_MAX:
            raise ParameterError(
                f"method='agglomerative' (Ward linkage) needs an n x n distance matrix: {n:,} sentences "
                f"would take about {4 * n * n / 1e9:.0f} GB. It is limited to {_AGGLOMERATIVE_MAX:,} "
                "sentences; use method='kmeans' (which scales to millions), or cluster a sample."
            )
        if n < 3:
            # "n_samples = n" is the wording scikit-learn's checks (and users of sklearn) look for.
            raise ParameterError(
                f"clustering needs at least 3 sentences; got {n} (n_samples = {n}). Use a larger corpus "
                "or fewer filters."
            )
        if self.method == "hdbscan":
            if self.k is not None:
                raise ParameterError(
                    "method='hdbscan' finds its own number of clusters; leave k=None and tune "
                    "min_cluster_size instead, or use method='kmeans' to force k."
                )
            return
        if self.k is not None:
            if self.k > n:
                raise ParameterError(
                    f"k={self.k} is larger than the number of sentences ({n}); use k <= {n} or k=None."
                )
            return
        kr = self.k_range
        ok = len(kr) == 2 and all(isinstance(v, Integral) and not isinstance(v, bool) for v in kr)
        if not ok or kr[0] < 2 or kr[1] < kr[0]:
            raise ParameterError(f"k_range must be (low, high) with 2 <= low <= high; got {self.k_range!r}.")

    def _candidate_ks(self, n: int) -> list[int]:
        lo, hi = self.k_range
        hi = min(hi, n - 1)  # silhouette is defined for 2 <= k <= n - 1
        return list(range(lo, hi + 1)) if hi >= lo else [min(lo, n - 1)]

    # -- fitting ---------------------------------------------------------------

    def _fit_labels(self, X: np.ndarray, k: int | None, seed: int, init=None) -> np.ndarray:
        if self.method == "kmeans":
            if init is not None:  # refine a sample's solution on more data: one start is enough
                return KMeans(n_clusters=k, init=init, n_init=1, random_state=seed).fit_predict(X)
            return KMeans(n_clusters=k, n_init=_N_INIT, random_state=seed).fit_predict(X)
        if self.method == "agglomerative":
            return AgglomerativeClustering(n_clusters=k, linkage="ward").fit_predict(X)
        mcs = self.min_cluster_size or max(5, len(X) // 50)
        mcs = max(2, min(mcs, len(X)))
        return HDBSCAN(min_cluster_size=mcs, copy=True).fit_predict(X)

    def _sample(self, n: int, size: int) -> np.ndarray:
        """Seeded, sorted row indices of at most ``size`` sentences (all of them if n <= size)."""
        if n <= size:
            return np.arange(n)
        return np.sort(np.random.default_rng(self._seed).choice(n, size=size, replace=False))

    def _full_fit(self, Z: np.ndarray, k: int, sample: np.ndarray, sample_labels: np.ndarray) -> np.ndarray:
        """Labels for every row from a fit on the seeded sample (identity when the sample is everything)."""
        if len(sample) == len(Z):
            return sample_labels
        # kmeans: Lloyd on all rows, started from the sample's centroids. agglomerative
        # (n <= _AGGLOMERATIVE_MAX here): Ward on all rows, as without sampling.
        if self.method == "kmeans":
            init = np.vstack([Z[sample][sample_labels == c].mean(axis=0) for c in range(k)])
            return self._fit_labels(Z, k, self._seed, init=init)
        return self._fit_labels(Z, k, self._seed)

    def _silhouette(self, X: np.ndarray, labels: np.ndarray) -> float:
        keep = labels != NOISE
        X, labels = X[keep], labels[keep]
        n_lab = len(np.unique(labels))
        if n_lab < 2 or n_lab > len(X) - 1:
            return float("nan")
        sample = _SILHOUETTE_SAMPLE if len(X) > _SILHOUETTE_SAMPLE else None
        return float(
            silhouette_score(X, labels, metric="cosine", sample_size=sample, random_state=self._seed)
        )

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y=None, *, texts=None, languages=None):
        """Cluster the sentence vectors and describe each cluster.

        Parameters
        ----------
        X : array-like of shape (n_sentences, dim)
            Sentence embeddings (e.g. from :func:`framing.embed`); clustered with
            L2-normalised rows, so Euclidean clustering matches cosine similarity.
            Vectors that are already float32 with unit rows (what :func:`framing.embed`
            returns) are used as they are, without a copy.
        y : None
            Ignored; present so the clusterer drops into a scikit-learn Pipeline
            (which passes its ``y`` here, never into ``texts``).
        texts : sequence of str, optional
            The sentences, row-aligned with ``X``; needed for ``terms_`` and
            the text of ``exemplars_``. Keyword-only.
        languages : sequence of str, optional
            The language of each sentence (the ``language`` column of the sentences table): with
            Urdu or Hindi among them, ``terms_`` are computed within each language
            (:func:`class_tfidf`) and ``summary_`` lists them per language. Keyword-only.

        Returns
        -------
        SentenceClusterer
            The fitted clusterer (``self``).
        """
        X = check_vectors_for(self, X, reset=True)
        n = X.shape[0]
        self._check_params(n)
        if y is not None and texts is None and _looks_like_texts(y, n):
            warnings.warn(
                "fit(X, y) ignores y, as scikit-learn clusterers do; the sentences for terms_ and "
                "exemplars_ are passed as fit(X, texts=sentences['text']).",
                FramingWarning,
                stacklevel=3,
            )
        texts = _check_texts(texts, n)
        # random_state=None: one fresh seed per fit, used for every random step of it.
        self._seed = (
            int(np.random.default_rng().integers(2**31))
            if self.random_state is None
            else int(self.random_state) % 2**32
        )
        X = _unit_rows(X)
        Z = self._reduce(X)
        labels, rows = self._partition(Z)
        self.silhouette_ = self._silhouette_table(rows)
        self._describe(X, _relabel_by_size(np.asarray(labels)), texts, languages)
        self.stability_scores_ = self._stability(Z)
        self.stability_ = (
            float(self.stability_scores_.mean()) if self.stability_scores_.size else float("nan")
        )
        self.summary_ = self._summary()
        return self

    def _reduce(self, X: np.ndarray) -> np.ndarray:
        """The vectors clustering sees: ``X``, or its seeded PCA to ``n_components`` dimensions."""
        if self.n_components is None:
            return X
        if not self.n_components <= min(X.shape):
            raise ParameterError(
                f"n_components must be between 1 and {min(X.shape)} for this data; got {self.n_components!r}."
            )
        return PCA(n_components=int(self.n_components), random_state=self._seed).fit_transform(
            X.astype(np.float64)
        )

    def _partition(self, Z: np.ndarray) -> tuple[np.ndarray, list[tuple[int, float]]]:
        """Labels of every row and the ``(k, silhouette)`` of each k tried."""
        if self.method == "hdbscan":
            labels = self._fit_labels(Z, None, self._seed)
            return labels, [(int((np.unique(labels[labels != NOISE])).size), self._silhouette(Z, labels))]
        # k search and the starting solution on a seeded sample (the whole corpus
        # when it has at most _SAMPLE_MAX sentences); silhouette on the same sample.
        sample = self._sample(len(Z), _SAMPLE_MAX)
        Zs = Z[sample]
        ks = [int(self.k)] if self.k is not None else self._candidate_ks(len(sample))
        rows, fits = [], {}
        for k in ks:
            fits[k] = self._fit_labels(Zs, k, self._seed)
            rows.append((k, self._silhouette(Zs, fits[k]) if k <= len(sample) - 1 else float("nan")))
        best = _choose_k(rows, self.k_tolerance)
        return self._full_fit(Z, best, sample, fits[best]), rows

    def _silhouette_table(self, rows: list[tuple[int, float]]) -> pd.DataFrame:
        """``silhouette_``: each k tried, its silhouette and whether it tied with the best."""
        sil = pd.DataFrame(rows, columns=["k", "silhouette"])
        finite = np.isfinite(sil["silhouette"])
        top = sil["silhouette"].max() if finite.any() else np.nan
        sil["tied"] = finite & (sil["silhouette"] >= top - max(float(self.k_tolerance), 0.0))
        return sil

    def _describe(self, X: np.ndarray, labels: np.ndarray, texts, languages) -> None:
        """Set ``labels_``, ``k_``, ``centroids_``, ``sizes_``, ``exemplars_`` and ``terms_``."""
        self.labels_ = labels
        ids = np.arange(labels.max() + 1) if (labels != NOISE).any() else np.array([], dtype=int)
        self.k_ = int(ids.size)
        cents = (
            np.vstack([X[labels == c].mean(axis=0) for c in ids]) if ids.size else np.empty((0, X.shape[1]))
        )
        cn = np.linalg.norm(cents, axis=1, keepdims=True)
        self.centroids_ = (cents / np.where(cn > 0, cn, 1.0)).astype(np.float32)
        self.sizes_ = pd.Series(labels).value_counts().sort_index().rename("size").rename_axis("cluster")
        self.exemplars_ = self._exemplars(X, texts)
        options = {"n_terms": self.n_terms, "ngram_range": self.ngram_range, "stop_words": self.stop_words}
        self.terms_ = None if texts is None else class_tfidf(texts, labels, languages=languages, **options)

    def _exemplars(self, X: np.ndarray, texts: list[str] | None) -> pd.DataFrame:
        out = []
        for c in range(self.k_):
            idx = np.flatnonzero(self.labels_ == c)
            sim = X[idx] @ self.centroids_[c]
            order = np.lexsort((idx, -sim))[: self.n_exemplars]  # ties -> lower row first
            for r, j in enumerate(order):
                row = {"cluster": c, "rank": r + 1, "index": int(idx[j]), "similarity": float(sim[j])}
                if texts is not None:
                    row["text"] = texts[idx[j]]
                out.append(row)
        cols = ["cluster", "rank", "index", "similarity"] + (["text"] if texts is not None else [])
        return pd.DataFrame(out, columns=cols)

    def _stability(self, X: np.ndarray) -> np.ndarray:
        if self.n_stability_seeds is None or self.n_stability_seeds < 2:
            return np.array([])
        # Refits draw from a seeded pool of at most _SAMPLE_MAX sentences (the whole
        # corpus below that), so their cost does not grow with the corpus.
        pool = self._sample(len(X), _SAMPLE_MAX)
        X = X[pool]
        n = len(X)
        m = max(3, round(self.subsample * n))
        k = self.k_ if self.method != "hdbscan" else None
        if k is not None and (k < 2 or k > m):
            return np.array([])
        rng = np.random.default_rng(self._seed)
        runs = []
        for i in range(self.n_stability_seeds):
            idx = np.sort(rng.choice(n, size=m, replace=False)) if m < n else np.arange(n)
            lab = np.full(n, -2)  # -2 = not in this subsample
            lab[idx] = self._fit_labels(X[idx], k, (self._seed + 1 + i) % 2**32)
            runs.append(lab)
        scores = []
        for a, b in combinations(runs, 2):
            both = (a != -2) & (b != -2)
            scores.append(adjusted_rand_score(a[both], b[both]))
        return np.asarray(scores, dtype=float)

    def _summary(self) -> pd.DataFrame:
        rows = []
        n = len(self.labels_)
        for c, size in self.sizes_.items():
            terms, listed = _cluster_terms(self.terms_, c)
            ex = self.exemplars_.loc[self.exemplars_["cluster"] == c]
            exemplar = ex["text"].iloc[0] if ("text" in ex and len(ex)) else None
            if c == NOISE:
                name = "noise"
            else:
                name = f"{c}: " + (", ".join(terms[:3]) if terms else f"cluster {c}")
            rows.append(
                {
                    "cluster": int(c),
                    "name": name,
                    "size": int(size),
                    "share": size / n,
                    "terms": listed,
                    "exemplar": exemplar,
                }
            )
        df = pd.DataFrame(rows, columns=["cluster", "name", "size", "share", "terms", "exemplar"])
        # Noise last, so tables read from the largest theme down.
        return (
            df.assign(_o=df["cluster"].eq(NOISE))
            .sort_values(["_o", "cluster"])
            .drop(columns="_o")
            .reset_index(drop=True)
        )

    def predict(self, X) -> np.ndarray:
        """Assign new sentences to the nearest cluster centroid (cosine).

        Parameters
        ----------
        X : array-like of shape (n, dim)
            Vectors of the new sentences, from the model the clusterer was fitted on.

        Returns
        -------
        ndarray of int, shape (n,)
            Cluster ids. For ``"agglomerative"`` this is the nearest-centroid
            approximation of the fitted partition. HDBSCAN has no centroid rule
            for noise, so it raises.
        """
        check_fitted(self, "labels_", "fit(vectors, texts=...)")
        if self.method == "hdbscan":
            raise ParameterError(
                "method='hdbscan' cannot assign new sentences (noise has no centroid); refit on all sentences."
            )
        X = check_vectors_for(self, X, reset=False)
        return np.argmax(X @ self.centroids_.T, axis=1).astype(int)

    def fit_predict(self, X, y=None, *, texts=None, languages=None) -> np.ndarray:
        """Fit and return ``labels_``.

        Parameters
        ----------
        X : array-like of shape (n_sentences, dim)
            Sentence embeddings, as for :meth:`fit`.
        y : None
            Ignored (scikit-learn Pipeline compatibility).
        texts : sequence of str, optional
            The sentences, row-aligned with ``X``; keyword-only, as for :meth:`fit`.
        languages : sequence of str, optional
            The language of each sentence, as for :meth:`fit`.

        Returns
        -------
        ndarray of int, shape (n_sentences,)
            ``labels_``: the cluster of each sentence, 0 = largest, ``-1`` = HDBSCAN noise.
        """
        return self.fit(X, y, texts=texts, languages=languages).labels_


__all__ = ["NOISE", "SentenceClusterer", "class_tfidf"]
