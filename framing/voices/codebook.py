"""The speaker codebook: names, offices and patterns mapped to an affiliation, and the resolver.

The default codebook (``framing/voices/data/codebook.csv``, with country names and aliases in
``countries.csv``) is plain CSV; a user's speakers table is tried before it.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd

from framing._core.cells import cell_text
from framing.errors import CorpusError, ParameterError
from framing.voices.categories import AFFILIATIONS, CATEGORIES, CATEGORY_KEYS
from framing.voices.lexicon import GOV_ROLE_RE


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
        The default rows place the media wings, press services and
        spokespersons of a government or an armed force ("the military's media
        wing", ISPR, "a foreign ministry spokesperson") in that government: the
        country the phrase names, else the document's own; a user row with a
        category overrides them.

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
    base = _data_text("codebook.csv")
    default = pd.DataFrame(_read_csv(base)).assign(category=None, side=None, origin="default")
    if speakers is None:
        user = pd.DataFrame(columns=default.columns)
    else:
        user = _user_table(speakers)
    table = pd.concat([user, default], ignore_index=True)
    for col in ("affiliation", "country", "category", "side"):
        table[col] = table[col].map(_blank)
    return table[["pattern", "affiliation", "country", "category", "side", "origin"]]


def _user_table(speakers) -> pd.DataFrame:
    speakers, where = _read_speakers(speakers)
    if "pattern" not in speakers.columns and "name" not in speakers.columns:
        raise ParameterError(
            f"{where} needs a 'pattern' (regular expression) or 'name' column; its columns are "
            f"{list(speakers.columns)}."
        )
    rows = [_user_row(r, f"{where}, row {i + 1}") for i, r in enumerate(speakers.to_dict("records"))]
    return pd.DataFrame(rows, columns=["pattern", "affiliation", "country", "category", "side", "origin"])


def _read_speakers(speakers) -> tuple[pd.DataFrame, str]:
    """The user's speakers table as a DataFrame, and what to call it in messages."""
    if isinstance(speakers, (str, Path)):
        path = Path(speakers)
        if not path.exists():
            raise ParameterError(
                f"speakers file {path} does not exist; pass a CSV with a 'pattern' or 'name' column."
            )
        try:
            return pd.read_csv(path, dtype=str, keep_default_na=False), str(path)
        except (pd.errors.ParserError, UnicodeDecodeError) as exc:
            raise CorpusError(f"{path}: cannot read the speakers table as CSV ({exc}).") from None
    if isinstance(speakers, (list, tuple)):
        speakers = pd.DataFrame(list(speakers))
    if not isinstance(speakers, pd.DataFrame):
        raise ParameterError(
            f"speakers must be a DataFrame, a CSV path or a list of dicts; got {type(speakers).__name__}."
        )
    return speakers, "speakers"


def _user_row(r: dict, row: str) -> dict:
    """One row of the user's table, checked: a valid pattern (or a name), a category or an affiliation."""
    pat = r.get("pattern")
    if not cell_text(pat):
        name = cell_text(r.get("name"))
        if not name:
            raise ParameterError(f"{row}: give a 'pattern' or a 'name'.")
        pat = r"\b" + re.escape(name) + r"\b"
    try:
        re.compile(str(pat))
    except re.error as exc:
        raise ParameterError(f"{row}: pattern {pat!r} is not a valid regular expression ({exc}).") from None
    cat = _blank(r.get("category"))
    aff = _blank(r.get("affiliation"))
    if cat is not None:
        cat = CATEGORY_KEYS.get(cat, cat)
        if cat not in CATEGORIES:
            raise ParameterError(
                f"{row}: category {cat!r} is not one of {list(CATEGORIES)} (or {list(CATEGORY_KEYS)})."
            )
    elif aff is None:
        raise ParameterError(f"{row}: give a 'category' or an 'affiliation' (one of {list(AFFILIATIONS)}).")
    elif aff not in AFFILIATIONS:
        raise ParameterError(f"{row}: affiliation {aff!r} is not one of {list(AFFILIATIONS)}.")
    if aff == "government" and _blank(r.get("country")) is None and cat is None:
        raise ParameterError(f"{row}: a government speaker needs a 'country' (e.g. India).")
    return {
        "pattern": str(pat),
        "affiliation": aff,
        "country": _blank(r.get("country")),
        "category": cat,
        "side": _blank(r.get("side")),
        "origin": "user",
    }


def _blank(v) -> str | None:
    return cell_text(v) or None


def _data_text(name: str) -> str:
    return resources.files("framing.voices").joinpath("data", name).read_text(encoding="utf-8")


def _countries() -> list[tuple[re.Pattern, str]]:
    text = _data_text("countries.csv")
    return [
        (re.compile(rf"\b(?:{r['alias']})(?:'s|’s)?\b"), r["country"])
        for r in csv.DictReader(text.splitlines())
    ]


class Resolver:
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

    def is_country(self, phrase: str) -> bool:
        """Whether the whole phrase is a country name or alias ("Pakistan", "USA", "New Delhi")."""
        phrase = phrase.strip()
        return bool(phrase) and any(pat.fullmatch(phrase) for pat, _ in self.countries)

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
                if e.affiliation == "government" and e.country is None and e.category is None:
                    # An office without a fixed country ("the military's media wing"): the country the
                    # phrase names; None leaves it to the article's own country (attribute()).
                    return "government", self.country_of(phrase), None
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
        if country is not None and GOV_ROLE_RE.search(phrase):
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
