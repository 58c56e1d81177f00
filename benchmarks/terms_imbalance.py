"""Distinctive terms at 10:1: the pooled-counts prior against the balanced prior, on real coverage.

Usage::

    python benchmarks/terms_imbalance.py

Reads ``../shared/data/india_pakistan_2025_dev`` in place (the publishers' copyright: nothing is
written into the repository). The corpus is built the way users export such coverage: Indian
outlets' headlines (410) against Dawn/APP items as "title. first paragraph" (4,030 after
:func:`framing.clean_corpus`), about 10:1 in documents and 30:1 in terms. For each prior it prints

1. the number of terms with |z| >= 1.96 for each side, real side labels;
2. the same with the side labels shuffled across documents (sizes kept), three times: what a
   prior lets through when there is nothing to find;
3. the 15 terms with the highest z for each side.

Before = ``prior="corpus"`` (pooled counts, ``min_count=2``, no ``min_docs``: the old default);
after = the default (``prior="balanced"``, ``min_count=3``, ``min_docs=2``).
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

DEV = ROOT.parent / "shared" / "data" / "india_pakistan_2025_dev"
INDIAN = DEV / "indian_headlines_pakistan_2025-11-11_to_2026-08-22.csv"
HEADLINES = DEV / "dawn_app_india_related_headlines_2025-01-01_to_2025-08-15.csv"
SIDES = ["India", "Pakistan"]
SETTINGS = {
    "before (corpus prior)": {"prior": "corpus", "min_count": 2, "min_docs": 1},
    "after (balanced prior)": {},
}


def documents() -> pd.DataFrame:
    """Indian headlines and Dawn/APP "title. lead", as a user's export holds them."""
    india = pd.read_csv(INDIAN, dtype=str, keep_default_na=False)
    pak = pd.read_csv(HEADLINES, dtype=str, keep_default_na=False)
    pak = pak[pak["first_paragraph"].str.strip() != ""]
    india = pd.DataFrame(
        {
            "doc_id": "in" + india.index.astype(str),
            "side": "India",
            "source": india["source"].replace("", "unknown"),
            "title": india["title"],
            "text": india["title"],
        }
    )
    pak = pd.DataFrame(
        {
            "doc_id": "pk" + pak.index.astype(str),
            "side": "Pakistan",
            "source": pak["source"],
            "title": pak["title"],
            "text": pak["title"].str.rstrip(".") + ". " + pak["first_paragraph"],
        }
    )
    return pd.concat([india, pak], ignore_index=True)


def main() -> int:
    if not INDIAN.exists() or not HEADLINES.exists():
        print(f"{DEV} is absent: nothing to measure.")
        return 0
    import framing

    warnings.simplefilter("ignore", framing.FramingWarning)
    docs = framing.clean_corpus(framing.load_corpus(documents()), language=None).documents
    sentences = framing.split_sentences(docs)
    per_side = sentences.groupby("side").agg(documents=("doc_id", "nunique"), sentences=("text", "size"))
    print(per_side.to_string(), "\n")
    rng = np.random.default_rng(0)
    doc_side = sentences.groupby("doc_id")["side"].first()
    shuffles = [dict(zip(doc_side.index, rng.permutation(doc_side.to_numpy()))) for _ in range(3)]
    for name, settings in SETTINGS.items():
        terms = framing.distinctive_terms(sentences, sides=SIDES, **settings)
        shuffled = [
            framing.distinctive_terms(
                sentences.assign(side=sentences["doc_id"].map(s)), sides=SIDES, **settings
            )
            for s in shuffles
        ]
        print(f"== {name}")
        print(
            f"  |z| >= 1.96   India: {(terms['z'] >= 1.96).sum()}   Pakistan: {(terms['z'] <= -1.96).sum()}"
        )
        print("  shuffled labels, terms passing:", [int((t["z"].abs() >= 1.96).sum()) for t in shuffled])
        for side, top in (("India", terms.nlargest(15, "z")), ("Pakistan", terms.nsmallest(15, "z"))):
            print(
                f"  top 15 {side}: " + ", ".join(f"{t} ({abs(z):.1f})" for t, z in zip(top["term"], top["z"]))
            )
        print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
