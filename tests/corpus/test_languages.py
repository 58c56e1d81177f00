"""Urdu and Hindi: language detection, sentence splitting, words kept whole, stop words, terms per language.

Every text here was written for these tests (short sentences about a fictional meeting); none is
taken from an article.
"""

from __future__ import annotations

import re
import warnings

import matplotlib
import numpy as np
import pandas as pd
import pytest

import framing
from framing.analysis.cluster import class_tfidf
from framing.analysis.compare import distinctive_terms
from framing.corpus.languages import URDU_STOP_WORDS, detect_language, script_of, stop_words, tokenize
from framing.errors import FramingWarning, ParameterError

UR = "وزیر دفاع نے اجلاس سے خطاب کرتے ہوئے کہا کہ پاکستان دہشت گردی کے خلاف جنگ میں سب سے آگے رہا ہے۔"
HI = "रक्षा मंत्री ने बैठक में कहा कि आतंकवाद के खिलाफ लड़ाई में दोहरे मापदंड स्वीकार्य नहीं हैं।"
EN = "The defence ministers met by the sea, and the meeting ended without a joint statement on the draft."
AR = "قال وزير الدفاع في الاجتماع إن بلاده تدعم الحوار وتحترم سيادة الدول المجاورة."
FA = "وزیر دفاع در این نشست گفت که کشورش از گفتگو حمایت می‌کند و به حاکمیت کشورهای همسایه احترام می‌گذارد."
SD = "وزير دفاع چيو ته پاڪستان امن چاهي ٿو ۽ ڳالهين لاءِ تيار آهي."  # Sindhi: Arabic script, not Urdu


# --- detection ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [(UR, "ur"), (HI, "hi"), (EN, "en"), (AR, "ar"), (FA, "fa")],
)
def test_detects_urdu_hindi_english_and_tells_urdu_from_arabic_and_persian(text, expected):
    language, probability, how = detect_language(text, languages=("en", "ur", "hi"))
    assert (language, how) == (expected, "detected")
    assert probability > 0.95


def test_short_text_is_decided_by_its_script_and_urdu_by_its_letters():
    # Under 20 letters the detector is not asked: the script names the study's language.
    assert detect_language("چنگ ڈاؤ اجلاس ختم", languages=("en", "ur", "hi"))[::2] == ("ur", "script")
    assert detect_language("बैठक समाप्त", languages=("en", "ur", "hi"))[::2] == ("hi", "script")
    assert detect_language("Talks end", languages=("en", "ur", "hi"))[::2] == ("en", "script")
    # Arabic script without a letter only Urdu writes is not taken for Urdu on a guess.
    assert detect_language("الاجتماع انتهى", languages=("en", "ur", "hi"))[0] is None
    # Sindhi: the detector is unsure (it guesses Pashto), and its letters ڪ ٿ ڳ ۽ are not Urdu's.
    assert detect_language(SD, languages=("en", "ur", "hi"))[0] != "ur"


def test_script_of():
    assert [script_of(t) for t in (UR, HI, EN, "2025", "会议结束")] == [
        "Arabic",
        "Devanagari",
        "Latin",
        None,
        "other",
    ]


# --- clean_corpus(languages=...) --------------------------------------------------------------------------


def _docs(texts: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "doc_id": list(texts),
            "side": ["A", "B"] * (len(texts) // 2) + ["A"] * (len(texts) % 2),
            "source": "s",
            "title": "",
            "text": list(texts.values()),
        }
    )


def test_clean_corpus_keeps_the_named_languages_and_sets_others_aside_with_a_reason():
    docs = _docs({"en": EN, "ur": UR, "hi": HI, "ar": AR, "fa": FA})
    with pytest.warns(FramingWarning, match=r"2 document\(s\) are in none of the study's languages"):
        result = framing.clean_corpus(docs, languages=("en", "ur", "hi"))
    out = result.documents.set_index("doc_id")
    assert out["status"].to_dict() == {
        "en": "kept",
        "ur": "kept",
        "hi": "kept",
        "ar": "other_language",
        "fa": "other_language",
    }
    assert out["language"].tolist() == ["en", "ur", "hi", "ar", "fa"]
    aside = result.set_aside()
    assert aside["doc_id"].tolist() == ["ar", "fa"]
    assert aside["detected_language"].tolist() == ["ar", "fa"]
    assert result.settings["languages"] == ["en", "ur", "hi"]
    table = result.languages()
    assert set(table.columns) == {"side", "language", "status", "documents"}
    assert table["documents"].sum() == 5


def test_clean_corpus_default_is_unchanged_for_english():
    docs = _docs({"en": EN, "ur": UR})
    with pytest.warns(FramingWarning, match="not in 'en'"):
        result = framing.clean_corpus(docs)
    assert "language" not in result.documents.columns
    assert "languages" not in result.settings
    assert result.documents["status"].tolist() == ["kept", "other_language"]


def test_clean_corpus_rejects_a_language_it_cannot_count_words_of():
    with pytest.raises(ParameterError, match=r"languages must name languages framing cuts into words"):
        framing.clean_corpus(_docs({"en": EN}), languages=("en", "zh"))


# --- sentences --------------------------------------------------------------------------------------------


def _split(text: str, language: str) -> list[str]:
    docs = pd.DataFrame({"doc_id": ["d"], "side": ["s"], "text": [text], "language": [language]})
    sentences = framing.split_sentences(docs)
    # Offsets still point at each sentence in the document.
    assert all(text[r.start : r.end] == r.text for r in sentences.itertuples())
    return sentences["text"].tolist()


def test_urdu_sentences_split_at_full_stop_question_mark_and_keep_their_quotes():
    text = (
        "وزیر دفاع نے اجلاس سے خطاب کیا۔ کیا بھارت بات چیت کے لیے تیار ہے؟ "
        "ترجمان نے کہا: “ہم امن چاہتے ہیں۔” اجلاس ختم ہوا. اگلا اجلاس ماسکو میں ہوگا! "
        'ترجمان نے کہا: "ہم نے اعلامیہ کی حمایت کی۔" اجلاس 26 جون کو ختم ہوا۔'
    )
    assert _split(text, "ur") == [
        "وزیر دفاع نے اجلاس سے خطاب کیا۔",
        "کیا بھارت بات چیت کے لیے تیار ہے؟",
        "ترجمان نے کہا: “ہم امن چاہتے ہیں۔”",
        "اجلاس ختم ہوا.",
        "اگلا اجلاس ماسکو میں ہوگا!",
        'ترجمان نے کہا: "ہم نے اعلامیہ کی حمایت کی۔"',
        "اجلاس 26 جون کو ختم ہوا۔",
    ]


def test_hindi_sentences_split_at_danda_and_its_stand_ins_and_keep_their_quotes():
    text = (
        "क्या भारत सहमत है? प्रवक्ता ने कहा, “हम शांति चाहते हैं।” बैठक समाप्त हुई | "
        "अगली बैठक मास्को में होगी॥ डॉ. शर्मा भी मौजूद थे। यह 2.5 प्रतिशत है!"
    )
    assert _split(text, "hi") == [
        "क्या भारत सहमत है?",
        "प्रवक्ता ने कहा, “हम शांति चाहते हैं।”",
        "बैठक समाप्त हुई |",
        "अगली बैठक मास्को में होगी॥",
        "डॉ. शर्मा भी मौजूद थे।",
        "यह 2.5 प्रतिशत है!",
    ]


def test_each_document_is_split_in_its_own_language():
    docs = pd.DataFrame(
        {
            "doc_id": ["u", "e"],
            "side": "s",
            "text": ["اجلاس ختم ہوا. اگلا اجلاس ماسکو میں ہوگا۔", "Mr. Khan spoke. It ended."],
            "language": ["ur", None],
        }
    )
    sentences = framing.split_sentences(docs)
    assert sentences.groupby("doc_id").size().to_dict() == {"e": 2, "u": 2}
    assert sentences["language"].tolist()[:2] == ["ur", "ur"]


# --- words and stop words ---------------------------------------------------------------------------------


def test_hindi_and_urdu_words_stay_whole():
    hindi = "जनता ने प्रधानमंत्री के बयान पर प्रतिक्रिया दी"
    # What scikit-learn's default pattern does to Hindi: every vowel sign cuts a word.
    assert "जनता" not in re.findall(r"(?u)\b\w\w+\b", hindi)
    assert tokenize(hindi, "hi") == ["जनता", "ने", "प्रधानमंत्री", "के", "बयान", "पर", "प्रतिक्रिया", "दी"]
    assert tokenize("وزیرِ دفاع نے اجلاس سے خطاب کیا۔", "ur") == [
        "وزیر",
        "دفاع",
        "نے",
        "اجلاس",
        "سے",
        "خطاب",
        "کیا",
    ]


def test_urdu_spellings_with_arabic_code_points_are_one_word():
    # Arabic yeh and kaf, a zero-width non-joiner and a tatweel: the same word as the Urdu letters.
    assert tokenize("پاكستان", "ur") == tokenize("پاکستان", "ur") == ["پاکستان"]
    assert tokenize("وزير", "ur") == ["وزیر"]
    assert tokenize("ام\u200cن اجـلاس", "ur") == ["امن", "اجلاس"]


def test_english_words_are_scikit_learns():
    assert tokenize("The U.S. envoy's 2 talks, re-opened.", "en") == ["the", "envoy", "talks", "re", "opened"]


def test_stop_words_remove_function_words_not_content_words():
    hi, ur = stop_words("hi"), stop_words("ur")
    assert {"है", "के", "में", "की", "को", "से", "और", "ने", "पर", "यह"} <= hi
    assert {"है", "के", "में", "की"}.isdisjoint(ur)
    assert {"کے", "کی", "ہے", "میں", "نے", "سے", "کو", "کا", "اور", "یہ", "وہ", "بھی"} <= ur
    for content in ("بیان", "اجلاس", "دفاع", "خبر", "پاکستان"):
        assert content not in ur
    for content in ("बयान", "बैठक", "रक्षा", "भारत"):
        assert content not in hi
    # Every stop word is one word as tokenize cuts it, so CountVectorizer can remove it.
    assert all(tokenize(w, "ur") == [w] for w in URDU_STOP_WORDS if len(w) > 1)


# --- terms within each language ---------------------------------------------------------------------------

ROWS = [
    ("p1", "Pakistan", "ur", "پاکستان نے دہشت گردی کے خلاف قربانیاں دی ہیں۔"),
    ("p1", "Pakistan", "ur", "وزیر دفاع نے امن اور مذاکرات پر زور دیا۔"),
    ("p2", "Pakistan", "ur", "پاکستان نے خطے میں امن کی حمایت کی۔"),
    ("p2", "Pakistan", "ur", "وزیر دفاع نے قربانیاں یاد دلائیں۔"),
    ("i1", "India", "ur", "بھارت نے اعلامیہ پر دستخط سے انکار کیا۔"),
    ("i2", "India", "ur", "بھارت نے پہلگام حملے کا ذکر مانگا۔"),
    ("i1", "India", "hi", "भारत ने संयुक्त बयान पर हस्ताक्षर करने से इनकार किया।"),
    ("i2", "India", "hi", "भारत ने पहलगाम हमले का ज़िक्र मांगा।"),
    ("p1", "Pakistan", "hi", "पाकिस्तान ने आतंकवाद के खिलाफ बलिदान की बात की।"),
    ("p2", "Pakistan", "hi", "पाकिस्तान ने शांति और बातचीत पर ज़ोर दिया।"),
    ("i1", "India", "en", "India refused to sign the joint statement."),
    ("p1", "Pakistan", "en", "Pakistan stressed its sacrifices against terrorism."),
]
SENTENCES = pd.DataFrame(ROWS, columns=["doc_id", "side", "language", "text"])
SCRIPT = {"ur": r"[\u0600-\u06FF]", "hi": r"[\u0900-\u097F]", "en": r"[a-z]"}


def test_distinctive_terms_are_computed_within_each_language():
    terms = distinctive_terms(SENTENCES, min_count=1, min_docs=1, ngram_range=(1, 2))
    assert list(terms.columns[:4]) == ["side_a", "side_b", "cluster", "language"]
    assert set(terms["language"]) == {"en", "ur", "hi"}
    for language, part in terms.groupby("language"):
        # One script per log-odds: every term of a language's table is written in its script.
        assert part["term"].str.contains(SCRIPT[language]).all(), language
        others = [s for lang, s in SCRIPT.items() if lang != language]
        assert not part["term"].str.contains("|".join(others)).any(), language
    ur = terms[terms["language"] == "ur"].set_index("term")
    assert ur.loc["بھارت", "count_a"] == 2 and ur.loc["بھارت", "z"] > 0  # India's side uses it
    assert ur.loc["پاکستان", "count_b"] == 2 and ur.loc["پاکستان", "z"] < 0
    assert not set(ur.index) & set(stop_words("ur"))
    hi = terms[terms["language"] == "hi"]
    assert {"पहलगाम", "हस्ताक्षर", "पाकिस्तान"} <= set(hi["term"])
    assert not set(hi["term"]) & set(stop_words("hi"))
    assert "पहलगाम हमले" in set(hi["term"])  # bigrams of whole words


def test_a_language_only_one_side_writes_is_not_compared():
    rows = SENTENCES[~((SENTENCES["language"] == "hi") & (SENTENCES["side"] == "Pakistan"))]
    with pytest.warns(FramingWarning, match=r"language 'hi' is written by 'India' only"):
        terms = distinctive_terms(rows, min_count=1, min_docs=1, ngram_range=(1, 1))
    assert "hi" not in set(terms["language"])
    assert any("'hi'" in c for c in terms["caveats"].iloc[0].split("; "))


def test_an_english_table_has_no_language_column():
    english = SENTENCES[SENTENCES["language"] == "en"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FramingWarning)
        with_column = distinctive_terms(english, min_count=1, min_docs=1)
        without = distinctive_terms(english.drop(columns="language"), min_count=1, min_docs=1)
    pd.testing.assert_frame_equal(with_column, without)
    assert "language" not in with_column.columns


def test_cluster_terms_are_computed_within_each_language():
    labels = np.array([0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 1, 0])
    terms = class_tfidf(
        SENTENCES["text"], labels, n_terms=3, ngram_range=(1, 1), languages=SENTENCES["language"]
    )
    assert list(terms.columns) == ["cluster", "language", "rank", "term", "score"]
    top = terms[terms["rank"] == 1].set_index(["cluster", "language"])["term"].to_dict()
    assert top[(1, "ur")] == "بھارت" and top[(0, "hi")] == "पाकिस्तान"
    for language, part in terms.groupby("language"):
        assert part["term"].str.contains(SCRIPT[language]).all()
    english = class_tfidf(SENTENCES["text"], labels, n_terms=3, ngram_range=(1, 1))
    assert "language" not in english.columns


def test_clusterer_summary_lists_terms_per_language():
    X = np.eye(12, dtype=np.float32)[[0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 1, 0]] + 0.01
    clusterer = framing.SentenceClusterer(k=2, n_stability_seeds=0, random_state=0)
    clusterer.fit(X, texts=SENTENCES["text"], languages=SENTENCES["language"])
    assert "language" in clusterer.terms_.columns
    assert all(re.search(r"\b(en|ur|hi): ", t) for t in clusterer.summary_["terms"])


# --- fonts ------------------------------------------------------------------------------------------------


def _missing_glyphs() -> list[str]:
    fig, ax = matplotlib.pyplot.subplots(figsize=(4, 2))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ax.set_title("बैठक / اجلاس")
        ax.set_xlabel("रक्षा मंत्री ने बैठक को संबोधित किया।")
        ax.set_ylabel("وزیر دفاع نے خطاب کیا۔")
        fig.canvas.draw()
    matplotlib.pyplot.close(fig)
    return [str(w.message) for w in caught if "missing from font" in str(w.message)]


def test_hindi_and_urdu_labels_render_with_the_script_fonts():
    pytest.importorskip("fontpkg_noto_sans_arabic")
    pytest.importorskip("fontpkg_noto_sans_devanagari")
    matplotlib.use("Agg")
    with matplotlib.rc_context():
        matplotlib.rcParams["font.family"] = ["DejaVu Sans"]
        assert _missing_glyphs()  # DejaVu Sans alone has no Devanagari nor Urdu's ے
        families = framing.plots.use_script_fonts()
        assert families[:2] == ["Noto Sans Arabic", "Noto Sans Devanagari"]
        assert _missing_glyphs() == []


def test_a_language_pysbd_does_not_know_is_named_with_its_column():
    docs = pd.DataFrame({"doc_id": ["a"], "text": ["x."], "language": ["xx"]})
    with pytest.raises(framing.CorpusError, match=r"column 'language' holds 'xx'"):
        framing.split_sentences(docs)


def test_a_term_plot_draws_one_language_at_a_time():
    terms = distinctive_terms(SENTENCES, min_count=1, min_docs=1, ngram_range=(1, 1))
    with pytest.raises(ParameterError, match=r"terms holds 3 languages \['en', 'hi', 'ur'\].*plot one"):
        framing.plots.plot_fightin_words(terms, sides=["India", "Pakistan"])
    ax = framing.plots.plot_fightin_words(terms[terms["language"] == "en"], sides=["India", "Pakistan"])
    matplotlib.pyplot.close(ax.figure)
