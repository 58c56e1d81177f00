"""A frame classifier trained on hand-coded sentences, and its validation.

The zero-shot prototypes of :mod:`framing.frames.zero_shot` are a way to explore; the
method researchers trust is supervised: code a sample of sentences by hand
(:mod:`framing.frames.coding`), train a classifier on their vectors
(:class:`FrameClassifier`), and measure it on codes it did not see
(:func:`validate_frames`): cross-validation grouped by document, per-frame
precision, recall and F1 with document-bootstrap intervals, the confusion
matrix, and a learning curve that says whether more coding would help. The
confusion matrix then corrects the frame shares for the classifier's errors
(:mod:`framing.frames.correction`).
"""

from __future__ import annotations

import difflib
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from numbers import Integral, Real
from typing import ClassVar

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context, clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.class_weight import compute_class_weight
from sklearn.utils.validation import validate_data

from framing._core.bootstrap import resample_sums
from framing._core.estimator import ValidatedParamsMixin, check_fitted
from framing._core.names import ABSTAIN_LABEL
from framing._core.renamed import keyword_only_options
from framing._core.validation import (
    check_int,
    check_number,
    check_random_state,
    check_texts,
    check_vectors,
    is_text_estimator,
)
from framing.errors import ParameterError
from framing.frames.coding import codebook_names

__all__ = ["ABSTAIN_LABEL", "FrameClassifier", "FrameValidation", "validate_frames"]


def _uncoded_frames(codebook, y) -> list[str]:
    """The codebook's frames never coded in ``y``; refuses a code the codebook does not have."""
    if codebook is None:
        return []
    names = codebook_names(codebook)
    unknown = sorted({str(v) for v in y} - set(names))
    if unknown:
        close = difflib.get_close_matches(unknown[0], names, n=1, cutoff=0.0)
        raise ParameterError(
            f"y holds label(s) {unknown} not in the codebook"
            + (f" (did you mean {close[0]!r} for {unknown[0]!r}?)" if close else "")
            + f"; the codebook's labels are {names}."
        )
    return [n for n in names if n not in set(map(str, y))]


class FrameClassifier(ValidatedParamsMixin, ClassifierMixin, BaseEstimator):
    """Logistic regression on sentence vectors, with class weights, calibration and abstention.

    Parameters
    ----------
    C : float, default 1.0
        Inverse L2 regularisation strength.
    class_weight : "balanced", dict or None, default "balanced"
        Weights classes inversely to their frequency, so a frame coded ten
        times is not drowned by one coded two hundred times.
    calibration : {"sigmoid", "isotonic", None}, default "sigmoid"
        Calibrate probabilities by cross-validation (Platt 1999 scaling per
        class; Niculescu-Mizil & Caruana 2005). Needs at least ``cv`` examples
        of every frame; with fewer, the logistic regression's own probabilities
        are used and ``calibrated_`` is False.
    cv : int, default 3
        Folds for calibration.
    abstain_below : float or None, default None
        Predict :data:`ABSTAIN_LABEL` when the top probability is below this.
    codebook : mapping or sequence of str, optional
        The allowed frames (e.g. :data:`framing.MFC_FRAMES` or the five
        Semetko & Valkenburg 2000 frames); ``fit`` refuses labels outside it.
        Frames of the codebook never coded cannot be predicted (listed in
        ``uncoded_frames_``).
    max_iter : int, default 2000
        Most iterations of the logistic regression's solver.
    random_state : int or None, default 0
        Seeds the calibration folds.

    Attributes
    ----------
    classes_ : numpy.ndarray
        The frames seen in ``fit``, sorted.
    n_features_in_ : int
    estimator_ : fitted LogisticRegression or CalibratedClassifierCV
    calibrated_ : bool
    decision_weights_ : numpy.ndarray
        Per-class weights ``predict`` multiplies the calibrated probabilities by.
    n_iter_ : numpy.ndarray
    uncoded_frames_ : list of str

    References
    ----------
    Platt, J. (1999). Probabilistic outputs for support vector machines.
    Niculescu-Mizil, A. & Caruana, R. (2005). Predicting good probabilities
    with supervised learning. ICML. King, G. & Zeng, L. (2001). Logistic
    regression in rare events data. Political Analysis 9 (class weights).
    Elkan, C. (2001). The foundations of cost-sensitive learning. IJCAI.
    """

    # Checked by scikit-learn before fit runs (sklearn.base._fit_context); a violation is a ParameterError.
    _parameter_constraints: ClassVar[dict] = {
        "C": [Interval(Real, 0, None, closed="neither")],
        "class_weight": [StrOptions({"balanced"}), dict, None],
        "calibration": [StrOptions({"sigmoid", "isotonic"}), None],
        "cv": [Interval(Integral, 2, None, closed="left")],
        "abstain_below": [Interval(Real, 0, 1, closed="both"), None],
        "codebook": [Mapping, Sequence, None],
        "max_iter": [Interval(Integral, 1, None, closed="left")],
        "random_state": ["random_state"],
    }

    @keyword_only_options
    def __init__(
        self,
        *,
        C=1.0,
        class_weight="balanced",
        calibration="sigmoid",
        cv=3,
        abstain_below=None,
        codebook=None,
        max_iter=2000,
        random_state=0,
    ):
        self.C = C
        self.class_weight = class_weight
        self.calibration = calibration
        self.cv = cv
        self.abstain_below = abstain_below
        self.codebook = codebook
        self.max_iter = max_iter
        self.random_state = random_state

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Fit on sentence vectors and their hand-coded frames.

        Parameters
        ----------
        X : array of shape (n_sentences, dim)
            Sentence vectors (``framing.embed``).
        y : array-like of str, shape (n_sentences,)
            The frames (e.g. ``read_codes(...)["label"]``).

        Returns
        -------
        self
        """
        X, y = validate_data(self, X, y, dtype=np.float64)
        y = np.asarray(y)
        self.uncoded_frames_ = _uncoded_frames(self.codebook, y)
        classes, counts = np.unique(y, return_counts=True)
        if len(classes) < 2:
            raise ParameterError(
                f"a frame classifier needs at least two coded frames; got one class only, {classes.tolist()}."
            )
        base = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=self.max_iter)
        self.calibrated_ = self.calibration is not None and counts.min() >= self.cv
        if self.calibrated_:
            folds = StratifiedKFold(n_splits=self.cv, shuffle=True, random_state=self.random_state)
            self.estimator_ = CalibratedClassifierCV(base, method=self.calibration, cv=folds).fit(X, y)
            self.n_iter_ = np.max(
                [c.estimator.n_iter_ for c in self.estimator_.calibrated_classifiers_], axis=0
            )
        else:
            self.estimator_ = base.fit(X, y)
            self.n_iter_ = self.estimator_.n_iter_
        self.classes_ = self.estimator_.classes_
        # Calibration makes the probabilities match the coded frequencies again, which undoes the
        # class weights; predict() restores them as decision costs (argmax of weight x probability).
        if self.calibrated_ and self.class_weight is not None:
            self.decision_weights_ = compute_class_weight(self.class_weight, classes=self.classes_, y=y)
        else:
            self.decision_weights_ = np.ones(len(self.classes_))
        return self

    def predict_proba(self, X):
        """Probability of each frame in ``classes_`` order.

        Parameters
        ----------
        X : array of shape (n_sentences, dim)
            Sentence vectors, from the model the classifier was fitted on.

        Returns
        -------
        numpy.ndarray of shape (n_sentences, n_classes)
        """
        check_fitted(self, "estimator_", "fit(vectors, codes)")
        X = validate_data(self, X, dtype=np.float64, reset=False)
        return self.estimator_.predict_proba(X)

    def predict(self, X):
        """The predicted frame, or :data:`ABSTAIN_LABEL` when its probability is below ``abstain_below``.

        With calibrated probabilities and class weights, the frame maximising
        ``weight x probability`` (the Bayes decision when missing a frame costs
        its class weight; Elkan 2001), so rare frames are not drowned again by
        the calibration; otherwise the most probable frame.

        Parameters
        ----------
        X : array of shape (n_sentences, dim)
            The sentences' vectors, as for :meth:`predict_proba`.

        Returns
        -------
        numpy.ndarray of shape (n_sentences,)
        """
        proba = self.predict_proba(X)
        top = np.argmax(proba * self.decision_weights_, axis=1)
        pred = self.classes_[top]
        if self.abstain_below is not None:
            pred = pred.astype(object)
            pred[proba[np.arange(len(top)), top] < self.abstain_below] = ABSTAIN_LABEL
        return pred

    def label(self, X, *, index=None) -> pd.DataFrame:
        """Frames as a table shaped like :func:`framing.assign_frames` output.

        Parameters
        ----------
        X : array of shape (n_sentences, dim)
            Sentence vectors, from the model the classifier was fitted on.
        index : pandas.Index, optional
            Index of the returned table (the sentences table's).

        Returns
        -------
        pandas.DataFrame
            ``frame`` (None when abstaining), ``confidence`` (the predicted
            frame's probability), ``best`` (the predicted frame even when abstaining) and
            ``frames`` (``classes_`` joined with ``"; "``, the same on every row).
        """
        proba = self.predict_proba(X)
        top = np.argmax(proba * self.decision_weights_, axis=1)
        best = self.classes_[top].astype(object)
        conf = proba[np.arange(len(top)), top]
        frame = best.copy()
        if self.abstain_below is not None:
            frame[conf < self.abstain_below] = None
        frames = "; ".join(str(c) for c in self.classes_)
        return pd.DataFrame({"frame": frame, "confidence": conf, "best": best, "frames": frames}, index=index)

    def describe(self) -> str:
        """One line naming the classifier, for figure captions.

        Returns
        -------
        str
        """
        calibrated = "calibrated " if self.calibration is not None else ""
        return f"frozen sentence vectors + {calibrated}logistic regression (FrameClassifier)"

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = False
        return tags


@dataclass(frozen=True)
class FrameValidation:
    """Output of :func:`validate_frames`.

    Attributes
    ----------
    scores : pandas.DataFrame
        One row per (frame, metric): ``frame`` (each coded frame, then
        ``"macro"``), ``metric`` (``precision``, ``recall``, ``f1``; for
        ``"macro"`` only ``f1``, plus ``accuracy`` and ``abstained``),
        ``value``, ``ci_low``, ``ci_high``, ``support`` (coded sentences).
    confusion : pandas.DataFrame
        Tidy confusion counts: ``true``, ``predicted``, ``count`` (every pair,
        zeros included; ``predicted`` may be :data:`ABSTAIN_LABEL`).
    learning_curve : pandas.DataFrame
        ``n_coded`` (mean coded sentences a fold trained on), ``fraction``,
        ``macro_f1``, ``ci_low``, ``ci_high``.
    predictions : pandas.DataFrame
        Out-of-fold predictions: ``row`` (position in ``X``), ``group``,
        ``true``, ``predicted``, ``fold``; what the share correction uses.
    frames : list of str
        The coded frames (``classes`` of the confusion matrix).
    classifier : str
        Which classifier was validated (``describe()`` of a TextFrameClassifier, else its
        class name); :attr:`caption` puts it next to the cross-validated macro-F1 for figures.
    n_splits : int or None
        Folds of the cross-validation.
    n_boot : int or None
        Document resamples behind the intervals.
    ci : float or None
        Coverage of the intervals.
    """

    scores: pd.DataFrame
    confusion: pd.DataFrame
    learning_curve: pd.DataFrame
    predictions: pd.DataFrame
    frames: list
    classifier: str = ""
    n_splits: int | None = None
    n_boot: int | None = None
    ci: float | None = None

    @property
    def macro_f1(self) -> tuple[float, float, float]:
        """Cross-validated macro-F1 and its interval: ``(value, ci_low, ci_high)``."""
        if not {"frame", "metric"} <= set(self.scores.columns):
            return np.nan, np.nan, np.nan
        rows = self.scores[(self.scores["frame"] == "macro") & (self.scores["metric"] == "f1")]
        if rows.empty:
            return np.nan, np.nan, np.nan
        return float(rows["value"].iloc[0]), float(rows["ci_low"].iloc[0]), float(rows["ci_high"].iloc[0])

    @property
    def caption(self) -> str:
        """What made the frames and how good it is, for a figure's caption or a table's note."""
        value, low, high = self.macro_f1
        folds = "?" if self.n_splits is None else self.n_splits
        return (
            f"Frames: {self.classifier or 'classifier'}; cross-validated macro-F1 {value:.2f} "
            f"[{low:.2f}, {high:.2f}] ({folds} folds by document, {len(self.predictions)} coded sentences)."
        )


def _prf_counts(true: np.ndarray, pred: np.ndarray, groups: np.ndarray, frames: list):
    """Per-document true-positive, false-positive and false-negative counts for each frame."""
    docs, d = np.unique(groups, return_inverse=True)
    k = len(frames)
    tp, fp, fn = (np.zeros((len(docs), k)) for _ in range(3))
    for j, f in enumerate(frames):
        np.add.at(tp[:, j], d, (true == f) & (pred == f))
        np.add.at(fp[:, j], d, (true != f) & (pred == f))
        np.add.at(fn[:, j], d, (true == f) & (pred != f))
    return tp, fp, fn


def _f1(tp, fp, fn):
    with np.errstate(invalid="ignore", divide="ignore"):
        prec = np.where(tp + fp > 0, tp / (tp + fp), 0.0)
        rec = np.where(tp + fn > 0, tp / (tp + fn), np.nan)
        f1 = np.where(2 * tp + fp + fn > 0, 2 * tp / (2 * tp + fp + fn), np.nan)
    # A frame absent from a resample's codes has no recall or F1 (NaN); one that is coded but
    # never predicted has precision 0 by convention (sklearn's zero_division=0).
    f1 = np.where(tp + fn > 0, f1, np.nan)
    return prec, rec, f1


def _scores(true, pred, groups, frames, n_boot, ci, rng) -> tuple[pd.DataFrame, np.ndarray]:
    tp, fp, fn = _prf_counts(true, pred, groups, frames)
    prec, rec, f1 = _f1(tp.sum(0), fp.sum(0), fn.sum(0))
    correct = (true == pred).astype(float)
    abst = (pred == ABSTAIN_LABEL).astype(float)
    _, d = np.unique(groups, return_inverse=True)
    per_doc = np.zeros((d.max() + 1, 3))
    np.add.at(per_doc, d, np.column_stack([correct, abst, np.ones_like(correct)]))
    btp, bfp, bfn, bdoc = resample_sums([tp, fp, fn, per_doc], n_boot, rng)
    bprec, brec, bf1 = _f1(btp, bfp, bfn)
    with np.errstate(invalid="ignore"):
        bmacro = np.nanmean(bf1, axis=1)
    lo_q, hi_q = (1 - ci) / 2, 1 - (1 - ci) / 2
    support = tp.sum(0) + fn.sum(0)

    def interval(draws):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            return np.nanquantile(draws, lo_q, axis=0), np.nanquantile(draws, hi_q, axis=0)

    rows = []
    for name, val, draws in (("precision", prec, bprec), ("recall", rec, brec), ("f1", f1, bf1)):
        lo, hi = interval(draws)
        for j, f in enumerate(frames):
            rows.append((f, name, val[j], lo[j], hi[j], int(support[j])))
    macro = float(np.nanmean(f1))
    lo, hi = interval(bmacro)
    rows.append(("macro", "f1", macro, float(lo), float(hi), int(support.sum())))
    for name, col in (("accuracy", 0), ("abstained", 1)):
        val = per_doc[:, col].sum() / per_doc[:, 2].sum()
        lo, hi = interval(bdoc[:, col] / bdoc[:, 2])
        rows.append(("macro", name, float(val), float(lo), float(hi), int(support.sum())))
    table = pd.DataFrame(rows, columns=["frame", "metric", "value", "ci_low", "ci_high", "support"])
    order = {"precision": 0, "recall": 1, "f1": 2, "accuracy": 3, "abstained": 4}
    table["_o"] = table["metric"].map(order)
    table["_f"] = table["frame"].map({f: i for i, f in enumerate([*frames, "macro"])})
    table = table.sort_values(["_f", "_o"], kind="mergesort").drop(columns=["_o", "_f"])
    return table.reset_index(drop=True), bmacro


def grouped_folds(y, groups, n_splits, random_state):
    """Folds of StratifiedGroupKFold (shuffled, seeded): a document is never split; rare frames may miss a fold."""
    n_groups = len(np.unique(groups))
    if n_groups < n_splits:
        raise ParameterError(
            f"cross-validation by document needs at least n_splits={n_splits} documents; the coded "
            f"sentences come from {n_groups}. Code sentences from more documents, or lower n_splits."
        )
    with warnings.catch_warnings():
        # Rare frames cannot be spread over every fold; that is expected, not a user error.
        warnings.simplefilter("ignore", UserWarning)
        cv = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=random_state)
        return list(cv.split(np.zeros(len(y)), y, groups))


def _oof(estimator, X, y, folds, train_fraction=1.0, groups=None, rng=None):
    """Out-of-fold predictions; with train_fraction < 1 each fold trains on a random subset of its documents."""
    pred = np.empty(len(y), dtype=object)
    fold_of = np.empty(len(y), dtype=int)
    n_train = []
    for i, (train, test) in enumerate(folds):
        if train_fraction < 1.0:
            docs = np.unique(groups[train])
            keep_docs = rng.choice(docs, size=max(2, round(train_fraction * len(docs))), replace=False)
            train = train[np.isin(groups[train], keep_docs)]
        n_train.append(len(train))
        if len(np.unique(y[train])) < 2:
            # Too few documents to see two frames: predict the only frame there is.
            pred[test] = y[train][0]
        else:
            pred[test] = clone(estimator).fit(X[train], y[train]).predict(X[test])
        fold_of[test] = i
    return pred, fold_of, float(np.mean(n_train))


def _describe(estimator) -> str:
    """The estimator's own one-line description (a Pipeline's last step's), else its class name."""
    steps = getattr(estimator, "steps", None)
    last = steps[-1][1] if isinstance(steps, list) and steps else estimator
    if hasattr(last, "describe"):
        return last.describe()
    return type(estimator).__name__


def validate_frames(
    vectors,
    codes,
    groups,
    *,
    classifier=None,
    n_splits: int = 5,
    learning_curve=(0.1, 0.2, 0.35, 0.5, 0.75, 1.0),
    n_boot: int = 2000,
    ci: float = 0.95,
    random_state: int | None = 0,
) -> FrameValidation:
    """Cross-validate a frame classifier on hand-coded sentences, grouped by document.

    Parameters
    ----------
    vectors : array of shape (n_coded, dim), or sequence of str
        Vectors of the coded sentences; their texts when ``classifier`` takes texts
        (:class:`framing.TextFrameClassifier`, which embeds and may fine-tune its encoder: it
        is then fine-tuned inside each fold on that fold's training documents only).
    codes : array-like of str, shape (n_coded,)
        Their hand-coded frames.
    groups : array-like, shape (n_coded,)
        Document of each coded sentence: the sentences of one document are
        never split across folds (they share wording and context, so a split
        would flatter the classifier), and the bootstrap resamples documents.
    classifier : estimator, optional
        Default ``FrameClassifier()``; any scikit-learn classifier (or
        Pipeline) works.
    n_splits : int, default 5
        Folds of :class:`~sklearn.model_selection.StratifiedGroupKFold`.
    learning_curve : sequence of float
        Fractions of each fold's training documents to train on (drawn at
        random, seeded) for the learning curve; ``()`` skips it.
    n_boot : int, default 2000
        Document resamples for the intervals.
    ci : float, default 0.95
        Coverage of the percentile intervals.
    random_state : int or None, default 0
        Seeds the folds, the learning-curve subsets and the bootstrap; None draws fresh
        entropy from the operating system (results then differ run to run).

    Returns
    -------
    FrameValidation
        ``scores`` (per-frame precision, recall, F1; macro-F1, accuracy and
        abstention rate, each with a percentile interval), ``confusion``,
        ``learning_curve``, ``predictions`` (out-of-fold).

    Notes
    -----
    Every sentence is predicted once by a model that never saw its document;
    the scores are computed on the pooled out-of-fold predictions, and their
    intervals resample the coded documents (Efron & Tibshirani 1993; Field &
    Welsh 2007). Macro-F1 is the unweighted mean of the F1 of every coded
    frame, so rare frames count as much as common ones (Sokolova & Lapalme
    2009); abstentions count as errors. The learning curve repeats the
    cross-validation with each fold trained on a fraction of its documents: a
    curve still rising at the right says more coding will pay (Figueroa et al.
    2012).

    References
    ----------
    Efron, B. & Tibshirani, R. (1993). An Introduction to the Bootstrap.
    Field, C. A. & Welsh, A. H. (2007). Bootstrapping clustered data. JRSS B 69.
    Sokolova, M. & Lapalme, G. (2009). A systematic analysis of performance
    measures for classification tasks. Information Processing & Management 45.
    Figueroa, R. L., Zeng-Treitler, Q., Kandula, S. & Ngo, L. H. (2012).
    Predicting sample size required for classification performance. BMC
    Medical Informatics and Decision Making 12, 8.
    """
    X, y, g = _coded_inputs(vectors, codes, groups, classifier)
    n_splits = check_int(n_splits, "n_splits", minimum=2)
    n_boot = check_int(n_boot, "n_boot")
    ci = check_number(ci, "ci", low=0.0, high=1.0, inclusive=False, hint=" (e.g. 0.95)")
    fractions = sorted({float(check_number(f, "learning_curve", low=0.0, high=1.0)) for f in learning_curve})
    if any(f <= 0 for f in fractions):
        raise ParameterError("learning_curve fractions must be above 0 (e.g. 0.1, 0.5, 1.0).")
    seed = check_random_state(random_state)
    est = FrameClassifier(random_state=seed) if classifier is None else classifier
    folds = grouped_folds(y, g, n_splits, seed)
    rng = np.random.default_rng(seed)
    pred, fold_of, _ = _oof(est, X, y, folds)
    frames = sorted(set(y))
    scores, _ = _scores(y, pred.astype(object), g, frames, n_boot, ci, rng)
    curve = _learning_curve(est, X, y, g, folds, pred, fractions, (n_boot, ci, rng, seed))
    predictions = pd.DataFrame(
        {"row": np.arange(len(y)), "group": g, "true": y, "predicted": pred.astype(object), "fold": fold_of}
    )
    return FrameValidation(
        scores=scores,
        confusion=_confusion(y, pred, frames),
        learning_curve=curve,
        predictions=predictions,
        frames=frames,
        classifier=_describe(est),
        n_splits=n_splits,
        n_boot=n_boot,
        ci=ci,
    )


def _coded_inputs(vectors, codes, groups, classifier):
    """The coded sentences' vectors (texts for a text classifier), codes and documents, checked to align."""
    if classifier is not None and is_text_estimator(classifier):
        # The estimator embeds (and may fine-tune on) the texts itself: each fold's clone sees only
        # its training texts, so fine-tuning never touches the sentences it is scored on.
        X = np.asarray(check_texts(vectors, "vectors"), dtype=object)
    else:
        X = check_vectors(vectors).astype(np.float64)
    y = np.asarray(pd.Series(codes, dtype=object).astype(str), dtype=object)
    g = np.asarray(pd.Series(groups).astype(str), dtype=object)
    if len(y) != len(X) or len(g) != len(X):
        raise ParameterError(
            f"vectors ({len(X)} rows), codes ({len(y)}) and groups ({len(g)}) must have one row per coded "
            "sentence each."
        )
    return X, y, g


def _confusion(y, pred, frames) -> pd.DataFrame:
    """Tidy confusion counts (every true x predicted pair, zeros included)."""
    predicted = [*frames, *sorted(set(pred) - set(frames))]
    cm = pd.crosstab(pd.Categorical(y, frames), pd.Categorical(pred, predicted), dropna=False)
    confusion = cm.stack().rename("count").reset_index()
    confusion.columns = ["true", "predicted", "count"]
    confusion["true"] = confusion["true"].astype(str)
    confusion["predicted"] = confusion["predicted"].astype(str)
    return confusion


def _learning_curve(est, X, y, g, folds, pred, fractions, boot) -> pd.DataFrame:
    """Macro-F1 with each fold trained on a fraction of its documents; ``boot`` is (n_boot, ci, rng, seed)."""
    n_boot, ci, rng, seed = boot
    frames = sorted(set(y))
    curve = []
    lc_rng = np.random.default_rng(seed + 1)
    for frac in fractions:
        if frac >= 1.0:
            p_lc, n_train = pred, float(np.mean([len(tr) for tr, _ in folds]))
        else:
            p_lc, _, n_train = _oof(est, X, y, folds, frac, g, lc_rng)
        sc, _ = _scores(y, p_lc.astype(object), g, frames, n_boot, ci, rng)
        row = sc[(sc["frame"] == "macro") & (sc["metric"] == "f1")].iloc[0]
        curve.append((n_train, frac, row["value"], row["ci_low"], row["ci_high"]))
    return pd.DataFrame(curve, columns=["n_coded", "fraction", "macro_f1", "ci_low", "ci_high"])
