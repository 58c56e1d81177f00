"""Outlets as units on real bilateral coverage: which share differences one outlet carries.

Usage::

    python benchmarks/outlets_dev.py [--k 12] [--n-boot 2000]

Reads ``../shared/data/india_pakistan_2025_dev`` in place (the publishers' copyright: nothing is
written into the repository, and nothing but counts, shares and cluster terms is printed). The corpus
is the one of ``tests/test_real_coverage.py``: Indian outlets' headlines against Dawn/APP items
("title. first paragraph", every k-th of 600) and 40 Dawn/APP full texts, cleaned, split, embedded with
the bundled model and clustered (k = 12, seed 0). It prints

1. each side's outlets and their documents (the units of inference);
2. for every cluster: both shares, the difference, its document-bootstrap interval, its outlet-level
   (two-stage) interval, the BH q-value, the leave-one-outlet-out range and the outlet that carries it;
3. a tally: differences passing q < .05 whose outlet-level interval still excludes zero and that no
   single outlet carries, against those one outlet carries.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import framing
from framing.analysis.compare import compare_shares
from tests.real_corpus import bilateral_table

PAKISTAN_HEADLINES, FULLTEXTS = 600, 40


def pipeline(k: int):
    table = bilateral_table(pakistan_headlines=PAKISTAN_HEADLINES, fulltexts=FULLTEXTS, title_first=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", framing.FramingWarning)
        documents = framing.clean_corpus(framing.load_corpus(table)).documents
    sentences = framing.split_sentences(documents).reset_index(drop=True)
    vectors = framing.embed(sentences, cache_dir=os.environ.get("FRAMING_CACHE_DIR"))
    clusterer = framing.SentenceClusterer(k=k, random_state=0).fit(vectors, texts=sentences["text"])
    return sentences, clusterer


def _terms(value) -> list[str]:
    return value.split(", ") if isinstance(value, str) else list(value)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--k", type=int, default=12)
    parser.add_argument("--n-boot", type=int, default=2000)
    args = parser.parse_args(argv)
    sentences, clusterer = pipeline(args.k)
    docs = sentences.drop_duplicates("doc_id")
    print("1. outlets per side (documents)")
    for side, grp in docs.groupby("side"):
        counts = grp["source"].value_counts()
        top = ", ".join(f"{s} {n}" for s, n in counts.head(8).items())
        print(f"  {side}: {len(counts)} outlets, {len(grp)} documents; largest: {top}")
    terms = dict(zip(clusterer.summary_["cluster"], clusterer.summary_["terms"]))
    for weight in ("sentence", "document"):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", framing.FramingWarning)
            res = compare_shares(
                sentences, clusterer.labels_, n_boot=args.n_boot, weight=weight, cluster_by="source"
            )
        print(f"\n2. weight={weight!r}: India minus Pakistan, percentage points")
        for w in caught:
            print(f"  warning ({w.category.__name__}): {str(w.message)[:160]}...")
        show = res.assign(
            terms=res["cluster"].map(lambda c: ", ".join(_terms(terms.get(c, ""))[:3])),
            carried_by=res["carried_by"].map(
                lambda x: x if pd.isna(x) or x.count(";") < 2 else x[:24] + "..."
            ),
            **{c: res[c] * 100 for c in ("diff", "ci_low_doc", "ci_high_doc", "ci_low", "ci_high")},
            **{c: res[c] * 100 for c in ("share_a", "share_b", "loo_low", "loo_high")},
        )
        cols = ["cluster", "terms", "share_a", "share_b", "diff", "ci_low_doc", "ci_high_doc", "ci_low"]
        cols += ["ci_high", "q_value", "loo_low", "loo_high", "loo_breaks", "carried_by"]
        with pd.option_context("display.width", 250, "display.max_colwidth", 34):
            print(show[cols].round(2).to_string(index=False))
        passing = res["q_value"] < 0.05
        outlet_ok = (res["ci_low"] > 0) | (res["ci_high"] < 0)
        print(
            f"3. q < .05: {int(passing.sum())} of {len(res)}; of these, outlet-level interval excludes 0: "
            f"{int((passing & outlet_ok).sum())}; carried by one outlet: {int(res['one_outlet'].sum())}; "
            f"(of which only one outlet's removal undoes it: {int((res['loo_breaks'] == 1).sum())}); "
            f"survive both: {int((passing & outlet_ok & ~res['one_outlet']).sum())}"
        )


if __name__ == "__main__":
    main()
