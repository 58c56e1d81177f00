"""Coding sheets: drawing a sample to code, reading codes back with clear errors; the demo's coded sample."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import framing
from framing.errors import CorpusError, ParameterError, RenamedWarning
from framing.frames import MFC_FRAMES
from framing.frames.coding import (
    demo_codes_path,
    merge_rare,
    rare_frames,
    read_codes,
    sample_for_coding,
    sentence_ids,
)


@pytest.fixture(scope="module")
def sentences():
    return framing.split_sentences(framing.load_demo())


def test_stratified_sample_is_proportional_with_context_and_an_empty_label(sentences, tmp_path):
    path = tmp_path / "sheet.csv"
    sheet = sample_for_coding(sentences, n=60, path=path, random_state=3)
    assert len(sheet) == 60 and sheet["sentence_id"].is_unique
    share = sentences["side"].value_counts(normalize=True)
    drawn = sheet["side"].value_counts()
    for side, p in share.items():
        assert abs(drawn[side] - 60 * p) <= 1, side
    assert (sheet["label"] == "").all()
    ids = sentence_ids(sentences)
    pos = pd.Series(np.arange(len(sentences)), index=ids.to_numpy())
    for _, row in sheet.iterrows():
        i = pos[row["sentence_id"]]
        assert row["text"] == sentences["text"].iloc[i]
        same_doc_before = i > 0 and sentences["doc_id"].iloc[i - 1] == row["doc_id"]
        assert row["before"] == (sentences["text"].iloc[i - 1] if same_doc_before else "")
    # The written file reads back (empty labels refused unless allowed) and is never overwritten.
    assert len(read_codes(path, codebook=MFC_FRAMES, allow_empty=True)) == 0
    with pytest.raises(ParameterError, match="never overwritten"):
        sample_for_coding(sentences, n=5, path=path)
    with pytest.warns(RenamedWarning, match="n=..."):
        again = sample_for_coding(sentences, 60, random_state=3)  # the last release's call
    assert again["sentence_id"].tolist() == sheet["sentence_id"].tolist()
    assert again["strategy"].eq("stratified").all() and again["random_state"].eq(3).all()


@pytest.mark.slow
def test_uncertain_sample_takes_the_least_confident_sentences(sentences, embedder):
    codes = read_codes(demo_codes_path(), codebook=MFC_FRAMES, sentences=sentences)
    vectors = embedder.encode(sentences["text"].tolist())
    clf = framing.FrameClassifier().fit(vectors[codes["row"]], merge_rare(codes["label"]))
    sheet = sample_for_coding(
        sentences, n=8, strategy="uncertain", classifier=clf, vectors=vectors, exclude=codes["sentence_id"]
    )
    top = clf.predict_proba(vectors).max(axis=1)
    top[codes["row"].to_numpy()] = np.inf
    expected = set(sentence_ids(sentences).to_numpy()[np.argsort(top, kind="stable")[:8]])
    assert set(sheet["sentence_id"]) == expected
    assert not set(sheet["sentence_id"]) & set(codes["sentence_id"])


def test_the_demo_codes_match_the_demo_sentences_and_the_codebook(sentences):
    codes = read_codes(demo_codes_path(), codebook=MFC_FRAMES, sentences=sentences)
    assert len(codes) == 300 and codes["doc_id"].nunique() > 40
    assert (codes["text"].to_numpy() == sentences["text"].to_numpy()[codes["row"]]).all()
    assert set(codes["label"]) <= set(MFC_FRAMES)
    assert set(codes["side"]) == set(sentences["side"])
    recode = read_codes(demo_codes_path(recode=True), codebook=MFC_FRAMES, sentences=sentences)
    assert len(recode) == 100 and set(recode["sentence_id"]) <= set(codes["sentence_id"])


def _sheet(tmp_path, labels, ids=None):
    ids = ids or [f"d1:{i}" for i in range(len(labels))]
    path = tmp_path / "codes.csv"
    pd.DataFrame({"sentence_id": ids, "text": "x", "label": labels}).to_csv(path, index=False)
    return path


def test_read_codes_names_file_line_and_closest_label(tmp_path):
    path = _sheet(tmp_path, ["Economic", "Securty and defense", "Political"])
    with pytest.raises(
        CorpusError, match=r"codes.csv, line 3: label 'Securty and defense' .*'Security and defense'"
    ):
        read_codes(path, codebook=MFC_FRAMES)
    ok = read_codes(_sheet(tmp_path, ["  economic ", "POLITICAL"]), codebook=MFC_FRAMES)
    assert ok["label"].tolist() == ["Economic", "Political"]


def test_read_codes_refuses_duplicates_empty_labels_and_foreign_ids(tmp_path, sentences):
    with pytest.raises(CorpusError, match=r"'d1:0' is coded more than once, at line 2, line 4 \(2 in all\)"):
        read_codes(
            _sheet(tmp_path, ["Economic", "Political", "Other"], ["d1:0", "d1:1", "d1:0"]),
            codebook=MFC_FRAMES,
        )
    with pytest.raises(CorpusError, match=r"empty at line 3"):
        read_codes(_sheet(tmp_path, ["Economic", "", "Other"]), codebook=MFC_FRAMES)
    with pytest.raises(CorpusError, match=r"'nope:1' at line 2 \(1 in all\) is not in the sentences"):
        read_codes(_sheet(tmp_path, ["Economic"], ["nope:1"]), codebook=MFC_FRAMES, sentences=sentences)
    with pytest.raises(CorpusError, match="required column 'label'"):
        path = tmp_path / "nolabel.csv"
        pd.DataFrame({"sentence_id": ["a"]}).to_csv(path, index=False)
        read_codes(path, codebook=MFC_FRAMES)


def test_merge_rare_recodes_rare_frames_into_other():
    out = merge_rare(["A"] * 9 + ["B"] * 2 + ["Other"], min_count=8)
    assert out.tolist() == ["A"] * 9 + ["Other"] * 3
    assert rare_frames(["A"] * 9 + ["B"] * 2 + ["Other"], min_count=8) == ["B"]
