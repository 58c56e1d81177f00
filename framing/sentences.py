"""Sentences: splitting documents into one row per sentence.

Segmentation is done by pySBD (Sadvilkar & Neumann 2020), a rule-based
segmenter built on the Golden Rules set of hard cases (abbreviations such as
"U.S." and "Mr.", decimals, quotations, lists). Paragraph breaks are always
sentence breaks. Social-media embed residue (a bare ``pic.twitter.com/...``
link, a "— Outlet (@handle) June 26, 2025" attribution line) is removed by
default, and so are fragments of script residue that scrapers leave in text
(``(adsbygoogle=window.adsbygoogle||[]).push({});``), because they are page
furniture, not claims any side made.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pandas as pd

from framing.corpus import COLUMNS, OPTIONAL_COLUMNS
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
) -> pd.DataFrame:
    """Split documents into sentences.

    Parameters
    ----------
    documents : pandas.DataFrame
        A documents table from :func:`framing.load_corpus` (needs ``doc_id``
        and ``text``; every other column is carried to each sentence).
    language : str
        ISO 639-1 code of the pySBD rules to use (``"en"`` by default; pySBD
        has rules for 22 languages).
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

    Returns
    -------
    pandas.DataFrame
        One row per sentence: ``doc_id``, ``sent_idx`` (0-based within the
        document), ``text``, ``start`` and ``end`` (character offsets of the
        sentence in the document's text; ``text`` is
        ``document.text[start:end]`` with links removed), then the
        document's metadata columns.

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
    try:
        segmenter = _segmenter(language)
    except ValueError as exc:
        raise CorpusError(
            f"split_sentences: language {language!r} is not supported by pySBD ({exc})."
        ) from None

    if status is not None and "status" in documents.columns:
        documents = documents[documents["status"].astype(str) == status]
    # The originals clean_corpus keeps are for tracing, not for every sentence row.
    meta_cols = [c for c in documents.columns if c not in ("text", "original_text")]
    records = []
    for doc in documents.itertuples(index=False):
        row = doc._asdict()
        for sent_idx, (start, end, text) in enumerate(_spans(str(row["text"]), segmenter, clean)):
            records.append((row["doc_id"], sent_idx, text, start, end))
    sentences = pd.DataFrame.from_records(records, columns=["doc_id", "sent_idx", "text", "start", "end"])
    sentences = sentences.astype(
        {"doc_id": str, "text": str, "sent_idx": "int64", "start": "int64", "end": "int64"}
    )
    meta = documents[meta_cols].astype({"doc_id": str})
    out = sentences.merge(meta, on="doc_id", how="left", validate="many_to_one")
    ordered = ["doc_id", "sent_idx", "text", "start", "end"]
    ordered += [c for c in COLUMNS + OPTIONAL_COLUMNS if c in out.columns and c not in ordered]
    ordered += [c for c in out.columns if c not in ordered]
    return out[ordered]


def _spans(text: str, segmenter, clean: bool):
    """Yield ``(start, end, sentence)`` for each sentence of one document."""
    for para in _paragraphs(text):
        p_start, p_text = para
        cursor = 0
        for piece in segmenter.segment(p_text):
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


def _paragraphs(text: str):
    """Yield ``(offset, paragraph)`` for the blank-line separated paragraphs of ``text``."""
    pos = 0
    for match in _PARAGRAPH.finditer(text):
        if text[pos : match.start()].strip():
            yield from _pieces(pos, text[pos : match.start()])
        pos = match.end()
    if text[pos:].strip():
        yield from _pieces(pos, text[pos:])


def _pieces(offset: int, paragraph: str):
    """Cut a very long paragraph at sentence-like breaks before segmenting it.

    pySBD's time grows much faster than linearly with the length of what it is
    given (a 200,000-character paragraph takes about 35 s); pieces of at most
    :data:`MAX_PIECE` characters, cut after a full stop, question or
    exclamation mark followed by a space, keep it linear.
    """
    while len(paragraph) > MAX_PIECE:
        window = paragraph[:MAX_PIECE]
        cut = max((m.end() for m in _BREAK.finditer(window)), default=0)
        if cut == 0:
            cut = window.rfind(" ") + 1 or MAX_PIECE
        yield offset, paragraph[:cut]
        offset, paragraph = offset + cut, paragraph[cut:]
    if paragraph.strip():
        yield offset, paragraph


def corpus_summary(
    documents: pd.DataFrame, sentences: pd.DataFrame | None = None, by: str = "side"
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
    from framing._validate import check_column

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
