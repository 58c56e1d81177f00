"""Languages: which language a text is in, and how its words are cut and counted.

Three languages are supported end to end: English (``"en"``), Urdu (``"ur"``, Arabic script) and
Hindi (``"hi"``, Devanagari). Nothing is translated: words are counted within each language.

- **Detection** (:func:`detect_language`): py3langid (Lui & Baldwin 2012), restricted to the 97
  languages of langid.py, decides among languages; when it is unsure, the script decides among the
  study's languages, and an Arabic-script text counts as Urdu only when it carries letters only Urdu
  writes (``ے ں ٹ ڈ ڑ ہ ھ ۔``) and none that only Sindhi, Pashto or Uyghur write.
- **Words** (:func:`tokenize`): scikit-learn's default token pattern (``\\b\\w\\w+\\b`` with Python's
  ``re``) cuts Devanagari words at every vowel sign (``"जनता"`` becomes ``"जन"``, ``"त"``), because
  vowel signs are combining marks, not word characters for ``re``. Urdu and Hindi words are matched
  with the ``regex`` package as runs of letters, combining marks (``\\p{M}``) and digits, after Unicode
  NFC normalisation; zero-width (non-)joiners, the Arabic tatweel and the optional Arabic vowel marks
  are removed, and the Arabic code points Urdu text often carries (``ي ك ى``) become the Urdu letters
  (``ی ک``), so one word has one spelling. English keeps scikit-learn's pattern, byte for byte.
- **Stop words** (:func:`stop_words`): English: scikit-learn's list. Hindi: the stopwords-iso list
  (``stopwordsiso`` package, MIT). Urdu: a list written for this project (:data:`URDU_STOP_WORDS`),
  because the published lists (stopwords-iso, and spaCy's, which is the same list) are mis-encoded:
  of 23 common function words they miss 12 (``میں سے کو کا نے``...), and their garbled entries include
  content words (``دور``, "far"; ``خبر``, "news", in spaCy's).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache, partial

import numpy as np
import pandas as pd
import regex
import stopwordsiso
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from framing.errors import ParameterError

__all__ = [
    "LANGUAGES",
    "SCRIPTS",
    "URDU_STOP_WORDS",
    "check_language",
    "detect_language",
    "detect_languages",
    "language_identifier",
    "script_of",
    "stop_words",
    "tokenize",
    "vectorizer_options",
]

#: Languages whose words :func:`tokenize` and :func:`stop_words` know, and the script each is written in.
SCRIPTS = {"en": "Latin", "ur": "Arabic", "hi": "Devanagari"}
LANGUAGES = tuple(SCRIPTS)

# Letters only Urdu writes among the languages py3langid knows in Arabic script (Punjabi in Shahmukhi
# writes them too, and is read as Urdu: py3langid has no Shahmukhi).
_URDU_LETTERS = frozenset("ےںٹڈڑہھ۔")
# Letters of Sindhi, Pashto, Uyghur and Kurdish that Urdu never writes.
_NOT_URDU_LETTERS = frozenset("ڪٿڳ۽ڏڊڄڃڇڦڻړښږځڅټډېۍۇۆۈۋێەڵڕ")
# Detector probability (normalised) above which a language outside the study is believed.
_CONFIDENCE = 0.95
# Fewer letters than this and the detector is not asked: the script decides.
_MIN_LETTERS = 20

_SCRIPT_RE = {name: regex.compile(rf"\p{{Script={name}}}") for name in ("Latin", "Arabic", "Devanagari")}
_LETTER = regex.compile(r"\p{L}")
# A word: letters, combining marks and digits (no underscore), so a vowel sign stays in its word.
# scikit-learn's default token_pattern, with Python's re: the words English terms have always been made of.
_ENGLISH_TOKEN = re.compile(r"(?u)\b\w\w+\b")
_TOKEN = regex.compile(r"[\p{L}\p{M}\p{Nd}]{2,}")
# Zero-width (non-)joiners, the tatweel and the optional Arabic vowel marks: spelling, not words.
_DROP = regex.compile("[\u200c\u200d\u0640\u064b-\u0652\u0670]")
_URDU_FORMS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"})

#: Urdu function words (postpositions, auxiliaries and copulas, pronouns, conjunctions, particles), written
#: for this project in the grammatical categories of the Hindi stopwords-iso list; see the module docstring.
URDU_STOP_WORDS = frozenset(
    """
    کا کی کے کو سے میں نے پر تک تلے بنا بغیر لیے لئے لیئے واسطے ساتھ طرح بارے والا والی والے
    ہے ہیں ہوں ہو تھا تھی تھے تھیں ہوا ہوئی ہوئے ہوگا ہوگی ہوں گے ہونا ہونے ہوتا ہوتی ہوتے
    گا گی گے رہا رہی رہے رہیں چکا چکی چکے سکتا سکتی سکتے سکا سکی سکے جا جاتا جاتی جاتے جائے جائیں
    گیا گئی گئے گئیں کیا کیے کئے کر کرنا کرنے کرتا کرتی کرتے کریں کرے دیا دی دیے دیتا دیتے لیا کہا کہتے
    میں ہم تم آپ وہ یہ اس ان اسے انہیں انھیں انہوں انھوں اسی انہی ہمیں تمہیں جس جن جو جسے جنہیں جنہوں
    کون کس کسی کوئی کچھ سب ہر ایسا ایسی ایسے ویسے اپنا اپنی اپنے میرا میری میرے ہمارا ہماری ہمارے
    تمہارا تمہاری تمہارے آپکا اور یا کہ لیکن مگر بلکہ اگر تو بھی ہی نہ نہیں نا جب تب اب پھر
    جیسا جیسی جیسے کیونکہ چونکہ تاکہ یعنی البتہ وغیرہ جہاں وہاں یہاں کہاں کب کیوں کیسے کتنا کتنی کتنے
    ایک دو اندر باہر اوپر نیچے پاس بعد پہلے دوران ذریعے علاوہ مطابق بھر صرف
    """.split()  # noqa: SIM905 (one line per category reads better than a list of right-to-left strings)
)


def _normalise(text: str, language: str) -> str:
    """NFC, zero-width and optional marks removed, Urdu's letters for their Arabic look-alikes."""
    text = _DROP.sub("", unicodedata.normalize("NFC", text))
    return text.translate(_URDU_FORMS) if language == "ur" else text


def check_language(language) -> str:
    """Check that framing cuts and counts words of ``language``.

    Parameters
    ----------
    language : str
        An ISO 639-1 code.

    Returns
    -------
    str
        ``language``, one of :data:`LANGUAGES`.

    Raises
    ------
    ParameterError
        When it is not one of them.
    """
    if language not in SCRIPTS:
        raise ParameterError(
            f"language must be one of {list(LANGUAGES)} (ISO 639-1); got {language!r}. Words of other "
            "languages are not cut or counted by framing: pass a list of stop words and your own tokens."
        )
    return language


def tokenize(text: str, language: str) -> list[str]:
    """Cut a text into words (lower case), keeping every combining mark inside its word.

    Parameters
    ----------
    text : str
        Text in ``language``.
    language : {"en", "ur", "hi"}
        English uses scikit-learn's default token pattern (the words framing counted before);
        Urdu and Hindi use runs of letters, combining marks and digits (``[\\p{L}\\p{M}\\p{Nd}]{2,}``)
        after normalisation (see the module docstring).

    Returns
    -------
    list of str

    References
    ----------
    Unicode Standard Annex #29 (Unicode Text Segmentation) and #15 (Normalization Forms).
    """
    language = check_language(language)
    if language == "en":
        return _ENGLISH_TOKEN.findall(text.lower())
    return _TOKEN.findall(_normalise(text.lower(), language))


@cache
def stop_words(language: str) -> frozenset:
    """The stop words of a language, normalised as :func:`tokenize` normalises words.

    Parameters
    ----------
    language : {"en", "ur", "hi"}

    Returns
    -------
    frozenset of str
        English: scikit-learn's list (318 words). Hindi: stopwords-iso's (``stopwordsiso``, MIT).
        Urdu: :data:`URDU_STOP_WORDS`.

    References
    ----------
    Diaz, G. et al. stopwords-iso: the most comprehensive collection of stopwords for multiple
    languages (github.com/stopwords-iso). -- Pedregosa, F. et al. (2011). Scikit-learn: machine
    learning in Python. JMLR 12, 2825-2830.
    """
    language = check_language(language)
    if language == "en":
        return frozenset(ENGLISH_STOP_WORDS)
    if language == "ur":
        words = URDU_STOP_WORDS
    else:
        words = stopwordsiso.stopwords("hi")
    # A stop word is removed only if it is one token the way words are cut (scikit-learn checks this).
    return frozenset(t for w in words for t in tokenize(w, language))


def vectorizer_options(language: str, stop: str | list | frozenset | None) -> dict:
    """CountVectorizer keywords that cut and filter words of ``language``.

    Parameters
    ----------
    language : {"en", "ur", "hi"}
    stop : str, list or None
        A name (``"english"``, framing's default) selects the language's own list (:func:`stop_words`);
        a list is used as it is, normalised like the words; None keeps every word.

    Returns
    -------
    dict
        ``stop_words`` (and, for Urdu and Hindi, ``tokenizer`` and ``token_pattern=None``).
    """
    language = check_language(language)
    if language == "en":
        return {"stop_words": stop}
    if isinstance(stop, str):
        stop = sorted(stop_words(language))
    elif stop is not None:
        stop = sorted({t for w in stop for t in tokenize(str(w), language)})
    return {"stop_words": stop, "tokenizer": partial(tokenize, language=language), "token_pattern": None}


def script_of(text: str) -> str | None:
    """The script most of a text's letters are written in: ``"Latin"``, ``"Arabic"``, ``"Devanagari"``,
    ``"other"``, or None for a text without letters.

    Parameters
    ----------
    text : str

    Returns
    -------
    str or None
    """
    letters = len(_LETTER.findall(text))
    if not letters:
        return None
    counts = {name: len(pattern.findall(text)) for name, pattern in _SCRIPT_RE.items()}
    name, n = max(counts.items(), key=lambda kv: kv[1])
    return name if n >= letters / 2 else "other"


@lru_cache(maxsize=1)
def language_identifier():
    """py3langid's model (shipped in its wheel, a NumPy archive), loaded once per process.

    Returns
    -------
    identifier : py3langid.langid.LanguageIdentifier
        With normalised probabilities, restricted to the 97 languages of langid.py (Lui & Baldwin
        2012), which end with "zxx" in the model: the later additions (Nigerian Pidgin, Javanese
        dialects...) claim short English headlines.
    languages : tuple of str
        Those languages.

    References
    ----------
    Lui, M. & Baldwin, T. (2012). langid.py: an off-the-shelf language identification tool. ACL
    System Demonstrations.
    """
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    labels = identifier.labels
    core = labels[: labels.index("zxx")] if "zxx" in labels else labels
    identifier.set_languages(core)
    return identifier, tuple(core)


def _urdu_spelling(text: str) -> bool:
    chars = set(text)
    return bool(chars & _URDU_LETTERS) and not chars & _NOT_URDU_LETTERS


def detect_language(text: str, *, languages=LANGUAGES) -> tuple[str | None, float, str]:
    """The language of one text, among ``languages`` where the evidence allows.

    Parameters
    ----------
    text : str
    languages : sequence of str
        The languages a study works in (ISO 639-1).

    Returns
    -------
    language : str or None
        The detected language: one of ``languages`` when it is detected or when the detector is unsure
        and the script names one of them; another code when the detector is sure
        (probability >= 0.95) of a language outside the study; None when neither decides.
    probability : float
        The detector's normalised probability of its first choice (NaN when it was not asked:
        fewer than 20 letters).
    how : str
        ``"detected"`` or ``"script"`` (the script decided), or ``"undetermined"``.

    References
    ----------
    Lui, M. & Baldwin, T. (2012). langid.py: an off-the-shelf language identification tool. ACL
    System Demonstrations.
    """
    script = script_of(text)
    by_script = [lang for lang in languages if SCRIPTS.get(lang) == script]
    if script == "Arabic" and not _urdu_spelling(text):
        by_script = [lang for lang in by_script if lang != "ur"]
    fallback = by_script[0] if len(by_script) == 1 else None
    if len(_LETTER.findall(text)) < _MIN_LETTERS:
        return fallback, float("nan"), "script" if fallback else "undetermined"
    code, probability = language_identifier()[0].classify(text)
    if code in languages or probability >= _CONFIDENCE:
        return code, float(probability), "detected"
    return fallback, float(probability), "script" if fallback else "undetermined"


def detect_languages(texts, *, languages=LANGUAGES) -> pd.DataFrame:
    """:func:`detect_language` for many texts.

    Parameters
    ----------
    texts : sequence of str
    languages : sequence of str
        The languages a study works in.

    Returns
    -------
    pandas.DataFrame
        One row per text: ``language`` (string, ``<NA>`` when undetermined), ``probability``, ``how``.
    """
    rows = [detect_language(str(t), languages=tuple(languages)) for t in texts]
    out = pd.DataFrame(rows, columns=["language", "probability", "how"])
    out["language"] = out["language"].astype("string")
    out["probability"] = out["probability"].astype(np.float64)
    return out
