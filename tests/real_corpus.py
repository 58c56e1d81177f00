"""Build a bilateral corpus from the real, noisy India-Pakistan exports, for tests only.

The texts are the publishers' copyright: they are read in place from ``../shared/data`` and
written only to a test's temporary folder, never into the repository.

Sides: ``India`` (Indian outlets' headlines, Google News / RSS items: the headline is the
text, since the RSS snippet is mostly a truncated title or markup) and ``Pakistan`` (Dawn and
APP headlines with their first paragraph, and Dawn and APP full texts). Every full text is
also in the headlines export (same link): the same story twice, as real exports hold it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from tests.conftest import SHARED_DATA, shared

DEV = SHARED_DATA / "india_pakistan_2025_dev"
INDIAN = DEV / "indian_headlines_pakistan_2025-11-11_to_2026-08-22.csv"
HEADLINES = DEV / "dawn_app_india_related_headlines_2025-01-01_to_2025-08-15.csv"
FULLTEXT = DEV / "dawn_app_india_pakistan_fulltext_2025-04-15_to_2025-05-31.jsonl"


def bilateral_table(
    *, pakistan_headlines: int | None = None, fulltexts: int | None = None, title_first: bool = False
) -> pd.DataFrame:
    """Return the bilateral documents table (not yet validated by ``load_corpus``).

    Parameters
    ----------
    pakistan_headlines, fulltexts : int, optional
        Keep a deterministic subsample of this many Pakistani headline items / full texts (every
        k-th row in file order, so the same rows every run); None keeps all. The Indian headlines
        are always kept whole (410 items).
    title_first : bool
        Build each Pakistani text as users export it: the title, then ". ", then the first
        paragraph or the article (so datelines and credits no longer open the text).

    Returns
    -------
    pandas.DataFrame
        ``doc_id, side, source, source_type, date, title, text, url``.
    """
    for path in (INDIAN, HEADLINES, FULLTEXT):
        shared(path)
    india = pd.read_csv(INDIAN, dtype=str, keep_default_na=False)
    india = pd.DataFrame(
        {
            "doc_id": [f"in{i:04d}" for i in range(len(india))],
            "side": "India",
            "source": india["source"].replace("", "unknown"),
            "source_type": "independent_media",
            "date": india["first_seen_utc"],
            "title": india["title"],
            "text": india["title"],
            "url": india["url"],
        }
    )
    heads = pd.read_csv(HEADLINES, dtype=str, keep_default_na=False)
    heads = heads[heads["first_paragraph"].str.strip() != ""]
    heads = _every(heads, pakistan_headlines)
    heads = pd.DataFrame(
        {
            "doc_id": [f"pkh{i:04d}" for i in heads.index],
            "side": "Pakistan",
            "source": heads["source"],
            "source_type": heads["source"].map({"APP": "state_media"}).fillna("independent_media"),
            "date": heads["date_published"],
            "title": heads["title"],
            "text": heads["first_paragraph"],
            "url": heads["link"],
        }
    )
    with FULLTEXT.open(encoding="utf-8") as handle:
        full = pd.DataFrame([json.loads(line) for line in handle if line.strip()])
    full = _every(full[full["content"].str.strip() != ""], fulltexts)
    full = pd.DataFrame(
        {
            "doc_id": [f"pkf{i:04d}" for i in full.index],
            "side": "Pakistan",
            "source": full["source"],
            "source_type": full["source"].map({"APP": "state_media"}).fillna("independent_media"),
            "date": full["date_published"],
            "title": full["title"],
            "text": full["content"],
            "url": full["link"],
        }
    )
    table = pd.concat([india, heads, full], ignore_index=True)
    if title_first:
        pakistan = table["side"] == "Pakistan"
        titles = table.loc[pakistan, "title"].str.strip().str.rstrip(".")
        table.loc[pakistan, "text"] = titles + ". " + table.loc[pakistan, "text"].str.strip()
    return table


def write_bilateral(folder: Path, **subsample) -> Path:
    """Write :func:`bilateral_table` as JSONL into ``folder`` (a test's tmp_path) and return the path."""
    path = Path(folder) / "india_pakistan_bilateral.jsonl"
    bilateral_table(**subsample).to_json(path, orient="records", lines=True, force_ascii=False)
    return path


def _every(table: pd.DataFrame, n: int | None) -> pd.DataFrame:
    if n is None or n >= len(table):
        return table
    step = len(table) / n
    return table.iloc[[int(i * step) for i in range(n)]]
