"""Reported speech in one sentence: its kind and the character span of its speaker.

Deterministic sieves in the order of Muzny et al. (2017): a headline or transcript colon, "according
to X", then a verb of saying with its subject before or after it. Each function takes the sentence
text and returns offsets into it, so the speaker can be shown where it was read.
"""

from __future__ import annotations

import re

from framing.voices.lexicon import (
    ACCORDING_RE,
    ADJECTIVE_PARTICIPLES,
    AUXILIARIES,
    BARE_ROLE_RE,
    BOUNDARY_RE,
    INVERTIBLE,
    NOT_BEFORE_VERB,
    NOT_HEAD,
    NOT_NAME_START,
    NP_WORDS,
    OBJECT_START,
    PARTICIPLES,
    PRONOUNS,
    QUOTE_RE,
    REPORTED_BY,
    SKIP_HEAD,
    SPEECH_NOUNS,
    STOPWORDS_AFTER_ACCORDING,
    SUBJECT_END,
    TITLE_CASE_NOT_SPEECH,
    TOKEN_RE,
    TRAIL_STRIP,
    VERB_RE,
    VERB_RE_I,
)


def _has_quote(text: str) -> bool:
    return any(len((m.group(1) or m.group(2) or "").split()) >= 4 for m in QUOTE_RE.finditer(text))


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


def _np_scan(text: str, end: int) -> tuple[int, int] | None:
    """Backward scan over capitalised words and role words: the fallback speaker finder."""
    toks = list(TOKEN_RE.finditer(text[:end]))
    if not toks:
        return None
    keep = None
    for tok in reversed(toks):
        word = tok.group()
        low = word.lower().rstrip(".")
        base = re.sub(r"(?:'s|’s|s'|s’)$", "", low)
        if word[0].isupper() or low in NP_WORDS or base in NP_WORDS or word in {"'s", "’s", "-", "&"}:
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
    left = _strip_trailing_clause(text[:verb_start])
    if not left:
        return None
    toks = list(TOKEN_RE.finditer(left))
    if not toks:
        return None
    if toks[-1].group().lower() in PRONOUNS:
        return toks[-1].start(), toks[-1].end()
    if toks[-1].group().lower() in NOT_HEAD | {"and", "or", "of", "the", "a", "an"}:
        return None
    bounds = list(BOUNDARY_RE.finditer(left))
    start = bounds[-1].end() if bounds else 0
    words = left[start:].split()
    if 1 <= len(words) <= 12 and not _is_verbish(words):
        span = _clean_np(text, start, len(left))
    else:
        span = _np_scan(text, len(left))
    return None if span is None else _trim_subject(text, span)


def _strip_trailing_clause(left: str) -> str:
    """The text before a verb without the trailing phrases between the speaker and the verb."""
    while True:
        stripped = TRAIL_STRIP.sub("", left.rstrip(" ,"))
        if stripped == left:
            return left.rstrip()
        left = stripped


def _is_verbish(words: list[str]) -> bool:
    """Whether a clause holds a verb form ("speaking on condition of anonymity"): then it is no speaker phrase."""
    # Three letters before the ending: "wing", "thing" are nouns, not verb forms.
    participle = any(
        re.fullmatch(r"[a-z]{3,}(?:ing|ed)", w) and w not in ADJECTIVE_PARTICIPLES for w in words
    )
    return participle or any(w.lower() in AUXILIARIES for w in words)


def _trim_subject(text: str, span: tuple[int, int]) -> tuple[int, int] | None:
    """A subject span without a leading preposition or conjunction; None for a negated subject ("no one")."""
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
            low in SUBJECT_END
            or low.endswith("ly")
            or (
                re.fullmatch(r"[a-z]+(?:ed|s)", low)
                and k > 0
                and not w.group()[0].isupper()
                and low not in NP_WORDS
            )
            or VERB_RE.fullmatch(low)
        ):
            end = w.start()
            break
        if w.group().endswith(","):
            break
    if end is None or end == 0:
        return None
    return _clean_np(text, offset, offset + end)


def _subject_after(text: str, verb_end: int, *, short: bool = False) -> tuple[int, int] | None:
    """The speaker after an inverted verb: ``..., said Foreign Secretary Vikram Misri.``

    ``short``: only a phrase of at most six words that ends the sentence or a clause, whose first
    word may also be a role word (``..., says leader``); a headline clause (``..., says terror is
    ...``) is not a speaker.
    """
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
    if short:
        fits = len(words) <= 6 and all(w[0].isupper() or w.lower() in NP_WORDS for w in words)
        return _clean_np(text, verb_end + m.start(1), verb_end + m.end(1)) if fits else None
    if not (words[0][0].isupper() or words[0].lower() in {"the", "a", "an", "one", "another"}):
        return None
    return _clean_np(text, verb_end + m.start(1), verb_end + m.end(1))


def _according_to(text: str) -> tuple[int, int] | None:
    m = ACCORDING_RE.search(text)
    if not m:
        return None
    rest = text[m.end() :]
    if STOPWORDS_AFTER_ACCORDING.match(rest):
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
    head = _speaker_before_colon(body, resolve)
    if head is not None:
        s = text.index(head, offset)
        return "headline_colon", s, s + len(head)
    tail = _speaker_after_colon(body, resolve)
    if tail is not None:
        s = text.rindex(tail)
        return "headline_colon", s, s + len(tail)
    return None


def _speaker_before_colon(body: str, resolve) -> str | None:
    """A transcript's or headline's speaker before a colon (``Spokesperson: ...``), as written."""
    m = re.match(r"^\s*([^:]{2,60}?)\s*:\s+(\S.{8,})$", body)
    if not m:
        return None
    head = m.group(1).strip()
    rest = m.group(2)
    a_list = rest.count(",") >= 3 and sum(w[:1].islower() for w in rest.split()) < 3
    known = (
        resolve(head) is not None
        or BARE_ROLE_RE.match(head)
        or re.fullmatch(
            r"(?:Official |Chief |Senior |Foreign Ministry |MEA |FO )?Spokes(?:person|man|woman)", head
        )
    )
    nounish = all(w[0].isupper() or w.lower() in NP_WORDS for w in head.split())
    if (
        nounish
        and head.lower() not in SKIP_HEAD
        and not re.search(r"\d", head)
        and not head.isupper()
        and len(head.split()) <= 6
        and known
        and not a_list
    ):
        return head
    return None


def _speaker_after_colon(body: str, resolve) -> str | None:
    """A headline's speaker after its colon (``India isolated at SCO: Asif``), as written."""
    m = re.match(r"^(.{12,}\S)\s*:\s*([^:]{2,60}?)\s*$", body)
    if not m:
        return None
    tail = m.group(2).strip().rstrip(".")
    tail = re.split(r"\s+(?:[Oo]n|[Ii]n|[Aa]t|[Oo]ver|[Aa]bout|[Tt]o|[Ff]or)\s+", tail)[0]
    words = tail.split()
    looks_named = not VERB_RE_I.search(tail) and (
        2 <= len(words) <= 4
        and all(w[0].isupper() for w in words)
        and not re.search(r"'s|’s", tail)
        and words[0].lower() not in NOT_NAME_START
    )
    if 1 <= len(words) <= 6 and (looks_named or resolve(tail) is not None) and tail.lower() not in SKIP_HEAD:
        return tail
    return None


def _end_at_speaker(text: str, start: int, end: int) -> tuple[int, int]:
    """End a speaker span at the speaker: before a headline's own verb or what the speaker said.

    ``Jaishankar targets Pakistan`` (a finite verb followed by its object) ends before the verb;
    ``Congress' Asia Cup jibe`` (a possessor followed by a noun for what was said or done) ends
    at the possessor.
    """
    words = list(re.finditer(r"[^\s]+", text[start:end]))
    for k, w in enumerate(words[1:-1], start=1):
        low = w.group().lower()
        nxt = words[k + 1].group()
        if (
            re.fullmatch(r"[a-z]{2,}(?:[^s]s|ed)", w.group())
            and low not in NP_WORDS
            and (nxt[0].isupper() or nxt.lower() in OBJECT_START)
        ):
            end = start + words[k - 1].end()
            break
    poss = re.search(r"(?:'s|’s|s'|s’)(?=\s)", text[start:end])
    if poss is not None:
        tail = text[start + poss.end() : end].lower().split()
        if any(re.sub(r"[^\w-]", "", t) in SPEECH_NOUNS for t in tail):
            cut = poss.start() + (1 if text[start + poss.start()] == "s" else 0)
            end = start + cut
    return start, end


def find_speech(text: str, resolve) -> tuple[str, int | None, int | None]:
    """Reported speech in one sentence: its kind and the character span of its speaker.

    Parameters
    ----------
    text : str
        The sentence.
    resolve : callable
        ``resolve(phrase)`` -> the codebook's reading of a phrase, or None when it names no known
        kind of speaker (a :class:`~framing.voices.codebook.Resolver` with the side bound).

    Returns
    -------
    tuple
        ``(kind, start, end)``: kind is direct, indirect, according_to, headline_colon or none;
        start and end are offsets into ``text`` (None when no speaker is in the sentence).

    References
    ----------
    Muzny, G., Fang, M., Chang, A. X. & Jurafsky, D. (2017). A two-stage sieve approach for quote
    attribution. EACL 2017, 460-470 (the order of the sieves).
    """
    # Soft hyphens (U+00AD, common in newspaper exports: "Pak\u00adis\u00adtan") split words for the
    # rules; they read the text without them and map the offsets back.
    keep = [i for i, ch in enumerate(text) if ch != "\u00ad"]
    plain = text if len(keep) == len(text) else "".join(text[i] for i in keep)
    kind, a, b = _find_speech_span(plain, resolve)
    if a is None:
        return kind, a, b
    a, b = _end_at_speaker(plain, a, b)
    if plain is not text:
        a, b = keep[a], keep[b - 1] + 1
    return kind, a, b


def _find_speech_span(text: str, resolve) -> tuple[str, int | None, int | None]:
    """The sieves in order: headline colon, "according to", a final "X said", a verb of saying."""
    quoted = _has_quote(text)
    hc = _headline_colon(text, resolve)
    if hc is not None:
        return ("direct" if quoted and hc[1] > 0 else hc[0]), hc[1], hc[2]
    acc = _according_to(text)
    if acc is not None:
        return ("direct" if quoted else "according_to"), acc[0], acc[1]
    sp = _final_speaker(text)
    if sp is not None:
        return ("direct" if quoted else "indirect"), sp[0], sp[1]
    found = _verb_of_saying(text)
    if found is not None:
        kind, sp = found
        return ("direct" if quoted else kind), sp[0], sp[1]
    if quoted:
        return "direct", None, None
    return "none", None, None


def _final_speaker(text: str) -> tuple[int, int] | None:
    """The speaker of a sentence that ends with its verb of saying (``"...," said Rajnath Singh.``)."""
    final = re.search(
        r"[,”\"’]\s*((?:[A-Za-z][\w'’.\-]*\s+){0,8}?[A-Za-z][\w'’.\-]*)\s+(?:also\s+)?"
        r"(said|says|added|adds|told [a-z]+|noted|stated|stressed|remarked|observed|explained|"
        r"maintained|argued|insisted|warned|cautioned|recalled)"
        r"(?:\s+(?:on|in|at|to|during|while)\b[^,.]{0,60})?\s*[.!]?\s*$",
        text,
    )
    if not final:
        return None
    sp = _clean_np(text, final.start(1), final.end(1))
    if sp is not None and not re.search(r"\b(?:was|were|is|are|has|have|had|not)\b", text[sp[0] : sp[1]]):
        return sp
    return None


def _verb_of_saying(text: str) -> tuple[str, tuple[int, int]] | None:
    """(kind, speaker span) from the first verb of saying whose speaker is found; kind is indirect or
    according_to (``reported by X``)."""
    words = text.split()
    title_case = len(words) >= 4 and sum(w[:1].isupper() for w in words) >= 0.7 * len(words)
    # Headlines in title case ("Industry Leaders Praise ...") capitalise their verbs too.
    for m in (VERB_RE_I if title_case else VERB_RE).finditer(text):
        before = text[: m.start()].rstrip()
        if _not_a_verb_of_saying(text, m, before, title_case):
            continue
        if text[m.end() : m.end() + 4].startswith(" by"):
            if m.group() in REPORTED_BY:
                sp = _subject_after(text, m.end() + 3)
                if sp:
                    return "according_to", sp
            continue
        sp = _speaker_of_verb(text, m, before)
        if sp is not None:
            return "indirect", sp
    return None


def _not_a_verb_of_saying(text: str, m: re.Match, before: str, title_case: bool) -> bool:
    """Whether a match of a verb of saying is a noun, a passive, a compound or a title-case non-speech use."""
    prev = before.split()[-1].lower() if before.split() else ""
    if text[m.start() - 1 : m.start()] == "-":
        return True  # "so-called", "Indian-backed"
    # "the claims", "India's claims": a noun, not a verb; "is expected": a passive.
    if prev in NOT_BEFORE_VERB or prev.endswith(("'s", "’s", "n't", "n’t")):
        return True
    return title_case and m.group().lower() in TITLE_CASE_NOT_SPEECH


def _speaker_of_verb(text: str, m: re.Match, before: str) -> tuple[int, int] | None:
    """The speaker of a verb of saying: after it when inverted, else before it, else the sentence's subject."""
    sp = None
    if re.search(r",\s*$", before) and m.group() in INVERTIBLE:
        # "..., says Jaishankar": a headline's speaker follows the verb after a comma.
        sp = _subject_after(text, m.end(), short=True)
    sp = sp or _subject_before(text, m.start())
    if sp is None and re.search(r"[,\"”’]\s*$", before) and m.group() in INVERTIBLE:
        sp = _subject_after(text, m.end())
    if sp is None and re.search(r"\band(?:\s+(?:has|have|had|also|later|then|was|is))*\s*$", before):
        sp = _sentence_subject(text)
    if sp is None and m.group() in PARTICIPLES:
        sp = _sentence_subject(text)
    return sp
