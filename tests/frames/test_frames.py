"""Tests for framing.frames.zero_shot: planted frames with the real model, abstention, codebooks, shares."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import framing
from framing.errors import ParameterError
from framing.frames import (
    ABSTAIN_LABEL,
    MFC_FRAMES,
    assign_frames,
    compare_frames,
    frame_shares,
    normalize_frames,
)
from framing.frames.codebook import CODEBOOK_FILE, read_codebook

# One clear sentence per MFC frame, written for this test (none is an anchor in MFC_FRAMES).
CLEAR = {
    "Economic": "Fuel prices have risen sharply, hurting farmers and small businesses.",
    "Capacity and resources": "The province does not have enough doctors or ambulances to cope.",
    "Morality": "Killing unarmed civilians is wrong under any circumstances.",
    "Fairness and equality": "Why are some countries punished for what others are allowed to do?",
    "Legality, constitutionality and jurisprudence": "The high court struck down the ordinance as a breach of the constitution.",
    "Policy prescription and evaluation": "The council adopted a five-point plan to reduce air pollution.",
    "Crime and punishment": "Police detained two suspects over the robbery.",
    "Security and defense": "Troops exchanged fire along the Line of Control overnight.",
    "Health and safety": "Cholera cases are rising in the flood-hit villages.",
    "Cultural identity": "The ancient temple is a symbol of the nation's spiritual heritage.",
    "Public opinion": "Opinion polls show support for the government falling.",
    "Political": "The opposition leader said the ruling party would lose the next election.",
    "External regulation and reputation": "The visit strengthened diplomatic ties between Beijing and Islamabad.",
}
OFF_TOPIC = [
    "Preheat the oven to 200 degrees and bake the bread for 30 minutes.",
    "The guitar solo in the second song was wonderful.",
    "Knit two, purl two, and repeat until the end of the row.",
]


@pytest.fixture(scope="module")
def embedder(session_cache):
    from framing import Embedder

    return Embedder(cache_dir=session_cache)


class FakeEmbedder:
    """Deterministic bag-of-letters embedder: lets codebook logic be tested without the model."""

    def __init__(self, dim=26):
        self.dim = dim
        self.calls = 0

    def encode(self, texts):
        self.calls += 1
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            for ch in t.lower():
                if "a" <= ch <= "z":
                    out[i, (ord(ch) - 97) % self.dim] += 1
        out += 1e-3
        return out / np.linalg.norm(out, axis=1, keepdims=True)


@pytest.mark.slow
def test_recovers_planted_mfc_frames(embedder):
    res = assign_frames(list(CLEAR.values()), embedder=embedder)
    # The prototypes are domain-general (examples from the MFC's own issues, not this project's
    # topic), so a planted sentence about diplomacy or disease is not always recovered: the bar is
    # most of them, and a label given (not abstained) is right far more often than not.
    truth = np.array(list(CLEAR.keys()), dtype=object)
    assert (res["best"].to_numpy() == truth).sum() >= 11
    given = res["frame"].notna().to_numpy()
    assert (res["frame"].to_numpy()[given] == truth[given]).sum() >= 9 >= (~given).sum() + 6
    right = given & (res["frame"].to_numpy() == truth)
    assert (res["confidence"][right] > 0.5).all() and (res["margin"][given] >= 0.02).all()


@pytest.mark.slow
def test_abstains_on_off_topic_text(embedder):
    res = assign_frames(OFF_TOPIC, embedder=embedder)
    assert res["frame"].isna().all()
    assert (res["confidence"] == 0).all()
    # the diagnostics still say what came closest
    assert res["best"].notna().all()


@pytest.mark.slow
def test_vectors_and_texts_give_the_same_labels(embedder):
    texts = list(CLEAR.values()) + OFF_TOPIC
    from_texts = assign_frames(texts, embedder=embedder)
    from_vectors = assign_frames(embedder.encode(texts), embedder=embedder)
    pd.testing.assert_frame_equal(from_texts, from_vectors)
    table = pd.DataFrame({"text": texts}, index=range(100, 100 + len(texts)))
    from_table = assign_frames(table, embedder=embedder)
    assert list(from_table.index) == list(table.index)
    assert list(from_table["frame"]) == list(from_texts["frame"])


@pytest.mark.slow
def test_user_defined_frames_in_both_formats(embedder):
    mine = {
        "weather": {
            "description": "Rain, storms, temperature and the forecast.",
            "examples": ["It will rain tomorrow."],
        },
        "sport": ["The striker scored twice in the final.", "The team won the championship."],
    }
    res = assign_frames(
        ["Heavy snow is forecast for the weekend.", "The goalkeeper saved a penalty in extra time."],
        frames=mine,
        embedder=embedder,
    )
    assert list(res["frame"]) == ["weather", "sport"]
    assert res["frames"].iloc[0] == "weather; sport" and res["min_margin"].iloc[0] == 0.02


def test_margin_rule_abstains_between_two_equal_frames():
    fake = FakeEmbedder()
    # identical anchors and names with the same letters -> identical prototypes -> margin 0 -> abstain
    frames = {"ab": ["same words here"], "ba": ["same words here"], "c": ["zzz qqq xxx"]}
    res = assign_frames(["same words here"], frames=frames, embedder=fake, margin=0.01)
    assert res["frame"].iloc[0] is None
    assert res["margin"].iloc[0] == pytest.approx(0.0, abs=1e-6)
    ok = assign_frames(["same words here"], frames=frames, embedder=fake, margin=0.0)
    assert ok["frame"].iloc[0] == "ab"  # ties go to the first frame in codebook order


def test_min_similarity_rule():
    fake = FakeEmbedder()
    frames = {"vowels": ["aeiou aeiou"], "consonants": ["bcdfg hjklm"]}
    res = assign_frames(["aaa eee", "aaa eee"], frames=frames, embedder=fake, min_similarity=0.0)
    assert list(res["frame"]) == ["vowels", "vowels"]
    strict = assign_frames(["aaa eee"], frames=frames, embedder=fake, min_similarity=0.999)
    assert strict["frame"].iloc[0] is None
    assert strict["best"].iloc[0] == "vowels"


def test_normalize_frames_formats_and_residual():
    norm = normalize_frames(MFC_FRAMES)
    assert len(MFC_FRAMES) == 15 and "Other" in MFC_FRAMES and "Other" not in norm
    assert all(len(v) >= 4 for v in norm.values())
    assert normalize_frames({"a": "desc a", "b": ["x", "y"]}) == {"a": ["desc a"], "b": ["x", "y"]}
    assert normalize_frames({"a": {"examples": "one"}, "b": {"description": "d"}}) == {
        "a": ["one"],
        "b": ["d"],
    }


@pytest.mark.parametrize(
    ("frames", "message"),
    [
        (["a", "b"], "must be a mapping"),
        ({"a": ["x"]}, "at least two frames"),
        ({"a": ["x"], "b": []}, "needs at least one non-empty text"),
        ({"a": ["x"], "b": [""]}, "needs at least one non-empty text"),
        ({"a": ["x"], "b": {"desc": "y"}}, "unknown key"),
        ({"a": ["x"], "b": 3}, "must map to"),
    ],
)
def test_bad_codebooks(frames, message):
    with pytest.raises(ParameterError, match=message):
        assign_frames(["some text"], frames=frames, embedder=FakeEmbedder())


def test_bad_inputs():
    fake = FakeEmbedder()
    frames = {"a": ["x"], "b": ["y"]}
    with pytest.raises(ParameterError, match="different models"):
        assign_frames(np.ones((2, 5), dtype=np.float32), frames=frames, embedder=fake)
    with pytest.raises(ParameterError, match="empty"):
        assign_frames([], frames=frames, embedder=fake)
    with pytest.raises(ParameterError, match="single string"):
        assign_frames("one sentence", frames=frames, embedder=fake)
    with pytest.raises(ParameterError, match="encode"):
        assign_frames(["x"], frames=frames, embedder=object())
    with pytest.raises(ParameterError, match="min_similarity"):
        assign_frames(["x"], frames=frames, embedder=fake, min_similarity="high")
    with pytest.raises(ParameterError, match="no column 'text'"):
        assign_frames(pd.DataFrame({"sentence": ["x"]}), frames=frames, embedder=fake)


# -------------------------------------------------------------- shares and tests


def _sentences():
    # Side A: 6 documents, mostly frame "econ"; side B: 6 documents, mostly "war".
    rows = []
    for side, main, other in (("A", "econ", "war"), ("B", "war", "econ")):
        for d in range(6):
            for i in range(5):
                label = main if i < 4 else (other if d % 2 else None)
                rows.append({"doc_id": f"{side}{d}", "side": side, "text": "t", "label": label})
    s = pd.DataFrame(rows)
    return s.drop(columns="label"), pd.Series(s["label"].to_numpy(dtype=object), dtype=object)


def test_frame_shares_counts_and_cis():
    s, lab = _sentences()
    out = frame_shares(s, pd.DataFrame({"frame": lab}), n_boot=400)
    assert set(out.columns) >= {
        "side",
        "frame",
        "n_sentences",
        "n_total",
        "n_docs",
        "share",
        "ci_low",
        "ci_high",
    }
    a = out[out["side"] == "A"].set_index("frame")
    assert a.loc["econ", "share"] == pytest.approx(24 / 30)
    assert a.loc["war", "share"] == pytest.approx(3 / 30)
    assert a.loc[ABSTAIN_LABEL, "share"] == pytest.approx(3 / 30)
    assert a["share"].sum() == pytest.approx(1.0)
    assert (a["ci_low"] <= a["share"] + 1e-12).all() and (a["share"] <= a["ci_high"] + 1e-12).all()
    assert a.loc["war", "ci_high"] > a.loc["war", "ci_low"]
    # abstentions dropped: shares among framed sentences
    framed = frame_shares(s, lab, include_abstained=False, n_boot=50).set_index(["side", "frame"])
    assert framed.loc[("A", "econ"), "share"] == pytest.approx(24 / 27)
    assert ABSTAIN_LABEL not in framed.index.get_level_values("frame")


def test_compare_frames_finds_the_planted_difference():
    s, lab = _sentences()
    out = compare_frames(s, lab, n_boot=500)
    assert "frame" in out.columns and "cluster" not in out.columns
    econ = out.set_index("frame").loc["econ"]
    assert econ["side_a"] == "A" and econ["side_b"] == "B"
    assert econ["diff"] == pytest.approx(24 / 30 - 3 / 30)
    assert econ["ci_low"] > 0
    assert econ["p_value"] < 0.05
    assert set(out["frame"]) == {"econ", "war", ABSTAIN_LABEL}


def test_share_functions_reject_misaligned_labels():
    s, lab = _sentences()
    with pytest.raises(ParameterError, match="frames has 3 rows"):
        frame_shares(s, lab[:3])
    with pytest.raises(ParameterError, match="frames has 3 rows"):
        compare_frames(s, lab[:3])
    with pytest.raises(ParameterError, match="no column 'frame'"):
        frame_shares(s, pd.DataFrame({"label": lab}))
    with pytest.raises(ParameterError, match="every sentence abstained"):
        frame_shares(s, [None] * len(s), include_abstained=False)
    with pytest.raises(ParameterError, match="n_boot"):
        frame_shares(s, lab, n_boot=0)


def test_the_codebook_file_holds_exactly_the_codebook_the_code_held(tmp_path):
    # sha256 of json.dumps(MFC_FRAMES) when the codebook was a literal in framing/frames/zero_shot.py (commit 13ac988).
    digest = hashlib.sha256(json.dumps(MFC_FRAMES).encode()).hexdigest()
    assert digest == "d2be83c919f305b659892a73f4fbd330179b1eed2a4efaf67679edd202acbc31"
    assert list(MFC_FRAMES)[:2] == ["Economic", "Capacity and resources"] and MFC_FRAMES["Other"]["residual"]
    assert (
        read_codebook(CODEBOOK_FILE) == MFC_FRAMES
        and CODEBOOK_FILE.parent.parent == Path(framing.__file__).parent / "frames"
    )
    mine = tmp_path / "mine.toml"
    mine.write_text('[weather]\ndescription = "Rain."\n\n["sport and games"]\nexamples = ["A goal."]\n')
    assert read_codebook(mine) == {
        "weather": {"description": "Rain."},
        "sport and games": {"examples": ["A goal."]},
    }
    mine.write_text('[weather]\ndescription = "Rain."\n')
    with pytest.raises(ParameterError, match="at least two frames"):
        read_codebook(mine)
