"""Sentences: splitting documents into one row per sentence.

Segmentation is done by pySBD (Sadvilkar & Neumann 2020), a rule-based
segmenter built on the Golden Rules set of hard cases (abbreviations such as
"U.S." and "Mr.", decimals, quotations, lists). Paragraph breaks are always
sentence breaks. Social-media embed residue (a bare ``pic.twitter.com/...``
link, a "— Outlet (@handle) June 26, 2025" attribution line) is removed by
default, and so are fragments of script residue that scrapers leave in text
(``(adsbygoogle=window.adsbygoogle||[]).push({});``), because they are page
furniture, not claims any side made.

Sentences that make no claim are set aside as fragments here, where a headline
becomes a sentence: known teasers ("Check details", "2 reasons why"), short
exclamations, and a few words none of which can be a verb (section headings, op-ed
titles). The verb test is a cheap rule, not a tagger, and errs towards keeping a
sentence; on the India-Pakistan dev corpus it sets aside 1.4% of the full-text side's
sentences and 4.8% of the headline side's (``benchmarks/furniture.py``). Every later
stage works on the sentences returned, so fragments never reach shares, omissions or
distinctive terms; ``fragments="flag"`` and :func:`fragment_report` show what was
set aside, per side and rule.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd
import regex

from framing._core.renamed import keyword_only_options
from framing._core.validation import check_column
from framing.corpus.load import COLUMNS, OPTIONAL_COLUMNS
from framing.errors import CorpusError

_PARAGRAPH = re.compile(r"\n\s*\n")
# Links that are page furniture when they end a sentence or stand alone.
_LINK = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+")
# The attribution line of an embedded post: "— Name (@handle) June 26, 2025".
_EMBED_ATTRIBUTION = re.compile(r"^[—–-]\s*.{1,80}\(@\w{1,30}\)\s+\w+\s+\d{1,2},\s+\d{4}\s*$")
_WORD = re.compile(r"\w")
#: Longest stretch of text handed to pySBD at once (see ``_pieces``).
MAX_PIECE = 5_000
# After a word of three or more lower-case letters, so "Mr. Khan" or "U.S. Army" is never a cut.
_BREAK = re.compile(r"(?<=[a-z]{3})[.!?][\"'”’)]?\s+(?=[A-Z“\"'(])")
# A token with two or more code characters ("(adsbygoogle=window...||[]).push({});") is script residue.
_CODE_TOKEN = re.compile(r"\S*[{}=;|\[\]<>]\S*[{}=;|\[\]<>]\S*")
_FRAGMENT_MODES = ("drop", "flag", "keep")
# Breaks pySBD misses, per language, cut after the match: Urdu writers often end a sentence with a Latin
# full stop instead of "۔", Hindi writers with "|" or "॥" instead of the danda "।".
_EXTRA_BREAKS = {
    "ur": regex.compile(r"(?<=\p{Arabic})\.[\"'”’»)]*\s+(?=[\p{Arabic}\"'“‘«(])"),
    "hi": regex.compile(r"(?<=\p{Devanagari}\s?)[|॥][\"'”’»)]*\s+"),
}
# A closing quote pySBD leaves at the start of the next sentence ("...کی۔" / "" اجلاس ...").
_LEADING_CLOSE = regex.compile(r"^[\"'”’»)]+(?=\s|$)")
_TERMINAL = regex.compile(r"[.!?۔؟।॥|]$")
# Where a very long paragraph may be cut in a language other than English (see _pieces).
_BREAK_ANY = regex.compile(r"[.!?۔؟।॥][\"'”’»)]?\s+")

#: Rules that set a sentence aside as a ``fragment`` (no claim), in the order they are tried.
FRAGMENT_RULES = ("teaser", "exclamation", "no_verb")
# Known teasers and page furniture that stand as a whole sentence ("Check details", "2 reasons why",
# "Here's what you need to know", "Should you buy?"). Matched on the whole sentence, case-insensitive.
_TEASER = re.compile(
    r"^[\W_]*(?:"
    r"explained|explainer|watch(?: (?:video|here|now))?|videos?|photos|in pics|in pictures|in numbers|"
    r"live(?: updates)?|breaking(?: news)?|exclusive|opinion|analysis|editorial|listen|"
    r"read (?:more|on|here)|know more|find out(?: (?:why|how|more))?|click here.*|more to follow|"
    r"(?:check|see|get)(?: out)?(?: the)?(?: full)? (?:details|list|list here|here|it out|gmp.*|latest.*)|"
    r"details (?:here|inside)|full list|"
    r"here(?:'s|’s| is| are) (?:why|how|what|who|when|where|the (?:list|details)|all|everything)\b.*|"
    r"(?:all|everything) you need to know.*|what (?:we|you) (?:know|need to know)(?: so far)?|"
    r"what (?:it|this|that) means(?: for .*)?|what (?:lies|comes) (?:ahead|next)|what(?:'s|’s) next|"
    r"what (?:they|he|she) said|should you (?:buy|sell|invest|apply).*|do you own (?:any|it|one|this)|"
    r"apply or not|buy,? sell or hold|\d+ (?:reasons?|things?|ways?|facts?|takeaways?|charts?|key points)"
    r"(?: (?:why|to|that|you)\b.*)?"
    r")[\W_]*$",
    re.IGNORECASE,
)
_FRAGMENT_WORD = re.compile(r"[^\W\d_][\w'’\-]*|\d[\d,.%]*")
#: The forms of "be" that make a clause finite, shared with :mod:`framing.voices`.
BE_FORMS = ("is", "are", "was", "were", "be", "been")
# Finite verbs or their auxiliaries; any one of them makes a short sentence a possible claim.
_AUXILIARIES = frozenset(
    [
        *BE_FORMS,
        *["am", "has", "have", "had", "do", "does", "did", "will", "would", "shall", "should"],
        *["can", "could", "may", "might", "must"],
        *["isn't", "aren't", "wasn't", "weren't", "hasn't", "haven't", "won't", "can't", "don't"],
        *["doesn't", "didn't"],
        *["says", "said", "say", "to"],
        # subject pronouns: "He died an outcast." is a claim whatever its verb
        *["i", "he", "she", "it", "we", "they"],
        # common irregular pasts of news verbs
        *["held", "met", "told", "left", "won", "lost", "hit", "led", "shot", "fled", "came"],
        *["went", "took", "gave", "made", "found", "kept", "sent"],
        *["struck", "fell", "rose", "saw", "got", "began", "broke", "bought", "brought", "caught"],
        *["chose", "drew", "drove", "fought", "flew"],
        *["grew", "heard", "knew", "laid", "paid", "ran", "sold", "spoke", "stood", "swore"],
        *["thought", "threw", "wrote", "spent", "built"],
        *["sought", "taught", "felt", "dealt"],
    ]
)
# Names that end like a past tense ("Ahmed") are not verbs.
_NOT_PAST = frozenset({"ahmed", "mohammed", "muhammed", "hamed", "zayed"})
#: Sentences of at most this many words are set aside as ``no_verb`` when nothing in them can be a verb.
NO_VERB_WORDS = 4
#: Exclamations of at most this many words ("Another storm brews!") are teasers.
EXCLAMATION_WORDS = 5


def _has_verb_cue(words: list[str]) -> bool:
    """A cheap stand-in for a part-of-speech tagger, erring towards "yes" (a claim is never lost).

    A word is taken for a verb when it is an auxiliary, a modal, an infinitive "to", a subject pronoun,
    a common irregular past ("held"), ends in "-ed" ("appointed"), or ends in "-s" and is not the last
    of two words ("Earthquake jolts Sibi", a plural subject: "Talks resume in Geneva", or a verb after a
    subject: "That difference matters"; a two-word heading ending in a plural, "Top stocks", is not taken).
    """
    low = [w.lower().replace("’", "'") for w in words]
    for j, w in enumerate(low):
        if w in _AUXILIARIES and (w != "to" or 0 < j < len(low) - 1):
            return True
        if len(w) >= 4 and w.endswith("ed") and not w.endswith("eed") and w not in _NOT_PAST:
            return True
        if (
            (j < len(low) - 1 or len(low) >= 3)
            and len(w) >= 4
            and w.endswith("s")
            and not w.endswith(("ss", "us", "is"))
        ):
            return True
    return False


def _fragment_rule(sentence: str, language: str) -> str | None:
    """The :data:`FRAGMENT_RULES` entry that sets ``sentence`` aside, or None for a possible claim.

    The rules are English: they apply only with ``language="en"`` and to sentences written in Latin
    letters, so a sentence in Urdu, Hindi or Chinese is never a fragment.
    """
    if language != "en":
        return None
    letters = [ch for ch in sentence if ch.isalpha()]
    if not letters or sum(ch.isascii() for ch in letters) < 0.9 * len(letters):
        return None
    if _TEASER.match(sentence):
        return "teaser"
    words = _FRAGMENT_WORD.findall(sentence)
    if sentence.rstrip("\"'”’) ").endswith("!") and len(words) <= EXCLAMATION_WORDS:
        return "exclamation"
    if len(words) <= NO_VERB_WORDS and not _has_verb_cue(words):
        return "no_verb"
    return None


@lru_cache(maxsize=4)
def _segmenter(language: str):
    import pysbd

    # clean=False keeps the text byte for byte, so offsets map back onto the document.
    return pysbd.Segmenter(language=language, clean=False, char_span=False)


def split_sentences(
    documents: pd.DataFrame,
    *,
    language: str = "en",
    clean: bool = True,
    status: str | None = "kept",
    fragments: str = "drop",
) -> pd.DataFrame:
    """Split documents into sentences.

    Parameters
    ----------
    documents : pandas.DataFrame
        A documents table from :func:`framing.load_corpus` (needs ``doc_id``
        and ``text``; every other column is carried to each sentence).
    language : str
        ISO 639-1 code of the pySBD rules to use (``"en"`` by default; pySBD
        has rules for 22 languages, Urdu and Hindi among them). When ``documents`` has a
        ``language`` column (from ``framing.clean_corpus(languages=...)`` or the corpus itself), each
        document is split with the rules of its own language, and ``language`` is used where that
        column is empty. For Urdu and Hindi, breaks pySBD misses are added (a Latin full stop between
        Urdu words, ``|`` or ``॥`` used as a danda) and a closing quote it leaves at the start of the
        next sentence goes back to the sentence it closes.
    clean : bool
        Remove URLs and ``pic.twitter.com`` links from sentence text, and drop
        embed attribution lines and script residue (tokens with two or more
        of ``{}[]=;|<>``), then drop sentences left with no words. With
        ``False`` every character of every document lands in exactly one
        sentence (modulo surrounding whitespace).
    status : str or None
        When ``documents`` has a ``status`` column (from :func:`framing.clean_corpus`), split only
        the documents with this status: ``"kept"`` (the default) leaves out near-duplicate copies,
        off-topic and other-language documents, so every later comparison and bootstrap sees one
        copy of each story. ``None`` splits every document.
    fragments : {"drop", "flag", "keep"}
        Sentences that carry no claim: a known teaser (``"Check details"``, ``"2 reasons why"``,
        ``"Here's what you need to know"``, ``"More to follow"``), a short exclamation (at most
        :data:`EXCLAMATION_WORDS` words: ``"Another storm brews!"``), or at most :data:`NO_VERB_WORDS`
        words of which none can be a verb (a section heading, an op-ed title: ``"Credibility
        crisis."``). ``"drop"`` (the default) sets them aside, so no later stage (shares, omissions,
        distinctive terms, voices) sees them (``sent_idx`` still numbers every sentence, so keys stay stable); ``"flag"``
        keeps every sentence and adds a ``fragment`` column (the rule of :data:`FRAGMENT_RULES`, or
        ``""``) for :func:`fragment_report`; ``"keep"`` checks nothing. The rules are English: they
        apply only with ``language="en"`` and to sentences in Latin letters. Only with ``clean=True``.

    Returns
    -------
    pandas.DataFrame
        One row per sentence: ``doc_id``, ``sent_idx`` (0-based within the
        document), ``text``, ``start`` and ``end`` (character offsets of the
        sentence in the document's text; ``text`` is
        ``document.text[start:end]`` with links removed), then the
        document's metadata columns (and ``fragment`` with ``fragments="flag"``).

    References
    ----------
    Sadvilkar, N. & Neumann, M. (2020). PySBD: Pragmatic Sentence Boundary
    Disambiguation. NLP-OSS workshop, EMNLP.
    """
    if not isinstance(documents, pd.DataFrame):
        raise CorpusError(
            f"split_sentences needs the documents DataFrame from framing.load_corpus; got {type(documents).__name__}."
        )
    for col in ("doc_id", "text"):
        if col not in documents.columns:
            raise CorpusError(
                f"documents has no {col!r} column (columns: {list(documents.columns)}); load it with framing.load_corpus."
            )
    if fragments not in _FRAGMENT_MODES:
        raise CorpusError(
            f"split_sentences: fragments must be one of {list(_FRAGMENT_MODES)}; got {fragments!r}."
        )
    if status is not None and "status" in documents.columns:
        documents = documents[documents["status"].astype(str) == status]
    # The originals clean_corpus keeps are for tracing, not for every sentence row.
    meta_cols = [c for c in documents.columns if c not in ("text", "original_text")]
    languages = _document_languages(documents, language)
    sentences = _sentence_table(documents, languages, clean, fragments)
    meta = documents[meta_cols].astype({"doc_id": str})
    out = sentences.merge(meta, on="doc_id", how="left", validate="many_to_one")
    ordered = ["doc_id", "sent_idx", "text", "start", "end"]
    ordered += [c for c in COLUMNS + OPTIONAL_COLUMNS if c in out.columns and c not in ordered]
    ordered += [c for c in out.columns if c not in ordered]
    return out[ordered]


def _document_languages(documents: pd.DataFrame, language: str) -> list[str]:
    """The pySBD language of each document: its ``language`` value, else ``language``; each one checked."""
    if "language" in documents.columns:
        values = documents["language"].astype("string").str.strip().str.lower()
        languages = values.where(values.notna() & (values != ""), language).tolist()
    else:
        languages = [language] * len(documents)
    for code in dict.fromkeys(languages):
        try:
            _segmenter(code)
        except ValueError as exc:
            where = f"documents column 'language' holds {code!r}: " if code != language else ""
            raise CorpusError(
                f"split_sentences: {where}language {code!r} is not supported by pySBD ({exc}). Use an "
                "ISO 639-1 code pySBD knows (e.g. 'en', 'ur', 'hi')."
            ) from None
    return languages


def _sentence_table(documents, languages, clean, fragments) -> pd.DataFrame:
    """``doc_id, sent_idx, text, start, end`` (and ``fragment`` when flagged) for every document."""
    records = []
    for doc_id, text, language in zip(documents["doc_id"], documents["text"], languages, strict=True):
        check = None if fragments == "keep" or not clean else language
        spans = [
            (*span, _fragment_rule(span[2], check) or "")
            for span in _spans(str(text), _segmenter(language), clean, language)
        ]
        # sent_idx numbers every sentence, fragments included, so a sentence keeps its key (coding
        # sheets, gold sets) whether fragments are dropped, flagged or kept.
        records += [
            (doc_id, i, sent, start, end, rule)
            for i, (start, end, sent, rule) in enumerate(spans)
            if not (fragments == "drop" and rule)
        ]
    columns = ["doc_id", "sent_idx", "text", "start", "end", "fragment"]
    sentences = pd.DataFrame.from_records(records, columns=columns).astype(
        {"doc_id": str, "text": str, "sent_idx": "int64", "start": "int64", "end": "int64", "fragment": str}
    )
    return sentences if fragments == "flag" else sentences.drop(columns="fragment")


def _spans(text: str, segmenter, clean: bool, language: str = "en"):
    """Yield ``(start, end, sentence)`` for each sentence of one document."""
    for para in _paragraphs(text, language):
        p_start, p_text = para
        cursor = 0
        pieces = segmenter.segment(p_text)
        if language in _EXTRA_BREAKS:
            pieces = _refine(pieces, _EXTRA_BREAKS[language])
        for piece in pieces:
            # pySBD with clean=False returns substrings in order; find them to recover offsets.
            found = p_text.find(piece, cursor)
            if found < 0:
                found = p_text.find(piece.strip(), cursor)
                piece = piece.strip()
            if found < 0:
                continue
            cursor = found + len(piece)
            stripped = piece.strip()
            if not stripped:
                continue
            lead = len(piece) - len(piece.lstrip())
            start = p_start + found + lead
            end = start + len(stripped)
            if clean:
                if _EMBED_ATTRIBUTION.match(stripped):
                    continue
                stripped = " ".join(_CODE_TOKEN.sub(" ", _LINK.sub(" ", stripped)).split())
                if not _WORD.search(stripped):
                    continue
            yield start, end, stripped


def _refine(pieces: list[str], breaks) -> list[str]:
    """Cut pySBD's sentences at the language's missed ``breaks``; give leading closing quotes back.

    Pieces stay contiguous substrings of the paragraph, so offsets are still found by position.
    """
    cut = []
    for piece in pieces:
        start = 0
        for match in breaks.finditer(piece):
            cut.append(piece[start : match.end()])
            start = match.end()
        if piece[start:]:
            cut.append(piece[start:])
    out: list[str] = []
    for piece in cut:
        quote = _LEADING_CLOSE.match(piece)
        if out and quote and _TERMINAL.search(out[-1]):
            out[-1] += quote.group(0)
            piece = piece[quote.end() :]
        if piece:
            out.append(piece)
    return out


def _paragraphs(text: str, language: str = "en"):
    """Yield ``(offset, paragraph)`` for the blank-line separated paragraphs of ``text``."""
    pos = 0
    for match in _PARAGRAPH.finditer(text):
        if text[pos : match.start()].strip():
            yield from _pieces(pos, text[pos : match.start()], language)
        pos = match.end()
    if text[pos:].strip():
        yield from _pieces(pos, text[pos:], language)


def _pieces(offset: int, paragraph: str, language: str = "en"):
    """Cut a very long paragraph at sentence-like breaks before segmenting it.

    pySBD's time grows much faster than linearly with the length of what it is
    given (a 200,000-character paragraph takes about 35 s); pieces of at most
    :data:`MAX_PIECE` characters, cut after a full stop, question or
    exclamation mark followed by a space, keep it linear.
    """
    breaks = _BREAK if language == "en" else _BREAK_ANY
    while len(paragraph) > MAX_PIECE:
        window = paragraph[:MAX_PIECE]
        cut = max((m.end() for m in breaks.finditer(window)), default=0)
        if cut == 0:
            cut = window.rfind(" ") + 1 or MAX_PIECE
        yield offset, paragraph[:cut]
        offset, paragraph = offset + cut, paragraph[cut:]
    if paragraph.strip():
        yield offset, paragraph


def fragment_report(sentences: pd.DataFrame, *, by: str = "side") -> pd.DataFrame:
    """How many sentences of each side were set aside as fragments, by rule.

    Check it before comparing sides: a rule that took mostly one side's text (a headline-only side
    loses its teasers, a full-text side its section headings) would shift that side's shares.

    Parameters
    ----------
    sentences : pandas.DataFrame
        From :func:`split_sentences` with ``fragments="flag"``.
    by : str
        Grouping column.

    Returns
    -------
    pandas.DataFrame
        One row per group: ``sentences`` (all), ``fragments``, ``share`` (fragments / sentences) and
        one column per rule of :data:`FRAGMENT_RULES`.
    """
    check_column(sentences, "fragment", name="sentences")
    check_column(sentences, by, name="sentences", param="by")
    rules = pd.crosstab(sentences[by], sentences["fragment"]).reindex(
        columns=list(FRAGMENT_RULES), fill_value=0
    )
    total = sentences.groupby(by).size()
    out = pd.DataFrame({"sentences": total, "fragments": rules.sum(axis=1)})
    out["share"] = out["fragments"] / out["sentences"]
    return out.join(rules).reset_index().rename_axis(columns=None)


@keyword_only_options
def corpus_summary(
    documents: pd.DataFrame, sentences: pd.DataFrame | None = None, *, by: str = "side"
) -> pd.DataFrame:
    """Tabulate a corpus per group: documents, sentences, lengths, dates, source types.

    Parameters
    ----------
    documents : pandas.DataFrame
        From :func:`framing.load_corpus`.
    sentences : pandas.DataFrame, optional
        From :func:`split_sentences`; computed when not given.
    by : str
        Grouping column.

    Returns
    -------
    pandas.DataFrame
        One row per group: ``documents``, ``sentences``, ``sentences_per_document``
        (median), ``words_per_sentence`` (median), ``first_date``, ``last_date``,
        ``source_types`` (comma-separated).
    """
    if sentences is None:
        sentences = split_sentences(documents)
    check_column(documents, by, name="documents")
    words = sentences["text"].str.split().str.len()
    per_doc = sentences.groupby("doc_id").size()
    rows = []
    for group, docs in documents.groupby(by, sort=True):
        sents = sentences[sentences["doc_id"].isin(docs["doc_id"])]
        rows.append(
            {
                by: group,
                "documents": len(docs),
                "sentences": len(sents),
                "sentences_per_document": float(per_doc.reindex(docs["doc_id"]).fillna(0).median()),
                "words_per_sentence": float(words[sents.index].median()) if len(sents) else float("nan"),
                "first_date": docs["date"].min(),
                "last_date": docs["date"].max(),
                "source_types": ", ".join(sorted(docs["source_type"].astype(str).unique())),
            }
        )
    return pd.DataFrame(rows)
