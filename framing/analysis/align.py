"""Cross-side alignment: how each side words the same fact, and what each side leaves out.

For every pair of sides (values of the comparison column, ``by="side"`` by
default) each sentence is matched to its most similar sentence on the other
side by cosine similarity of the sentence embeddings (Reimers & Gurevych 2019).

* A **matched claim** is a *mutual* nearest-neighbour pair -- sentence ``a`` of
  side A is the closest sentence of side B to ``a``, and ``a`` is the closest
  sentence of side A to ``b`` -- whose similarity reaches the threshold. Mutual
  nearest neighbours are the standard filter against "hub" sentences that are
  everybody's nearest neighbour (Haghighi et al. 2018, "Batch effects in
  single-cell RNA-sequencing data are corrected by matching mutual nearest
  neighbors"; Conneau et al. 2018, "Word translation without parallel data").
* An **omission** is a sentence of side A whose best match on side B falls
  below the threshold: side B says nothing that close to it.

The threshold is calibrated from the data rather than fixed: it is a high
quantile (``baseline_quantile``, 0.95 by default) of the similarity of random
cross-side sentence pairs, i.e. two sentences must be more alike than 95 % of
random pairs drawn from the two sides before they count as the same claim.
Random pairs from a corpus about one event already share topic and
vocabulary, so this baseline is "same story, not the same statement". Pass
``threshold=`` to override it; the result records how it was set.

Similarities are computed block by block (``block_size`` rows by
``block_size`` columns at a time) keeping only running maxima, so memory is
bounded by ``block_size ** 2`` floats plus O(n) for the results, never an
n-by-m matrix.

Exact search costs time in the product of the two sides' sizes. Above
``AUTO_EXACT_PAIRS`` cross pairs ``method="auto"`` searches only the pairs an
inverted-file index proposes (:mod:`framing.analysis.neighbours`): candidates are
approximate, their similarities exact. When torch sees a GPU, ``"auto"`` and
``"exact"`` run the exact blockwise search there instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

import numpy as np
import pandas as pd

from framing._core.bootstrap import bootstrap_ratio, percentile_interval, resample_sums
from framing._core.docstrings import fill_doc
from framing._core.validation import (
    check_column,
    check_groups,
    check_int,
    check_labels,
    check_number,
    check_random_state,
    check_vectors,
)
from framing.analysis.neighbours import nearest_across_approximate
from framing.errors import ParameterError

__all__ = ["AlignmentResult", "align", "nearest_across", "omission_rates", "omission_rates_at_equal_size"]

_META = ("doc_id", "source", "text")
_METHODS = ("exact", "approximate", "auto")
#: Cross pairs above which ``method="auto"`` uses the approximate search on a CPU. At this size
#: (about 32,000 sentences a side) the exact search takes some 15 s on two cores and the
#: approximate one a quarter of that (docs/guides/performance.md).
AUTO_EXACT_PAIRS = 1_000_000_000
#: Random cross-side pairs a pair of languages needs for a threshold of its own (``align(language=)``);
#: below it, the 95 % quantile rests on too few pairs and the pooled threshold is used.
MIN_LANGUAGE_PAIRS = 30


@dataclass(frozen=True)
class AlignmentResult:
    """Output of :func:`align`: its tables and how the threshold was set (frozen).

    Parameters
    ----------
    matches : pandas.DataFrame
        One row per matched claim (mutual nearest neighbours at or above the
        threshold): ``side_a``, ``side_b``, ``row_a``, ``row_b`` (row positions in
        the sentences table), ``doc_id_a``, ``doc_id_b``, ``source_a``,
        ``source_b``, ``text_a``, ``text_b``, ``similarity``; sorted by side pair,
        then similarity descending. ``side_a`` sorts before ``side_b``.
    omissions : pandas.DataFrame
        One row per (sentence, other side) whose best match on the other side is
        below the threshold: ``side`` (who said it), ``other`` (the side it is
        absent from), ``row``, ``doc_id``,
        ``source``, ``text``, ``match_row``, ``match_doc_id``, ``match_source``,
        ``match_text`` (the best *failed* match), ``similarity``, ``support``
        (how many *other* documents of the same side contain a sentence at or
        above the threshold to this one: a theme of the side rather than a
        one-off), and ``cluster`` when labels were given. Sorted by ``side``,
        ``other``, support (descending), then similarity (ascending): the
        omissions that define a side come first.
    nearest : pandas.DataFrame
        Every sentence's best match on every other side (the table omissions and
        omission rates are drawn from): ``side``, ``other``, ``row``, ``doc_id``,
        ``match_row``, ``similarity``, ``mutual``, ``omitted`` (and ``cluster``).
    threshold : float
        Similarity a best match must reach to count as the same claim.
    threshold_method : str
        How the threshold was set, in words (for reports).
    baseline : pandas.DataFrame
        Random cross-side pair similarity quantiles per side pair (empty when the
        threshold was given).
    by : str
        The comparison column.
    sides : list of str
        The sides compared.
    n_sentences : int
        Rows of the sentences table given to :func:`align` (labels must match it).
    thresholds : pandas.DataFrame
        With ``language=``: one row per pair of languages, ``language_a``, ``language_b``,
        ``n_pairs`` (random cross-side pairs of those languages), ``threshold`` (their
        ``baseline_quantile``) and ``calibrated`` (False: too few pairs, the pooled threshold is
        used). Empty without ``language=``.
    language : str or None
        The language column the thresholds were calibrated per pair of (None: one threshold).
    model : str or None
        The embedding model that made the vectors, as the caller said (``Embedder.identity_``).
    sentence_languages : numpy.ndarray of str or None
        With per-language thresholds: each sentence's ``language`` value (``"unknown"`` where
        missing), row-aligned with the sentences, so :func:`omission_rates_at_equal_size` applies
        the same thresholds. None otherwise.
    """

    matches: pd.DataFrame
    omissions: pd.DataFrame
    nearest: pd.DataFrame
    threshold: float
    threshold_method: str
    baseline: pd.DataFrame = field(repr=False)
    by: str = "side"
    sides: list = field(default_factory=list)
    n_sentences: int | None = None
    thresholds: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)
    language: str | None = None
    model: str | None = None
    sentence_languages: np.ndarray | None = field(default=None, repr=False)

    def __repr__(self) -> str:  # the dataclass default would print whole tables
        return (
            f"AlignmentResult(by={self.by!r}, sides={self.sides}, threshold={self.threshold:.3f}, "
            f"matches={len(self.matches)}, omissions={len(self.omissions)})\n"
            f"  threshold: {self.threshold_method}" + (f"\n  model: {self.model}" if self.model else "")
        )


@fill_doc
def nearest_across(
    a: np.ndarray,
    b: np.ndarray,
    *,
    block_size: int = 4096,
    rows_a=None,
    rows_b=None,
    method: str = "exact",
    random_state: int | None = 0,
):
    """Best match of every row of ``a`` in ``b`` and of every row of ``b`` in ``a``.

    Cosine similarity of unit vectors is their dot product; the product is taken
    block by block and only running maxima are kept, so peak memory is about
    ``block_size ** 2`` float32 values however large ``a`` and ``b`` are. Ties go
    to the lowest index, as ``numpy.argmax`` does, whatever the block size.

    Parameters
    ----------
    a : numpy.ndarray of float32, shape (n, d)
        L2-normalised vectors of one side.
    b : numpy.ndarray of float32, shape (m, d)
        L2-normalised vectors of the other side.
    block_size : int, default 4096
        Rows (and columns) per block.
    rows_a, rows_b : numpy.ndarray of int, optional
        Use only these rows of ``a`` / ``b`` (in this order). Rows are gathered
        one block at a time, so selecting a side out of one big array costs no
        copy of the side.
    method : {"exact", "approximate", "auto"}, default "exact"
        ``"exact"`` compares every pair (on the GPU when torch sees one).
        ``"approximate"`` compares only the pairs an inverted-file index
        proposes (:func:`framing.analysis.neighbours.nearest_across_approximate`; Jegou,
        Douze & Schmid 2011): the similarities returned are exact, but a true
        nearest neighbour outside the probed cells is missed. ``"auto"``: exact
        on a GPU or up to ``AUTO_EXACT_PAIRS`` cross pairs, else approximate.
    {doc.random_state}
        Used by the approximate index's k-means only.

    Returns
    -------
    best_ab : numpy.ndarray of int64, shape (n,)
        Index (into ``rows_b`` if given, else into ``b``) of the nearest
        neighbour of each selected row of ``a``.
    sim_ab : numpy.ndarray of float32, shape (n,)
        Its cosine similarity.
    best_ba : numpy.ndarray of int64, shape (m,)
        Same for each selected row of ``b``, indexing ``rows_a`` / ``a``.
    sim_ba : numpy.ndarray of float32, shape (m,)
        Its cosine similarity.

    References
    ----------
    Reimers, N. & Gurevych, I. (2019). Sentence-BERT. EMNLP (cosine similarity of
    sentence embeddings); Jegou, H., Douze, M. & Schmid, C. (2011). Product
    quantization for nearest neighbor search. IEEE TPAMI 33(1), 117-128.
    """
    block_size = _check_block_size(block_size)
    method = _check_method(method)
    n = len(a) if rows_a is None else len(rows_a)
    m = len(b) if rows_b is None else len(rows_b)
    how = _resolve_method(method, n, m)
    if how == "approximate":
        ra = np.arange(n) if rows_a is None else np.asarray(rows_a)
        rb = np.arange(m) if rows_b is None else np.asarray(rows_b)
        return nearest_across_approximate(a, b, ra, rb, block_size=block_size, random_state=random_state)
    if how == "gpu":
        return _nearest_torch(a, b, block_size, rows_a, rows_b, device="cuda")

    def take(x, rows, i0, i1):
        return x[i0:i1] if rows is None else x[rows[i0:i1]]

    best_ab = np.zeros(n, dtype=np.int64)
    sim_ab = np.full(n, -np.inf, dtype=np.float32)
    best_ba = np.zeros(m, dtype=np.int64)
    sim_ba = np.full(m, -np.inf, dtype=np.float32)
    # One block buffer reused throughout: np.matmul(out=) avoids a fresh
    # allocation per block, which is what keeps the peak flat.
    buf = np.empty((min(block_size, n), min(block_size, m)), dtype=np.float32)
    for i0 in range(0, n, block_size):
        i1 = min(i0 + block_size, n)
        a_blk = take(a, rows_a, i0, i1)
        for j0 in range(0, m, block_size):
            j1 = min(j0 + block_size, m)
            s = buf[: i1 - i0, : j1 - j0]
            np.matmul(a_blk, take(b, rows_b, j0, j1).T, out=s)
            # rows of a: blocks of b arrive in increasing order, so only a
            # strictly greater value may replace the incumbent (lowest index wins)
            jj = s.argmax(axis=1)
            v = s[np.arange(i1 - i0), jj]
            upd = v > sim_ab[i0:i1]
            sim_ab[i0:i1][upd] = v[upd]
            best_ab[i0:i1][upd] = jj[upd] + j0
            # rows of b: blocks of a arrive in increasing order (outer loop)
            ii = s.argmax(axis=0)
            v = s[ii, np.arange(j1 - j0)]
            upd = v > sim_ba[j0:j1]
            sim_ba[j0:j1][upd] = v[upd]
            best_ba[j0:j1][upd] = ii[upd] + i0
    return best_ab, sim_ab, best_ba, sim_ba


@fill_doc
def align(
    sentences: pd.DataFrame,
    vectors,
    *,
    by: str = "side",
    sides=None,
    labels=None,
    threshold: float | None = None,
    baseline_quantile: float = 0.95,
    n_pairs: int = 100_000,
    block_size: int = 4096,
    method: str = "auto",
    random_state: int | None = 0,
    language: str | None = None,
    model: str | None = None,
) -> AlignmentResult:
    """Match claims across sides and find what each side says that another does not.

    Parameters
    ----------
    sentences : pandas.DataFrame
        One row per sentence, with ``doc_id``, ``text``, the ``by`` column and
        (optionally) ``source``.
    vectors : array-like of shape (n_sentences, dim)
        L2-normalised sentence embeddings, row-aligned with ``sentences``
        (``framing.embed(sentences)``). Rows are re-normalised defensively.
    {doc.by}
    {doc.sides}
        Every pair of them is aligned (``side_a`` sorts before ``side_b``).
    labels : array-like of length n_sentences, optional
        Cluster labels (e.g. ``SentenceClusterer(...).fit(vectors).labels_``);
        adds a ``cluster`` column to ``omissions`` and ``nearest``.
    threshold : float, optional
        Cosine similarity a best match must reach to count as the same claim.
        Default: calibrated from the data (see ``baseline_quantile``).
    baseline_quantile : float, default 0.95
        When ``threshold`` is None, the threshold is this quantile of the
        similarities of random cross-side sentence pairs.
    n_pairs : int, default 100000
        Random pairs drawn per pair of sides for the baseline; when two sides
        have fewer cross pairs than this, all of them are used.
    block_size : int, default 4096
        Block edge for the blockwise similarity computation; peak extra memory
        is about ``4 * block_size ** 2`` bytes (64 MiB at 4096).
    method : {"auto", "exact", "approximate"}, default "auto"
        Nearest-neighbour search. ``"exact"`` compares every cross pair
        (time grows with the product of the sides' sizes). ``"approximate"``
        compares only the pairs an inverted-file index proposes (Jegou, Douze &
        Schmid 2011; faiss k-means, Johnson et al. 2019) and scores them
        exactly: similarities are exact, and a sentence's best match differs
        from the exact one only when its true nearest neighbour lies outside
        the probed cells (under 1 % of sentences on realistic vectors;
        docs/guides/performance.md). ``"auto"``: exact when torch sees a GPU (computed there)
        or the sides have at most ``AUTO_EXACT_PAIRS`` cross pairs, otherwise
        approximate. The baseline and the ``support`` count are always exact.
    {doc.random_state}
        Seeds the baseline pairs and the approximate index.
    language : str, optional
        A column of each sentence's language (e.g. ``"language"``). When given and
        ``threshold`` is None, the threshold is calibrated per pair of languages: the
        ``baseline_quantile`` of the random cross-side pairs of those two languages, and a best
        match must reach the threshold of its own pair of languages. Use it with a multilingual
        model: its similarities sit in a narrow high band whose level depends on the languages
        (same-language pairs are closer than translations), so one pooled threshold turns true
        Urdu-English matches into omissions. A pair of languages with fewer than
        ``MIN_LANGUAGE_PAIRS`` random pairs uses the pooled threshold.
    model : str, optional
        The identity of the model that made ``vectors`` (``Embedder(...).identity_``), recorded
        in the result and its ``repr``.

    Returns
    -------
    AlignmentResult
        ``matches``, ``omissions``, ``nearest``, ``threshold``,
        ``threshold_method``, ``baseline``, ``thresholds``; see :class:`AlignmentResult`.

    Raises
    ------
    ParameterError
        Missing columns, misaligned or non-finite vectors, fewer than two
        sides, an unknown side, or a threshold / quantile out of range.

    Notes
    -----
    Matching uses mutual nearest neighbours (Conneau et al. 2018; Haghighi et
    al. 2018) over cosine similarity of Sentence-BERT embeddings (Reimers &
    Gurevych 2019). With more than two sides every pair of sides is aligned
    separately; a sentence is an omission *with respect to* each side that has
    nothing close to it (column ``other``).

    The best match of a sentence is a maximum over all sentences of the other
    side, so in a large corpus chance paraphrases push it up: expect fewer
    omissions, for the same threshold, against a side with many sentences.

    References
    ----------
    Reimers, N. & Gurevych, I. (2019). Sentence-BERT: sentence embeddings using
    Siamese BERT-networks. EMNLP. Conneau, A. et al. (2018). Word translation
    without parallel data. ICLR. Haghighi, L. et al. (2018). Batch effects in
    single-cell RNA-sequencing data are corrected by matching mutual nearest
    neighbors. Nature Biotechnology 36, 421-427.

    Examples
    --------
    >>> res = align(sentences, vectors, by="side")          # doctest: +SKIP
    >>> res.matches[["side_a", "text_a", "text_b", "similarity"]].head()  # doctest: +SKIP
    """
    checked = _check_align_inputs(
        sentences, vectors, by=by, sides=sides, labels=labels, threshold=threshold, language=language
    )
    vec, chosen, lab = checked["vectors"], checked["sides"], checked["labels"]
    baseline_quantile = check_number(
        baseline_quantile, "baseline_quantile", low=0.0, high=1.0, inclusive=False
    )
    n_pairs = check_int(n_pairs, "n_pairs")
    block_size = _check_block_size(block_size)
    search = _check_method(method)
    rows = checked["rows"]
    calibration = _calibrate(
        vec,
        rows,
        chosen,
        threshold=checked["threshold"],
        quantile=baseline_quantile,
        n_pairs=n_pairs,
        lang=checked["languages"],
        by=by,
        language=language,
        random_state=random_state,
    )
    rule = _MatchRule(calibration["threshold"], calibration["cutoff"], checked["languages"][0])
    nearest, matched = _nearest_all_pairs(vec, rows, chosen, rule, block_size, search, random_state)
    doc = sentences["doc_id"].astype("string").to_numpy(dtype=object, na_value="<missing doc_id>")
    nearest.insert(3, "doc_id", doc[nearest["row"].to_numpy()])
    if lab is not None:
        nearest["cluster"] = lab[nearest["row"].to_numpy()]
    support = _omission_support(vec, nearest, rows, doc, rule, block_size)
    return AlignmentResult(
        matches=_matches_table(matched, sentences),
        omissions=_omissions_table(nearest, sentences, support, clusters=lab is not None),
        nearest=nearest,
        threshold=float(rule.threshold),
        threshold_method=calibration["method"],
        baseline=calibration["baseline"],
        by=by,
        sides=list(chosen),
        n_sentences=len(sentences),
        thresholds=calibration["thresholds"],
        language=language if rule.cutoff is not None else None,
        model=model,
        sentence_languages=None if rule.cutoff is None else checked["languages"][1][rule.codes],
    )


@dataclass(frozen=True)
class _MatchRule:
    """The similarity a best match must reach: one ``threshold``, or ``cutoff[code_a, code_b]``.

    ``cutoff`` is the symmetric matrix of thresholds per pair of language codes and ``codes`` each
    sentence's language code (both None with one threshold).
    """

    threshold: float
    cutoff: np.ndarray | None = None
    codes: np.ndarray | None = None

    def levels(self, rows: np.ndarray, match_rows: np.ndarray):
        """The threshold each pair (``rows[i]``, ``match_rows[i]``) of sentence rows must reach."""
        if self.cutoff is None:
            return self.threshold
        return self.cutoff[self.codes[rows], self.codes[match_rows]]

    def support_threshold(self):
        """What :func:`_support` takes: the number, or ``(matrix, codes)``."""
        return self.threshold if self.cutoff is None else (self.cutoff, self.codes)


def _check_align_inputs(sentences, vectors, *, by, sides, labels, threshold, language) -> dict:
    """The validated table-shaped inputs of :func:`align`: unit vectors, sides and their rows, labels."""
    col = check_column(sentences, by, param="by")
    for c in ("doc_id", "text"):
        check_column(sentences, c)
    vec = check_vectors(vectors, n_rows=len(sentences))
    chosen = check_groups(col, sides, column=by)
    if threshold is not None:
        threshold = check_number(
            threshold, "threshold", low=-1.0, high=1.0, hint=" (a cosine similarity), or None to calibrate it"
        )
    lab = None if labels is None else check_labels(labels, len(sentences), integer=False)
    lang = (None, None) if language is None else _language_codes(sentences, language)
    side_vals = col.astype("string").to_numpy(dtype=object, na_value=None)
    rows = {s: np.flatnonzero(side_vals == s) for s in chosen}
    for s, r in rows.items():
        if len(r) == 0:  # check_groups guarantees presence; kept for dtype surprises
            raise ParameterError(f"{by} value {s!r} has no sentences.")
    return {
        "vectors": _unit_rows(vec),
        "sides": chosen,
        "rows": rows,
        "labels": lab,
        "threshold": threshold,
        "languages": lang,
    }


def _calibrate(vec, rows, chosen, *, threshold, quantile, n_pairs, lang, by, language, random_state) -> dict:
    """The threshold (given, or the ``quantile`` of random cross-side pairs) and, per pair of languages, theirs.

    Returns ``threshold``, ``method`` (in words), ``baseline``, ``thresholds`` (per pair of languages;
    empty without) and ``cutoff`` (their matrix, or None).
    """
    baseline, pooled = _baseline(vec, rows, chosen, n_pairs, np.random.default_rng(random_state))
    if threshold is None:
        threshold = float(np.quantile(pooled, quantile))
        how = "all pairs" if baseline["exhaustive"].all() else f"random pairs, seed {random_state}"
        method = (
            f"calibrated: {quantile:.0%} quantile of cosine similarity over "
            f"{len(pooled):,} cross-{by} sentence pairs ({how}) = {threshold:.3f}"
        )
    else:
        method = f"given by the caller: {threshold:.3f}"
    thresholds, cutoff = pd.DataFrame(), None
    if lang[0] is not None and not method.startswith("given"):
        thresholds, cutoff = _language_thresholds(
            vec, rows, chosen, lang, n_pairs, quantile, threshold, random_state
        )
        method += f"; then per pair of {language} values: " + ", ".join(
            f"{r.language_a}-{r.language_b} {r.threshold:.3f}" for r in thresholds.itertuples()
        )
    return {
        "threshold": threshold,
        "method": method,
        "baseline": baseline,
        "thresholds": thresholds,
        "cutoff": cutoff,
    }


def _nearest_all_pairs(vec, rows, chosen, rule, block_size, search, random_state):
    """Every sentence's best match on every other side (``nearest``) and the matched claims' rows."""
    nearest_parts, match_parts = [], []
    for sa, sb in combinations(chosen, 2):
        ra, rb = rows[sa], rows[sb]
        best_ab, sim_ab, best_ba, sim_ba = nearest_across(
            vec, vec, block_size=block_size, rows_a=ra, rows_b=rb, method=search, random_state=random_state
        )
        mutual_a = best_ba[best_ab] == np.arange(len(ra))
        mutual_b = best_ab[best_ba] == np.arange(len(rb))
        # one threshold, or that of each sentence's language and its best match's
        thr_ab, thr_ba = rule.levels(ra, rb[best_ab]), rule.levels(rb, ra[best_ba])
        nearest_parts.append(_nearest_frame(sa, sb, ra, rb[best_ab], sim_ab, mutual_a, thr_ab))
        nearest_parts.append(_nearest_frame(sb, sa, rb, ra[best_ba], sim_ba, mutual_b, thr_ba))
        keep = mutual_a & (sim_ab >= thr_ab)
        match_parts.append(
            pd.DataFrame(
                {
                    "side_a": sa,
                    "side_b": sb,
                    "row_a": ra[keep],
                    "row_b": rb[best_ab[keep]],
                    "similarity": sim_ab[keep].astype(float),
                }
            )
        )
    return pd.concat(nearest_parts, ignore_index=True), pd.concat(match_parts, ignore_index=True)


_MATCH_COLUMNS = [
    *("side_a", "side_b", "row_a", "row_b", "doc_id_a", "doc_id_b"),
    *("source_a", "source_b", "text_a", "text_b", "similarity"),
]
_OMISSION_COLUMNS = [
    *("side", "other", "row", "doc_id", "source", "text"),
    *("match_row", "match_doc_id", "match_source", "match_text", "similarity", "support"),
]


def _matches_table(matched: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """The matched claims with both sentences' document, source and text, strongest first per pair of sides."""
    matches = _attach(_attach(matched, sentences, "row_a", "_a"), sentences, "row_b", "_b")[_MATCH_COLUMNS]
    return matches.sort_values(
        ["side_a", "side_b", "similarity", "row_a"], ascending=[True, True, False, True], kind="mergesort"
    ).reset_index(drop=True)


def _omission_support(vec, nearest, rows, doc, rule, block_size) -> np.ndarray:
    """Per sentence row: restatements of an omitted sentence in other documents of its own side."""
    support = np.zeros(len(doc), dtype=np.int64)
    omitted_rows = nearest.loc[nearest["omitted"], ["side", "row"]].drop_duplicates("row")
    for side, g in omitted_rows.groupby("side", sort=False):
        q = np.sort(g["row"].to_numpy())
        support[q] = _support(vec, q, rows[side], doc, rule.support_threshold(), block_size)
    return support


def _omissions_table(nearest, sentences, support, *, clusters: bool) -> pd.DataFrame:
    """The omitted sentences with their best failed match, the side's defining omissions first."""
    om = nearest.loc[nearest["omitted"]].copy()
    om["support"] = support[om["row"].to_numpy()]
    om = om.drop(columns=["doc_id", "mutual", "omitted"])
    om = _attach(om, sentences, "row", "")
    om = _attach(om, sentences, "match_row", "", prefix="match_")
    cols = _OMISSION_COLUMNS + (["cluster"] if clusters else [])
    return (
        om[cols]
        .sort_values(
            ["side", "other", "support", "similarity", "row"],
            ascending=[True, True, False, True, True],
            kind="mergesort",
        )
        .reset_index(drop=True)
    )


@fill_doc
def omission_rates(
    result: AlignmentResult,
    *,
    labels=None,
    n_boot: int = 2000,
    ci: float = 0.95,
    random_state: int | None = 0,
) -> pd.DataFrame:
    """Omission rate per side, other side and cluster, with document-level bootstrap CIs.

    The rate for (side A, other side B, cluster c) is the share of side A's
    sentences in cluster c whose best match on side B is below the threshold:
    "of what A says about c, how much has no counterpart in B".

    Parameters
    ----------
    result : AlignmentResult
        Output of :func:`align`.
    labels : array-like of length n_sentences, optional
        Cluster labels row-aligned with the sentences passed to :func:`align`.
        Default: the labels given to :func:`align`. Without either, one
        ``cluster`` value ``"all"`` is used (overall omission rates).
    {doc.n_boot}
    {doc.ci}
    {doc.random_state}

    Returns
    -------
    pandas.DataFrame
        Columns ``side``, ``other`` (the side compared against), ``cluster``, ``n_sentences``,
        ``n_docs`` (documents of ``side`` with a sentence in the cluster),
        ``n_omitted``, ``rate``, ``ci_low``, ``ci_high``.

    Notes
    -----
    Sentences of one article are not independent, so the bootstrap resamples
    *documents* of side A with replacement (Efron & Tibshirani 1993, ch. 13;
    the cluster bootstrap of Field & Welsh 2007) and recomputes the rate as a
    ratio of summed counts; the interval is the percentile interval. A resample
    with no sentence in the cluster is skipped for that cluster.

    References
    ----------
    Efron, B. & Tibshirani, R. (1993). An Introduction to the Bootstrap. Chapman
    & Hall. Field, C. A. & Welsh, A. H. (2007). Bootstrapping clustered data.
    J. R. Stat. Soc. B 69, 369-390.
    """
    _check_result(result)
    n_boot = check_int(n_boot, "n_boot")
    ci = check_number(ci, "ci", low=0.0, high=1.0, inclusive=False, hint=" (e.g. 0.95)")
    frame = _with_clusters(result, labels)
    rng = np.random.default_rng(random_state)
    out = []
    for (side, other), g in frame.groupby(["side", "other"], sort=True):
        cells = _cells(g)
        tot = _cell_sums(cells, 1.0)
        omi = _cell_sums(cells, g["omitted"].to_numpy(dtype=float))
        lo, hi = bootstrap_ratio(omi, tot, n_boot, float(ci), rng)
        ts, os_ = tot.sum(0), omi.sum(0)
        out.append(
            pd.DataFrame(
                {
                    "side": side,
                    "other": other,
                    "cluster": cells[2],
                    "n_sentences": ts.astype(int),
                    "n_docs": (tot > 0).sum(0),
                    "n_omitted": os_.astype(int),
                    "rate": os_ / ts,
                    "ci_low": lo,
                    "ci_high": hi,
                }
            )
        )
    return pd.concat(out, ignore_index=True)


@fill_doc
def omission_rates_at_equal_size(
    result: AlignmentResult,
    vectors,
    *,
    labels=None,
    n_repeats: int = 20,
    n_boot: int = 2000,
    ci: float = 0.95,
    method: str = "auto",
    random_state: int | None = 0,
) -> pd.DataFrame:
    """Omission rates with the larger side of each pair subsampled to the smaller side's size.

    Parameters
    ----------
    result : AlignmentResult
        Output of :func:`align`; its threshold, sides and sentences are reused.
    vectors : array-like of shape (n_sentences, dim)
        The vectors given to :func:`align` (checked against the similarities it recorded).
    labels : array-like of length n_sentences, optional
        As in :func:`omission_rates`; default the labels given to :func:`align`, else ``"all"``.
    n_repeats : int, default 20
        Random equal-size subsamples of the larger side, each searched anew.
    {doc.n_boot}
    {doc.ci}
    method : {"auto", "exact", "approximate"}, default "auto"
        Nearest-neighbour search within each subsample, as in :func:`align`.
    {doc.random_state}
        Seeds the subsamples, the bootstrap and the full-size rates beside them.

    Returns
    -------
    pandas.DataFrame
        Per ``side``, ``other``, ``cluster``: ``n_sentences``, ``n_docs`` (of ``side``),
        ``n_other`` (sentences of ``other`` searched, mean over draws), ``rate``,
        ``ci_low``, ``ci_high``, ``sd_repeats``, and the full-size ``n_other_full``,
        ``rate_full``, ``ci_low_full``, ``ci_high_full`` (:func:`omission_rates`); then the
        settings, the same on every row: ``threshold`` (``result.threshold``: with
        ``align(language=)`` the pooled one, the thresholds applied being those per pair of
        languages in ``result.thresholds``), ``n_repeats``, ``n_boot`` and ``ci``.

    Notes
    -----
    Side A's best match in side B is a maximum over B's sentences, so against a
    side ten times larger a sentence finds a close paraphrase by chance far more
    often than the other way round: full-size rates of the two directions are not
    comparable. Here, for every pair of sides, the larger one is cut down to the
    smaller one's size: each of ``n_repeats`` draws adds the larger side's
    documents in random order (whole documents, since the sentences of one
    article are not independent) until their sentences come closest to the
    smaller side's count, and the smaller side's sentences are matched against
    that subsample with align's threshold (``result.threshold``, or with
    ``align(language=)`` the threshold of each sentence's language and its best
    match's, ``result.thresholds``), so only the size changes. A
    direction whose other side is already the smaller (or equal) one is
    searched at that size already: its rate and interval are the full-size ones.

    The rate is the mean over draws: an average over random equal-size
    subsamples of the larger side (subsampling, Politis, Romano & Wolf 1999).
    Its interval resamples side A's documents with replacement (Field & Welsh
    2007) and applies each resample to every draw, so a replicate is again a
    mean over the same draws; the percentile interval of the replicates then
    holds the compared side fixed, as :func:`omission_rates` does, and the two
    directions' intervals mean the same thing. ``sd_repeats`` is the spread of
    the rate from draw to draw; the Monte Carlo error of the mean is
    ``sd_repeats / sqrt(n_repeats)``, which more draws shrink.

    References
    ----------
    Politis, D. N., Romano, J. P. & Wolf, M. (1999). Subsampling. Springer.
    Field, C. A. & Welsh, A. H. (2007). Bootstrapping clustered data. J. R.
    Stat. Soc. B 69, 369-390. Efron, B. & Tibshirani, R. (1993). An
    Introduction to the Bootstrap, ch. 13. Chapman & Hall.
    """
    _check_result(result)
    rule = _result_rule(result)
    n_repeats = check_int(n_repeats, "n_repeats")
    n_boot = check_int(n_boot, "n_boot")
    ci = check_number(ci, "ci", low=0.0, high=1.0, inclusive=False, hint=" (e.g. 0.95)")
    search = _check_method(method)
    vec = _unit_rows(check_vectors(vectors, n_rows=result.n_sentences))
    _check_same_vectors(vec, result.nearest)
    seed = check_random_state(random_state)
    full = omission_rates(result, labels=labels, n_boot=n_boot, ci=ci, random_state=seed)
    frame = _with_clusters(result, labels)
    rng = np.random.default_rng(seed)
    settings = {"rule": rule, "n_repeats": n_repeats, "ci": ci, "method": search}
    parts = []
    for (side, other), g in frame.groupby(["side", "other"], sort=True):
        theirs = frame[(frame["side"] == other) & (frame["other"] == side)]
        eq = _equal_size_direction(vec, g, theirs, n_boot=n_boot, seed=seed, rng=rng, **settings)
        if eq is None:  # the other side is not the larger one: it is searched at the smaller size already
            eq = full.loc[
                (full["side"] == side) & (full["other"] == other), ["cluster", "rate", "ci_low", "ci_high"]
            ]
            eq = eq.assign(n_other=float(len(theirs)), sd_repeats=0.0)
        parts.append(eq.assign(side=side, other=other, n_other_full=len(theirs)))
    eq = pd.concat(parts, ignore_index=True)
    full = full.drop(columns="n_omitted").rename(
        columns={"rate": "rate_full", "ci_low": "ci_low_full", "ci_high": "ci_high_full"}
    )
    out = full.merge(eq, on=["side", "other", "cluster"], how="left", validate="one_to_one")
    cols = ["side", "other", "cluster", "n_sentences", "n_docs", "n_other", "rate", "ci_low", "ci_high"]
    out = out[cols + ["sd_repeats", "n_other_full", "rate_full", "ci_low_full", "ci_high_full"]]
    # The settings as columns, not DataFrame.attrs (which pandas drops): issue 25's contract.
    return out.assign(threshold=result.threshold, n_repeats=n_repeats, n_boot=n_boot, ci=ci)


def _result_rule(result: AlignmentResult) -> _MatchRule:
    """The thresholds :func:`align` applied: one, or one per pair of the sentences' languages."""
    if result.language is None:
        return _MatchRule(result.threshold)
    if result.sentence_languages is None:
        raise ParameterError(
            f"this AlignmentResult has thresholds per pair of {result.language} values but not the "
            "sentences' languages; run align(..., language=...) again with this version of framing."
        )
    codes, names = pd.factorize(pd.Series(result.sentence_languages, dtype=object), sort=True)
    names = pd.Index(names)
    # the pairs align found no random pair of fell back on the pooled threshold, as there
    cutoff = np.full((len(names), len(names)), result.threshold, dtype=np.float64)
    for row in result.thresholds.itertuples():
        a, b = names.get_loc(row.language_a), names.get_loc(row.language_b)
        cutoff[a, b] = cutoff[b, a] = row.threshold
    return _MatchRule(result.threshold, cutoff, codes)


def _equal_size_direction(vec, mine, theirs, *, rule, n_repeats, n_boot, ci, method, seed, rng):
    """Rates of ``mine``'s sentences against equal-size subsamples of ``theirs`` (None when not larger).

    ``rule`` is align's threshold (:class:`_MatchRule`); ``seed`` seeds the approximate index; ``rng``
    draws the subsamples and the document resamples.
    """
    if len(theirs) <= len(mine):
        return None
    cells = _cells(mine)
    tot = _cell_sums(cells, 1.0)
    rows_a, rows_b = mine["row"].to_numpy(), theirs["row"].to_numpy()
    doc_b = theirs["doc_id"].to_numpy(dtype=object)
    omitted, sizes = [], []
    for _ in range(n_repeats):
        sub = _subsample_documents(rows_b, doc_b, len(rows_a), rng)
        best, sim, _, _ = nearest_across(
            vec, vec, rows_a=rows_a, rows_b=sub, method=method, random_state=seed
        )
        level = rule.levels(rows_a, sub[best])  # align's rule and threshold(s)
        omitted.append(_cell_sums(cells, (sim < level).astype(float)))
        sizes.append(len(sub))
    k = tot.shape[1]
    rates = np.stack([o.sum(0) for o in omitted]) / tot.sum(0)  # (n_repeats, k)
    # one document resample applied to every draw: each replicate is the mean over draws of a rate
    nums, dens = resample_sums([np.hstack(omitted), tot], n_boot, rng)
    with np.errstate(invalid="ignore", divide="ignore"):  # 0/0: a resample without the cluster, skipped
        boot = (nums.reshape(n_boot, n_repeats, k) / dens[:, None, :]).mean(axis=1)
    low, high = percentile_interval(boot, ci)
    return pd.DataFrame(
        {
            "cluster": cells[2],
            "n_other": float(np.mean(sizes)),
            "rate": rates.mean(0),
            "ci_low": low,
            "ci_high": high,
            "sd_repeats": rates.std(0, ddof=1) if n_repeats > 1 else 0.0,
        }
    )


# ---------------------------------------------------------------- helpers


def _check_result(result) -> None:
    if not isinstance(result, AlignmentResult):
        raise ParameterError(
            f"result must be the AlignmentResult returned by align(); got {type(result).__name__}."
        )


def _unit_rows(vec: np.ndarray) -> np.ndarray:
    """``vec`` with unit rows (a copy only when a row is off by more than 1e-3); zero rows refused."""
    norms = np.linalg.norm(vec, axis=1, keepdims=True)
    if (norms == 0).any():
        raise ParameterError(
            f"vectors has {(norms == 0).sum()} all-zero row(s); cosine similarity is undefined for them. "
            "Drop those sentences (e.g. empty text) from both the table and the vectors."
        )
    if not np.allclose(norms, 1.0, atol=1e-3):
        vec = vec / norms  # copy only when needed: at 100k x 384 it is 150 MB
    return vec


def _check_same_vectors(vec: np.ndarray, nearest: pd.DataFrame, n_checked: int = 1000) -> None:
    """Refuse vectors that do not reproduce the similarities :func:`align` recorded (a spread sample)."""
    at = np.unique(np.linspace(0, len(nearest) - 1, min(n_checked, len(nearest))).astype(int))
    pick = nearest.iloc[at]
    sims = np.einsum("ij,ij->i", vec[pick["row"].to_numpy()], vec[pick["match_row"].to_numpy()])
    bad = np.abs(sims - pick["similarity"].to_numpy()) > 1e-3
    if bad.any():
        raise ParameterError(
            f"vectors do not give the similarities align() recorded ({bad.sum()} of {len(pick)} checked "
            f"best matches differ, first at sentence row {int(pick['row'].iloc[np.argmax(bad)])}); "
            "pass the vectors that were given to align(), row-aligned with its sentences."
        )


def _with_clusters(result: AlignmentResult, labels) -> pd.DataFrame:
    """``result.nearest`` with a ``cluster`` column: ``labels``, else align's labels, else ``"all"``."""
    near = result.nearest
    if labels is not None:
        n_rows = result.n_sentences
        if n_rows is None:
            n_rows = int(max(near["row"].max(), near["match_row"].max())) + 1
        lab = check_labels(labels, n_rows, integer=False, rows_of=f"align() was given {n_rows} sentences")
        return near.assign(cluster=lab[near["row"].to_numpy()])
    if "cluster" in near.columns:
        return near
    return near.assign(cluster="all")


def _cells(g: pd.DataFrame):
    """Document and cluster of each sentence of one direction: ``(doc_idx, cl_idx, clusters, shape)``."""
    docs, doc_idx = np.unique(g["doc_id"].to_numpy(dtype=object).astype(str), return_inverse=True)
    cl_codes, cl_idx = _factorize(g["cluster"].to_numpy())
    return doc_idx, cl_idx, cl_codes, (len(docs), len(cl_codes))


def _cell_sums(cells, weights) -> np.ndarray:
    """Per-document, per-cluster sums of ``weights`` (one per sentence, or a scalar)."""
    doc_idx, cl_idx, _, shape = cells
    out = np.zeros(shape)
    np.add.at(out, (doc_idx, cl_idx), weights)
    return out


def _subsample_documents(rows: np.ndarray, docs: np.ndarray, target: int, rng) -> np.ndarray:
    """Rows of whole documents, taken in random order, whose count comes closest to ``target``."""
    codes, _ = pd.factorize(pd.Series(docs, dtype=object))
    order = rng.permutation(codes.max() + 1)
    cum = np.cumsum(np.bincount(codes)[order])
    k = int(np.argmin(np.abs(cum - target))) + 1  # the first of equally close prefixes: the smaller
    return rows[np.isin(codes, order[:k])]


def _check_block_size(block_size) -> int:
    try:
        bs = int(block_size)
    except (TypeError, ValueError):
        raise ParameterError(f"block_size must be a positive integer; got {block_size!r}.") from None
    if bs < 1 or bs != block_size:
        raise ParameterError(f"block_size must be a positive integer; got {block_size!r}.")
    return bs


def _check_method(method) -> str:
    if not isinstance(method, str) or method not in _METHODS:
        raise ParameterError(
            f"method must be one of {', '.join(repr(m) for m in _METHODS)}; got {method!r}. "
            '"auto" (the default) picks exact search for small corpora and approximate above '
            f"{AUTO_EXACT_PAIRS:,} cross pairs."
        )
    return method


def _cuda_available() -> bool:
    """True when torch is installed and sees a CUDA device (torch is imported only to ask)."""
    try:
        import torch
    except ImportError:
        return False
    return bool(torch.cuda.is_available())


def _resolve_method(method: str, n: int, m: int) -> str:
    """``"numpy"``, ``"gpu"`` (exact, blockwise with torch) or ``"approximate"``."""
    if method == "approximate":
        return "approximate"
    # importing torch costs a second or two: not worth it for a search that takes less
    if n * m >= 10_000_000 and _cuda_available():
        return "gpu"
    if method == "exact" or n * m <= AUTO_EXACT_PAIRS:
        return "numpy"
    return "approximate"


def _nearest_torch(a, b, block_size, rows_a=None, rows_b=None, *, device="cuda"):
    """Exact blockwise search of :func:`nearest_across` with torch on ``device``.

    Same output and tie rule (lowest index) as the numpy path; blocks are moved to the device one
    at a time so device memory is bounded like host memory. Run in CI on ``device="cpu"``; on a
    GPU it is untested.
    """
    import torch

    def take(x, rows, i0, i1):
        blk = x[i0:i1] if rows is None else x[rows[i0:i1]]
        return torch.from_numpy(np.ascontiguousarray(blk, dtype=np.float32)).to(device)

    n = len(a) if rows_a is None else len(rows_a)
    m = len(b) if rows_b is None else len(rows_b)
    best_ab = torch.zeros(n, dtype=torch.int64, device=device)
    sim_ab = torch.full((n,), -float("inf"), dtype=torch.float32, device=device)
    best_ba = torch.zeros(m, dtype=torch.int64, device=device)
    sim_ba = torch.full((m,), -float("inf"), dtype=torch.float32, device=device)
    with torch.inference_mode():
        for i0 in range(0, n, block_size):
            i1 = min(i0 + block_size, n)
            a_blk = take(a, rows_a, i0, i1)
            for j0 in range(0, m, block_size):
                j1 = min(j0 + block_size, m)
                s = a_blk @ take(b, rows_b, j0, j1).T
                # torch.max returns the first maximal index, like numpy.argmax
                v, jj = s.max(dim=1)
                upd = v > sim_ab[i0:i1]
                sim_ab[i0:i1] = torch.where(upd, v, sim_ab[i0:i1])
                best_ab[i0:i1] = torch.where(upd, jj + j0, best_ab[i0:i1])
                v, ii = s.max(dim=0)
                upd = v > sim_ba[j0:j1]
                sim_ba[j0:j1] = torch.where(upd, v, sim_ba[j0:j1])
                best_ba[j0:j1] = torch.where(upd, ii + i0, best_ba[j0:j1])
    return best_ab.cpu().numpy(), sim_ab.cpu().numpy(), best_ba.cpu().numpy(), sim_ba.cpu().numpy()


def _factorize(values):
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), sort=True, use_na_sentinel=False)
    return np.asarray(uniques, dtype=object), codes


def _cross_pairs(ra: np.ndarray, rb: np.ndarray, n_pairs: int, rng) -> tuple[np.ndarray, np.ndarray]:
    """``n_pairs`` random (row of ``ra``, row of ``rb``) pairs, or every pair when there are no more."""
    if len(ra) * len(rb) <= n_pairs:
        # small corpora: every cross pair, so the baseline is exact, not sampled
        i, j = (x.ravel() for x in np.meshgrid(ra, rb, indexing="ij"))
        return i, j
    return ra[rng.integers(0, len(ra), size=n_pairs)], rb[rng.integers(0, len(rb), size=n_pairs)]


def _baseline(vec, rows, chosen, n_pairs, rng) -> tuple[pd.DataFrame, np.ndarray]:
    """Similarities of random cross-side pairs: the 'same story, different statement' null.

    Returns the quantiles per pair of sides (:attr:`AlignmentResult.baseline`) and every pair's
    similarity, pooled over the pairs of sides (what the threshold is the quantile of).
    """
    recs, pooled = [], []
    for sa, sb in combinations(chosen, 2):
        ra, rb = rows[sa], rows[sb]
        i, j = _cross_pairs(ra, rb, n_pairs, rng)
        k = len(i)
        sims = np.empty(k, dtype=np.float32)
        step = 8192  # gathering all pairs' vectors at once would cost 2 * k * dim floats
        for c in range(0, k, step):
            sims[c : c + step] = np.einsum("ij,ij->i", vec[i[c : c + step]], vec[j[c : c + step]])
        pooled.append(sims)
        q = np.quantile(sims, [0.5, 0.9, 0.95, 0.99])
        recs.append(
            {
                "side_a": sa,
                "side_b": sb,
                "n_pairs": k,
                "exhaustive": k == len(ra) * len(rb),
                "q50": q[0],
                "q90": q[1],
                "q95": q[2],
                "q99": q[3],
            }
        )
    return pd.DataFrame(recs), np.concatenate(pooled)


def _support(vec, query, rows, docs, threshold, block_size) -> np.ndarray:
    """For each ``query`` row: how many *other* documents among ``rows`` say something as close.

    ``threshold`` is a number, or ``(matrix, codes)``: a threshold per pair of language codes and
    each row's code.

    A sentence restated (at or above the threshold) in many documents of its own
    side is a theme of that side, not a one-off; this count separates a side's
    defining omissions from stray sentences that merely match nothing.
    Computed blockwise like :func:`nearest_across`; extra memory is one
    ``block_size`` x ``block_size`` block plus ``block_size`` x n_docs booleans.
    """
    codes, uniq = pd.factorize(pd.Series(docs[rows], dtype=object))
    qcodes = pd.Index(uniq).get_indexer(pd.Series(docs[query], dtype=object))
    out = np.zeros(len(query), dtype=np.int64)
    for i0 in range(0, len(query), block_size):
        i1 = min(i0 + block_size, len(query))
        q = vec[query[i0:i1]]
        hit = np.zeros((i1 - i0, len(uniq)), dtype=bool)
        for j0 in range(0, len(rows), block_size):
            j1 = min(j0 + block_size, len(rows))
            if isinstance(threshold, tuple):  # per pair of languages: (matrix, each row's language code)
                cutoff, lang = threshold
                level = cutoff[lang[query[i0:i1]][:, None], lang[rows[j0:j1]][None, :]]
            else:
                level = threshold
            r, c = np.nonzero(q @ vec[rows[j0:j1]].T >= level)
            hit[r, codes[j0:j1][c]] = True
        hit[np.arange(i1 - i0), qcodes[i0:i1]] = False  # its own document does not count
        out[i0:i1] = hit.sum(axis=1)
    return out


def _language_codes(sentences: pd.DataFrame, language: str) -> tuple[np.ndarray, np.ndarray]:
    col = check_column(sentences, language, param="language")
    codes, names = pd.factorize(col.astype("string").fillna("unknown"), sort=True)
    return codes, np.asarray(names, dtype=object)


def _language_thresholds(vec, rows, chosen, lang, n_pairs, quantile, pooled, random_state):
    """Threshold per pair of languages: ``quantile`` of random cross-side pairs of those languages.

    ``lang`` is ``(codes, names)``. Returns the table (:attr:`AlignmentResult.thresholds`) and the
    symmetric matrix indexed by language code; pairs of languages with fewer than ``MIN_LANGUAGE_PAIRS`` pairs get ``pooled``.
    """
    rng = np.random.default_rng(random_state)
    lang, names = lang
    k = len(names)
    sims, pair_codes = [], []
    for sa, sb in combinations(chosen, 2):
        i, j = _cross_pairs(rows[sa], rows[sb], n_pairs, rng)
        sims.append(np.einsum("ij,ij->i", vec[i], vec[j]))
        lo, hi = np.minimum(lang[i], lang[j]), np.maximum(lang[i], lang[j])
        pair_codes.append(lo * k + hi)
    sims, pair_codes = np.concatenate(sims), np.concatenate(pair_codes)
    cutoff = np.full((k, k), pooled, dtype=np.float64)
    recs = []
    for code in np.unique(pair_codes):
        a, b = divmod(int(code), k)
        s = sims[pair_codes == code]
        ok = len(s) >= MIN_LANGUAGE_PAIRS
        cutoff[a, b] = cutoff[b, a] = float(np.quantile(s, quantile)) if ok else pooled
        recs.append(
            {
                "language_a": names[a],
                "language_b": names[b],
                "n_pairs": len(s),
                "threshold": cutoff[a, b],
                "calibrated": ok,
            }
        )
    return pd.DataFrame(recs), cutoff


def _nearest_frame(side, other, rows, match_rows, sims, mutual, threshold) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "side": side,
            "other": other,
            "row": rows,
            "match_row": match_rows,
            "similarity": sims.astype(float),
            "mutual": mutual,
            "omitted": sims < threshold,
        }
    )


def _attach(frame, sentences, row_col, suffix, prefix=""):
    """Add doc_id / source / text of the sentence at ``row_col`` (by position)."""
    idx = frame[row_col].to_numpy()
    for c in _META:
        name = f"{prefix}{c}{suffix}"
        if c in sentences.columns:
            frame[name] = sentences[c].to_numpy()[idx] if len(idx) else np.array([], dtype=object)
        else:
            frame[name] = pd.NA
    return frame
