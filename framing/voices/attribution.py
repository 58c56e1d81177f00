"""Attribution: reported speech, its speaker and the speaker's category in every sentence.

Runs the one-sentence sieves of :mod:`framing.voices.speech` over each document in order, resolves
pronouns and bare titles to the last speaker named earlier in the document (a one-step coreference
sieve, Muzny et al. 2017) and names through their first titled mention, then places each speaker
with the codebook relative to the sentence's side.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from framing._validate import check_column
from framing.errors import ParameterError
from framing.voices.categories import CATEGORIES, RIVALS, speaker_category
from framing.voices.codebook import Resolver, load_codebook
from framing.voices.lexicon import BARE_ROLE_RE, GOV_ROLE_RE, PRONOUNS
from framing.voices.speech import find_speech


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
    speakers=None,
    by: str = "side",
    rivals: Mapping[str, Sequence[str]] | None = None,
    countries: Mapping[str, str] | None = None,
    text_col: str = "text",
    doc_col: str = "doc_id",
) -> pd.DataFrame:
    """Mark reported speech, its speaker and the speaker's category in every sentence.

    Parameters
    ----------
    sentences : pandas.DataFrame
        One row per sentence, in document order (``framing.split_sentences``),
        with ``text_col``, ``doc_col`` and the ``by`` column.
    speakers : DataFrame, CSV path or list of dicts, optional
        The user's speakers table, tried before the default codebook (see
        :func:`load_codebook` for its columns).
    by : str, default "side"
        The side column: "own" and "other side" are relative to it.
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
    text_col, doc_col : str
        The sentence text and document id columns.

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
        reported speech).

    References
    ----------
    Pareti, S. (2016). PARC 3.0: a corpus of attribution relations. LREC 2016.
    Muzny, G., Fang, M., Chang, A. X. & Jurafsky, D. (2017). A two-stage sieve
    approach for quote attribution. EACL 2017, 460-470.
    Sigal, L. V. (1973). Reporters and Officials. Heath.
    """
    texts = check_column(sentences, text_col, param="text_col")
    if pd.api.types.is_numeric_dtype(texts) and len(texts):
        raise ParameterError(
            f"sentences column {text_col!r} holds numbers, not text; pass text_col= the column with the "
            "sentence text (framing.split_sentences writes it to 'text')."
        )
    sides_col = check_column(sentences, by, param="by")
    docs = check_column(sentences, doc_col, param="doc_col")
    rivals = RIVALS if rivals is None else rivals
    if not isinstance(rivals, Mapping):
        raise ParameterError(f"rivals must be a mapping side -> countries, e.g. {RIVALS}; got {rivals!r}.")
    rivals = {k: (v,) if isinstance(v, str) else tuple(v) for k, v in rivals.items()}
    if countries is not None and not isinstance(countries, Mapping):
        raise ParameterError(
            f"countries must be a mapping from a side or source to a country, e.g. {{'Dawn': 'Pakistan'}}; "
            f"got {countries!r}."
        )
    countries = dict(countries or {})
    codebook = load_codebook(speakers)
    resolver = Resolver(codebook)
    own_vals = _own_countries(sentences, by, countries, resolver)
    n = len(sentences)
    kind = np.full(n, "none", dtype=object)
    spk = np.full(n, None, dtype=object)
    s0 = np.full(n, -1, dtype=np.int64)
    s1 = np.full(n, -1, dtype=np.int64)
    resolved = np.full(n, None, dtype=object)
    country = np.full(n, None, dtype=object)
    cat = np.full(n, None, dtype=object)
    last: dict[str, tuple[str, tuple]] = {}
    text_vals = texts.astype("string").fillna("").to_numpy(dtype=object)
    side_vals = sides_col.astype("string").to_numpy(dtype=object, na_value=None)
    doc_vals = docs.astype("string").to_numpy(dtype=object, na_value="<missing doc_id>")
    seen: dict[str, str] = {}  # the document's text so far, for the name sieve
    for i in range(n):
        text, side, doc = str(text_vals[i]), side_vals[i], doc_vals[i]
        own = own_vals[i]
        rival = tuple(rivals.get(side) or rivals.get(own) or ())
        context = seen.get(doc, "")
        seen[doc] = context + " " + text.replace("\u00ad", "")
        k, a, b = find_speech(text, lambda p, side=side: resolver(p, side))
        kind[i] = k
        if k == "none":
            continue
        if a is None:
            # A quotation with no speaker in the sentence continues the last speaker's words.
            if doc in last and last[doc][1] is not None:
                resolved[i], info = last[doc]
                country[i] = info[1]
                cat[i] = speaker_category(info[0], info[1], info[2], own, rival)
            else:
                cat[i] = CATEGORIES[7]
            continue
        spk[i], s0[i], s1[i] = text[a:b], a, b
        phrase = text[a:b].replace("\u00ad", "")
        info = resolver(phrase, side)
        if (info is None or info[1] is None and info[0] == "government") and context:
            # Name sieve: a name or office seen earlier with a title or apposition
            # ("Chief Minister Ali Amin Gandapur" ... "Gandapur said") resolves through that mention.
            info = _from_context(phrase, context, resolver, side) or info
        pronoun = phrase.lower() in PRONOUNS
        role = (
            not pronoun
            and (info is None or info[1] is None and info[0] == "government")
            and bool(
                BARE_ROLE_RE.match(phrase)
                or (GOV_ROLE_RE.search(phrase) and resolver.country_of(phrase) is None)
            )
        )
        name = phrase
        if pronoun:
            # "he", "they": the last speaker named earlier in the document (one-step coreference).
            name, info = last.get(doc, (phrase, None))
        elif role:
            # "the minister", "the Ministry of National Defense": in a national outlet's story an
            # unqualified office is the side's own; without a country for the side, the last speaker's.
            if own is not None:
                info = ("government", own, None)
            elif doc in last and last[doc][1] is not None and last[doc][1][0] == "government":
                name, info = last[doc]
        if not pronoun:
            last[doc] = (name, info)
        resolved[i] = name
        if info is None:
            cat[i] = CATEGORIES[7]
            continue
        country[i] = info[1]
        cat[i] = speaker_category(info[0], info[1], info[2], own, rival)
    out = sentences.copy()
    out["reported_speech"] = pd.Series(kind, index=out.index, dtype="string")
    out["speaker"] = pd.Series(spk, index=out.index, dtype="string")
    out["speaker_start"] = pd.array(np.where(s0 >= 0, s0, 0), dtype="Int64")
    out["speaker_end"] = pd.array(np.where(s1 >= 0, s1, 0), dtype="Int64")
    out.loc[s0 < 0, "speaker_start"] = pd.NA
    out.loc[s1 < 0, "speaker_end"] = pd.NA
    out["speaker_resolved"] = pd.Series(resolved, index=out.index, dtype="string")
    out["speaker_country"] = pd.Series(country, index=out.index, dtype="string")
    out["speaker_category"] = pd.Series(cat, index=out.index, dtype="string")
    out.attrs.update(getattr(sentences, "attrs", {}))
    out.attrs.update(
        {
            "by": by,
            "rivals": {k: list(v) for k, v in rivals.items()},
            "countries": countries,
            # the user's rows, so compare_voices(countries=...) can place the speakers again
            "speakers": codebook[codebook["origin"] == "user"].drop(columns="origin").to_dict("records"),
        }
    )
    return out
