"""FrameClassifier (a scikit-learn estimator) and validate_frames on the demo's hand-coded sample."""

from __future__ import annotations

import inspect

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import check_estimator

import framing
from framing.errors import NotFittedError, ParameterError, RenamedWarning
from framing.frames import MFC_FRAMES, assign_frames
from framing.frames.classifier import ABSTAIN_LABEL, FrameClassifier, validate_frames
from framing.frames.coding import demo_codes_path, merge_rare, read_codes


@pytest.mark.slow
def test_passes_every_scikit_learn_estimator_check():
    results = check_estimator(FrameClassifier(), on_fail=None)
    failed = [(r["check_name"], r["exception"]) for r in results if r["status"] == "failed"]
    assert not failed and len(results) > 40


def _blobs(n=60, seed=0):
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(3, 8)) * 3
    y = np.repeat(np.array(["Economic", "Political", "Morality"]), n // 3)
    X = centres[np.repeat(np.arange(3), n // 3)] + rng.normal(size=(n, 8))
    return X, y


def test_pipeline_abstention_and_codebook():
    X, y = _blobs()
    pipe = make_pipeline(StandardScaler(), FrameClassifier(random_state=0)).fit(X, y)
    assert (pipe.predict(X) == y).mean() > 0.9
    clf = FrameClassifier(abstain_below=0.99).fit(X, y)
    proba, pred = clf.predict_proba(X), clf.predict(X)
    assert clf.calibrated_ and np.allclose(proba.sum(axis=1), 1)
    low = proba.max(axis=1) < 0.99
    assert low.any() and (pred[low] == ABSTAIN_LABEL).all() and (pred[~low] != ABSTAIN_LABEL).all()
    assert clf.label(X)["frame"].isna().to_numpy().tolist() == low.tolist()
    fitted = FrameClassifier(codebook=MFC_FRAMES).fit(X, y)
    assert "Security and defense" in fitted.uncoded_frames_
    with pytest.raises(ParameterError, match="did you mean 'Economic'"):
        FrameClassifier(codebook=MFC_FRAMES).fit(X, np.where(y == "Economic", "Economics", y))


def test_options_are_keyword_only_and_positional_calls_still_work():
    X, y = _blobs()
    new = FrameClassifier(C=0.5, class_weight=None, calibration=None)
    assert inspect.signature(FrameClassifier.__init__).parameters["C"].kind is inspect.Parameter.KEYWORD_ONLY
    with pytest.warns(RenamedWarning, match="C=..., class_weight=..., calibration=..."):
        old = FrameClassifier(0.5, None, None)
    assert old.get_params() == new.get_params()
    assert np.allclose(old.fit(X, y).predict_proba(X), new.fit(X, y).predict_proba(X))
    copy = clone(new)
    assert copy is not new and copy.get_params() == new.get_params()
    label = new.label(X)
    assert label["frames"].eq("Economic; Morality; Political").all()


@pytest.fixture(scope="module")
def coded(embedder):
    sentences = framing.split_sentences(framing.load_demo())
    codes = read_codes(demo_codes_path(), codebook=MFC_FRAMES, sentences=sentences)
    vectors = embedder.encode(sentences["text"].tolist())
    return sentences, vectors, codes


@pytest.mark.slow
def test_validation_is_grouped_by_document_and_beats_trivial_guesses(coded):
    _, vectors, codes = coded
    X, y = vectors[codes["row"]], merge_rare(codes["label"])
    val = validate_frames(X, y, codes["doc_id"], n_boot=300, learning_curve=(0.3, 1.0))
    pred = val.predictions
    assert (pred.groupby("group")["fold"].nunique() == 1).all()  # no document split across folds
    assert val.confusion["count"].sum() == len(codes)
    macro = val.scores.query("frame == 'macro' and metric == 'f1'").iloc[0]
    assert macro["ci_low"] <= macro["value"] <= macro["ci_high"]
    # Majority-class guessing: F1 of the commonest frame over the number of frames.
    p = y.value_counts(normalize=True).iloc[0]
    assert macro["value"] > 2 * p / (1 + p) / y.nunique() + 0.2
    assert val.learning_curve["n_coded"].is_monotonic_increasing and len(val.learning_curve) == 2
    again = validate_frames(X, y, codes["doc_id"], n_boot=300, learning_curve=(0.3, 1.0))
    assert again.scores.equals(val.scores) and again.learning_curve.equals(val.learning_curve)


@pytest.mark.slow
def test_zero_shot_beats_the_nearest_frame_name_on_the_coded_demo(coded, embedder):
    from sklearn.metrics import f1_score

    _, vectors, codes = coded
    X, y = vectors[codes["row"]], codes["label"].to_numpy()
    zs = assign_frames(X, embedder=embedder)["frame"].fillna("Other").to_numpy()
    names = {f: f for f in MFC_FRAMES if f != "Other"}
    nm = assign_frames(X, frames=names, embedder=embedder, min_similarity=-1, margin=0)["frame"].to_numpy()
    labels = sorted(set(y))
    f_zs = f1_score(y, zs, labels=labels, average="macro", zero_division=0)
    f_nm = f1_score(y, nm, labels=labels, average="macro", zero_division=0)
    assert f_zs > f_nm


def test_mfc_prototypes_name_their_frame_and_avoid_the_demo_topic():
    demo_words = (
        "SCO",
        "Qingdao",
        "Shanghai",
        "defence minister",
        "joint statement",
        "India",
        "Pakistan",
        "China",
        "terrorist attack",
        "summit",
    )
    for name, spec in MFC_FRAMES.items():
        if spec.get("residual"):
            continue
        assert spec["description"].startswith(name), name
        for text in [spec["description"], *spec["examples"]]:
            assert not any(w.lower() in text.lower() for w in demo_words), (name, text)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"calibration": "platt"}, r"'calibration' parameter of FrameClassifier must be a str among"),
        ({"cv": 1}, r"'cv' parameter of FrameClassifier must be an int in the range \[2, inf\)"),
        (
            {"abstain_below": 1.5},
            r"'abstain_below' parameter of FrameClassifier must be a float in the range \[0.0, 1.0\]",
        ),
        ({"C": 0}, r"'C' parameter of FrameClassifier must be a float in the range \(0.0, inf\)"),
    ],
)
def test_bad_parameters_are_parameter_errors_naming_the_parameter(kwargs, match):
    X, y = _blobs()
    with pytest.raises(ParameterError, match=match):
        FrameClassifier(**kwargs).fit(X, y)


def test_unfitted_classifier_says_to_fit():
    X, _ = _blobs()
    with pytest.raises(
        NotFittedError, match=r"FrameClassifier is not fitted yet; call fit\(vectors, codes\)"
    ):
        FrameClassifier().predict(X)


def test_validate_frames_needs_enough_documents():
    X, y = _blobs(12)
    with pytest.raises(ParameterError, match="at least n_splits=5 documents"):
        validate_frames(X, y, ["a", "b"] * 6)
