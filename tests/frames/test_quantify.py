"""Frame shares corrected for classifier error (adjusted classify and count), and compare_frames with it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import framing
from framing.errors import ParameterError
from framing.frames import MFC_FRAMES, compare_frames
from framing.frames.classifier import FrameValidation, validate_frames
from framing.frames.coding import demo_codes_path, merge_rare, read_codes
from framing.frames.correction import adjusted_count, corrected_shares

FRAMES = ["A", "B", "C"]
#: M[p, t]: probability that a sentence of true frame t is labelled p.
M = np.array([[0.8, 0.2, 0.1], [0.15, 0.7, 0.2], [0.05, 0.1, 0.7]])


def test_adjusted_count_inverts_the_misclassification():
    truth = np.array([0.6, 0.3, 0.1])
    assert np.allclose(adjusted_count(M @ truth, M), truth, atol=1e-5)
    # Labels no mix of frames can produce still give non-negative shares summing to one.
    out = adjusted_count(np.array([1.0, 0.0, 0.0]), M)
    assert (out >= 0).all() and np.isclose(out.sum(), 1.0)


def _simulate(rng, n_docs, shares, per_doc=20):
    true = rng.choice(FRAMES, size=(n_docs, per_doc), p=shares)
    lab = np.empty_like(true)
    for t, f in enumerate(FRAMES):
        m = true == f
        lab[m] = rng.choice(FRAMES, size=m.sum(), p=M[:, t])
    return true.ravel(), lab.ravel(), np.repeat([f"d{i}" for i in range(n_docs)], per_doc)


def test_corrected_shares_recover_the_truth_that_raw_counts_miss():
    rng = np.random.default_rng(0)
    # A coded sample (true frame + out-of-fold label) and a corpus of two sides with different shares.
    ct, cl, cg = _simulate(rng, 150, [1 / 3, 1 / 3, 1 / 3])
    validation = FrameValidation(
        scores=pd.DataFrame(),
        confusion=pd.DataFrame(),
        learning_curve=pd.DataFrame(),
        predictions=pd.DataFrame(
            {"row": np.arange(len(ct)), "group": cg, "true": ct, "predicted": cl, "fold": 0}
        ),
        frames=FRAMES,
    )
    truth = {"X": [0.7, 0.2, 0.1], "Y": [0.1, 0.3, 0.6]}
    parts = []
    for side, p in truth.items():
        _, lab, docs = _simulate(rng, 150, p)
        parts.append(pd.DataFrame({"doc_id": [f"{side}{d}" for d in docs], "side": side, "frame": lab}))
    sentences = pd.concat(parts, ignore_index=True)
    out = corrected_shares(sentences, sentences["frame"], validation, n_boot=400)
    for side, p in truth.items():
        rows = out[out["side"] == side].set_index("frame").loc[FRAMES]
        err_raw = np.abs(rows["share_raw"] - p).mean()
        err = np.abs(rows["share"] - p).mean()
        assert err < 0.5 * err_raw, (side, err, err_raw)
        assert ((rows["ci_low"] <= np.array(p)) & (np.array(p) <= rows["ci_high"])).all()
        assert np.isclose(rows["share"].sum(), 1.0)
    with pytest.raises(ParameterError, match="never coded"):
        corrected_shares(sentences, np.where(sentences["frame"] == "A", "Z", sentences["frame"]), validation)
    with pytest.raises(ParameterError, match="validate_frames"):
        corrected_shares(sentences, sentences["frame"], validation=None)


@pytest.mark.slow
def test_compare_frames_with_a_classifier_reports_corrected_and_raw_shares(embedder):
    sentences = framing.split_sentences(framing.load_demo())
    codes = read_codes(demo_codes_path(), codebook=MFC_FRAMES, sentences=sentences)
    vectors = embedder.encode(sentences["text"].tolist())
    X, y = vectors[codes["row"]], merge_rare(codes["label"])
    val = validate_frames(X, y, codes["doc_id"], n_boot=200, learning_curve=())
    clf = framing.FrameClassifier().fit(X, y)
    tests = compare_frames(sentences, classifier=clf, validation=val, vectors=vectors, n_boot=200)
    plain = compare_frames(sentences, clf.predict(vectors), n_boot=200)
    assert set(tests["frame"]) == set(val.frames)
    pair = tests[(tests["side_a"] == "China") & (tests["side_b"] == "India")].set_index("frame")
    raw = plain[(plain["side_a"] == "China") & (plain["side_b"] == "India")].set_index("frame")
    common = pair.index.intersection(raw.index)
    assert np.allclose(pair.loc[common, "share_a_raw"], raw.loc[common, "share_a"])
    assert np.allclose(pair.loc[common, "p_value"], raw.loc[common, "p_value"])
    assert ((pair["ci_low"] <= pair["diff"] + 1e-9) | pair["diff"].isna()).all()
    assert "correction" in tests and tests["classifier"].iloc[0] == val.caption
    with pytest.raises(ParameterError, match="needs validation="):
        compare_frames(sentences, classifier=clf, vectors=vectors)


def test_compare_frames_takes_the_classifiers_vectors_by_name_and_the_old_call_warns():
    rng = np.random.default_rng(1)
    n_docs, per_doc = 40, 6
    truth = rng.choice(FRAMES, size=n_docs * per_doc)
    vectors = rng.normal(size=(len(truth), 8))
    vectors[np.arange(len(truth)), [FRAMES.index(f) for f in truth]] += 3.0
    docs = np.repeat([f"d{i}" for i in range(n_docs)], per_doc)
    sentences = pd.DataFrame({"doc_id": docs, "side": np.where(np.arange(len(truth)) % 2, "X", "Y")})
    coded = np.arange(0, len(truth), 2)
    clf = framing.FrameClassifier(calibration=None).fit(vectors[coded], truth[coded])
    val = validate_frames(vectors[coded], truth[coded], docs[coded], n_boot=50, learning_curve=())
    new = compare_frames(sentences, classifier=clf, validation=val, vectors=vectors, n_boot=100)
    assert {"share_a_raw", "correction", "classifier"} <= set(new.columns)
    assert new["classifier"].eq(val.caption).all()
    with pytest.warns(framing.errors.RenamedWarning, match="vectors="):
        old = compare_frames(sentences, vectors, classifier=clf, validation=val, n_boot=100)
    pd.testing.assert_frame_equal(old, new)
    with pytest.raises(ParameterError, match="not both"):
        compare_frames(sentences, truth, classifier=clf, validation=val, vectors=vectors)
