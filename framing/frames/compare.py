"""Differences of frame shares between sides: permutation tests, and the correction for classifier errors."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from framing._core.docstrings import fill_doc
from framing._core.names import REST
from framing._core.validation import check_number, check_texts, check_vectors, is_text_estimator
from framing.analysis.compare import compare_shares
from framing.errors import ParameterError, RenamedWarning
from framing.frames.correction import corrected_draws
from framing.frames.shares import frame_labels

__all__ = ["compare_frames"]

_CORRECTION = "adjusted classify and count (Forman 2008; Hopkins & King 2010)"


def _classifier_frames(sentences, frames, classifier, validation, vectors):
    """The classifier's label table of ``vectors`` (texts for a text classifier); old calls passed them as frames."""
    if validation is None:
        raise ParameterError(
            "classifier= needs validation= (framing.validate_frames of that classifier) to correct the "
            "shares; without a correction pass the labels: compare_frames(sentences, classifier.predict(X))."
        )
    if vectors is None:
        warnings.warn(
            "compare_frames(sentences, vectors, classifier=...) is now compare_frames(sentences, "
            "classifier=..., vectors=...); passing the vectors as frames stops working in the next release.",
            RenamedWarning,
            stacklevel=4,
        )
        vectors = frames
    elif frames is not None:
        raise ParameterError(
            "pass frames= (labels) or classifier= with vectors= (the classifier labels them), not both."
        )
    if is_text_estimator(classifier):
        return classifier.label(check_texts(vectors, "vectors"), index=sentences.index)
    return classifier.label(check_vectors(vectors, n_rows=len(sentences)), index=sentences.index)


def _clusters_to_frames(table: pd.DataFrame, names) -> pd.DataFrame:
    """compare_shares output with its ``cluster`` codes replaced by frame names (same place)."""
    out = table.copy()
    out["cluster"] = np.asarray(names, dtype=object)[table["cluster"].to_numpy(dtype=int)]
    return out.rename(columns={"cluster": "frame"})


def _tests(sentences, frames, include_abstained, **options) -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray]:
    """compare_shares of the frame labels: the tests table, and the sentences and labels it compared."""
    sents, lab = frame_labels(sentences, frames, include_abstained=include_abstained)
    codes, names = pd.factorize(pd.Series(lab, dtype=object), sort=True)
    return _clusters_to_frames(compare_shares(sents, codes, **options), names), sents, lab


def _side_draws(d: dict, side: str):
    """Corrected shares, raw shares and bootstrap draws of one side (None for "rest": see _rest_draws)."""
    if side == REST:
        return None
    i = list(d["sides"]).index(side)
    return tuple(arr[..., i, :] for arr in (d["corrected"], d["raw"], d["boot"]))


def _rest_draws(d: dict, a: str):
    """The unweighted mean of the sides other than ``a``, as compare_shares's "rest"."""
    others = [i for i, s in enumerate(d["sides"]) if s != a]
    return tuple(arr[..., others, :].mean(axis=-2) for arr in (d["corrected"], d["raw"], d["boot"]))


def _corrected_pair(d: dict, grp: pd.DataFrame, a: str, b: str, ci: float) -> pd.DataFrame:
    """One pair of sides: corrected shares, their difference's interval, the labels' p- and q-values."""
    (ca, ra, ba), (cb, rb, bb) = _side_draws(d, a), _side_draws(d, b) or _rest_draws(d, a)
    lo, hi = np.quantile(ba - bb, [(1 - ci) / 2, 1 - (1 - ci) / 2], axis=0)
    li = [{c: i for i, c in enumerate(d["labels"])}[f] for f in d["frames"]]
    tested = grp.set_index("frame").reindex(d["frames"])
    first = grp.iloc[0]
    out = pd.DataFrame(
        {
            "side_a": a,
            "side_b": b,
            "frame": d["frames"],
            "share_a": ca,
            "share_b": cb,
            "diff": ca - cb,
            "ci_low": lo,
            "ci_high": hi,
            "p_value": tested["p_value"].to_numpy(dtype=float),
            "q_value": tested["q_value"].to_numpy(dtype=float),
            "share_a_raw": ra[li],
            "share_b_raw": rb[li],
        }
    )
    # Counts and the run's settings are the pair's, the same on each of its rows.
    for col in [c for c in grp.columns if c not in out.columns]:
        out[col] = first[col]
    return out


def _compare_corrected(sentences, frames, validation, *, ci, **options) -> pd.DataFrame:
    """compare_frames with shares corrected by the validation's misclassification matrix."""
    if options["weight"] != "sentence":
        raise ParameterError(
            "the corrected shares are shares of sentences; weight='document' cannot be corrected. Drop "
            "weight= or drop validation=."
        )
    if options["cluster_by"] is not None:
        raise ParameterError(
            "cluster_by= is not available with validation= yet: the corrected intervals resample the coded "
            "documents too. Compare the uncorrected labels with cluster_by=, or drop cluster_by=."
        )
    ci = check_number(ci, "ci", low=0.0, high=1.0, inclusive=False, hint=" (e.g. 0.95)")
    tests, sents, lab = _tests(sentences, frames, True, ci=ci, **options)
    chosen = sorted((set(tests["side_a"]) | set(tests["side_b"])) - {REST})
    d = corrected_draws(
        sents,
        lab,
        validation,
        by=options["by"],
        sides=chosen,
        n_boot=options["n_boot"],
        random_state=options["random_state"],
    )
    pairs = [
        _corrected_pair(d, grp, a, b, ci) for (a, b), grp in tests.groupby(["side_a", "side_b"], sort=False)
    ]
    out = pd.concat(pairs, ignore_index=True)
    out["side_a"] = out["side_a"].astype("string")
    out["side_b"] = out["side_b"].astype("string")
    out["correction"], out["classifier"] = _CORRECTION, validation.caption
    return out


@fill_doc
def compare_frames(
    sentences: pd.DataFrame,
    frames=None,
    *,
    by: str = "side",
    sides=None,
    include_abstained: bool = True,
    n_boot: int = 2000,
    n_perm: int | None = None,
    weight: str = "sentence",
    ci: float = 0.95,
    cluster_by: str | None = None,
    random_state: int | None = 0,
    classifier=None,
    validation=None,
    vectors=None,
) -> pd.DataFrame:
    """Test which frames each side leans on more: differences of shares between sides.

    A thin adapter over :func:`framing.analysis.compare.compare_shares` with frames in
    place of clusters, so frames get exactly the statistics clusters get:
    shares within each side, bootstrap percentile CIs of the difference from
    resampling documents, permutation p-values from shuffling side labels
    across documents, and Benjamini-Hochberg q-values across frames.

    Parameters
    ----------
    sentences : pandas.DataFrame
        Sentences table with ``doc_id`` and the ``by`` column.
    frames : pandas.DataFrame, Series or sequence, optional
        ``assign_frames(...)`` output or frame labels, row-aligned with ``sentences``.
        Leave it out when ``classifier`` labels ``vectors``.
    {doc.by}
    {doc.sides}
    include_abstained : bool, default True
        Keep abstentions as a category (:data:`ABSTAIN_LABEL`); with False they
        are dropped before shares are computed (not with ``validation``, which
        keeps them).
    {doc.n_boot}
    n_perm : int, optional
        Permutations of the side labels across documents; default as in
        :func:`~framing.analysis.compare.compare_shares`.
    weight : {{"sentence", "document"}}, default "sentence"
        Weigh sentences, or give every document the same weight (not with ``validation``).
    {doc.ci}
    {doc.cluster_by}
        With it the table gains the leave-one-outlet-out columns (``loo_low``,
        ``loo_high``, ``one_outlet``, ``carried_by``); not with ``validation`` yet.
    {doc.random_state}
    classifier : fitted FrameClassifier or TextFrameClassifier, optional
        Labels ``vectors``; needs ``validation``.
    validation : FrameValidation, optional
        :func:`framing.validate_frames` of the classifier that made the labels.
        When given, shares and differences are corrected for the classifier's
        errors (adjusted classify and count, :func:`framing.corrected_shares`)
        and their intervals resample both the corpus's documents and the coded
        documents; p- and q-values stay those of the permutation test on the
        labels (equal true shares imply equal label shares when both sides are
        labelled by the same classifier). The table gains ``share_a_raw`` and
        ``share_b_raw`` (classify and count), ``correction`` and ``classifier``
        (:attr:`FrameValidation.caption`).
    vectors : array of shape (n_sentences, dim), or sequence of str, optional
        With ``classifier``: the sentences' vectors (their texts for a
        :class:`framing.TextFrameClassifier`). The last release took them as
        ``frames``; that still works, with a :class:`~framing.errors.RenamedWarning`.

    Returns
    -------
    pandas.DataFrame
        :func:`~framing.analysis.compare.compare_shares`'s table with its ``cluster``
        column replaced by ``frame``: ``side_a``, ``side_b``, ``frame``,
        ``share_a``, ``share_b``, ``diff``, ``ci_low``, ``ci_high``,
        ``p_value``, ``q_value``, ``n_docs_a``...

    References
    ----------
    Efron & Tibshirani (1993); Good (2005); Benjamini & Hochberg (1995), as in
    :func:`framing.analysis.compare.compare_shares`; Forman (2008) and Hopkins & King
    (2010) for the correction.
    """
    if classifier is not None:
        frames = _classifier_frames(sentences, frames, classifier, validation, vectors)
    options = {"by": by, "sides": sides, "n_boot": n_boot, "n_perm": n_perm, "weight": weight}
    options.update(cluster_by=cluster_by, random_state=random_state)
    if validation is not None:
        return _compare_corrected(sentences, frames, validation, ci=ci, **options)
    tests, _, _ = _tests(sentences, frames, include_abstained, ci=ci, **options)
    return tests
