"""Frame shares corrected for the classifier's errors (quantification).

Counting a classifier's labels ("classify and count") gives biased shares
whenever the classifier errs: a frame it over-predicts looks more common than
it is, on every side. If ``M[p, t]`` is the probability that a sentence truly
in frame *t* is labelled *p* (estimated from the out-of-fold predictions of
:func:`framing.validate_frames`), the labelled shares ``q`` of a side satisfy
``q = M @ pi`` where ``pi`` are its true shares. Adjusted classify-and-count
(Forman 2008) solves this for ``pi``; with many frames we solve it by least
squares with ``pi >= 0`` and ``sum(pi) = 1``, the estimator Hopkins & King
(2010) use with word profiles in place of classifier labels.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from scipy.optimize import nnls

from framing._core.bootstrap import resample_sums
from framing._core.docstrings import fill_doc
from framing._core.names import ABSTAIN_LABEL
from framing._core.validation import (
    check_column,
    check_groups,
    check_int,
    check_number,
    check_random_state,
    check_vectors,
    is_text_estimator,
)
from framing.errors import FramingWarning, ParameterError
from framing.frames.classifier import FrameValidation
from framing.frames.coding import sentence_ids
from framing.frames.shares import frame_labels

__all__ = ["adjusted_count", "corrected_shares", "error_rates_by_side"]

# Weight of the sum-to-one row in the least-squares system: large enough that the
# constraint holds to ~1e-6, small enough not to swamp the float precision of the rest.
_SUM_WEIGHT = 1e3


def adjusted_count(q: np.ndarray, M: np.ndarray) -> np.ndarray:
    """True shares from labelled shares and the misclassification matrix.

    Parameters
    ----------
    q : numpy.ndarray, shape (n_labels,)
        Share of sentences given each label (abstention included, if any).
    M : numpy.ndarray, shape (n_labels, n_frames)
        ``M[p, t]``: probability that a sentence of true frame *t* gets label *p*
        (each column sums to one).

    Returns
    -------
    numpy.ndarray, shape (n_frames,)
        Non-negative shares summing to one that best explain ``q``.

    References
    ----------
    Forman, G. (2008). Quantifying counts and costs via classification. Data
    Mining and Knowledge Discovery 17(2), 164-206. Hopkins, D. J. & King, G.
    (2010). A method of automated nonparametric content analysis for social
    science. American Journal of Political Science 54(1), 229-247.
    """
    A = np.vstack([M, np.full((1, M.shape[1]), _SUM_WEIGHT)])
    b = np.concatenate([q, [_SUM_WEIGHT]])
    pi, _ = nnls(A, b)
    total = pi.sum()
    return pi / total if total > 0 else np.full(M.shape[1], np.nan)


def _misclassification(counts: np.ndarray, fallback: np.ndarray | None = None) -> np.ndarray:
    """Column-normalise (label x frame) counts; a frame with no coded sentence uses ``fallback``."""
    col = counts.sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        M = counts / col
    if fallback is not None:
        M[:, col == 0] = fallback[:, col == 0]
    return M


def _labels(sentences: pd.DataFrame, frames) -> np.ndarray:
    """Row-aligned frame labels as strings, abstentions as ABSTAIN_LABEL (the check frame_shares uses)."""
    _, lab = frame_labels(sentences, frames, include_abstained=True)
    return pd.Series(lab, dtype=object).astype(str).to_numpy(dtype=object)


def _gold_labels(sentences: pd.DataFrame, codes, frames: list) -> np.ndarray:
    """Each sentence's hand-coded frame where it was coded (``codes``: read_codes output), else None."""
    gold = np.full(len(sentences), None, dtype=object)
    if codes is None:
        return gold
    coded = check_column(codes, "sentence_id", name="codes").astype(str)
    labels = check_column(codes, "label", name="codes").astype(str)
    mapping = dict(zip(coded.to_numpy(), labels.to_numpy()))
    ids = sentence_ids(sentences).to_numpy()
    hit = np.array([i in mapping for i in ids], dtype=bool)
    gold[hit] = [mapping[i] for i in ids[hit]]
    unknown = sorted(set(gold[hit]) - set(frames))
    if unknown:
        raise ParameterError(
            f"codes holds label(s) {unknown} that the validation never saw; pass the codes the classifier "
            f"was validated on (its frames are {frames})."
        )
    return gold


def _coded_tables(validation: FrameValidation, labels: list, frames: list):
    """Per coded document flattened (label x frame) counts, and the documents' ids."""
    pred = validation.predictions
    li = {c: i for i, c in enumerate(labels)}
    ti = {c: i for i, c in enumerate(frames)}
    cdocs, cd = np.unique(pred["group"].astype(str).to_numpy(), return_inverse=True)
    C = np.zeros((len(cdocs), len(labels) * len(frames)))
    flat = np.array([li[p] * len(frames) + ti[t] for p, t in zip(pred["predicted"], pred["true"])])
    np.add.at(C, (cd, flat), 1.0)
    return C, cdocs


def _matrices(C, coded_side, side, shape, n_boot, rng, pooled=None):
    """Misclassification matrix from the coded documents (of one side, if given) and its bootstrap draws."""
    if side is not None:
        C = C[coded_side == side]
    M = _misclassification(C.sum(0).reshape(shape), fallback=pooled)
    if len(C) == 0:
        return M, [M] * n_boot
    (C_boot,) = resample_sums([C], n_boot, rng)
    fallback = M if pooled is None else pooled
    return M, [_misclassification(c.reshape(shape), fallback=fallback) for c in C_boot]


def _side_tables(docs, lab, gold, li, ti):
    """Per-document label counts of the uncoded sentences (Q) and gold-frame counts of the coded ones (G)."""
    sdocs, sd = np.unique(docs, return_inverse=True)
    Q, G = np.zeros((len(sdocs), len(li))), np.zeros((len(sdocs), len(ti)))
    np.add.at(Q, (sd, np.array([li[x] for x in lab], dtype=int)), 1.0)
    labelled = Q.sum(0)
    is_gold = pd.notna(gold)
    np.subtract.at(Q, (sd[is_gold], np.array([li[x] for x in lab[is_gold]], dtype=int)), 1.0)
    np.add.at(G, (sd[is_gold], np.array([ti[x] for x in gold[is_gold]], dtype=int)), 1.0)
    return Q, G, labelled, is_gold, len(sdocs)


def _side_estimates(Q, G, M, M_boot, n_boot, rng):
    """Corrected shares of one side and their draws; gold-coded sentences count as coded (G)."""

    def estimate(q_counts, g_counts, M_):
        n_u, n_g = q_counts.sum(), g_counts.sum()
        uncoded = adjusted_count(q_counts / n_u, M_) * n_u if n_u > 0 else np.zeros(M_.shape[1])
        return (uncoded + g_counts) / (n_u + n_g)

    Qb, Gb = resample_sums([Q, G], n_boot, rng)
    boot = np.vstack([estimate(Qb[i], Gb[i], M_boot[i]) for i in range(n_boot)])
    return estimate(Q.sum(0), G.sum(0), M), boot


def corrected_draws(
    sentences: pd.DataFrame,
    labels,
    validation: FrameValidation,
    *,
    sides=None,
    codes=None,
    per_side: bool = False,
    by: str = "side",
    n_boot: int = 2000,
    random_state: int | None = 0,
) -> dict:
    """Raw and corrected shares per side, with their joint bootstrap draws (for compare_frames).

    Parameters
    ----------
    sentences, validation, sides, codes, per_side, by, n_boot, random_state
        As in :func:`corrected_shares`.
    labels : pandas.DataFrame, Series or sequence
        The classifier's labels of ``sentences`` (``frames`` of :func:`corrected_shares`).

    Returns
    -------
    dict
        ``sides``, ``frames`` (true frames), ``labels`` (label categories),
        ``raw`` (n_sides, n_labels), ``corrected`` (n_sides, n_frames),
        ``boot`` (n_boot, n_sides, n_frames), ``n_docs``, ``n_total``,
        ``n_labelled`` (n_sides, n_labels), ``n_gold`` (coded sentences per side).

    References
    ----------
    Forman, G. (2008). Quantifying counts and costs via classification. Data Mining and
    Knowledge Discovery 17(2), 164-206.
    """
    if not isinstance(validation, FrameValidation):
        raise ParameterError(
            f"validation must be the output of framing.validate_frames; got {type(validation).__name__}."
        )
    n_boot = check_int(n_boot, "n_boot")
    lab = _labels(sentences, labels)
    col = check_column(sentences, by, param="by").astype("string")
    docs = check_column(sentences, "doc_id").astype(str).to_numpy()
    chosen = check_groups(col, sides, column=by, min_groups=1)
    true_frames = list(validation.frames)
    labels = [*true_frames, *sorted((set(validation.predictions["predicted"]) | set(lab)) - set(true_frames))]
    unseen = sorted(set(lab) - set(true_frames) - {ABSTAIN_LABEL})
    if unseen:
        raise ParameterError(
            f"frames holds label(s) {unseen} that the validation never coded; correct shares with the "
            f"validation of the classifier that made these labels (its frames are {true_frames})."
        )
    gold = _gold_labels(sentences, codes, true_frames)
    li = {c: i for i, c in enumerate(labels)}
    ti = {c: i for i, c in enumerate(true_frames)}
    side_vals = col.to_numpy(dtype=object, na_value=None)
    side_of_doc = dict(zip(docs, side_vals))
    C, cdocs = _coded_tables(validation, labels, true_frames)
    coded_side = np.array([side_of_doc.get(d) for d in cdocs], dtype=object)
    shape = (len(labels), len(true_frames))
    rng = np.random.default_rng(random_state)
    M_hat, M_boot = _matrices(C, coded_side, None, shape, n_boot, rng)
    out = {k: [] for k in ("raw", "corrected", "boot", "n_docs", "n_total", "n_labelled", "n_gold")}
    for side in chosen:
        m = side_vals == side
        Q, G, labelled, is_gold, n_docs = _side_tables(docs[m], lab[m], gold[m], li, ti)
        out["raw"].append(labelled / labelled.sum())
        out["n_labelled"].append(labelled)
        M, Mb = (M_hat, M_boot) if not per_side else _matrices(C, coded_side, side, shape, n_boot, rng, M_hat)
        corrected, boot = _side_estimates(Q, G, M, Mb, n_boot, rng)
        out["corrected"].append(corrected)
        out["boot"].append(boot)
        out["n_docs"].append(n_docs)
        out["n_total"].append(int(m.sum()))
        out["n_gold"].append(int(is_gold.sum()))
    return {
        "sides": chosen,
        "frames": true_frames,
        "labels": labels,
        "raw": np.vstack(out["raw"]),
        "corrected": np.vstack(out["corrected"]),
        "boot": np.stack(out["boot"], axis=1),
        "n_docs": out["n_docs"],
        "n_total": out["n_total"],
        "n_labelled": np.vstack(out["n_labelled"]),
        "n_gold": out["n_gold"],
    }


def _chi2(table: np.ndarray) -> np.ndarray:
    """Pearson's chi-square of (..., rows, cols) contingency tables; empty cells' expectation skipped."""
    total = table.sum(axis=(-2, -1), keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        expected = table.sum(-1, keepdims=True) * table.sum(-2, keepdims=True) / total
        cells = np.where(expected > 0, (table - expected) ** 2 / expected, 0.0)
    return cells.sum(axis=(-2, -1))


def error_rates_by_side(
    validation: FrameValidation,
    sentences: pd.DataFrame,
    *,
    by: str = "side",
    n_perm: int = 999,
    random_state: int | None = 0,
) -> pd.DataFrame:
    """Does the classifier err differently on each side? Error rates per side and frame, and a permutation test.

    Parameters
    ----------
    validation : FrameValidation
        :func:`framing.validate_frames` output (its out-of-fold predictions).
    sentences : pandas.DataFrame
        The sentences (``doc_id`` and the ``by`` column), to find each coded document's side.
    by : str, default "side"
        The comparison column.
    n_perm : int, default 999
        Permutations of the side labels across coded documents.
    random_state : int or None, default 0
        Seeds the permutations.

    Returns
    -------
    pandas.DataFrame
        One row per side and coded frame: ``side``, ``frame``, ``n_coded``, ``error_rate``
        (share of that frame's coded sentences the classifier labelled otherwise), and the
        test, the same on every row: ``statistic`` (Pearson's chi-square of side x predicted
        label, summed over the true frames), ``p_value`` (permutation), ``n_perm``. No rows
        when the coded documents come from fewer than two sides.

    Notes
    -----
    The correction of :func:`corrected_shares` assumes ``P(label | frame)`` is the same on
    every side. Within each true frame, a side x predicted-label table is built; under the
    null of equal error rates, side labels are exchangeable across coded documents, so the
    p-value permutes whole documents' sides (sentences of a document stay together), which
    keeps it valid with small counts where the chi-square distribution is not.

    References
    ----------
    Good, P. (2005). Permutation, Parametric and Bootstrap Tests of Hypotheses. Springer.
    Agresti, A. (2013). Categorical Data Analysis, 3rd ed. (the chi-square of homogeneity).
    """
    n_perm = check_int(n_perm, "n_perm")
    pred = validation.predictions
    frames = list(validation.frames)
    labels = [*frames, *sorted(set(pred["predicted"]) - set(frames))]
    col = check_column(sentences, by, param="by").astype("string")
    side_of_doc = dict(zip(check_column(sentences, "doc_id").astype(str), col.to_numpy(dtype=object)))
    C, cdocs = _coded_tables(validation, labels, frames)
    coded_side = np.array([side_of_doc.get(d) for d in cdocs], dtype=object)
    keep = np.array([s is not None and not pd.isna(s) for s in coded_side], dtype=bool)
    C, coded_side = C[keep].reshape(-1, len(labels), len(frames)), coded_side[keep]
    side_names, s = np.unique(coded_side.astype(str), return_inverse=True)
    if len(side_names) < 2:
        # Coded documents from one side (or none in this corpus): nothing to compare.
        return pd.DataFrame(
            columns=["side", "frame", "n_coded", "error_rate", "statistic", "p_value", "n_perm"]
        )
    onehot = np.eye(len(side_names))[s]
    observed = _chi2(np.einsum("ds,dpt->tsp", onehot, C)).sum()
    rng = np.random.default_rng(check_random_state(random_state))
    perms = np.stack([onehot[rng.permutation(len(s))] for _ in range(n_perm)])
    null = _chi2(np.einsum("nds,dpt->ntsp", perms, C)).sum(axis=-1)
    rows = []
    for j, side in enumerate(side_names):
        counts = C[s == j].sum(0)
        for t, frame in enumerate(frames):
            n = counts[:, t].sum()
            rows.append(
                {
                    "side": side,
                    "frame": frame,
                    "n_coded": int(n),
                    "error_rate": 1 - counts[t, t] / n if n else np.nan,
                }
            )
    out = pd.DataFrame(rows)
    out["statistic"] = float(observed)
    out["p_value"] = float((1 + np.sum(null >= observed - 1e-9)) / (1 + n_perm))
    out["n_perm"] = n_perm
    return out


@fill_doc
def corrected_shares(
    sentences: pd.DataFrame,
    frames,
    validation: FrameValidation,
    *,
    by: str = "side",
    sides=None,
    classifier=None,
    codes=None,
    per_side: bool = False,
    alpha: float = 0.05,
    n_boot: int = 2000,
    ci: float = 0.95,
    random_state: int | None = 0,
) -> pd.DataFrame:
    """Frame shares by side, corrected for the classifier's errors, with intervals.

    Parameters
    ----------
    sentences : pandas.DataFrame
        The sentences (``doc_id`` and the ``by`` column).
    frames : pandas.DataFrame, Series or sequence
        The classifier's label of every sentence (``FrameClassifier.predict``,
        or ``FrameClassifier.label`` output; None/abstention allowed). With
        ``classifier``: what it takes instead, the sentences' texts for a
        :class:`framing.TextFrameClassifier`, their vectors for a FrameClassifier.
    validation : FrameValidation
        :func:`framing.validate_frames` of the same classifier on the coded
        sample: its out-of-fold predictions estimate the misclassification
        matrix.
    {doc.by}
    {doc.sides}
    classifier : fitted classifier, optional
        Labels ``frames`` (texts or vectors) first; fit it on all the codes.
    codes : pandas.DataFrame, optional
        The coded sample (:func:`framing.read_codes` output: ``sentence_id``,
        ``label``). Its sentences count with their hand-coded frame, not the
        classifier's label (the final classifier was trained on them, so its
        labels there are better than the out-of-fold errors say); only the
        other sentences are corrected.
    per_side : bool, default False
        Estimate the misclassification matrix from each side's coded documents
        separately (a frame a side has no codes for uses the pooled column).
        Use it when :func:`error_rates_by_side` finds error rates differ and
        each side has enough codes of each frame.
    alpha : float, default 0.05
        With ``per_side=False``, warn when :func:`error_rates_by_side` rejects
        equal error rates across sides at this level (the ``error_rate_p`` column
        holds its p-value either way).
    n_boot : int, default 2000
        Resamples. Each resamples both the documents of each side (the corpus)
        and the coded documents (the misclassification matrix), so the interval
        carries the uncertainty of both.
    {doc.ci}
    {doc.random_state}

    Returns
    -------
    pandas.DataFrame
        One row per side and frame: ``side`` (the value of ``by``), ``frame``,
        ``n_sentences`` (labelled with the frame), ``n_total``, ``n_docs``,
        ``share_raw`` (classify and count), ``share`` (corrected), ``ci_low``,
        ``ci_high`` (percentile interval of the corrected share), ``n_coded``
        (the side's sentences counted with their hand-coded frame); and, the same
        on every row, ``ci``, ``n_boot``, ``method``, ``classifier``
        (:attr:`FrameValidation.caption`: which classifier, its cross-validated
        macro-F1), ``error_rate_p`` (:func:`error_rates_by_side`'s p-value),
        ``per_side``.

    Notes
    -----
    The correction assumes the classifier errs on the corpus as it did on the
    coded sample (the same ``P(label | frame)``), which holds when the coded
    sample was drawn from the corpus at random (``sample_for_coding``'s
    stratified strategy); it does not hold for a sample of uncertain sentences
    alone. In a resample where a rare frame has no coded sentence, its column of
    the matrix keeps the full-sample estimate. Shares of frames the coders never
    used are not estimated. The matrix comes from out-of-fold predictions,
    whichever classifier (frozen or fine-tuned) made the labels: a fine-tuned
    classifier scored on its own training codes would look nearly perfect and
    correct nothing.

    Balanced k-shot samples (k sentences of each frame, the usual few-shot
    design) are not random samples of the corpus. The matrix is normalised
    within each true frame (``P(label | frame)``), so its column margins, which
    a balanced sample fixes at k and which no longer carry the corpus's frame
    shares, cancel out; the correction stays valid if the k sentences of each
    frame are a random draw from that frame's sentences. What is off is
    everything that reads the margins: accuracy and precision of the
    validation, ``P(frame | label)``, and the pooled bootstrap of documents.
    Sentences picked because a zero-shot or earlier classifier labelled them so
    are selected on the label itself, which biases ``P(label | frame)``: restrict
    the matrix to the randomly drawn part of the coded sample (validate on it
    alone), or weight each coded sentence by the inverse of its probability of
    selection before counting.

    References
    ----------
    Forman, G. (2008). Quantifying counts and costs via classification. Data
    Mining and Knowledge Discovery 17(2), 164-206. Hopkins, D. J. & King, G.
    (2010). A method of automated nonparametric content analysis for social
    science. AJPS 54(1), 229-247. Field, C. A. & Welsh, A. H. (2007).
    Bootstrapping clustered data. JRSS B 69, 369-390.
    """
    ci = check_number(ci, "ci", low=0.0, high=1.0, inclusive=False, hint=" (e.g. 0.95)")
    alpha = check_number(alpha, "alpha", low=0.0, high=1.0, hint=" (e.g. 0.05)")
    if classifier is not None:
        frames = classifier.label(frames if is_text_estimator(classifier) else check_vectors(frames))
    d = corrected_draws(
        sentences,
        frames,
        validation,
        by=by,
        sides=sides,
        codes=codes,
        per_side=per_side,
        n_boot=n_boot,
        random_state=random_state,
    )
    test = error_rates_by_side(validation, sentences, by=by, random_state=random_state)
    error_rate_p = float(test["p_value"].iloc[0]) if len(test) else np.nan
    if not per_side and error_rate_p < alpha:
        warnings.warn(
            f"the classifier's error rates differ between values of {by!r} (permutation p = "
            f"{error_rate_p:.3f}, framing.error_rates_by_side): one misclassification matrix "
            "for every side may bias the correction; pass per_side=True if each side has codes of each frame.",
            FramingWarning,
            stacklevel=2,
        )
    lo, hi = np.quantile(d["boot"], [(1 - ci) / 2, 1 - (1 - ci) / 2], axis=0)
    li = {c: i for i, c in enumerate(d["labels"])}
    rows = []
    for s, side in enumerate(d["sides"]):
        for t, frame in enumerate(d["frames"]):
            rows.append(
                {
                    "side": side,
                    "frame": frame,
                    "n_sentences": int(d["n_labelled"][s, li[frame]]),
                    "n_total": d["n_total"][s],
                    "n_docs": d["n_docs"][s],
                    "share_raw": d["raw"][s, li[frame]],
                    "share": d["corrected"][s, t],
                    "ci_low": lo[s, t],
                    "ci_high": hi[s, t],
                }
            )
    out = pd.DataFrame(rows)
    out["n_coded"] = np.repeat(d["n_gold"], len(d["frames"]))
    settings = {"ci": ci, "n_boot": int(n_boot), "method": "adjusted classify and count"}
    settings.update(classifier=validation.caption, error_rate_p=error_rate_p, per_side=per_side)
    return out.assign(**settings)
