"""The speakers each side quotes most, and the ones the codebook cannot place, with names folded into one spelling per person."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing._core.docstrings import fill_doc
from framing._core.validation import check_column, check_groups
from framing.errors import ParameterError
from framing.voices.categories import CATEGORIES
from framing.voices.lexicon import NP_WORDS, PRONOUNS


@fill_doc
def top_speakers(
    attributed: pd.DataFrame, *, by: str = "side", sides: Sequence[str] | None = None, n: int = 10
) -> pd.DataFrame:
    """The speakers each side quotes most, by number of sentences and of documents.

    A speaker is the resolved one (``he`` counts for the minister named before it), with titles
    dropped and a short name folded into the one longer name of the table that contains it
    (``Singh`` into ``Rajnath Singh``).

    Parameters
    ----------
    {doc.attributed}
    {doc.by}
    {doc.sides_shown}
    n : int, default 10
        Speakers per side.

    Returns
    -------
    pandas.DataFrame
        ``side``, ``speaker`` (the resolved speaker, normalised: leading
        article dropped, case folded for generic words), ``voice`` (the
        speaker's category), ``n_sentences``, ``n_docs``, ``share`` (of the
        side's sentences whose speaker is named or resolved); most quoted
        first.

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
                    "voice": s["speaker_category"].astype(str),
                    "doc_id": s["doc_id"].astype(str),
                }
            )
            .groupby(["speaker", "voice"], sort=True)
            .agg(n_sentences=("doc_id", "size"), n_docs=("doc_id", "nunique"))
            .reset_index()
        )
        g["share"] = g["n_sentences"] / len(s)
        g = g.sort_values(
            ["n_sentences", "n_docs", "speaker"], ascending=[False, False, True], kind="mergesort"
        )
        g.insert(0, "side", side)
        rows.append(g.head(int(n)))
    cols = ["side", "speaker", "voice", "n_sentences", "n_docs", "share"]
    out = pd.concat(rows, ignore_index=True)[cols] if rows else pd.DataFrame(columns=cols)
    return out


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
    if name and name.split()[0].lower() in NP_WORDS:
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


@fill_doc
def unknown_speakers(
    attributed: pd.DataFrame,
    *,
    by: str = "side",
    n: int = 20,
    n_examples: int = 2,
    text_col: str = "text",
) -> pd.DataFrame:
    """The most frequent speakers the codebook could not place, to extend it in minutes.

    A speaker lands in "other" when neither the codebook nor the user's speakers
    table knows the name or office (a provincial chief minister, an opposition
    leader, a company). This lists them, most frequent first, with the number of
    sentences and documents, the sides that quote them and example sentences, and
    a ``pattern`` to paste into a speakers table with a category or an
    affiliation and country (:func:`framing.voices.load_codebook`).

    Parameters
    ----------
    {doc.attributed}
    {doc.by}
    n : int, default 20
        Speakers to list.
    n_examples : int, default 2
        Example sentences per speaker (from different documents where possible).
    text_col : str, default "text"
        The sentence text column.

    Returns
    -------
    pandas.DataFrame
        ``speaker`` (normalised as in :func:`top_speakers`), ``n_sentences``,
        ``n_docs``, ``sides`` (the values of ``by`` that quote the speaker, most
        frequent first), ``pattern`` (a whole-word regular expression for the
        name), ``examples`` (a list of sentences). Pronouns and quotations
        without a speaker in their document are left out: they name no one.

    References
    ----------
    Sigal, L. V. (1973). Reporters and Officials. Heath (sources classified by
    affiliation, which a codebook records).
    """
    for col in ("speaker_resolved", "speaker_category", "doc_id", text_col):
        check_column(attributed, col, name="sentences (pass framing.attribute(sentences) output)")
    sides = check_column(attributed, by, param="by")
    for name, value in (("n", n), ("n_examples", n_examples)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
            raise ParameterError(f"{name} must be a positive integer; got {value!r}.")
    cols = ["speaker", "n_sentences", "n_docs", "sides", "pattern", "examples"]
    who = attributed["speaker_resolved"].astype("string")
    mask = (attributed["speaker_category"].astype("string") == CATEGORIES[7]) & who.notna()
    mask &= ~who.fillna("").str.lower().isin(PRONOUNS)
    if not mask.any():
        return pd.DataFrame(columns=cols)
    s = pd.DataFrame(
        {
            "speaker": _merge_short_names(who[mask].astype(str).map(_normalise_name)).to_numpy(),
            "side": sides[mask].astype(str).to_numpy(),
            "doc_id": attributed.loc[mask, "doc_id"].astype(str).to_numpy(),
            "text": attributed.loc[mask, text_col].astype(str).to_numpy(),
        }
    )
    s = s[s["speaker"].str.strip() != ""]
    rows = []
    for speaker, g in s.groupby("speaker", sort=False):
        # one example per document first, so two sentences of one press release do not fill the list
        firsts = g.drop_duplicates("doc_id")["text"].tolist()
        rest = g["text"].tolist()
        examples = list(dict.fromkeys(firsts + rest))[: int(n_examples)]
        rows.append(
            {
                "speaker": speaker,
                "n_sentences": len(g),
                "n_docs": g["doc_id"].nunique(),
                "sides": list(g["side"].value_counts().index),
                "pattern": r"\b" + re.escape(speaker).replace("\\ ", " ").replace("\\-", "-") + r"\b",
                "examples": examples,
            }
        )
    out = pd.DataFrame(rows, columns=cols)
    out = out.sort_values(
        ["n_sentences", "n_docs", "speaker"], ascending=[False, False, True], kind="mergesort"
    )
    out = out.head(int(n)).reset_index(drop=True)
    return out
