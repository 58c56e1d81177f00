"""What cleaning changes on the real India-Pakistan exports: top terms, removals, share differences.

Usage::

    python benchmarks/real_cleaning.py                         # the whole dev corpus
    python benchmarks/real_cleaning.py --pakistan-headlines 800 --fulltexts 100   # a subsample

Reads ``../shared/data/india_pakistan_2025_dev`` in place (the publishers' copyright: nothing is
written into the repository) and prints, for the bilateral corpus of ``tests/real_corpus.py``
(Indian headlines against Dawn and APP headlines and full texts):

1. the 10 most distinctive terms of each side (log-odds with a Dirichlet prior, Monroe et al. 2008),
   before and after :func:`framing.clean_corpus`;
2. what cleaning removed, by rule (documents and spans), and documents by status and side;
3. the three largest Pakistan - India differences in theme shares after cleaning (k-means themes
   of the kept sentences, document-bootstrap intervals: :func:`framing.compare_shares`).

It is a report, not a timing: run it to see the figures docs/guides/cleaning.md quotes.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

ABOUT = "India–Pakistan relations and security"
NOT_ABOUT = "India–Pakistan cricket matches and other sport"
SIDES = ["Pakistan", "India"]


def top_terms(documents: pd.DataFrame, n: int = 10) -> dict[str, list[str]]:
    """The ``n`` most distinctive terms of each side, over the whole corpus."""
    import framing

    terms = framing.distinctive_terms(framing.split_sentences(documents), sides=SIDES)
    return {
        SIDES[0]: terms.nlargest(n, "z")["term"].tolist(),
        SIDES[1]: terms.nsmallest(n, "z")["term"].tolist(),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--pakistan-headlines", type=int, help="deterministic subsample of Dawn/APP headline items"
    )
    parser.add_argument("--fulltexts", type=int, help="deterministic subsample of Dawn/APP full texts")
    parser.add_argument("--k", type=int, default=12, help="themes for the share differences (default 12)")
    args = parser.parse_args(argv)

    import framing
    from tests.conftest import SHARED_DATA
    from tests.real_corpus import bilateral_table

    if not (SHARED_DATA / "india_pakistan_2025_dev").is_dir():
        print(f"skipped: {SHARED_DATA / 'india_pakistan_2025_dev'} is absent")
        return 0
    documents = framing.load_corpus(
        bilateral_table(pakistan_headlines=args.pakistan_headlines, fulltexts=args.fulltexts)
    )
    print(f"documents: {documents['side'].value_counts().to_dict()}")
    before = top_terms(documents)
    result = framing.clean_corpus(documents, about=ABOUT, not_about=NOT_ABOUT)
    after = top_terms(result.documents)
    print("\n1. Top-10 distinctive terms (z of the log-odds)")
    for side in SIDES:
        print(f"   {side} before: {', '.join(before[side])}")
        print(f"   {side} after:  {', '.join(after[side])}")

    print("\n2. Removed, by rule")
    by_rule = result.counts.groupby("rule")[["documents", "spans"]].sum()
    print(by_rule.to_string())
    print("\n   documents by status and side")
    print(result.status.to_string())

    sentences = framing.split_sentences(result.documents)
    vectors = framing.embed(sentences)
    clusterer = framing.SentenceClusterer(k=args.k, random_state=0).fit(vectors, texts=sentences["text"])
    shares = framing.compare_shares(sentences, clusterer.labels_, sides=SIDES)
    names = clusterer.summary_.set_index("cluster")["name"]
    top = shares.reindex(shares["diff"].abs().sort_values(ascending=False).index).head(3)
    print(
        f"\n3. Largest Pakistan - India share differences after cleaning ({len(sentences)} sentences, k={args.k})"
    )
    for _, row in top.iterrows():
        print(
            f"   {names[row['cluster']]}: Pakistan {row['share_a']:.1%}, India {row['share_b']:.1%}, "
            f"diff {row['diff']:+.1%} [{row['ci_low']:+.1%}, {row['ci_high']:+.1%}], q={row['q_value']:.3g}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
