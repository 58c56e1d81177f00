"""A frame classifier that takes texts and owns its encoder: frozen, or fine-tuned on the codes (SetFit).

:class:`framing.FrameClassifier` classifies sentence *vectors* from a frozen encoder.
:class:`TextFrameClassifier` takes the sentences' *texts*: with ``encoder="frozen"`` it embeds
them with the encoder as it is and fits the same logistic-regression head; with
``encoder="finetune"`` it first fine-tunes the encoder on the coded sentences with the
contrastive recipe of SetFit (Tunstall et al. 2022): pairs of coded sentences, a target
cosine similarity of 1 for two sentences of one frame and 0 for two of different frames,
one short epoch; then the head is fitted on the fine-tuned vectors. Because the estimator
owns its encoder, cross-validation (:func:`framing.validate_frames`) fine-tunes inside each
fold on that fold's training texts only.

The training loop is sentence-transformers' model with a plain torch loop (AdamW, linear
warm-up and decay, the cosine-similarity loss), not the ``setfit`` package: ``setfit`` 1.2.0
would add 13 packages (``datasets``, ``accelerate``, ``evaluate``, ``aiohttp``...) for the same
recipe. A fitted classifier is stored without pickle: the fine-tuned encoder as
sentence-transformers saves it (``model.safetensors`` plus JSON configuration and tokenizer
files), the head, labels and parameters as JSON (:meth:`TextFrameClassifier.save`,
:meth:`TextFrameClassifier.load`).
"""

from __future__ import annotations

import copy
import json
import math
from functools import lru_cache
from numbers import Integral, Real
from pathlib import Path
from typing import ClassVar

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context, clone
from sklearn.linear_model import LogisticRegression
from sklearn.utils._param_validation import Interval, StrOptions

from framing._core.bootstrap import resample_sums
from framing._core.estimator import ValidatedParamsMixin, check_fitted
from framing._core.validation import check_int, check_random_state, check_texts
from framing.embedding.embedder import model_identity, resolve_model
from framing.errors import ModelError, ParameterError
from framing.frames.classifier import FrameClassifier, grouped_folds

__all__ = ["TextFrameClassifier", "kshot_indices", "paired_learning_curve"]

_FORMAT = "framing.TextFrameClassifier/1"
#: The logistic-regression head's options, passed on to its FrameClassifier.
_HEAD_OPTIONS = ("C", "class_weight", "abstain_below", "codebook", "max_iter")
_HEAD_FILE = "classifier.json"
_ENCODER_DIR = "encoder"


@lru_cache(maxsize=4)
def _base_model(location: str, max_seq_length: int | None):
    """The encoder as shipped, loaded once per process and never trained (fine-tuning trains a copy)."""
    from sentence_transformers import SentenceTransformer  # heavy: imported when a model is needed

    try:
        model = SentenceTransformer(location, device="cpu")
    except Exception as exc:
        raise ModelError(f"cannot load the sentence-transformers model at {location}: {exc}") from exc
    if max_seq_length is not None:
        model.max_seq_length = int(max_seq_length)
    return model.eval()


def setfit_pairs(y: np.ndarray, *, num_iterations: int, max_pairs: int | None, rng) -> np.ndarray:
    """Contrastive pairs of SetFit: per iteration, each sentence with one of its frame and one of another.

    Parameters
    ----------
    y : numpy.ndarray of str
        The coded frames.
    num_iterations : int
        Rounds of pair drawing (SetFit's ``num_iterations``).
    max_pairs : int or None
        Keep at most this many pairs (a random subset), which bounds the training time.
    rng : numpy.random.Generator

    Returns
    -------
    numpy.ndarray of shape (n_pairs, 3)
        Row positions of the two sentences and the target similarity (1.0 or 0.0).

    References
    ----------
    Tunstall, L., Reimers, N., Jo, U. E. S., Bates, L., Korat, D., Wasserblat, M. & Pereg, O. (2022).
    Efficient few-shot learning without prompts. arXiv:2209.11055.
    """
    members = {c: np.flatnonzero(y == c) for c in np.unique(y)}
    pairs = []
    for _ in range(num_iterations):
        for i in rng.permutation(len(y)):
            same = members[y[i]]
            if len(same) > 1:
                j = same[rng.integers(len(same) - 1)]
                pairs.append((i, j if j != i else same[-1], 1.0))
            other = np.flatnonzero(y != y[i])
            pairs.append((i, other[rng.integers(len(other))], 0.0))
    out = np.asarray(pairs, dtype=float)
    if max_pairs is not None and len(out) > max_pairs:
        out = out[np.sort(rng.choice(len(out), size=max_pairs, replace=False))]
    return out


def train_encoder(model, texts: list[str], pairs: np.ndarray, *, epochs, learning_rate, batch_size, seed):
    """Fine-tune ``model`` in place on sentence pairs with the cosine-similarity loss (SetFit's body step).

    Parameters
    ----------
    model : sentence_transformers.SentenceTransformer
        Trained in place.
    texts : list of str
    pairs : numpy.ndarray of shape (n_pairs, 3)
        From :func:`setfit_pairs`.
    epochs, learning_rate, batch_size : int, float, int
        AdamW with 10% linear warm-up then linear decay.
    seed : int
        Seeds the batch order and dropout; torch's global generator is restored afterwards.

    Returns
    -------
    model

    References
    ----------
    Tunstall et al. (2022), as in :func:`setfit_pairs`; Reimers, N. & Gurevych, I. (2019).
    Sentence-BERT. EMNLP-IJCNLP (the cosine-similarity objective).
    """
    import torch  # heavy: imported only when an encoder is trained

    # sentence-transformers 6 renamed tokenize to preprocess; 3.x to 5.x have only tokenize.
    tokenize = getattr(model, "preprocess", None) or model.tokenize
    order_rng = np.random.default_rng(seed)
    n_steps = epochs * math.ceil(len(pairs) / batch_size)
    warmup = max(1, round(0.1 * n_steps))
    optimizer = torch.optim.AdamW(model.parameters(), lr=learning_rate)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min((s + 1) / warmup, max(0.0, (n_steps - s) / max(1, n_steps - warmup)))
    )
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model.train()
        for _ in range(epochs):
            for batch in np.array_split(
                order_rng.permutation(len(pairs)), math.ceil(len(pairs) / batch_size)
            ):
                a, b, target = pairs[batch, 0].astype(int), pairs[batch, 1].astype(int), pairs[batch, 2]
                ea = model(tokenize([texts[i] for i in a]))["sentence_embedding"]
                eb = model(tokenize([texts[i] for i in b]))["sentence_embedding"]
                sim = torch.nn.functional.cosine_similarity(ea, eb)
                loss = torch.nn.functional.mse_loss(sim, torch.as_tensor(target, dtype=sim.dtype))
                loss.backward()
                torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                optimizer.step()
                schedule.step()
                optimizer.zero_grad()
        model.eval()
    return model


class TextFrameClassifier(ValidatedParamsMixin, ClassifierMixin, BaseEstimator):
    """Frames from sentence texts: a frozen or SetFit-fine-tuned encoder, then a logistic-regression head.

    Parameters
    ----------
    encoder : {"frozen", "finetune"}, default "frozen"
        ``"frozen"`` embeds with the encoder as shipped (what :class:`framing.FrameClassifier`
        sees); ``"finetune"`` first trains the encoder on pairs of coded sentences (SetFit).
        Fine-tuning is opt-in: on the project's benchmark (``docs/frames_finetune.md``) it has
        not yet shown a gain worth its CPU time. Each fine-tune costs about 2-3 CPU seconds
        per step of ``batch_size`` pairs on sentences; in :func:`framing.validate_frames` pass
        ``learning_curve=()`` or every fraction fine-tunes again in every fold.
    model : str or path, optional
        The sentence-transformers model to start from; see :func:`framing.embedding.embedder.resolve_model`
        (``None``: the bundled all-MiniLM-L6-v2, offline).
    num_iterations : int, default 5
        SetFit's rounds of pair drawing: each round pairs every coded sentence with one of its
        frame and one of another.
    max_pairs : int or None, default 1500
        At most this many pairs (a seeded random subset); bounds the fine-tuning time on CPU.
    epochs : int, default 1
        Passes over the pairs.
    learning_rate : float, default 2e-5
        Peak learning rate of AdamW (10% linear warm-up, then linear decay).
    batch_size : int, default 16
        Pairs per step.
    max_seq_length : int or None, default None
        Truncate texts to this many word pieces (``None``: the model's own limit), when
        fine-tuning and when embedding.
    C, class_weight, abstain_below, codebook, max_iter
        The head's, as in :class:`framing.FrameClassifier` (its probabilities are not
        calibrated here, so the head stores as plain numbers: see :meth:`save`).
    random_state : int or None, default 0
        Seeds the pairs, the batch order and dropout. On one machine the same codes and seed
        give identical predictions; ``None`` draws fresh entropy.

    Attributes
    ----------
    classes_ : numpy.ndarray
    encoder_ : sentence_transformers.SentenceTransformer
        The (fine-tuned or frozen) encoder.
    head_ : FrameClassifier
        The logistic-regression head on the encoder's normalised vectors.
    identity_ : str
        The starting model's identity (name and weights hash).
    n_pairs_ : int
        Pairs the encoder was fine-tuned on (0 when frozen).
    uncoded_frames_ : list of str

    Notes
    -----
    The hyperparameters are fixed in advance (SetFit's defaults scaled to a CPU: one epoch,
    learning rate 2e-5, batch 16, at most ``max_pairs`` pairs), never tuned on the folds
    that score them; nest a search inside :func:`framing.validate_frames` to tune them.

    References
    ----------
    Tunstall, L., Reimers, N., Jo, U. E. S., Bates, L., Korat, D., Wasserblat, M. & Pereg, O.
    (2022). Efficient few-shot learning without prompts. arXiv:2209.11055 (SetFit).
    Reimers, N. & Gurevych, I. (2019). Sentence-BERT. EMNLP-IJCNLP.
    """

    # The head's options are FrameClassifier's, checked the same way.
    _parameter_constraints: ClassVar[dict] = {
        **{name: FrameClassifier._parameter_constraints[name] for name in _HEAD_OPTIONS},
        "encoder": [StrOptions({"finetune", "frozen"})],
        "model": [str, Path, None],
        "num_iterations": [Interval(Integral, 1, None, closed="left")],
        "max_pairs": [Interval(Integral, 1, None, closed="left"), None],
        "epochs": [Interval(Integral, 1, None, closed="left")],
        "learning_rate": [Interval(Real, 0, None, closed="neither")],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "max_seq_length": [Interval(Integral, 8, None, closed="left"), None],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        *,
        encoder="frozen",
        model=None,
        num_iterations=5,
        max_pairs=1500,
        epochs=1,
        learning_rate=2e-5,
        batch_size=16,
        max_seq_length=None,
        C=1.0,
        class_weight="balanced",
        abstain_below=None,
        codebook=None,
        max_iter=2000,
        random_state=0,
    ):
        self.encoder = encoder
        self.model = model
        self.num_iterations = num_iterations
        self.max_pairs = max_pairs
        self.epochs = epochs
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.max_seq_length = max_seq_length
        self.C = C
        self.class_weight = class_weight
        self.abstain_below = abstain_below
        self.codebook = codebook
        self.max_iter = max_iter
        self.random_state = random_state

    def _head(self) -> FrameClassifier:
        # Uncalibrated: the head then stores as plain numbers (see save).
        return FrameClassifier(calibration=None, **{name: getattr(self, name) for name in _HEAD_OPTIONS})

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y):
        """Fine-tune the encoder (``encoder="finetune"``) on the coded texts, then fit the head.

        Parameters
        ----------
        X : sequence of str, shape (n_coded,)
            The coded sentences' texts.
        y : array-like of str, shape (n_coded,)
            Their frames.

        Returns
        -------
        self
        """
        texts = check_texts(X)
        y = np.asarray(pd.Series(list(y), dtype=object).astype(str), dtype=object)
        if len(y) != len(texts):
            raise ParameterError(
                f"X has {len(texts)} texts but y has {len(y)} frames; pass one frame per text."
            )
        if len(np.unique(y)) < 2:
            raise ParameterError(
                f"a frame classifier needs at least two coded frames; got one class only, {np.unique(y).tolist()}."
            )
        seed = check_random_state(self.random_state)
        location = resolve_model(self.model)
        self.identity_ = model_identity(location)
        base = _base_model(str(location), self.max_seq_length)
        self.n_pairs_ = 0
        if self.encoder == "finetune":
            pairs = setfit_pairs(
                y,
                num_iterations=self.num_iterations,
                max_pairs=self.max_pairs,
                rng=np.random.default_rng(seed),
            )
            self.encoder_ = train_encoder(
                copy.deepcopy(base),
                texts,
                pairs,
                epochs=self.epochs,
                learning_rate=self.learning_rate,
                batch_size=self.batch_size,
                seed=seed,
            )
            self.n_pairs_ = len(pairs)
        else:
            self.encoder_ = base
        self.head_ = self._head().fit(self._encode(texts), y)
        self.classes_ = self.head_.classes_
        self.uncoded_frames_ = self.head_.uncoded_frames_
        return self

    def _encode(self, texts: list[str]) -> np.ndarray:
        vectors = self.encoder_.encode(
            texts, batch_size=64, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False
        )
        return np.asarray(vectors, dtype=np.float64)

    def transform(self, X) -> np.ndarray:
        """The texts' vectors from the classifier's encoder (fine-tuned or frozen), L2-normalised.

        Parameters
        ----------
        X : sequence of str
            The sentences' texts.

        Returns
        -------
        numpy.ndarray of shape (n_sentences, dim)
        """
        check_fitted(self, "head_", "fit(texts, codes)")
        return self._encode(check_texts(X))

    def predict_proba(self, X) -> np.ndarray:
        """Probability of each frame in ``classes_`` order: the head's, on :meth:`transform`'s vectors.

        Parameters
        ----------
        X : sequence of str
            The sentences' texts, as :meth:`transform` takes them.

        Returns
        -------
        numpy.ndarray of shape (n_sentences, n_classes)
        """
        vectors = self.transform(X)
        return self.head_.predict_proba(vectors)

    def predict(self, X) -> np.ndarray:
        """The predicted frame (or :data:`framing._core.names.ABSTAIN_LABEL`, as in FrameClassifier.predict).

        Parameters
        ----------
        X : sequence of str
            As for :meth:`transform`.

        Returns
        -------
        numpy.ndarray of shape (n_sentences,)
            One frame per text.
        """
        vectors = self.transform(X)  # checks the classifier is fitted, before head_ is read
        return self.head_.predict(vectors)

    def label(self, X, *, index=None) -> pd.DataFrame:
        """Frames as a table shaped like :func:`framing.assign_frames` output (see FrameClassifier.label).

        Parameters
        ----------
        X : sequence of str
            As for :meth:`transform`.
        index : pandas.Index, optional
            Index of the returned table (the sentences table's).

        Returns
        -------
        pandas.DataFrame
            ``frame``, ``confidence``, ``best``, ``frames`` and ``classifier`` (:meth:`describe`,
            the same on every row).
        """
        vectors = self.transform(X)
        return self.head_.label(vectors, index=index).assign(classifier=self.describe())

    def describe(self) -> str:
        """One line naming the classifier, for figure captions (e.g. ``"fine-tuned encoder (SetFit) + ..."``).

        Returns
        -------
        str
        """
        what = "SetFit fine-tuned encoder" if self.encoder == "finetune" else "frozen encoder"
        name = getattr(self, "identity_", str(self.model or "all-MiniLM-L6-v2")).split("|")[0]
        return f"{what} ({name}) + logistic regression"

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array = False
        tags.input_tags.string = True
        tags.non_deterministic = False
        return tags

    # -- storage without pickle -------------------------------------------------------

    def save(self, path) -> Path:
        """Write the fitted classifier to a folder: encoder weights as safetensors, the rest as JSON.

        Parameters
        ----------
        path : str or path
            A folder (created; an existing ``classifier.json`` in it is overwritten).

        Returns
        -------
        pathlib.Path
            The folder. A frozen classifier stores only the starting model's identity, and
            :meth:`load` checks the model it finds has the same weights.
        """
        check_fitted(self, "head_", "fit(texts, codes)")
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        if self.encoder == "finetune":
            self.encoder_.save(str(folder / _ENCODER_DIR), safe_serialization=True)
        lr = self.head_.estimator_
        state = {
            "format": _FORMAT,
            "params": {k: (str(v) if isinstance(v, Path) else v) for k, v in self.get_params().items()},
            "identity": self.identity_,
            "n_pairs": self.n_pairs_,
            "classes": [str(c) for c in self.classes_],
            "uncoded_frames": list(self.uncoded_frames_),
            "coef": lr.coef_.tolist(),
            "intercept": lr.intercept_.tolist(),
            "decision_weights": self.head_.decision_weights_.tolist(),
        }
        (folder / _HEAD_FILE).write_text(json.dumps(state, indent=1), encoding="utf-8")
        return folder

    @classmethod
    def load(cls, path) -> TextFrameClassifier:
        """Read a classifier written by :meth:`save`; its predictions equal the saved one's.

        Parameters
        ----------
        path : str or path
            The folder :meth:`save` wrote.

        Returns
        -------
        TextFrameClassifier
        """
        folder = Path(path)
        if not (folder / _HEAD_FILE).exists():
            raise ParameterError(
                f"{folder} holds no {_HEAD_FILE}; pass a folder written by TextFrameClassifier.save."
            )
        state = json.loads((folder / _HEAD_FILE).read_text(encoding="utf-8"))
        if state.get("format") != _FORMAT:
            raise ParameterError(f"{folder / _HEAD_FILE} is not a saved TextFrameClassifier ({_FORMAT}).")
        clf = cls(**state["params"])
        if clf.encoder == "finetune":
            clf.encoder_ = _base_model.__wrapped__(str(folder / _ENCODER_DIR), clf.max_seq_length)
        else:
            location = resolve_model(clf.model)
            if model_identity(location) != state["identity"]:
                raise ModelError(
                    f"{folder} was fitted on {state['identity']}, but the model found now is "
                    f"{model_identity(location)}; install the same model or refit."
                )
            clf.encoder_ = _base_model(str(location), clf.max_seq_length)
        clf.head_ = _head_from_state(clf._head(), state)
        clf.identity_, clf.n_pairs_ = state["identity"], state["n_pairs"]
        clf.classes_, clf.uncoded_frames_ = clf.head_.classes_, state["uncoded_frames"]
        return clf


def _head_from_state(head: FrameClassifier, state: dict) -> FrameClassifier:
    """A fitted (uncalibrated) FrameClassifier from its stored numbers."""
    classes = np.asarray(state["classes"], dtype=object)
    lr = LogisticRegression(C=head.C, class_weight=head.class_weight, max_iter=head.max_iter)
    lr.coef_ = np.asarray(state["coef"], dtype=np.float64)
    lr.intercept_ = np.asarray(state["intercept"], dtype=np.float64)
    lr.classes_ = classes
    lr.n_features_in_ = lr.coef_.shape[1]
    head.estimator_, head.classes_, head.calibrated_ = lr, classes, False
    head.decision_weights_ = np.asarray(state["decision_weights"], dtype=np.float64)
    head.n_features_in_, head.n_iter_ = lr.coef_.shape[1], np.zeros(1, dtype=int)
    head.uncoded_frames_ = list(state["uncoded_frames"])
    return head


def kshot_indices(y: np.ndarray, k: int | None, rng) -> np.ndarray:
    """Positions of a balanced k-shot sample: ``k`` of each frame at random (all of a rarer one).

    Parameters
    ----------
    y : numpy.ndarray of str
    k : int or None
        Examples per frame; ``None`` keeps every position.
    rng : numpy.random.Generator

    Returns
    -------
    numpy.ndarray of int, sorted
    """
    if k is None:
        return np.arange(len(y))
    picks = [
        rng.choice(idx, size=min(k, len(idx)), replace=False)
        for idx in (np.flatnonzero(y == c) for c in np.unique(y))
    ]
    return np.sort(np.concatenate(picks))


def _paired_f1_draws(true, preds, groups, frames, n_boot, rng) -> np.ndarray:
    """Macro-F1 of each prediction vector on the same document resamples: shape (n_boot + 1, n_preds).

    Row 0 is the observed value. Macro-F1 averages the F1 of the frames coded in the resample.
    """
    _, d = np.unique(groups, return_inverse=True)
    tables = []
    for pred in preds:
        t = np.zeros((d.max() + 1, 3 * len(frames)))
        for j, f in enumerate(frames):
            for m, mask in enumerate(
                ((true == f) & (pred == f), (true != f) & (pred == f), (true == f) & (pred != f))
            ):
                np.add.at(t[:, 3 * j + m], d, mask)
        tables.append(t)
    draws = resample_sums(tables, n_boot, rng)
    out = []
    for t, b in zip(tables, draws):
        sums = np.vstack([t.sum(0, keepdims=True), b]).reshape(n_boot + 1, len(frames), 3)
        tp, fp, fn = sums[..., 0], sums[..., 1], sums[..., 2]
        with np.errstate(invalid="ignore", divide="ignore"):
            f1 = np.where(tp + fn > 0, 2 * tp / (2 * tp + fp + fn), np.nan)
            out.append(np.nanmean(f1, axis=1))
    return np.column_stack(out)


def _curve_predictions(estimators, X, y, folds, k, rng) -> list[np.ndarray]:
    """Out-of-fold predictions of each estimator, every one trained on the same k-shot draw of each fold."""
    preds = [np.empty(len(y), dtype=object) for _ in estimators]
    n_train = []
    for train, test in folds:
        sub = train[kshot_indices(y[train], k, rng)]
        n_train.append(len(sub))
        for pred, est in zip(preds, estimators):
            pred[test] = clone(est).fit(X[sub], y[sub]).predict(X[test])
    return preds, float(np.mean(n_train))


def paired_learning_curve(
    texts,
    codes,
    groups,
    *,
    classifiers=None,
    sizes=(8, 16, 32, 64, None),
    n_repeats: int = 3,
    n_splits: int = 5,
    n_boot: int = 2000,
    ci: float = 0.95,
    random_state: int | None = 0,
) -> pd.DataFrame:
    """Macro-F1 of two classifiers at the same coded sizes over repeated draws, and their paired difference.

    Parameters
    ----------
    texts : sequence of str
        The coded sentences' texts.
    codes : array-like of str
        Their frames.
    groups : array-like
        Their documents: folds never split a document, and the bootstrap resamples documents.
    classifiers : mapping of name to estimator, optional
        Two text classifiers; default ``{"frozen": TextFrameClassifier(encoder="frozen"),
        "finetune": TextFrameClassifier(encoder="finetune")}``. The difference is second
        minus first.
    sizes : sequence of int or None
        Examples per frame drawn from each fold's training part (balanced k-shot; a rarer
        frame contributes all it has); ``None`` trains on all of it.
    n_repeats : int, default 3
        Draws of the folds and the k-shot samples per size.
    n_splits : int, default 5
        Folds grouped by document.
    n_boot : int, default 2000
        Document resamples per repeat.
    ci : float, default 0.95
        Coverage of the percentile intervals.
    random_state : int or None, default 0
        Seeds the folds, the k-shot draws and the bootstrap; ``None`` draws fresh entropy.

    Returns
    -------
    pandas.DataFrame
        Tidy: ``n_per_class`` (``None`` for all), ``n_coded`` (mean training sentences),
        ``classifier`` (each name, then ``"difference"``), ``macro_f1`` (mean over repeats),
        ``ci_low``, ``ci_high``, ``n_repeats``; and the run's settings, the same on every row:
        ``n_splits``, ``n_boot``, ``ci``, ``comparison`` (``"<second> - <first>"``). The interval pools the paired document-bootstrap
        draws of every repeat, so it carries both the draw of codes and the sampling of documents.

    Notes
    -----
    Both classifiers are trained on the very same sentences in every fold and scored on the
    same held-out documents, so the difference is paired: the variation of the k-shot draw
    cancels out of it. Hyperparameters are those of the estimators as given (fixed in
    advance); nothing is tuned on the held-out folds. Balanced k-shot training sets do not
    follow the corpus's frame shares, which shifts the classifiers' priors; macro-F1, which
    weighs every frame equally, is the score that does not depend on those shares.

    References
    ----------
    Tunstall et al. (2022), SetFit (the 8/16/32/64-shot protocol). Field, C. A. & Welsh, A. H.
    (2007). Bootstrapping clustered data. JRSS B 69. Dietterich, T. G. (1998). Approximate
    statistical tests for comparing supervised classification learning algorithms. Neural
    Computation 10 (paired comparisons on the same folds).
    """
    seed = check_random_state(random_state)
    if classifiers is None:
        classifiers = {
            "frozen": TextFrameClassifier(encoder="frozen", random_state=seed),
            "finetune": TextFrameClassifier(encoder="finetune", random_state=seed),
        }
    if len(classifiers) != 2:
        raise ParameterError(
            f"classifiers must name exactly two estimators to compare; got {len(classifiers)}."
        )
    names, estimators = list(classifiers), list(classifiers.values())
    X = np.asarray(check_texts(texts, "texts"), dtype=object)
    y = np.asarray(pd.Series(list(codes), dtype=object).astype(str), dtype=object)
    g = np.asarray(pd.Series(list(groups)).astype(str), dtype=object)
    if not len(X) == len(y) == len(g):
        raise ParameterError(
            f"texts ({len(X)}), codes ({len(y)}) and groups ({len(g)}) must have one row each."
        )
    frames = sorted(set(y))
    rows = []
    for k in sizes:
        draws, observed, n_coded = [], [], []
        for r in range(check_int(n_repeats, "n_repeats")):
            rng = np.random.default_rng([seed, r])
            folds = grouped_folds(y, g, n_splits, int(rng.integers(2**31)))
            preds, n_train = _curve_predictions(estimators, X, y, folds, k, rng)
            d = _paired_f1_draws(y, preds, g, frames, n_boot, rng)
            d = np.column_stack([d, d[:, 1] - d[:, 0]])
            observed.append(d[0])
            draws.append(d[1:])
            n_coded.append(n_train)
        lo, hi = np.nanquantile(np.vstack(draws), [(1 - ci) / 2, 1 - (1 - ci) / 2], axis=0)
        mean = np.mean(observed, axis=0)
        for j, name in enumerate([*names, "difference"]):
            rows.append((k, float(np.mean(n_coded)), name, mean[j], lo[j], hi[j], len(observed)))
    cols = ["n_per_class", "n_coded", "classifier", "macro_f1", "ci_low", "ci_high", "n_repeats"]
    out = pd.DataFrame(rows, columns=cols)
    out["n_per_class"] = out["n_per_class"].astype(object)
    return out.assign(n_splits=n_splits, n_boot=n_boot, ci=ci, comparison=f"{names[1]} - {names[0]}")
