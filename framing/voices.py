"""Who speaks: reported speech, speakers and their categories, and voices by side.

Sourcing is one of the most measured features of news framing: whose words a
story carries, and how often each side lets its own officials, the other
side's officials, third parties or anonymous sources speak (Sigal 1973;
Berkowitz 2009; Carlson 2009 on anonymous sources). This module finds, for each
sentence, whether it carries reported speech and who speaks, then compares the
mix of voices between sides with the same statistics as every other share in
framing.

Method: rules over the sentence text, in the tradition of rule-based quotation
attribution (Pareti 2016; Muzny, Fang, Chang & Jurafsky 2017 show that
deterministic sieves over speech verbs, quotation marks and "according to"
reach most of the accuracy of learned attributors). In order:

1. a headline or transcript line whose speaker sits before or after a colon
   (``"India isolated at SCO: Asif"``, ``"Spokesperson: ..."``);
2. ``according to X`` / ``as reported by X``;
3. a verb of saying (said, told, stated, stressed, urged, called for...) with
   its subject before it (``"Officials said ..."``, ``"..., he said."``) or
   after it (``"..., said Foreign Secretary Vikram Misri."``).

A sentence with a quotation of four words or more is ``direct``; the others are
``indirect``, ``according_to`` or ``headline_colon``. Pronouns and bare titles
(``he``, ``the minister``) take the last speaker named earlier in the same
document (a one-step coreference sieve, as in Muzny et al. 2017).

The speaker's category comes from a codebook that maps names, offices and
patterns to an affiliation (a country's government or military, an
international organisation, experts, media, anonymous sources). Government
speakers are then placed relative to the sentence's side: a Pakistani minister
quoted in an Indian article is the *other side's government*; in a Pakistani
article, the side's *own government*; in a Chinese or wire article, a
*third-country official*. The default codebook (``framing/voices_data``) is
plain CSV; a user's speakers table overrides it.

No maintained NLP library fits here: spaCy's English models are published on
GitHub, not on PyPI (the PyPI copies are unofficial re-uploads), and stanza
downloads its models at run time. The rules use only the standard library.
Measured accuracy: ``benchmarks/voices_accuracy.py``.
"""

from __future__ import annotations

import csv
import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from framing._validate import check_column, check_groups, check_labels
from framing.errors import CorpusError, FramingWarning, ParameterError

__all__ = [
    "CATEGORIES",
    "NO_SPEAKER",
    "RIVALS",
    "attribute",
    "compare_voices",
    "load_codebook",
    "top_speakers",
    "voice_contrasts",
    "voice_shares",
]

#: The speaker categories, in the order figures show them. "other" holds
#: speakers the codebook cannot place (a named person it does not know).
CATEGORIES = (
    "own government or military",
    "other side's government",
    "third-country officials",
    "international organisations",
    "experts and analysts",
    "media",
    "anonymous",
    "other",
)

#: Label of sentences with no reported speech in share tables (the outlet's own voice).
NO_SPEAKER = "no attributed speaker"

#: Default rivals: whose government is "the other side" for each side.
RIVALS: dict[str, tuple[str, ...]] = {"India": ("Pakistan",), "Pakistan": ("India",)}

# Short names a user's speakers table may use for the categories.
_CATEGORY_KEYS = {
    "own": CATEGORIES[0],
    "other_side": CATEGORIES[1],
    "third_country": CATEGORIES[2],
    "international": CATEGORIES[3],
    "expert": CATEGORIES[4],
    "media": CATEGORIES[5],
    "anonymous": CATEGORIES[6],
    "other": CATEGORIES[7],
}
_AFFILIATIONS = ("government", "international", "expert", "media", "anonymous", "other")
_KINDS = ("direct", "indirect", "according_to", "headline_colon", "none")

_VERBS = (
    r"said|says|say|told|tells|stated|added|adds|noted|observed|stressed|stresses|"
    r"emphasi[sz]ed|emphasi[sz]es|asserted|claimed|claims|maintained|warned|warns|urged|urges|announced|"
    r"announces|declared|declares|insisted|insists|argued|argues|explained|pointed out|points out|"
    r"reiterated|reiterates|affirmed|reaffirmed|remarked|underlined|underscored|highlighted|recalled|"
    r"alleged|acknowledged|admitted|denied|denies|confirmed|confirms|reported|wrote|writes|tweeted|"
    r"posted|commented|replied|assured|cautioned|contended|conveyed|informed|briefed|"
    r"called for|called on|called upon|calls for|condemned|condemns|denounced|accused|accuses|demanded|"
    r"vowed|pledged|quoted as saying|threatened|clarified|disclosed|revealed|expressed|described|"
    r"termed|dismissed|lauded|praised|criticised|criticized|slammed|questioned|answered|note|caution|cautions|"
    r"warn|insist|argue|believe|believes|expect|expects|welcomed|welcomes|referred to|flagged|describes|"
    r"suggested|suggests|recommended|recommends|advocated|appreciated|outlined|outlines|debunked|debunks|"
    r"criticises|criticizes|backs|backed|endorsed|endorses|rejected|rejects|saying|adding|stressing|noting|"
    r"urging|labelling|labeling|calling it|made it clear|slams|responds|hits out"
)
_VERB_RE = re.compile(rf"\b(?:{_VERBS})\b")
_VERB_RE_I = re.compile(rf"\b(?:{_VERBS})\b", re.IGNORECASE)
# A quotation: text between quotation marks (straight or curly, not apostrophes); four words or more
# make it a direct quote rather than a scare-quoted term.
_QUOTE_RE = re.compile(r"[\"“”]([^\"“”]{1,2000})[\"“”]|‘([^‘’]{1,2000})’")


def _has_quote(text: str) -> bool:
    return any(len((m.group(1) or m.group(2) or "").split()) >= 4 for m in _QUOTE_RE.finditer(text))


_ACCORDING_RE = re.compile(r"\b(?:[Aa]ccording to|as reported by|as quoted by|as described by|[Qq]uoting)\s+")
_STOPWORDS_AFTER_ACCORDING = re.compile(
    r"^(?:the )?(?:plan|schedule|data|figures?|estimates?|draft|law|constitution|rules?|treaty|agreement|"
    r"reports? (?:of|on)|survey|census|results?|records?|tradition|calendar|programme|program|itinerary|"
    r"the latest|this|these|which|what|her|his|their|its)\b",
    re.IGNORECASE,
)
_PRONOUNS = {"he", "she", "they", "it", "we", "i"}
_BARE_ROLE_RE = re.compile(
    r"^(?:the |a |an |its |his |her |their )?(?:(?:federal|interim|caretaker|foreign|defence|defense|interior|"
    r"information|prime|chief|senior|deputy|state|external affairs|home|finance|army|military|naval|air|"
    r"press|official|government)\s+)*(?:minister|ministry|spokesperson|spokesman|spokeswoman|government|"
    r"office|army|military|premier|president|prime minister|secretary|chief|statement|embassy|mission|"
    r"ambassador|envoy|delegation|cabinet|authorities|forces|leader|leadership|commander|side|country|"
    r"chair|host|adviser|advisor|Minister|Ministry|Spokesperson)$",
    re.IGNORECASE,
)
_GOV_ROLE_RE = re.compile(
    r"(?i:\b(?:minister|ministry|government|govt|army|military|spokes(?:person|man|woman)|president|"
    r"premier|foreign office|embassy|ambassador|envoy|high commission(?:er)?|secretary|forces|chief|general|"
    r"commander|navy|air force|police|authorities|cabinet|parliament|senate|assembly|lawmakers?|senators?|"
    r"leaders?|delegation|mission|adviser|advisor|state department|office|administration|establishment|"
    r"top brass|defence|defense|foreign|prime|side|readout|statement|delegations?|senators?|governor|"
    r"chief minister|resolution|mayor|commissioner|police|cop|lieutenant general|lt gen|major general|"
    r"air marshal|admiral|brigadier|corps commander|chairman|federal|provincial|parliamentary)\b)|"
    r"\b(?:PM|FM|CM|DG|DIG|IG|IGP|MNA|MPA|MP|Gen|L-G|LG|DPM|COAS|CJCSC|CDS|NSA)\b"
)
# Words a speaker phrase may contain besides capitalised ones.
_NP_WORDS = {
    "the",
    "a",
    "an",
    "of",
    "for",
    "and",
    "'s",
    "’s",
    "its",
    "his",
    "her",
    "their",
    "this",
    "that",
    "these",
    "those",
    "one",
    "two",
    "three",
    "several",
    "some",
    "many",
    "most",
    "other",
    "another",
    "both",
    "all",
    "each",
    "foreign",
    "defence",
    "defense",
    "external",
    "affairs",
    "ministry",
    "minister",
    "ministers",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "official",
    "officials",
    "officer",
    "officers",
    "source",
    "sources",
    "expert",
    "experts",
    "analyst",
    "analysts",
    "diplomat",
    "diplomats",
    "secretary",
    "chief",
    "senior",
    "junior",
    "military",
    "army",
    "navy",
    "government",
    "office",
    "media",
    "report",
    "reports",
    "people",
    "familiar",
    "with",
    "matter",
    "state",
    "national",
    "security",
    "adviser",
    "advisor",
    "general",
    "director",
    "press",
    "agency",
    "news",
    "daily",
    "newspaper",
    "channel",
    "leader",
    "leaders",
    "country",
    "countries",
    "side",
    "delegation",
    "mission",
    "embassy",
    "ambassador",
    "envoy",
    "party",
    "observers",
    "commentators",
    "scholar",
    "scholars",
    "professor",
    "researcher",
    "researchers",
    "representative",
    "representatives",
    "member",
    "members",
    "counterpart",
    "host",
    "chair",
    "prime",
    "president",
    "federal",
    "interim",
    "caretaker",
    "provincial",
    "chief-minister",
    "minister's",
    "interior",
    "information",
    "home",
    "finance",
    "deputy",
    "top",
    "former",
    "retired",
    "veteran",
    "statement",
    "joint",
    "release",
    "communique",
    "communiqué",
    "council",
    "committee",
    "commission",
    "authorities",
    "police",
    "forces",
    "spokespersons",
    "intelligence",
    "agencies",
    "agency's",
    "ministry's",
    "government's",
    "country's",
    "counterparts",
    "leadership",
    "residents",
    "witnesses",
    "locals",
    "sources'",
    "experts'",
    "analysts'",
    "told",
    "aware",
    "close",
    "to",
    "in",
    "at",
    "on",
    "from",
    "based",
    "senior-most",
    "high-ranking",
    "ranking",
    "vice",
    "air",
    "marshal",
    "field",
    "station",
    "house",
    "bench",
    "court",
    "judge",
    "lawyer",
    "lawyers",
    "petitioner",
    "counsel",
    "think",
    "tank",
    "academic",
    "academics",
    "strategist",
    "strategists",
    "economist",
    "economists",
    "correspondent",
    "correspondents",
    "journalist",
    "journalists",
    "editorial",
    "editor",
    "channels",
    "newspapers",
    "outlet",
    "outlets",
    "broadcaster",
    "television",
    "tv",
    "radio",
    "daily's",
    "paper",
}
_TRAIL_STRIP = re.compile(
    r"(?:\s*,?\s*(?:also|further|later|earlier|again|today|yesterday|recently|separately|however|had|has|have|"
    r"was|were|is|are|would|will|could|may|might|had also|has also|then|previously|repeatedly|reportedly|"
    r"publicly|categorically|firmly|strongly|clearly|once|too|meanwhile|further|last week|this week|"
    r"last month|this month|on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|"
    r"on (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}|on \d{1,2} [A-Z][a-z]+|"
    r"(?:in|at) (?:a|his|her|their|its|the) (?:statement|speech|address|remarks|post|tweet|message|"
    r"interview|briefing|press conference|news conference|meeting)[^,]{0,40})\s*)$"
)
_TOKEN_RE = re.compile(r"[A-Za-z][\w'’.\-]*|\d[\w.\-]*|\S")
_SKIP_HEAD = {
    "question",
    "q",
    "answer",
    "a",
    "watch",
    "explainer",
    "video",
    "live",
    "opinion",
    "editorial",
    "analysis",
    "update",
    "updates",
    "photos",
    "exclusive",
    "breaking",
    "read",
    "also read",
    "note",
}


def _read_csv(text: str) -> list[dict]:
    return [
        r for r in csv.DictReader(text.splitlines()) if r.get("pattern") and not r["pattern"].startswith("#")
    ]


@dataclass(frozen=True)
class _Entry:
    pattern: re.Pattern
    affiliation: str | None
    country: str | None
    category: str | None
    side: str | None


def load_codebook(speakers=None) -> pd.DataFrame:
    """The speaker codebook: the user's speakers table first, then the defaults.

    Parameters
    ----------
    speakers : pandas.DataFrame, path to a CSV file, list of dicts, or None
        The user's table. Each row has ``pattern`` (a regular expression,
        matched case-sensitively against the speaker as written; use ``(?i:...)``
        for case-insensitive parts) or ``name`` (a literal name, matched as a
        whole word), and either ``category`` (one of :data:`CATEGORIES` or its
        short key: own, other_side, third_country, international, expert,
        media, anonymous, other; used as is) or ``affiliation`` (government,
        international, expert, media, anonymous, other) with ``country`` for a
        government, from which the category follows the sentence's side.
        Optional ``side``: the row applies only to sentences of that side.
        User rows are tried before the default rows, in the order given.

    Returns
    -------
    pandas.DataFrame
        Columns ``pattern``, ``affiliation``, ``country``, ``category``,
        ``side``, ``origin`` (``"user"`` or ``"default"``), in matching order.

    References
    ----------
    Sigal, L. V. (1973). Reporters and Officials. Heath (the official/unofficial
    source distinction the categories follow).
    """
    base = resources.files("framing").joinpath("voices_data", "codebook.csv").read_text(encoding="utf-8")
    default = pd.DataFrame(_read_csv(base)).assign(category=None, side=None, origin="default")
    if speakers is None:
        user = pd.DataFrame(columns=default.columns)
    else:
        user = _user_table(speakers)
    table = pd.concat([user, default], ignore_index=True)
    for col in ("affiliation", "country", "category", "side"):
        table[col] = table[col].map(
            lambda v: None if v is None or (isinstance(v, float) and np.isnan(v)) or v == "" else str(v)
        )
    return table[["pattern", "affiliation", "country", "category", "side", "origin"]]


def _user_table(speakers) -> pd.DataFrame:
    where = "speakers"
    if isinstance(speakers, (str, Path)):
        path = Path(speakers)
        if not path.exists():
            raise ParameterError(
                f"speakers file {path} does not exist; pass a CSV with a 'pattern' or 'name' column."
            )
        where = str(path)
        try:
            speakers = pd.read_csv(path, dtype=str, keep_default_na=False)
        except (pd.errors.ParserError, UnicodeDecodeError) as exc:
            raise CorpusError(f"{path}: cannot read the speakers table as CSV ({exc}).") from None
    elif isinstance(speakers, (list, tuple)):
        speakers = pd.DataFrame(list(speakers))
    if not isinstance(speakers, pd.DataFrame):
        raise ParameterError(
            f"speakers must be a DataFrame, a CSV path or a list of dicts; got {type(speakers).__name__}."
        )
    if "pattern" not in speakers.columns and "name" not in speakers.columns:
        raise ParameterError(
            f"{where} needs a 'pattern' (regular expression) or 'name' column; its columns are "
            f"{list(speakers.columns)}."
        )
    rows = []
    for i, r in enumerate(speakers.to_dict("records")):
        row = f"{where}, row {i + 1}"
        pat = r.get("pattern")
        if pat is None or (isinstance(pat, float) and np.isnan(pat)) or pat == "":
            name = r.get("name")
            if name is None or (isinstance(name, float) and np.isnan(name)) or not str(name).strip():
                raise ParameterError(f"{row}: give a 'pattern' or a 'name'.")
            pat = r"\b" + re.escape(str(name).strip()) + r"\b"
        try:
            re.compile(str(pat))
        except re.error as exc:
            raise ParameterError(
                f"{row}: pattern {pat!r} is not a valid regular expression ({exc})."
            ) from None
        cat = _blank(r.get("category"))
        aff = _blank(r.get("affiliation"))
        if cat is not None:
            cat = _CATEGORY_KEYS.get(cat, cat)
            if cat not in CATEGORIES:
                raise ParameterError(
                    f"{row}: category {cat!r} is not one of {list(CATEGORIES)} (or {list(_CATEGORY_KEYS)})."
                )
        elif aff is None:
            raise ParameterError(
                f"{row}: give a 'category' or an 'affiliation' (one of {list(_AFFILIATIONS)})."
            )
        elif aff not in _AFFILIATIONS:
            raise ParameterError(f"{row}: affiliation {aff!r} is not one of {list(_AFFILIATIONS)}.")
        if aff == "government" and _blank(r.get("country")) is None and cat is None:
            raise ParameterError(f"{row}: a government speaker needs a 'country' (e.g. India).")
        rows.append(
            {
                "pattern": str(pat),
                "affiliation": aff,
                "country": _blank(r.get("country")),
                "category": cat,
                "side": _blank(r.get("side")),
                "origin": "user",
            }
        )
    return pd.DataFrame(rows, columns=["pattern", "affiliation", "country", "category", "side", "origin"])


def _blank(v):
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return None
    v = str(v).strip()
    return v or None


def _countries() -> list[tuple[re.Pattern, str]]:
    text = resources.files("framing").joinpath("voices_data", "countries.csv").read_text(encoding="utf-8")
    return [
        (re.compile(rf"\b(?:{r['alias']})(?:'s|’s)?\b"), r["country"])
        for r in csv.DictReader(text.splitlines())
    ]


# ---------------------------------------------------------------- extraction


def _clean_np(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim a candidate speaker span to a plausible noun phrase; None if there is none."""
    span = text[start:end]
    lead = len(span) - len(span.lstrip(" ,;:\"'“”‘’(-—–"))
    trail = len(span) - len(span.rstrip(" ,;:.\"'“”‘’)-—–"))
    start, end = start + lead, end - trail
    both = re.search(r"\s+(?:both|each|all|themselves|also|too)$", text[start:end])
    if both:
        end = start + both.start()
    if end <= start:
        return None
    words = text[start:end].split()
    if not words or len(words) > 14:
        return None
    if words[0].lower() in {"that", "which", "who", "and", "but", "as", "while", "when", "it's", "there"}:
        return None
    return start, end


_BOUNDARY_RE = re.compile(
    r"[,;:()\[\]\"“”]|[—–]|\s-\s|\b(?:that|which|who|whom|whose|while|when|whereas|where|after|before|because|"
    r"since|although|though|if|but|or|so|than|then|as|once|until|unless|whether|what|how|why)\b|\band(?=\s+[a-z])"
)
_INVERTIBLE = {
    "said",
    "says",
    "added",
    "adds",
    "told",
    "noted",
    "stated",
    "asked",
    "wrote",
    "explained",
    "warned",
    "remarked",
    "observed",
    "commented",
    "stressed",
    "declared",
    "insisted",
    "replied",
    "answered",
}
_PARTICIPLES = {"saying", "adding", "stressing", "noting", "urging", "labelling", "labeling"}
_NOT_HEAD = {"to", "be", "been", "being", "not", "also", "it's", "there", "here", "this", "these", "those"}


def _np_scan(text: str, end: int) -> tuple[int, int] | None:
    """Backward scan over capitalised words and role words: the fallback speaker finder."""
    toks = list(_TOKEN_RE.finditer(text[:end]))
    if not toks:
        return None
    keep = None
    for tok in reversed(toks):
        word = tok.group()
        low = word.lower().rstrip(".")
        base = re.sub(r"(?:'s|’s|s'|s’)$", "", low)
        if word[0].isupper() or low in _NP_WORDS or base in _NP_WORDS or word in {"'s", "’s", "-", "&"}:
            keep = tok.start()
            continue
        break
    return None if keep is None else _clean_np(text, keep, end)


def _subject_before(text: str, verb_start: int) -> tuple[int, int] | None:
    """The speaker phrase that ends just before a verb of saying (``Officials said``).

    The phrase runs back to the nearest clause boundary (comma, "that", "and"...);
    a clause that is empty or too long to be a noun phrase falls back to a scan
    over capitalised and role words.
    """
    left = text[:verb_start]
    while True:
        stripped = _TRAIL_STRIP.sub("", left.rstrip(" ,"))
        if stripped == left:
            break
        left = stripped
    left = left.rstrip()
    if not left:
        return None
    toks = list(_TOKEN_RE.finditer(left))
    if not toks:
        return None
    if toks[-1].group().lower() in _PRONOUNS:
        return toks[-1].start(), toks[-1].end()
    if toks[-1].group().lower() in _NOT_HEAD | {"and", "or", "of", "the", "a", "an"}:
        return None
    bounds = list(_BOUNDARY_RE.finditer(left))
    start = bounds[-1].end() if bounds else 0
    clause = left[start:]
    words = clause.split()
    # A clause that holds a verb form ("speaking on condition of anonymity") is not a speaker phrase.
    verbish = any(
        re.fullmatch(r"[a-z]+(?:ing|ed)", w)
        and w not in {"based", "led", "retired", "united", "armed", "concerned", "unnamed", "detained"}
        for w in words
    )
    verbish = verbish or any(
        w.lower()
        in {
            "was",
            "were",
            "is",
            "are",
            "has",
            "have",
            "had",
            "can",
            "could",
            "would",
            "will",
            "may",
            "might",
            "must",
            "should",
            "does",
            "did",
        }
        for w in words
    )
    if 1 <= len(words) <= 12 and not verbish:
        span = _clean_np(text, start, len(left))
    else:
        span = _np_scan(text, len(left))
    if span is None:
        return None
    phrase = text[span[0] : span[1]]
    if re.match(r"^(?:neither|no|none|nobody|not)\b", phrase, re.IGNORECASE):
        return None
    m = re.match(r"^(?:and|of|for|with|to|in|at|on|from|by|also|yet|but)\s+", phrase, re.IGNORECASE)
    if m:
        span = (span[0] + m.end(), span[1])
    return span if span[1] > span[0] else None


def _sentence_subject(text: str) -> tuple[int, int] | None:
    """The subject at the start of a sentence, for coordinated verbs (``Singh flagged ... and called for``).

    The words from the start (after an introductory "At the meeting," clause) up to
    the first adverb, auxiliary or verb form, at most eight.
    """
    body = text
    m = re.match(
        r"^(?:At|In|On|During|After|Later|Earlier|Meanwhile|Speaking|Addressing|Separately)\b[^,]{0,80},\s+",
        text,
    )
    if m:
        body = text[m.end() :]
    offset = len(text) - len(body)
    words = list(re.finditer(r"\S+", body))
    end = None
    for k, w in enumerate(words[:9]):
        low = w.group().lower().strip(",")
        if (
            low
            in {
                "also",
                "has",
                "have",
                "had",
                "was",
                "were",
                "is",
                "are",
                "will",
                "would",
                "on",
                "then",
                "later",
                "further",
                "again",
                "however",
            }
            or low.endswith("ly")
            or (
                re.fullmatch(r"[a-z]+(?:ed|s)", low)
                and k > 0
                and not w.group()[0].isupper()
                and low not in _NP_WORDS
            )
            or _VERB_RE.fullmatch(low)
        ):
            end = w.start()
            break
        if w.group().endswith(","):
            break
    if end is None or end == 0:
        return None
    return _clean_np(text, offset, offset + end)


def _subject_after(text: str, verb_end: int) -> tuple[int, int] | None:
    """The speaker after an inverted verb: ``..., said Foreign Secretary Vikram Misri.``"""
    rest = text[verb_end:]
    m = re.match(
        r"\s+((?:the |a |an |one |another )?[^,;:.!?()\"“”]{1,120}?)\s*(?:[.,;!?]|\bwho\b|\bwhich\b|"
        r"\bon (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|\bin a\b|\bat a\b|$)",
        rest,
    )
    if not m:
        return None
    phrase = m.group(1)
    words = phrase.split()
    if not words or len(words) > 12:
        return None
    if not (words[0][0].isupper() or words[0].lower() in {"the", "a", "an", "one", "another"}):
        return None
    return _clean_np(text, verb_end + m.start(1), verb_end + m.end(1))


def _according_to(text: str) -> tuple[int, int] | None:
    m = _ACCORDING_RE.search(text)
    if not m:
        return None
    rest = text[m.end() :]
    if _STOPWORDS_AFTER_ACCORDING.match(rest):
        return None
    stop = re.search(
        r"[,;:.!?()\"“”]|\s(?:that|who|which|on|in|at|as|after|while|when|the [a-z]+ (?:was|is))\s", rest
    )
    end = m.end() + (stop.start() if stop else len(rest))
    # "U.S." and "Mr." contain a full stop that does not end the phrase.
    while (
        stop
        and rest[stop.start()] == "."
        and re.search(r"\b(?:[A-Z]|Mr|Ms|Dr|Gen|Lt|Col|St|U\.S)$", rest[: stop.start()])
    ):
        nxt = re.search(
            r"[,;:!?()\"“”]|\.(?=\s|$)|\s(?:that|who|which|on|in|at|as)\s", rest[stop.start() + 1 :]
        )
        end = m.end() + stop.start() + 1 + (nxt.start() if nxt else len(rest) - stop.start() - 1)
        break
    return _clean_np(text, m.end(), end)


def _strip_outlet_suffix(text: str) -> str:
    """Drop " - Outlet" and " | Section - Outlet" suffixes of aggregated headlines before looking for a colon."""
    while True:
        cut = re.sub(r"\s+[-–—|]\s+(?:[A-Z][\w.&'’]*\s?){1,5}$", "", text)
        if cut == text:
            return text
        text = cut


def _headline_colon(text: str, resolve) -> tuple[str, int, int] | None:
    """Speaker before (``Spokesperson: ...``) or after (``... : Asif``) a colon."""
    body = _strip_outlet_suffix(text.strip())
    offset = len(text) - len(text.lstrip())
    m = re.match(r"^\s*([^:]{2,60}?)\s*:\s+(\S.{8,})$", body)
    if m:
        head = m.group(1).strip()
        rest = m.group(2)
        a_list = rest.count(",") >= 3 and sum(w[:1].islower() for w in rest.split()) < 3
        known = (
            resolve(head) is not None
            or _BARE_ROLE_RE.match(head)
            or re.fullmatch(
                r"(?:Official |Chief |Senior |Foreign Ministry |MEA |FO )?Spokes(?:person|man|woman)", head
            )
        )
        nounish = all(w[0].isupper() or w.lower() in _NP_WORDS for w in head.split())
        if (
            nounish
            and head.lower() not in _SKIP_HEAD
            and not re.search(r"\d", head)
            and not head.isupper()
            and len(head.split()) <= 6
            and known
            and not a_list
        ):
            s = text.index(head, offset)
            return "headline_colon", s, s + len(head)
    m = re.match(r"^(.{12,}\S)\s*:\s*([^:]{2,60}?)\s*$", body)
    if m:
        tail = m.group(2).strip().rstrip(".")
        tail = re.split(r"\s+(?:[Oo]n|[Ii]n|[Aa]t|[Oo]ver|[Aa]bout|[Tt]o|[Ff]or)\s+", tail)[0]
        words = tail.split()
        looks_named = not _VERB_RE_I.search(tail) and (
            2 <= len(words) <= 4
            and all(w[0].isupper() for w in words)
            and not re.search(r"'s|’s", tail)
            and words[0].lower()
            not in {
                "inside",
                "how",
                "why",
                "what",
                "when",
                "where",
                "who",
                "the",
                "a",
                "an",
                "beyond",
                "in",
                "on",
                "from",
                "with",
                "after",
                "before",
            }
        )
        if (
            1 <= len(words) <= 6
            and (looks_named or resolve(tail) is not None)
            and tail.lower() not in _SKIP_HEAD
        ):
            s = text.rindex(tail)
            return "headline_colon", s, s + len(tail)
    return None


def _find_speech(text: str, resolve) -> tuple[str, int | None, int | None]:
    """(kind, speaker start, speaker end) for one sentence; kind "none" when there is no reported speech."""
    quoted = _has_quote(text)
    hc = _headline_colon(text, resolve)
    if hc is not None:
        return ("direct" if quoted and hc[1] > 0 else hc[0]), hc[1], hc[2]
    acc = _according_to(text)
    if acc is not None:
        return ("direct" if quoted else "according_to"), acc[0], acc[1]
    final = re.search(
        r"[,”\"’]\s*((?:[A-Za-z][\w'’.\-]*\s+){0,8}?[A-Za-z][\w'’.\-]*)\s+(?:also\s+)?"
        r"(said|says|added|adds|told [a-z]+|noted|stated|stressed|remarked|observed|explained|"
        r"maintained|argued|insisted|warned|cautioned|recalled)"
        r"(?:\s+(?:on|in|at|to|during|while)\b[^,.]{0,60})?\s*[.!]?\s*$",
        text,
    )
    if final:
        sp = _clean_np(text, final.start(1), final.end(1))
        if sp is not None and not re.search(r"\b(?:was|were|is|are|has|have|had|not)\b", text[sp[0] : sp[1]]):
            return ("direct" if quoted else "indirect"), sp[0], sp[1]
    words = text.split()
    title_case = len(words) >= 4 and sum(w[:1].isupper() for w in words) >= 0.7 * len(words)
    # Headlines in title case ("Industry Leaders Praise ...") capitalise their verbs too.
    for m in (_VERB_RE_I if title_case else _VERB_RE).finditer(text):
        before = text[: m.start()].rstrip()
        prev = before.split()[-1].lower() if before.split() else ""
        after = text[m.end() : m.end() + 4]
        # "the claims", "India's claims": a noun, not a verb; "is expected": a passive.
        if text[m.start() - 1 : m.start()] == "-":
            continue  # "so-called", "Indian-backed"
        prev = prev.lower()
        if prev in {
            "the",
            "a",
            "an",
            "his",
            "her",
            "their",
            "its",
            "these",
            "those",
            "such",
            "whose",
            "our",
            "member",
            "is",
            "are",
            "was",
            "were",
            "be",
            "been",
            "being",
            "not",
            "never",
            "n't",
        } or prev.endswith(("'s", "’s", "n't", "n’t")):
            continue
        if title_case and m.group().lower() in {
            "reported",
            "expressed",
            "confirmed",
            "posted",
            "asked",
            "answered",
        }:
            continue
        if after.startswith(" by"):
            if m.group() in {"reported", "quoted", "stated", "described"}:
                sp = _subject_after(text, m.end() + 3)
                if sp:
                    return ("direct" if quoted else "according_to"), sp[0], sp[1]
            continue
        sp = _subject_before(text, m.start())
        if sp is None and re.search(r"[,\"”’]\s*$", before) and m.group() in _INVERTIBLE:
            sp = _subject_after(text, m.end())
        if sp is None and re.search(r"\band(?:\s+(?:has|have|had|also|later|then|was|is))*\s*$", before):
            sp = _sentence_subject(text)
        if sp is None and m.group() in _PARTICIPLES:
            sp = _sentence_subject(text)
        if sp is not None:
            return ("direct" if quoted else "indirect"), sp[0], sp[1]
    if quoted:
        return "direct", None, None
    return "none", None, None


class _Resolver:
    """Maps a speaker phrase to (affiliation, country, fixed category) with the codebook."""

    def __init__(self, codebook: pd.DataFrame):
        self.entries = [
            _Entry(
                re.compile(r["pattern"]),
                _blank(r["affiliation"]),
                _blank(r["country"]),
                _blank(r["category"]),
                _blank(r["side"]),
            )
            for r in codebook.to_dict("records")
        ]
        self.countries = _countries()

    def country_of(self, phrase: str) -> str | None:
        """The country named first in a phrase ("Turkish Ambassador to Pakistan" -> Turkey)."""
        best = None
        for pat, country in self.countries:
            m = pat.search(phrase)
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), country)
        return None if best is None else best[1]

    def __call__(self, phrase: str, side: str | None = None):
        """(affiliation, country, category or None); None when the phrase is no known kind of speaker."""
        low = phrase.lower()
        for e in self.entries:
            if e.side is not None and side is not None and e.side != side:
                continue
            if e.affiliation == "anonymous" and e.category is None:
                continue  # tried after the country + office rule below
            if e.affiliation in ("expert", "media") and e.category is None:
                continue
            if e.pattern.search(phrase):
                return e.affiliation, e.country, e.category
        country = self.country_of(phrase)
        anonymous = [e for e in self.entries if e.affiliation == "anonymous" and e.category is None]
        if any(e.pattern.search(phrase) for e in anonymous) and not re.search(
            r"\b(?:spokes\w+|minister)\b", low
        ):
            return "anonymous", country, None
        for e in self.entries:
            if e.affiliation == "expert" and e.category is None and e.pattern.search(phrase):
                return "expert", country, None
        if country is not None and _GOV_ROLE_RE.search(phrase):
            return "government", country, None
        for e in self.entries:
            if e.affiliation == "media" and e.category is None and e.pattern.search(phrase):
                return "media", country, None
        # A bare country or capital as speaker ("India said", "Islamabad has said", "Pakistan and India").
        bare = re.sub(r"^(?:the )|(?:'s|’s)$", "", phrase.strip())
        parts = re.split(r"\s+(?:and|&)\s+|,\s*", bare)
        if country is not None and all(any(p.fullmatch(x) for p, _ in self.countries) for x in parts):
            return "government", country, None
        return None


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


def _category(
    aff: str | None,
    country: str | None,
    fixed: str | None,
    side: str | None,
    countries: Mapping,
    rivals: Mapping,
) -> str:
    if fixed is not None:
        return fixed
    if aff == "government":
        own = countries.get(side, side)
        if country is not None and country == own:
            return CATEGORIES[0]
        if country is not None and country in tuple(rivals.get(side, ())):
            return CATEGORIES[1]
        return CATEGORIES[2] if country is not None else CATEGORIES[7]
    return {
        "international": CATEGORIES[3],
        "expert": CATEGORIES[4],
        "media": CATEGORIES[5],
        "anonymous": CATEGORIES[6],
    }.get(aff, CATEGORIES[7])


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
    rivals : mapping side -> sequence of countries, optional
        Whose government is "the other side" for each side; default
        :data:`RIVALS` (India and Pakistan). A government of any other country
        is a third-country official.
    countries : mapping side -> country, optional
        The country each side speaks for, when side values are not country
        names (``{"in_media": "India"}``); by default a side is its own country.
        A side with no country (``International``) has no own government.
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
    countries = dict(countries or {})
    resolver = _Resolver(load_codebook(speakers))
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
        context = seen.get(doc, "")
        seen[doc] = context + " " + text
        k, a, b = _find_speech(text, lambda p, side=side: resolver(p, side))
        kind[i] = k
        if k == "none":
            continue
        if a is None:
            # A quotation with no speaker in the sentence continues the last speaker's words.
            if doc in last and last[doc][1] is not None:
                resolved[i], info = last[doc]
                country[i] = info[1]
                cat[i] = _category(info[0], info[1], info[2], side, countries, rivals)
            else:
                cat[i] = CATEGORIES[7]
            continue
        phrase = text[a:b]
        spk[i], s0[i], s1[i] = phrase, a, b
        info = resolver(phrase, side)
        if (info is None or info[1] is None and info[0] == "government") and context:
            # Name sieve: a name or office seen earlier with a title or apposition
            # ("Chief Minister Ali Amin Gandapur" ... "Gandapur said") resolves through that mention.
            info = _from_context(phrase, context, resolver, side) or info
        pronoun = phrase.lower() in _PRONOUNS
        role = (
            not pronoun
            and (info is None or info[1] is None and info[0] == "government")
            and bool(
                _BARE_ROLE_RE.match(phrase)
                or (_GOV_ROLE_RE.search(phrase) and resolver.country_of(phrase) is None)
            )
        )
        name = phrase
        if pronoun:
            # "he", "they": the last speaker named earlier in the document (one-step coreference).
            name, info = last.get(doc, (phrase, None))
        elif role:
            # "the minister", "the Ministry of National Defense": in a national outlet's story an
            # unqualified office is the side's own; without a country for the side, the last speaker's.
            own = resolver.country_of(str(countries.get(side, side) or ""))
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
        cat[i] = _category(info[0], info[1], info[2], side, countries, rivals)
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
    out.attrs.update({"by": by, "rivals": {k: list(v) for k, v in rivals.items()}})
    return out


# ---------------------------------------------------------------- comparisons


def _voice_labels(attributed: pd.DataFrame, include_unattributed: bool) -> tuple[pd.DataFrame, np.ndarray]:
    for col in ("reported_speech", "speaker_category"):
        check_column(attributed, col, name="sentences (pass framing.attribute(sentences) output)")
    cats = attributed["speaker_category"].astype("string")
    lab = cats.fillna(NO_SPEAKER).to_numpy(dtype=object)
    if include_unattributed:
        return attributed, lab
    keep = cats.notna().to_numpy()
    if not keep.any():
        raise ParameterError("no sentence carries reported speech: there are no voices to compare.")
    return attributed.loc[keep], lab[keep]


def _speaking_sides(sents: pd.DataFrame, by: str, sides, minimum: int) -> list[str] | None:
    """The requested sides that have sentences left; warns about the silent ones."""
    present = set(check_column(sents, by, param="by").astype("string").dropna())
    wanted = list(sides) if sides is not None else sorted(present)
    silent = [s for s in wanted if s not in present]
    if silent:
        warnings.warn(
            f"{by} value(s) {silent} have no sentence with reported speech; they are left out of the voices.",
            FramingWarning,
            stacklevel=3,
        )
    kept = [s for s in wanted if s in present]
    return kept if len(kept) >= minimum else None


def _order(labels) -> list[str]:
    present = set(labels)
    return [c for c in (*CATEGORIES, NO_SPEAKER) if c in present]


def voice_shares(
    attributed: pd.DataFrame,
    *,
    by: str = "side",
    sides: Sequence[str] | None = None,
    include_unattributed: bool = False,
    n_boot: int = 2000,
    ci: float = 0.95,
    random_state: int = 0,
) -> pd.DataFrame:
    """Share of each side's sentences voiced by each speaker category, with document-bootstrap CIs.

    Parameters
    ----------
    attributed : pandas.DataFrame
        :func:`attribute` output.
    by : str, default "side"
    sides : sequence of str, optional
        Sides to show; None = all.
    include_unattributed : bool, default False
        False: shares among the sentences that carry reported speech (whose
        voice, when someone speaks). True: among all sentences, with
        :data:`NO_SPEAKER` as a category (the outlet's own voice).
    n_boot : int, default 2000
    ci : float, default 0.95
    random_state : int, default 0

    Returns
    -------
    pandas.DataFrame
        ``<by>``, ``speaker_category``, ``n_sentences``, ``n_total``,
        ``n_docs``, ``share``, ``ci_low``, ``ci_high``; categories in
        :data:`CATEGORIES` order.

    References
    ----------
    Efron & Tibshirani (1993); Field & Welsh (2007): documents are resampled,
    as in :func:`framing.frame_shares`, which computes the table.
    """
    from framing.frames import frame_shares

    sents, lab = _voice_labels(attributed, include_unattributed)
    if not include_unattributed:
        sides = _speaking_sides(sents, by, sides, 1)
    table = pd.DataFrame({"frame": pd.Series(lab, index=sents.index, dtype=object)})
    table.attrs["frames"] = _order(lab)
    res = frame_shares(
        sents,
        table,
        by=by,
        sides=sides,
        include_abstained=True,
        n_boot=n_boot,
        ci=ci,
        random_state=random_state,
    )
    res = res.rename(columns={"frame": "speaker_category"})
    res.attrs = {
        "by": by,
        "ci": float(ci),
        "n_boot": int(n_boot),
        "include_unattributed": include_unattributed,
    }
    return res


def compare_voices(
    attributed: pd.DataFrame,
    *,
    by: str = "side",
    sides: Sequence[str] | None = None,
    within=None,
    include_unattributed: bool = False,
    n_boot: int = 2000,
    ci: float = 0.95,
    random_state: int = 0,
    **kwargs,
) -> pd.DataFrame:
    """Test which voices each side gives more room: differences of speaker-category shares.

    An adapter over :func:`framing.compare.compare_shares` with speaker
    categories in place of clusters (as :func:`framing.compare_frames` does
    for frames): shares within each side, bootstrap percentile CIs of the
    difference from resampling documents, permutation p-values from shuffling
    side labels across documents, Benjamini-Hochberg q-values across
    categories.

    Parameters
    ----------
    attributed : pandas.DataFrame
        :func:`attribute` output.
    by : str, default "side"
    sides : sequence of str, optional
    within : array-like of int, optional
        Cluster labels row-aligned with ``attributed`` (``SentenceClusterer.labels_``):
        compare voices inside each cluster (which themes each side voices
        through whom). Clusters where fewer than two sides speak are skipped.
    include_unattributed : bool, default False
        Count sentences without reported speech as :data:`NO_SPEAKER`.
    n_boot : int, default 2000
    ci : float, default 0.95
    random_state : int, default 0
    **kwargs
        Passed to :func:`~framing.compare.compare_shares` (``n_perm``, ``weight``...).

    Returns
    -------
    pandas.DataFrame
        :func:`~framing.compare.compare_shares`'s columns with ``cluster``
        replaced by ``speaker_category`` (and, with ``within``, a ``cluster``
        column first): ``speaker_category``, ``group_a``, ``group_b``,
        ``share_a``, ``share_b``, ``diff``, ``ci_low``, ``ci_high``,
        ``p_value``, ``q_value``, ``n_docs_a``, ``n_docs_b``, ``n_sent_a``,
        ``n_sent_b``.

    References
    ----------
    Efron & Tibshirani (1993); Good (2005); Benjamini & Hochberg (1995), as in
    :func:`framing.compare.compare_shares`.
    """
    from framing.compare import compare_shares

    if within is not None:
        within = check_labels(within, len(attributed), name="within")
    sents, lab = _voice_labels(attributed, include_unattributed)
    order = _order(lab)
    empty = pd.DataFrame(
        columns=[
            "speaker_category",
            "group_a",
            "group_b",
            "share_a",
            "share_b",
            "diff",
            "ci_low",
            "ci_high",
            "p_value",
            "q_value",
            "n_docs_a",
            "n_docs_b",
            "n_sent_a",
            "n_sent_b",
        ]
    )
    if not include_unattributed:
        sides = _speaking_sides(sents, by, sides, 2)
        if sides is None:
            warnings.warn(
                "fewer than two sides report anyone's words: nothing to compare.", FramingWarning, stacklevel=2
            )
            return empty
    codes = np.array([order.index(x) for x in lab], dtype=int)

    def run(s, c):
        res = compare_shares(
            s, c, by=by, sides=sides, n_boot=n_boot, ci=ci, random_state=random_state, **kwargs
        )
        res.insert(0, "speaker_category", np.asarray(order, dtype=object)[res["cluster"].to_numpy(dtype=int)])
        return res.drop(columns="cluster")

    if within is None:
        return run(sents, codes)
    keep = attributed.index.get_indexer(sents.index)
    w = within[keep]
    parts, thin = [], []
    for c in np.unique(w):
        m = w == c
        sub = sents.loc[m]
        present = sub[by].astype("string").dropna().unique()
        wanted = present if sides is None else [s for s in sides if s in set(present)]
        if len(wanted) < 2 or (sides is not None and len(wanted) < len(sides)):
            continue
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            res = run(sub, codes[m])
        if caught:
            thin.append(int(c))
        res.insert(0, "cluster", int(c))
        parts.append(res)
    if thin:
        warnings.warn(
            f"in cluster(s) {thin} a side has fewer than 5 documents with reported speech; read those "
            "differences as descriptive.",
            FramingWarning,
            stacklevel=2,
        )
    if not parts:
        warnings.warn(
            "no cluster has reported speech from at least two sides; compare voices overall.",
            FramingWarning,
            stacklevel=2,
        )
        return empty.assign(cluster=pd.Series(dtype="int64"))[["cluster", *empty.columns]]
    out = pd.concat(parts, ignore_index=True)
    out.attrs.update(parts[0].attrs)
    return out


def top_speakers(
    attributed: pd.DataFrame, *, by: str = "side", sides: Sequence[str] | None = None, n: int = 10
) -> pd.DataFrame:
    """The speakers each side quotes most, by number of sentences and of documents.

    Parameters
    ----------
    attributed : pandas.DataFrame
        :func:`attribute` output.
    by : str, default "side"
    sides : sequence of str, optional
    n : int, default 10
        Speakers per side.

    Returns
    -------
    pandas.DataFrame
        ``<by>``, ``speaker`` (the resolved speaker, normalised: leading
        article dropped, case folded for generic words), ``speaker_category``,
        ``n_sentences``, ``n_docs``, ``share`` (of the side's sentences whose speaker is named
        or resolved); most quoted first.

    References
    ----------
    Sigal, L. V. (1973). Reporters and Officials. Heath (counting sources by
    name and affiliation).
    """
    for col in ("speaker_resolved", "speaker_category", "doc_id"):
        check_column(attributed, col, name="sentences (pass framing.attribute(sentences) output)")
    chosen = check_groups(check_column(attributed, by, param="by"), sides, column=by, min_groups=1)
    if int(n) < 1:
        raise ParameterError(f"n must be a positive integer; got {n!r}.")
    spoken = attributed[attributed["speaker_category"].notna() & attributed["speaker_resolved"].notna()]
    rows = []
    for side in chosen:
        s = spoken[spoken[by].astype(str) == side]
        if s.empty:
            continue
        name = _merge_short_names(s["speaker_resolved"].astype(str).map(_normalise_name))
        g = (
            pd.DataFrame(
                {
                    "speaker": name,
                    "speaker_category": s["speaker_category"].astype(str),
                    "doc_id": s["doc_id"].astype(str),
                }
            )
            .groupby(["speaker", "speaker_category"], sort=True)
            .agg(n_sentences=("doc_id", "size"), n_docs=("doc_id", "nunique"))
            .reset_index()
        )
        g["share"] = g["n_sentences"] / len(s)
        g = g.sort_values(
            ["n_sentences", "n_docs", "speaker"], ascending=[False, False, True], kind="mergesort"
        )
        g.insert(0, by, side)
        rows.append(g.head(int(n)))
    cols = [by, "speaker", "speaker_category", "n_sentences", "n_docs", "share"]
    if not rows:
        return pd.DataFrame(columns=cols)
    return pd.concat(rows, ignore_index=True)[cols]


_TITLES = re.compile(
    r"^(?:(?:(?i:the|a|an)|Chinese|Indian|Pakistani|Pakistan's|India's|China's|US|U\.S\.|Russian|Raksha Mantri|"
    r"Mr\.?|Ms\.?|Mrs\.?|Dr\.?|Shri|Smt\.?|Sardar|Senator|Admiral|General|Gen\.?|Lt\.? Gen\.?|"
    r"Field Marshal|Defence Minister|Defense Minister|Foreign Minister|Prime Minister|PM|President|"
    r"Chief Minister|CM|Minister|Federal Minister)\s+)+"
)


def _normalise_name(name: str) -> str:
    name = _TITLES.sub("", name.strip()) or name.strip()
    name = re.sub(r"(?:'s|’s)$", "", name)
    # Generic phrases ("Officials", "officials") fold to lower case; names keep theirs.
    if name and name.split()[0].lower() in _NP_WORDS:
        name = name[0].lower() + name[1:]
    return name


def _merge_short_names(names: pd.Series) -> pd.Series:
    """Map a short name to the one longer name of the same table that contains it ("Dong" -> "Dong Jun")."""
    uniq = sorted(set(names), key=len)
    mapping = {}
    for n in uniq:
        if not n or not n[0].isupper():
            continue
        longer = [
            m for m in uniq if len(m) > len(n) and re.search(rf"\b{re.escape(n)}\b", m) and m[0].isupper()
        ]
        if len(longer) == 1:
            mapping[n] = longer[0]
    return names.map(lambda n: mapping.get(n, n))


def voice_contrasts(attributed: pd.DataFrame, alignment, *, both_attributed: bool = False) -> pd.DataFrame:
    """Same claim, different mouths: matched claims whose speakers' categories differ.

    Parameters
    ----------
    attributed : pandas.DataFrame
        :func:`attribute` output, the sentences table ``alignment`` was computed on.
    alignment : framing.AlignmentResult or pandas.DataFrame
        :func:`framing.align` output (or its ``matches``).
    both_attributed : bool, default False
        True: only pairs where both sentences carry reported speech. False:
        also pairs where one side states as fact what the other attributes.

    Returns
    -------
    pandas.DataFrame
        ``align``'s match columns plus ``speaker_a``, ``speaker_b``,
        ``category_a``, ``category_b`` (:data:`NO_SPEAKER` when a sentence has
        no reported speech); only rows whose categories differ.

    References
    ----------
    Muzny et al. (2017) for the attribution; :func:`framing.align` for the
    matching (mutual nearest neighbours above a calibrated threshold).
    """
    matches = getattr(alignment, "matches", alignment)
    for col in ("row_a", "row_b", "side_a", "side_b", "text_a", "text_b", "similarity"):
        check_column(matches, col, name="alignment matches")
    for col in ("speaker_category", "speaker_resolved"):
        check_column(attributed, col, name="sentences (pass framing.attribute(sentences) output)")
    ra, rb = matches["row_a"].to_numpy(dtype=int), matches["row_b"].to_numpy(dtype=int)
    if len(matches) and max(ra.max(), rb.max()) >= len(attributed):
        raise ParameterError(
            f"alignment refers to sentence row {max(ra.max(), rb.max())} but attributed has {len(attributed)} "
            "rows; pass attribute() output for the same sentences align() was given."
        )
    cat = attributed["speaker_category"].astype("string").fillna(NO_SPEAKER).to_numpy(dtype=object)
    who = attributed["speaker_resolved"].astype("string").fillna("").to_numpy(dtype=object)
    out = matches.copy()
    out["speaker_a"], out["speaker_b"] = who[ra], who[rb]
    out["category_a"], out["category_b"] = cat[ra], cat[rb]
    keep = out["category_a"] != out["category_b"]
    if "speaker_country" in attributed.columns:
        # "Pakistan said" on both sides is one mouth even when its category flips with the side.
        land = attributed["speaker_country"].astype("string").fillna("").to_numpy(dtype=object)
        keep &= ~((land[ra] != "") & (land[ra] == land[rb]))
    if both_attributed:
        keep &= (out["category_a"] != NO_SPEAKER) & (out["category_b"] != NO_SPEAKER)
    return out[keep].reset_index(drop=True)
