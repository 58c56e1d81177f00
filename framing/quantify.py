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

import numpy as np
import pandas as pd
from scipy.optimize import nnls

from framing._bootstrap import resample_sums
from framing._docstrings import fill_doc
from framing._validate import check_column, check_groups, check_int, check_number
from framing.errors import ParameterError
from framing.frame_classifier import FrameValidation
from framing.labels import ABSTAIN_LABEL

__all__ = ["adjusted_count", "corrected_shares"]

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
    """Row-aligned frame labels as strings, abstentions as ABSTAIN_LABEL (the check frames uses)."""
    from framing.frames import _frame_labels

    _, lab = _frame_labels(sentences, frames, include_abstained=True)
    return pd.Series(lab, dtype=object).astype(str).to_numpy(dtype=object)


def corrected_draws(
    sentences: pd.DataFrame,
    frames,
    validation: FrameValidation,
    *,
    by: str = "side",
    sides=None,
    n_boot: int = 2000,
    random_state: int | None = 0,
) -> dict:
    """Raw and corrected shares per side, with their joint bootstrap draws (for compare_frames).

    Parameters
    ----------
    sentences, frames, validation, by, sides, n_boot, random_state
        As in :func:`corrected_shares`.

    Returns
    -------
    dict
        ``sides``, ``frames`` (true frames), ``labels`` (label categories),
        ``raw`` (n_sides, n_labels), ``corrected`` (n_sides, n_frames),
        ``boot`` (n_boot, n_sides, n_frames), ``n_docs``, ``n_total``,
        ``n_labelled`` (n_sides, n_labels).
    """
    if not isinstance(validation, FrameValidation):
        raise ParameterError(
            f"validation must be the output of framing.validate_frames; got {type(validation).__name__}."
        )
    n_boot = check_int(n_boot, "n_boot")
    lab = _labels(sentences, frames)
    col = check_column(sentences, by, param="by").astype("string")
    docs = check_column(sentences, "doc_id").astype(str).to_numpy()
    chosen = check_groups(col, sides, column=by, min_groups=1)
    true_frames = list(validation.frames)
    pred = validation.predictions
    labels = [*true_frames, *sorted((set(pred["predicted"]) | set(lab)) - set(true_frames))]
    unseen = sorted(set(lab) - set(true_frames) - {ABSTAIN_LABEL})
    if unseen:
        raise ParameterError(
            f"frames holds label(s) {unseen} that the validation never coded; correct shares with the "
            f"validation of the classifier that made these labels (its frames are {true_frames})."
        )
    li = {c: i for i, c in enumerate(labels)}
    ti = {c: i for i, c in enumerate(true_frames)}

    # The coded sample, as per-document (label x frame) counts, flattened for resampling.
    cdocs, cd = np.unique(pred["group"].astype(str).to_numpy(), return_inverse=True)
    C = np.zeros((len(cdocs), len(labels) * len(true_frames)))
    flat = np.array([li[p] * len(true_frames) + ti[t] for p, t in zip(pred["predicted"], pred["true"])])
    np.add.at(C, (cd, flat), 1.0)
    M_hat = _misclassification(C.sum(0).reshape(len(labels), len(true_frames)))

    rng = np.random.default_rng(random_state)
    (C_boot,) = resample_sums([C], n_boot, rng)
    M_boot = [_misclassification(c.reshape(len(labels), len(true_frames)), fallback=M_hat) for c in C_boot]
    side_vals = col.to_numpy(dtype=object, na_value=None)
    raw, corrected, boot, n_docs, n_total, n_lab = [], [], [], [], [], []
    for side in chosen:
        m = side_vals == side
        sdocs, sd = np.unique(docs[m], return_inverse=True)
        Q = np.zeros((len(sdocs), len(labels)))
        np.add.at(Q, (sd, np.array([li[x] for x in lab[m]])), 1.0)
        q = Q.sum(0) / Q.sum()
        raw.append(q)
        n_lab.append(Q.sum(0))
        corrected.append(adjusted_count(q, M_hat))
        (Qb,) = resample_sums([Q], n_boot, rng)
        qb = Qb / Qb.sum(axis=1, keepdims=True)
        boot.append(np.vstack([adjusted_count(qb[i], M_boot[i]) for i in range(n_boot)]))
        n_docs.append(len(sdocs))
        n_total.append(int(m.sum()))
    return {
        "sides": chosen,
        "frames": true_frames,
        "labels": labels,
        "raw": np.vstack(raw),
        "corrected": np.vstack(corrected),
        "boot": np.stack(boot, axis=1),
        "n_docs": n_docs,
        "n_total": n_total,
        "n_labelled": np.vstack(n_lab),
    }


@fill_doc
def corrected_shares(
    sentences: pd.DataFrame,
    frames,
    validation: FrameValidation,
    *,
    by: str = "side",
    sides=None,
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
        or ``FrameClassifier.label`` output; None/abstention allowed).
    validation : FrameValidation
        :func:`framing.validate_frames` of the same classifier on the coded
        sample: its out-of-fold predictions estimate the misclassification
        matrix.
    {doc.by}
    {doc.sides}
    n_boot : int, default 2000
        Resamples. Each resamples both the documents of each side (the corpus)
        and the coded documents (the misclassification matrix), so the interval
        carries the uncertainty of both.
    {doc.ci}
    {doc.random_state}

    Returns
    -------
    pandas.DataFrame
        One row per side and frame: ``side`` (the value of ``by``; ``attrs["by"]``
        names the column), ``frame``,
        ``n_sentences`` (labelled with the frame), ``n_total``, ``n_docs``,
        ``share_raw`` (classify and count), ``share`` (corrected), ``ci_low``,
        ``ci_high`` (percentile interval of the corrected share).

    Notes
    -----
    The correction assumes the classifier errs on the corpus as it did on the
    coded sample (the same ``P(label | frame)``), which holds when the coded
    sample was drawn from the corpus at random (``sample_for_coding``'s
    stratified strategy); it does not hold for a sample of uncertain sentences
    alone. In a resample where a rare frame has no coded sentence, its column of
    the matrix keeps the full-sample estimate. Shares of frames the coders never
    used are not estimated.

    References
    ----------
    Forman, G. (2008). Quantifying counts and costs via classification. Data
    Mining and Knowledge Discovery 17(2), 164-206. Hopkins, D. J. & King, G.
    (2010). A method of automated nonparametric content analysis for social
    science. AJPS 54(1), 229-247. Field, C. A. & Welsh, A. H. (2007).
    Bootstrapping clustered data. JRSS B 69, 369-390.
    """
    ci = check_number(ci, "ci", low=0.0, high=1.0, inclusive=False, hint=" (e.g. 0.95)")
    d = corrected_draws(
        sentences, frames, validation, by=by, sides=sides, n_boot=n_boot, random_state=random_state
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
    out.attrs.update({"by": by, "ci": ci, "n_boot": int(n_boot), "method": "adjusted classify and count"})
    return out
