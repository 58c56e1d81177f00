"""Sentence segmentation on tricky news prose."""

from __future__ import annotations

import pandas as pd
import pytest

import framing
from framing.errors import CorpusError, ParameterError


def split(text: str, **kwargs) -> list[str]:
    docs = framing.load_corpus(pd.DataFrame({"doc_id": ["d"], "side": ["s"], "text": [text]}))
    return framing.split_sentences(docs, **kwargs)["text"].tolist()


def test_abbreviations_decimals_and_quotes():
    text = (
        "QINGDAO, June 26 — Mr. Singh met Gen. Dong at 10.30 a.m. in the hall. Trade grew 3.5 per cent. "
        '"We will not sign," he said. The U.S. and U.K. envoys were absent.'
    )
    assert split(text) == [
        "QINGDAO, June 26 — Mr. Singh met Gen. Dong at 10.30 a.m. in the hall.",
        "Trade grew 3.5 per cent.",
        '"We will not sign," he said.',
        "The U.S. and U.K. envoys were absent.",
    ]


def test_paragraph_breaks_are_sentence_breaks():
    assert split("Talks resume without a stop\n\nThe body starts here.") == [
        "Talks resume without a stop",
        "The body starts here.",
    ]


def test_trailing_social_links_and_embed_lines_are_removed():
    text = (
        "The minister addressed the meeting held in Qingdao… pic.twitter.com/AbCdEf123\n"
        "— Some News (@SomeNews) June 26, 2025\n\n"
        "He spoke for ten minutes."
    )
    assert split(text) == ["The minister addressed the meeting held in Qingdao…", "He spoke for ten minutes."]


def test_script_residue_is_dropped():
    text = "The talks ended. (adsbygoogle=window.adsbygoogle||[]).push({}); Ministers left."
    assert split(text) == ["The talks ended.", "Ministers left."]


def test_without_cleaning_every_character_lands_in_one_sentence():
    text = "First one. Second, with pic.twitter.com/x1 link.\n\nThird para! And (a) fourth?"
    docs = framing.load_corpus(pd.DataFrame({"doc_id": ["d"], "side": ["s"], "text": [text]}))
    sents = framing.split_sentences(docs, clean=False)
    assert "".join(sents["text"]).replace(" ", "") == text.replace(" ", "").replace("\n", "")
    for row in sents.itertuples():
        assert text[row.start : row.end] == row.text


def test_offsets_point_into_the_document_and_metadata_is_carried():
    docs = framing.load_demo().head(5)
    sents = framing.split_sentences(docs)
    texts = docs.set_index("doc_id")["text"]
    for row in sents.itertuples():
        assert (
            row.text in texts[row.doc_id][row.start : row.end]
            or "http" in texts[row.doc_id][row.start : row.end]
        )
    assert list(sents.columns[:5]) == ["doc_id", "sent_idx", "text", "start", "end"]
    assert {"side", "source", "source_type", "date", "title"} <= set(sents.columns)
    assert (sents.groupby("doc_id")["sent_idx"].apply(lambda s: list(s) == list(range(len(s))))).all()


def test_repeated_sentences_get_their_own_offsets():
    docs = framing.load_corpus(pd.DataFrame({"doc_id": ["d"], "side": ["s"], "text": ["Yes. Yes. Yes."]}))
    # One-word sentences are fragments (set aside by default); kept here to check the offsets.
    sents = framing.split_sentences(docs, fragments="keep")
    assert sents["start"].tolist() == [0, 5, 10]


def test_bad_input():
    with pytest.raises(CorpusError, match="documents DataFrame"):
        framing.split_sentences(["a list"])
    with pytest.raises(CorpusError, match="no 'text' column"):
        framing.split_sentences(pd.DataFrame({"doc_id": ["a"]}))


def test_corpus_summary_counts():
    docs = framing.load_demo()
    sents = framing.split_sentences(docs)
    summary = framing.corpus_summary(docs, sents)
    assert summary["documents"].sum() == len(docs)
    assert summary["sentences"].sum() == len(sents)


def test_very_long_paragraph_is_split_at_true_boundaries():
    """A 200,000-character paragraph is cut into pieces for pySBD, never at "Mr." or "U.S."."""
    sentence = "The minister said point {} was settled by Mr. Khan at 3.5 p.m. in the U.S. embassy."
    text = " ".join(sentence.format(i) for i in range(2400))
    assert len(text) > 200_000
    with pytest.warns(UserWarning, match="longer than"):
        docs = framing.load_corpus(pd.DataFrame({"doc_id": ["d"], "side": ["s"], "text": [text]}))
    sents = framing.split_sentences(docs, clean=False)
    assert sents["text"].tolist() == [sentence.format(i) for i in range(2400)]
    for row in sents.itertuples():
        assert text[row.start : row.end] == row.text


# -- fragments (issue 20) --------------------------------------------------------------------


def _docs(texts, sides=None):
    sides = sides or ["s"] * len(texts)
    return framing.load_corpus(
        pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(texts))], "side": sides, "text": texts})
    )


TEASERS = ["Explained", "2 reasons why", "Another storm brews!", "Watch:", "Check details", "Do you own any?"]
CLAIMS = [
    "Talks resumed on Saturday.",
    "Talks resume in Geneva.",
    "The army denies it.",
    "He died an outcast.",
]


def test_teasers_and_verbless_fragments_are_set_aside_and_short_claims_kept():
    texts = [f"{t}\n\n{c}" for t, c in zip(TEASERS, CLAIMS + CLAIMS[:2], strict=True)]
    texts.append("Credibility crisis.\n\nThe minister resigned.")
    texts.append("That difference matters.")  # a claim: a verb after its subject
    sentences = framing.split_sentences(_docs(texts))
    assert sentences["text"].tolist() == [
        *CLAIMS,
        *CLAIMS[:2],
        "The minister resigned.",
        "That difference matters.",
    ]
    # sent_idx numbers every sentence, fragments included: a sentence keeps its key (coding sheets).
    assert sentences["sent_idx"].tolist() == [1] * 7 + [0]
    flagged = framing.split_sentences(_docs(texts), fragments="flag")
    assert flagged.loc[flagged["fragment"] != "", "fragment"].tolist() == [
        "teaser",
        "teaser",
        "exclamation",
        "teaser",
        "teaser",
        "teaser",
        "no_verb",
    ]
    assert len(framing.split_sentences(_docs(texts), fragments="keep")) == 15


def test_fragment_rules_leave_other_languages_alone():
    urdu = "حکومت نے پل کھولا۔"
    hindi = "सरकार ने पुल खोला।"
    with pytest.warns(framing.FramingWarning, match="non-Latin"):
        docs = _docs([urdu, hindi])
    assert framing.split_sentences(docs)["text"].tolist() == [urdu, hindi]
    # Rules are English only: with another segmenter language nothing is a fragment.
    assert framing.split_sentences(_docs(["Check details"]), language="de")["text"].tolist() == [
        "Check details"
    ]


def test_fragment_report_gives_each_side_its_share_by_rule():
    docs = _docs(
        ["Check details\n\nPrices rose.", "Prices fell.\n\nMarkets closed early today.", "Bingo!"],
        sides=["A", "B", "B"],
    )
    report = framing.fragment_report(framing.split_sentences(docs, fragments="flag"), by="side")
    assert report.to_dict("list") == {
        "side": ["A", "B"],
        "sentences": [2, 3],
        "fragments": [1, 1],
        "share": [0.5, 1 / 3],
        "teaser": [1, 0],
        "exclamation": [0, 1],
        "no_verb": [0, 0],
    }
    with pytest.raises(ParameterError, match="fragment"):
        framing.fragment_report(framing.split_sentences(docs), by="side")
    with pytest.raises(CorpusError, match="fragments must be one of"):
        framing.split_sentences(docs, fragments="yes")


def test_corpus_summary_takes_by_as_a_keyword_and_the_old_position_still_works():
    from framing.errors import RenamedWarning

    docs = framing.load_demo()
    sents = framing.split_sentences(docs)
    new = framing.corpus_summary(docs, sents, by="source_type")
    with pytest.warns(RenamedWarning, match=r"by=\.\.\."):
        old = framing.corpus_summary(docs, sents, "source_type")
    pd.testing.assert_frame_equal(old, new)
    assert "source_type" in new.columns and new["documents"].sum() == len(docs)
