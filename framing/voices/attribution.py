"""Attribution: reported speech, its speaker and the speaker's category in every sentence.

Runs the one-sentence sieves of :mod:`framing.voices.speech` over each document in order, resolves
pronouns and bare titles to the last speaker named earlier in the document (a one-step coreference
sieve, Muzny et al. 2017) and names through their first titled mention, then places each speaker
with the codebook relative to the sentence's side.
"""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from framing._core.validation import check_column
from framing.errors import FramingWarning, ParameterError
from framing.voices.categories import CATEGORIES, RIVALS, speaker_category
from framing.voices.codebook import Resolver, load_codebook
from framing.voices.lexicon import BARE_ROLE_RE, GOV_ROLE_RE, PRONOUNS
from framing.voices.speech import find_speech

#: The columns :func:`attribute` adds to the sentences table.
ATTRIBUTE_COLUMNS = (
    "reported_speech",
    "speaker",
    "speaker_start",
    "speaker_end",
    "speaker_resolved",
    "speaker_country",
    "speaker_category",
)
#: The run's settings :func:`attribute` writes on every row (JSON text), to place the speakers again.
SETTINGS_COLUMNS = ("rivals", "countries", "speakers")


def _from_context(phrase: str, context: str, resolver, side):
    """Resolve a speaker through its first mention earlier in the document (title before, apposition after)."""
    words = [w for w in re.findall(r"[A-Z][\w'’\-]+", phrase) if w.lower() not in {"the", "mr", "ms", "dr"}]
    if not words:
        return None
    m = re.search(rf"\b{re.escape(words[-1])}\b", context)
    if not m:
        return None
    before = context[max(0, m.start() - 120) : m.end()]
    before = re.split(r"[.;:!?“”\"]\s", before)[-1]
    before = " ".join(before.split()[-9:])
    found = resolver(before, side)
    if found is not None and found[0] != "anonymous":
        return found
    after = re.match(r"\s*,\s*([^,.;]{3,90})", context[m.end() :])
    if after:
        found = resolver(words[-1] + ", " + after.group(1), side)
        if found is not None and found[0] != "anonymous":
            return found
    return None


def _own_countries(sentences: pd.DataFrame, by: str, countries: Mapping, resolver) -> np.ndarray:
    """Each sentence's own country: its ``country`` cell, else ``countries`` of its ``by``, side or source
    value, else its ``by`` or side value when that names a country; None when none applies."""
    cols = [c for c in dict.fromkeys([by, "side", "source"]) if c in sentences.columns]
    keys = sentences[cols].astype("string").fillna("").to_numpy(dtype=object)
    given = (
        sentences["country"].astype("string").fillna("").str.strip().to_numpy(dtype=object)
        if "country" in sentences.columns
        else np.full(len(sentences), "", dtype=object)
    )
    by_and_side = [k for k, c in enumerate(cols) if c != "source"]
    memo: dict[tuple, str | None] = {}
    out = np.full(len(sentences), None, dtype=object)
    for i in range(len(sentences)):
        key = (given[i], *keys[i])
        if key not in memo:
            memo[key] = _own_country(given[i], keys[i], by_and_side, countries, resolver)
        out[i] = memo[key]
    return out


def _own_country(given: str, values, by_and_side, countries: Mapping, resolver) -> str | None:
    if given:
        return resolver.country_of(given) if resolver.is_country(given) else given
    for v in values:
        if v in countries:
            c = countries[v]
            return None if c is None or str(c).strip() == "" else str(c)
    for k in by_and_side:
        if resolver.is_country(values[k]):
            return resolver.country_of(values[k])
    return None


def attribute(
    sentences: pd.DataFrame,
    *,
    by: str = "side",
    text_col: str = "text",
    doc_col: str = "doc_id",
    speakers=None,
    rivals: Mapping[str, Sequence[str]] | None = None,
    countries: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Mark reported speech, its speaker and the speaker's category in every sentence.

    Parameters
    ----------
    sentences : pandas.DataFrame
        One row per sentence, in document order (``framing.split_sentences``),
        with ``text_col``, ``doc_col`` and the ``by`` column.
    by : str, default "side"
        The side column: "own" and "other side" are relative to it.
    text_col, doc_col : str
        The sentence text and document id columns.
    speakers : DataFrame, CSV path or list of dicts, optional
        The user's speakers table, tried before the default codebook (see
        :func:`load_codebook` for its columns).
    rivals : mapping -> sequence of countries, optional
        Whose government is "the other side", keyed by a value of ``by`` or by
        the document's own country; default :data:`RIVALS` (India and
        Pakistan). A government of any other country
        is a third-country official.
    countries : mapping value -> country, optional
        The country each document speaks for, keyed by a value of ``by``, of
        ``side`` or of ``source`` (``{"Dawn": "Pakistan", "APP": "Pakistan"}``,
        ``{"in_media": "India"}``), so "own government" stays defined when two
        outlets of one country are compared. A ``country`` column in
        ``sentences`` comes first; by default a ``by`` (or ``side``) value that
        names a country is its own country. A document with no country
        (``International``, or mapped to None) has no own government. The
        country also places an unqualified office ("the minister", "the
        military's media wing") in the document's own government.

    Returns
    -------
    pandas.DataFrame
        A copy of ``sentences`` with the columns ``reported_speech`` (direct,
        indirect, according_to, headline_colon or none), ``speaker`` (as
        written, ``<NA>`` when none), ``speaker_start``, ``speaker_end``
        (character offsets into the sentence text), ``speaker_resolved`` (the
        phrase the category was read from: for "he" or "the minister", the
        last speaker named earlier in the document), ``speaker_country`` and
        ``speaker_category`` (one of :data:`CATEGORIES`, ``<NA>`` without
        reported speech), and the run's settings on every row, so a later step can place the
        speakers again (:func:`compare_voices` with ``countries``): ``rivals`` and ``countries``
        (JSON objects) and ``speakers`` (the user's speakers table as a JSON list of rows).

    References
    ----------
    Pareti, S. (2016). PARC 3.0: a corpus of attribution relations. LREC 2016.
    Muzny, G., Fang, M., Chang, A. X. & Jurafsky, D. (2017). A two-stage sieve
    approach for quote attribution. EACL 2017, 460-470.
    Sigal, L. V. (1973). Reporters and Officials. Heath.
    """
    texts, sides, docs = _checked_columns(sentences, by, text_col, doc_col)
    rivals = _checked_rivals(rivals)
    if countries is not None and not isinstance(countries, Mapping):
        raise ParameterError(
            f"countries must be a mapping from a side or source to a country, e.g. {{'Dawn': 'Pakistan'}}; "
            f"got {countries!r}."
        )
    countries = dict(countries or {})
    codebook = load_codebook(speakers)
    resolver = Resolver(codebook)
    own = _own_countries(sentences, by, countries, resolver)
    found = _attribute_sentences(
        texts.astype("string").fillna("").to_numpy(dtype=object),
        sides.astype("string").to_numpy(dtype=object, na_value=None),
        docs.astype("string").to_numpy(dtype=object, na_value="<missing doc_id>"),
        own,
        rivals,
        resolver,
    )
    out = _attributed_table(sentences, found)
    _warn_sides_without_country(out, own, by)
    # The run's settings, as columns (pandas drops DataFrame.attrs in many operations), so that
    # compare_voices(countries=...) can place the speakers again with the same table and rivals.
    out["rivals"] = json.dumps({k: list(v) for k, v in rivals.items()})
    out["countries"] = json.dumps(countries)
    user = codebook[codebook["origin"] == "user"].drop(columns="origin")
    out["speakers"] = json.dumps(user.to_dict("records"))
    return out


#: A side with no country whose government speakers come this much from one country probably speaks
#: for it (an outlet compared with another of its own country), unlike a wire spread over several.
_ONE_COUNTRY_SHARE, _MIN_GOVERNMENT_QUOTES = 0.6, 10


def _warn_sides_without_country(out: pd.DataFrame, own: np.ndarray, by: str) -> None:
    """Warn when a side has no own country yet quotes mostly one country's government.

    Its documents then have no "own government", so that country's officials count as a third
    country's: an outlet of Pakistan compared with another (``by="source"``) quotes Pakistan's
    prime minister as a "third-country official" unless ``countries`` says whose outlet it is.
    """
    government = out["speaker_category"].eq("third-country officials").fillna(False).to_numpy(
        dtype=bool
    ) & pd.isna(own)
    for side, rows in out[government].groupby(by, sort=True)["speaker_country"]:
        shares = rows.value_counts(normalize=True)
        if len(rows) >= _MIN_GOVERNMENT_QUOTES and len(shares) and shares.iloc[0] >= _ONE_COUNTRY_SHARE:
            warnings.warn(
                f"{by} {side!r} names no country, and {shares.iloc[0]:.0%} of its {len(rows)} government "
                f"speakers are {shares.index[0]}'s, all counted as third-country officials. If {side!r} "
                f"speaks for {shares.index[0]}, pass countries={{{side!r}: {shares.index[0]!r}, ...}} "
                "(or add a `country` column to the corpus).",
                FramingWarning,
                stacklevel=3,
            )


def _checked_columns(sentences: pd.DataFrame, by: str, text_col: str, doc_col: str):
    """The text, side and document columns, checked: the text column holds text."""
    texts = check_column(sentences, text_col, param="text_col")
    if pd.api.types.is_numeric_dtype(texts) and len(texts):
        raise ParameterError(
            f"sentences column {text_col!r} holds numbers, not text; pass text_col= the column with the "
            "sentence text (framing.split_sentences writes it to 'text')."
        )
    return texts, check_column(sentences, by, param="by"), check_column(sentences, doc_col, param="doc_col")


def _checked_rivals(rivals) -> dict[str, tuple[str, ...]]:
    rivals = RIVALS if rivals is None else rivals
    if not isinstance(rivals, Mapping):
        raise ParameterError(f"rivals must be a mapping side -> countries, e.g. {RIVALS}; got {rivals!r}.")
    return {k: (v,) if isinstance(v, str) else tuple(v) for k, v in rivals.items()}


def _attribute_sentences(texts, sides, docs, owns, rivals: Mapping, resolver) -> dict[str, np.ndarray]:
    """Each sentence's kind of speech, speaker span, resolved speaker, country and category, in document order."""
    n = len(texts)
    found = {
        "kind": np.full(n, "none", dtype=object),
        "speaker": np.full(n, None, dtype=object),
        "start": np.full(n, -1, dtype=np.int64),
        "end": np.full(n, -1, dtype=np.int64),
        "resolved": np.full(n, None, dtype=object),
        "country": np.full(n, None, dtype=object),
        "category": np.full(n, None, dtype=object),
    }
    last: dict[str, tuple[str, tuple]] = {}  # the last speaker named in each document
    seen: dict[str, str] = {}  # the document's text so far, for the name sieve
    for i in range(n):
        text, side, doc, own = str(texts[i]), sides[i], docs[i], owns[i]
        rival = tuple(rivals.get(side) or rivals.get(own) or ())
        context = seen.get(doc, "")
        seen[doc] = context + " " + text.replace("\u00ad", "")
        kind, a, b = find_speech(text, lambda p, side=side: resolver(p, side))
        found["kind"][i] = kind
        if kind == "none":
            continue
        previous = last.get(doc)
        if a is None:
            # A quotation with no speaker in the sentence continues the last speaker's words.
            name, info = previous if previous is not None and previous[1] is not None else (None, None)
        else:
            found["speaker"][i], found["start"][i], found["end"][i] = text[a:b], a, b
            phrase = text[a:b].replace("\u00ad", "")
            name, info, pronoun = _speaker_info(phrase, side, own, context, previous, resolver)
            if not pronoun:
                last[doc] = (name, info)
        found["resolved"][i] = name
        if info is None:
            found["category"][i] = CATEGORIES[7]
            continue
        found["country"][i] = info[1]
        found["category"][i] = speaker_category(info[0], info[1], info[2], own, rival)
    return found


def _speaker_info(phrase: str, side, own, context: str, previous, resolver):
    """(the name the category is read from, the codebook's reading of it, whether the phrase is a pronoun).

    ``previous`` is the last ``(name, reading)`` named earlier in the document, or None.
    """
    info = resolver(phrase, side)
    unplaced = info is None or info[1] is None and info[0] == "government"
    if unplaced and context:
        # Name sieve: a name or office seen earlier with a title or apposition
        # ("Chief Minister Ali Amin Gandapur" ... "Gandapur said") resolves through that mention.
        info = _from_context(phrase, context, resolver, side) or info
    if phrase.lower() in PRONOUNS:
        # "he", "they": the last speaker named earlier in the document (one-step coreference).
        name, info = previous if previous is not None else (phrase, None)
        return name, info, True
    role = (info is None or info[1] is None and info[0] == "government") and bool(
        BARE_ROLE_RE.match(phrase) or (GOV_ROLE_RE.search(phrase) and resolver.country_of(phrase) is None)
    )
    if role and own is not None:
        # "the minister", "the Ministry of National Defense": in a national outlet's story an
        # unqualified office is the side's own; without a country for the side, the last speaker's.
        return phrase, ("government", own, None), False
    if role and previous is not None and previous[1] is not None and previous[1][0] == "government":
        return previous[0], previous[1], False
    return phrase, info, False


def _attributed_table(sentences: pd.DataFrame, found: dict[str, np.ndarray]) -> pd.DataFrame:
    """A copy of ``sentences`` with the attribution columns."""
    out = sentences.copy()
    idx = out.index
    start, end = found["start"], found["end"]
    out["reported_speech"] = pd.Series(found["kind"], index=idx, dtype="string")
    out["speaker"] = pd.Series(found["speaker"], index=idx, dtype="string")
    out["speaker_start"] = pd.array(np.where(start >= 0, start, 0), dtype="Int64")
    out["speaker_end"] = pd.array(np.where(end >= 0, end, 0), dtype="Int64")
    out.loc[start < 0, "speaker_start"] = pd.NA
    out.loc[end < 0, "speaker_end"] = pd.NA
    out["speaker_resolved"] = pd.Series(found["resolved"], index=idx, dtype="string")
    out["speaker_country"] = pd.Series(found["country"], index=idx, dtype="string")
    out["speaker_category"] = pd.Series(found["category"], index=idx, dtype="string")
    return out
