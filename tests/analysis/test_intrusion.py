"""Word and sentence intrusion: the sheet a person completes, read back and scored."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.analysis.intrusion import intrusion_sheet, key_path, score_intrusion
from framing.errors import FramingWarning, ParameterError

_WORDS = {
    0: "border troops ceasefire shelling artillery patrol",
    1: "trade tariffs exports imports customs investment",
    2: "rain flood monsoon river dam rescue",
}


def themed(n_per=30, seed=0):
    """Sentences of three themes, each written from its own vocabulary, and vectors that follow them."""
    rng = np.random.default_rng(seed)
    rows, vecs = [], []
    for c, words in _WORDS.items():
        vocab = words.split()
        for i in range(n_per):
            picked = rng.choice(vocab, size=4, replace=False)
            rows.append({"doc_id": f"d{c}{i}", "text": f"The {' '.join(picked)} report {c}-{i}.", "label": c})
            vecs.append(np.eye(8)[c] + rng.normal(scale=0.1, size=8))
    table = pd.DataFrame(rows)
    return table, table["label"].to_numpy(), np.asarray(vecs, dtype=np.float32)


def test_sheet_round_trip_and_scoring(tmp_path):
    sentences, labels, vectors = themed()
    path = tmp_path / "intrusion.csv"
    sheet, key = intrusion_sheet(sentences, labels, vectors, n_items=4, path=path, random_state=1)
    assert len(key) == len(sheet) == 3 * 2 * 4
    assert "answer" in sheet and sheet["answer"].eq("").all() and "intruder" not in sheet
    assert key_path(path).is_file() and "cluster" not in pd.read_csv(path).columns
    # Every intruder is shown once, among the options of its row, at the position the key says.
    for s, k in zip(sheet.itertuples(index=False), key.itertuples(index=False)):
        assert getattr(s, f"option_{k.intruder}") == k.intruder_text and k.intruder_cluster != k.cluster
    word = key[key["task"] == "word"]
    assert (word["n_options"] == 6).all() and (key.loc[key["task"] == "sentence", "n_options"] == 4).all()
    # Shuffled: the intruder is not always in the same place.
    assert key["intruder"].nunique() > 2
    # A coder who always finds the intruder, except on cluster 2's word tasks where they pick option 1.
    done = pd.read_csv(path, dtype=str, keep_default_na=False)
    keyed = pd.read_csv(key_path(path))
    done["answer"] = keyed["intruder"].astype(str)
    wrong = (keyed["cluster"] == 2) & (keyed["task"] == "word")
    done.loc[wrong, "answer"] = np.where(keyed.loc[wrong, "intruder"] == 1, "2", "1")
    done.to_csv(path, index=False)
    scores = score_intrusion(path, key=key_path(path)).set_index(["task", "cluster"])
    assert scores.loc[("word", 2), "precision"] == 0 and scores.loc[("word", 0), "precision"] == 1
    assert scores.loc[("sentence", 2), "correct"] == 4
    overall = scores.loc[("word", pd.NA)]
    assert overall["answered"] == 12 and overall["correct"] == 8
    assert overall["ci_low"] < 8 / 12 < overall["ci_high"] and overall["chance"] == pytest.approx(1 / 6)


def test_same_seed_same_sheet_and_word_intruders_are_foreign():
    sentences, labels, vectors = themed()
    first = intrusion_sheet(sentences, labels, vectors, tasks="word", random_state=3)
    again = intrusion_sheet(sentences, labels, vectors, tasks="word", random_state=3)
    pd.testing.assert_frame_equal(first[0], again[0])
    key = first[1]
    own = {c: set(w.split()) for c, w in _WORDS.items()}
    for k in key.itertuples(index=False):
        assert k.intruder_text in own[k.intruder_cluster] and k.intruder_text not in own[k.cluster]


def test_score_names_the_row_of_a_bad_answer(tmp_path):
    sentences, labels, vectors = themed(n_per=10)
    sheet, key = intrusion_sheet(sentences, labels, vectors, n_items=1, random_state=0)
    sheet["answer"] = "1"
    sheet.loc[3, "answer"] = "seven"
    with pytest.raises(ParameterError, match=r"row 5 \(item .*\): answer 'seven' is not an option number"):
        score_intrusion(sheet, key=key)
    sheet.loc[3, "answer"] = "9"
    with pytest.raises(ParameterError, match="row 5"):
        score_intrusion(sheet, key=key)
    sheet.loc[3, "answer"] = ""
    with pytest.warns(FramingWarning, match="1 unanswered"):
        scores = score_intrusion([sheet, sheet.assign(answer="2")], key=key)
    assert scores.groupby("task")["answered"].max().sum() > 0
    with pytest.raises(ParameterError, match="not in the answer key"):
        score_intrusion(sheet.assign(item="zzz"), key=key)
    with pytest.raises(ParameterError, match="no column 'answer'"):
        score_intrusion(sheet.drop(columns="answer"), key=key)
