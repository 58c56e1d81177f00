"""Property-based tests (Hypothesis): what must hold for any input, not just the examples."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import framing
from framing.errors import FramingError

# Text as scrapers deliver it: any Unicode, with the punctuation and spacing that trip splitters.
news_text = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        st.sampled_from(list(".!?\"'“”—-\n\n  ()U.S.Mr.3.5pic.twitter.com/x")),
    ),
    min_size=0,
    max_size=300,
)


@st.composite
def corpora(draw, min_docs=1, max_docs=8):
    n = draw(st.integers(min_docs, max_docs))
    return pd.DataFrame(
        {
            "doc_id": [f"d{i}" for i in range(n)],
            "side": draw(st.lists(st.sampled_from(["A", "B", "C"]), min_size=n, max_size=n)),
            "text": draw(st.lists(news_text, min_size=n, max_size=n)),
        }
    )


def load_or_none(docs: pd.DataFrame) -> pd.DataFrame | None:
    """Load arbitrary input; a FramingError (a clear refusal) is an allowed outcome, and gives None."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return framing.load_corpus(docs)
        except FramingError:
            return None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpora())
def test_loading_and_splitting_raise_only_framing_errors(docs):
    loaded = load_or_none(docs)  # any error but a FramingError fails here
    # A refused corpus passed the check above; split only those loaded. If every example were refused,
    # Hypothesis reports the test unsatisfiable instead of passing it.
    assume(loaded is not None)
    sentences = framing.split_sentences(loaded)
    assert set(sentences["doc_id"]) <= set(loaded["doc_id"])


@settings(max_examples=150, deadline=None)
@given(news_text.filter(lambda t: t.strip() != ""))
def test_every_character_lands_in_exactly_one_sentence(text):
    loaded = load_or_none(pd.DataFrame({"doc_id": ["d"], "side": ["A"], "text": [text]}))
    assume(loaded is not None)  # a refused text has no sentences to check; Hypothesis draws another
    body = loaded.loc[0, "text"]
    sentences = framing.split_sentences(loaded, clean=False)
    covered = np.zeros(len(body), dtype=int)
    for row in sentences.itertuples():
        assert body[row.start : row.end] == row.text
        covered[row.start : row.end] += 1
    assert covered.max(initial=0) <= 1  # no character in two sentences
    missed = "".join(ch for ch, c in zip(body, covered, strict=True) if c == 0)
    assert missed.strip() == ""  # every non-space character is in one


@st.composite
def labelled_sentences(draw):
    n_docs = draw(st.integers(4, 14))
    sizes = draw(st.lists(st.integers(1, 6), min_size=n_docs, max_size=n_docs))
    sides = ["A"] * (n_docs // 2) + ["B"] * (n_docs - n_docs // 2)
    doc_ids = np.repeat([f"d{i}" for i in range(n_docs)], sizes)
    side = np.repeat(sides, sizes)
    k = draw(st.integers(2, 4))
    labels = np.array(draw(st.lists(st.integers(0, k - 1), min_size=len(doc_ids), max_size=len(doc_ids))))
    sentences = pd.DataFrame({"doc_id": doc_ids, "side": side, "text": ["t"] * len(doc_ids)})
    return sentences, labels, draw(st.integers(0, 2**16)), draw(st.sampled_from(["sentence", "document"]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(labelled_sentences())
def test_share_intervals_contain_the_estimate_and_shares_sum_to_one(case):
    sentences, labels, seed, weight = case
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table = framing.compare_shares(sentences, labels, n_boot=200, weight=weight, random_state=seed)
    assert (table["ci_low"] <= table["diff"] + 1e-12).all()
    assert (table["diff"] <= table["ci_high"] + 1e-12).all()
    for _, comparison in table.groupby(["side_a", "side_b"]):
        assert np.isclose(comparison["share_a"].sum(), 1.0)
        assert np.isclose(comparison["share_b"].sum(), 1.0)
