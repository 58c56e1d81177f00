"""The text frame classifier (frozen or SetFit-fine-tuned encoder), its CV without leakage, its storage,
and corrected shares that stay honest with it (gold codes, per-side error rates)."""

from __future__ import annotations

import copy
import hashlib
import warnings

import numpy as np
import pandas as pd
import pytest
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer
from sklearn.utils import estimator_checks as ec

import framing
from framing._core.validation import check_texts, is_text_estimator
from framing.errors import FramingWarning, NotFittedError, ParameterError
from framing.frames import finetune as frame_finetune
from framing.frames.correction import corrected_shares, error_rates_by_side
from framing.frames.finetune import TextFrameClassifier, kshot_indices, setfit_pairs

# Four frames x six sentences, written for this test (no corpus text).
TINY = {
    "Economic": [
        "The new tariff will raise the price of imported steel.",
        "Trade between the two countries grew by ten percent.",
        "Investors fear the sanctions will hurt the currency.",
        "The budget sets aside more money for ports and roads.",
        "Exports of textiles fell sharply last quarter.",
        "The bank cut interest rates to support growth.",
    ],
    "Security and defense": [
        "The army moved troops closer to the border.",
        "Defence ministers discussed joint military exercises.",
        "The navy tested a new missile off the coast.",
        "Officials warned of a rising threat from armed groups.",
        "The air force grounded its fleet after the crash.",
        "Both sides agreed to share intelligence on militants.",
    ],
    "Health and safety": [
        "Hospitals reported a surge in patients with fever.",
        "The vaccine campaign reached remote villages.",
        "Doctors urged people to drink clean water.",
        "A new clinic opened to treat children for free.",
        "The heatwave sent hundreds to emergency rooms.",
        "Nurses went on strike over unsafe working hours.",
    ],
    "Morality": [
        "Leaders said it is wrong to punish civilians for the acts of a few.",
        "The cleric called on believers to show mercy.",
        "Every nation has a duty to protect the innocent.",
        "Critics called the decision shameful and unjust.",
        "It is our obligation to tell the truth about the victims.",
        "The speech appealed to honour and to conscience.",
    ],
}
TEXTS = [t for ts in TINY.values() for t in ts]
CODES = np.array([f for f, ts in TINY.items() for _ in ts], dtype=object)
GROUPS = np.array([f"d{i // 2}" for i in range(len(TEXTS))])  # two sentences per document
FAST = {"num_iterations": 1, "max_pairs": 16, "batch_size": 8, "max_seq_length": 32}


class _FakeEncoder:
    """Stands in for a SentenceTransformer: deterministic hashed bag-of-words vectors, no model."""

    def encode(self, texts, **kwargs):
        out = np.zeros((len(texts), 64))
        for i, t in enumerate(texts):
            for w in t.lower().split():
                out[i, int(hashlib.md5(w.encode()).hexdigest(), 16) % 64] += 1.0
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)


_SPY_LOG: list = []


class _SpyText(ClassifierMixin, BaseEstimator):
    """A text classifier that records every text it is fitted on (in _SPY_LOG, shared by its clones)."""

    def fit(self, X, y):
        _SPY_LOG.append(list(X))
        self.classes_ = np.unique(y)
        self.first_ = self.classes_[0]
        return self

    def predict(self, X):
        return np.full(len(X), self.first_, dtype=object)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.two_d_array, tags.input_tags.string = False, True
        return tags


@pytest.fixture
def fake_model(monkeypatch):
    """TextFrameClassifier with the fake encoder; fine-tuning records its texts instead of training."""
    trained = []

    def train(model, texts, pairs, **kwargs):
        trained.append(sorted({texts[int(i)] for i in pairs[:, :2].ravel()}))
        return model

    monkeypatch.setattr(frame_finetune, "_base_model", lambda location, length: _FakeEncoder())
    monkeypatch.setattr(frame_finetune, "train_encoder", train)
    monkeypatch.setattr(frame_finetune, "model_identity", lambda location: "fake|weights=0")
    return trained


# --- fast: no model -------------------------------------------------------------------------------


def test_text_estimators_are_told_apart_including_in_a_pipeline():
    assert is_text_estimator(TextFrameClassifier())
    assert not is_text_estimator(framing.FrameClassifier())
    assert is_text_estimator(make_pipeline(FunctionTransformer(), TextFrameClassifier()))
    assert not is_text_estimator(make_pipeline(FunctionTransformer(), framing.FrameClassifier()))
    with pytest.raises(ParameterError, match="row 1 is float"):
        check_texts(["a sentence", 1.5])
    with pytest.raises(ParameterError, match="sequence of sentence texts"):
        check_texts(np.zeros((3, 4)))


# The check_estimator checks that apply to an estimator taking texts: the API checks that need no
# numeric data. Those that feed numeric arrays (dtypes, NaN, sparse, n_features_in_, 1-D/2-D
# shapes, sample weights, pickling of a fitted model, subset invariance on random floats) do not:
# the text-specific equivalents are tested on texts below.
API_CHECKS = [
    ec.check_parameters_default_constructible,
    ec.check_no_attributes_set_in_init,
    ec.check_get_params_invariance,
    ec.check_set_params,
    ec.check_estimator_repr,
    ec.check_estimator_cloneable,
    ec.check_estimator_tags_renamed,
    ec.check_valid_tag_types,
    ec.check_do_not_raise_errors_in_init_or_set_params,
    ec.check_mixin_order,
]


@pytest.mark.parametrize("check", API_CHECKS, ids=lambda c: c.__name__)
def test_sklearn_api_checks_that_apply_to_a_text_estimator(check):
    name = "TextFrameClassifier"
    check(name, TextFrameClassifier())


def test_setfit_pairs_pair_same_frames_with_one_and_others_with_zero():
    rng = np.random.default_rng(0)
    pairs = setfit_pairs(CODES, num_iterations=3, max_pairs=None, rng=rng)
    i, j, target = pairs[:, 0].astype(int), pairs[:, 1].astype(int), pairs[:, 2]
    assert len(pairs) == 3 * 2 * len(CODES)
    assert ((CODES[i] == CODES[j]) == (target == 1.0)).all()
    assert (i != j).all()
    assert len(setfit_pairs(CODES, num_iterations=3, max_pairs=10, rng=rng)) == 10


def test_kshot_draws_k_of_each_frame_and_all_of_a_rarer_one():
    y = np.array(["a"] * 10 + ["b"] * 3, dtype=object)
    idx = kshot_indices(y, 4, np.random.default_rng(0))
    assert (y[idx] == "a").sum() == 4 and (y[idx] == "b").sum() == 3
    assert len(kshot_indices(y, None, np.random.default_rng(0))) == len(y)


def test_cross_validation_never_fits_on_the_held_out_fold():
    _SPY_LOG.clear()
    log = _SPY_LOG
    val = framing.validate_frames(
        TEXTS, CODES, GROUPS, classifier=_SpyText(), n_splits=3, learning_curve=(), n_boot=20
    )
    assert len(log) == 3
    preds = val.predictions
    for fold, seen in enumerate(log):
        held_out = {TEXTS[r] for r in preds.loc[preds["fold"] == fold, "row"]}
        assert held_out and not held_out & set(seen)
        assert len(seen) + len(held_out) == len(TEXTS)


def test_fine_tuning_inside_each_fold_sees_only_that_folds_training_texts(fake_model):
    clf = TextFrameClassifier(encoder="finetune", **FAST)
    val = framing.validate_frames(
        TEXTS, CODES, GROUPS, classifier=clf, n_splits=3, learning_curve=(), n_boot=20
    )
    assert len(fake_model) == 3  # one fine-tune per fold, none on all the codes
    preds = val.predictions
    for fold, trained in enumerate(fake_model):
        held_out = {TEXTS[r] for r in preds.loc[preds["fold"] == fold, "row"]}
        assert trained and not held_out & set(trained)
    assert "fine-tuned" in val.classifier and "macro-F1" in val.caption


def test_text_classifier_behaves_like_a_classifier_on_texts(fake_model, tmp_path):
    clf = TextFrameClassifier(encoder="finetune", **FAST)
    with pytest.raises(NotFittedError):
        clf.predict(TEXTS)
    assert clf.fit(TEXTS, CODES) is clf
    assert list(clf.classes_) == sorted(TINY)
    proba = clf.predict_proba(TEXTS)
    assert proba.shape == (len(TEXTS), 4) and np.allclose(proba.sum(axis=1), 1)
    assert (clf.predict(TEXTS) == clf.classes_[proba.argmax(axis=1)]).all()
    assert (clone(clf).fit(TEXTS, CODES).predict_proba(TEXTS) == proba).all()  # idempotent
    assert (clf.predict(TEXTS[::-1]) == clf.predict(TEXTS)[::-1]).all()  # order invariant
    with pytest.raises(ParameterError, match="one class only"):
        clone(clf).fit(TEXTS[:3], CODES[:3])
    with pytest.raises(ParameterError, match="encoder"):
        TextFrameClassifier(encoder="partly").fit(TEXTS, CODES)
    pipe = Pipeline([("strip", FunctionTransformer(lambda t: [s.strip() for s in t])), ("clf", clf)])
    assert (pipe.fit(TEXTS, CODES).predict(TEXTS) == clf.predict(TEXTS)).all()
    val = framing.validate_frames(
        TEXTS, CODES, GROUPS, classifier=pipe, n_splits=3, learning_curve=(), n_boot=20
    )
    assert "fine-tuned" in val.classifier and len(fake_model) == 3 + 3  # three fits above, then one per fold


def _corpus(error_by_side, seed=0):
    """Sentences of two sides with a true frame each, labels with planted per-side error rates."""
    rng = np.random.default_rng(seed)
    frames = np.array(["A", "B", "C"], dtype=object)
    rows = []
    for side, err in error_by_side.items():
        for d in range(40):
            for s in range(6):
                t = rng.choice(frames, p=[0.5, 0.3, 0.2])
                lab = rng.choice(frames) if rng.random() < err else t
                rows.append({"doc_id": f"{side}{d}", "sent_idx": s, "side": side, "true": t, "label": lab})
    return pd.DataFrame(rows)


def _validation(corpus, coded_docs):
    """A FrameValidation whose out-of-fold predictions are the planted labels of the coded documents."""
    coded = corpus[corpus["doc_id"].isin(coded_docs)].reset_index(drop=True)
    pred = pd.DataFrame(
        {
            "row": np.arange(len(coded)),
            "group": coded["doc_id"],
            "true": coded["true"],
            "predicted": coded["label"],
            "fold": 0,
        }
    )
    scores = pd.DataFrame(
        [("macro", "f1", 0.7, 0.6, 0.8, len(coded))],
        columns=["frame", "metric", "value", "ci_low", "ci_high", "support"],
    )
    return framing.FrameValidation(scores, pd.DataFrame(), pd.DataFrame(), pred, ["A", "B", "C"], "planted")


def test_unequal_error_rates_by_side_are_detected_and_warned_about():
    corpus = _corpus({"P": 0.05, "Q": 0.6})
    coded_docs = [f"{s}{d}" for s in "PQ" for d in range(15)]
    val = _validation(corpus, coded_docs)
    test = error_rates_by_side(val, corpus, n_perm=199)
    assert test["p_value"].iloc[0] < 0.01
    rates = test.groupby("side")["error_rate"].mean()
    assert rates["P"] < 0.15 and rates["Q"] > 0.25
    with pytest.warns(FramingWarning, match="error rates differ"):
        pooled = corrected_shares(corpus, corpus["label"], val, n_boot=50)
    with warnings.catch_warnings():
        warnings.simplefilter("error", FramingWarning)
        per_side = corrected_shares(corpus, corpus["label"], val, per_side=True, n_boot=50)
    truth = corpus.groupby("side")["true"].value_counts(normalize=True)
    err = lambda t: np.abs(
        t.set_index(["side", "frame"])["share"] - truth.rename_axis(["side", "frame"])
    ).max()
    assert err(per_side) < err(pooled)


def test_equal_error_rates_are_not_rejected():
    corpus = _corpus({"P": 0.3, "Q": 0.3}, seed=1)
    val = _validation(corpus, [f"{s}{d}" for s in "PQ" for d in range(15)])
    assert error_rates_by_side(val, corpus, n_perm=199)["p_value"].iloc[0] > 0.05


def test_coded_sentences_count_with_their_gold_codes():
    corpus = _corpus({"P": 0.3, "Q": 0.3}, seed=2)
    val = _validation(corpus, [f"{s}{d}" for s in "PQ" for d in range(15)])
    ids = corpus["doc_id"] + ":" + corpus["sent_idx"].astype(str)
    everything = pd.DataFrame({"sentence_id": ids, "label": corpus["true"]})
    out = corrected_shares(corpus, corpus["label"], val, codes=everything, n_boot=30)
    truth = corpus.groupby("side")["true"].value_counts(normalize=True)
    got = out.set_index(["side", "frame"])["share"]
    assert np.allclose(got.to_numpy(), truth.reindex(got.index).to_numpy())
    assert (out["n_coded"] == 240).all()
    some = everything.iloc[:100]
    part = corrected_shares(corpus, corpus["label"], val, codes=some, n_boot=30)
    assert part.groupby("side")["share"].sum().round(6).eq(1).all()
    with pytest.raises(ParameterError, match="never saw"):
        corrected_shares(corpus, corpus["label"], val, codes=some.assign(label="Z"), n_boot=30)


# --- the real model: tiny fine-tunes (seconds each) -----------------------------------------------


@pytest.mark.model
@pytest.mark.slow
def test_fine_tuning_is_deterministic_and_round_trips_from_disk_without_pickle(tmp_path):
    a = TextFrameClassifier(encoder="finetune", random_state=3, **FAST).fit(TEXTS, CODES)
    b = TextFrameClassifier(encoder="finetune", random_state=3, **FAST).fit(TEXTS, CODES)
    frozen = TextFrameClassifier(encoder="frozen", **FAST).fit(TEXTS, CODES)
    pa = a.predict_proba(TEXTS)
    assert (pa == b.predict_proba(TEXTS)).all()
    assert a.n_pairs_ == 16 and not np.allclose(a.transform(TEXTS[:3]), frozen.transform(TEXTS[:3]))
    folder = a.save(tmp_path / "clf")
    files = {p.suffix for p in folder.rglob("*") if p.is_file()}
    assert ".safetensors" in files and not files & {".pkl", ".pickle", ".bin", ".pt", ".joblib"}
    back = TextFrameClassifier.load(folder)
    assert (back.predict_proba(TEXTS) == pa).all() and (back.predict(TEXTS) == a.predict(TEXTS)).all()
    assert back.get_params() == a.get_params()
    frozen_back = TextFrameClassifier.load(frozen.save(tmp_path / "frozen"))
    assert not (tmp_path / "frozen" / "encoder").exists()
    assert (frozen_back.predict_proba(TEXTS) == frozen.predict_proba(TEXTS)).all()


@pytest.mark.model
@pytest.mark.slow
def test_texts_flow_through_validation_correction_and_comparison():
    clf = TextFrameClassifier(encoder="finetune", **FAST)
    val = framing.validate_frames(
        TEXTS, CODES, GROUPS, classifier=clf, n_splits=2, learning_curve=(), n_boot=20
    )
    fitted = clone(clf).fit(TEXTS, CODES)
    sents = pd.DataFrame({"doc_id": GROUPS, "side": np.where(np.arange(24) % 4 < 2, "P", "Q"), "text": TEXTS})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FramingWarning)
        shares = corrected_shares(sents, sents["text"], val, classifier=fitted, n_boot=20)
        compared = framing.compare_frames(
            sents, classifier=fitted, validation=val, vectors=sents["text"], n_boot=20, n_perm=20
        )
    assert shares.groupby("side")["share"].sum().round(6).eq(1).all()
    assert "fine-tuned" in shares["classifier"].iloc[0] and "fine-tuned" in compared["classifier"].iloc[0]
    curve = framing.paired_learning_curve(
        TEXTS,
        CODES,
        GROUPS,
        classifiers={"frozen": TextFrameClassifier(encoder="frozen", **FAST), "finetune": clf},
        sizes=(3,),
        n_repeats=1,
        n_splits=2,
        n_boot=50,
    )
    assert curve["classifier"].tolist() == ["frozen", "finetune", "difference"]
    diff = curve[curve["classifier"] == "difference"].reset_index(drop=True)
    by = curve.pivot_table(index="n_coded", columns="classifier", values="macro_f1")
    assert np.allclose(by["finetune"] - by["frozen"], by["difference"])
    assert (diff["ci_low"] <= diff["macro_f1"]).all() and (diff["macro_f1"] <= diff["ci_high"]).all()
    ax = framing.plots.plot_paired_learning_curve(curve)
    assert ax.get_ylabel().startswith("macro-F1 difference")
    copy.deepcopy(ax)  # plotted, not only built


def test_paired_learning_curve_pairs_two_text_pipelines_and_plots():
    words = make_pipeline(TfidfVectorizer(), LogisticRegression())
    chars = make_pipeline(TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4)), LogisticRegression())
    curve = framing.paired_learning_curve(
        TEXTS,
        CODES,
        GROUPS,
        classifiers={"words": words, "chars": chars},
        sizes=(2, None),
        n_repeats=2,
        n_splits=3,
        n_boot=100,
    )
    assert curve["classifier"].tolist() == ["words", "chars", "difference"] * 2
    assert curve["n_repeats"].eq(2).all() and curve["comparison"].eq("chars - words").all()
    for _, g in curve.groupby("n_coded"):
        f1 = g.set_index("classifier")["macro_f1"]
        assert f1["difference"] == pytest.approx(f1["chars"] - f1["words"])
    small, full = sorted(curve["n_coded"].unique())
    # 2 of each of 4 frames (fewer in a fold whose training part holds one code of a frame: the grouped
    # folds differ between scikit-learn versions); all codes: two thirds of 24.
    assert 7 <= small <= 8 and full == pytest.approx(16, abs=1)
    with pytest.raises(ParameterError, match="exactly two"):
        framing.paired_learning_curve(TEXTS, CODES, GROUPS, classifiers={"words": words})
    ax = framing.plots.plot_paired_learning_curve(curve, kind="scores")
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2/frame", "all"]
