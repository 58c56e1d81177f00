"""Furniture anywhere and fragments: what cleaning and sentence splitting set aside on the real dev corpus.

Usage::

    python benchmarks/furniture.py                   # the whole dev corpus, with the clustering check
    python benchmarks/furniture.py --no-clusters     # the tables only (no embedding)

Reads ``../shared/data/india_pakistan_2025_dev`` in place (the publishers' copyright: nothing is written
into the repository) and builds the bilateral corpus the way users export it: Indian outlets' headlines
(the headline is the text) against Dawn and APP items whose text is the title, then ". ", then the
lead (headline items) or the whole article (full texts). It prints:

1. furniture left at the start of sentences (split with :func:`framing.split_sentences`), per side and
   kind, before and after :func:`framing.clean_corpus`;
2. what cleaning removed, by side, rule and position (:meth:`framing.CleaningResult.by_position`);
3. the sentences set aside as fragments, per side and rule, and their share of the side's sentences
   (:func:`framing.fragment_report`), with a few examples of each rule (printed, never stored);
4. with the clusters (the default): the top 3 terms of each of ``--k`` clusters of the kept sentences
   (the bundled model), and any that are furniture.

Exits 0 with a message when the data is absent. A report, not a timing.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

# Sentence openers that are furniture, for counting what survives (the kinds clean_corpus removes).
OPENERS = {
    "dateline": re.compile(
        r"^[A-Z][A-Z'’.\-]+(?:[ /][A-Z][A-Z'’.\-]+){0,3}"
        r"(?:\s*,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})|,?\s*\([A-Za-z .&]{2,21}\))"
        r"\s*(?::|\s[-–—]\s)"
    ),
    "bare_dateline": re.compile(r"^[A-Z][A-Z'’.\-]+(?:[ /][A-Z][A-Z'’.\-]+){0,3}:\s*\S"),
    "credit": re.compile(
        r"^\(?(?:with (?:additional )?inputs? from|additional (?:reporting|inputs?) (?:by|from))\b",
        re.IGNORECASE,
    ),
    "byline": re.compile(r"^By\s+(?:[A-Z][\w.'’-]*\s*){1,4}\.?$"),
    "published_in": re.compile(r"^(?:first |originally )?published in\b", re.IGNORECASE),
}
# A dateline anywhere in a sentence: pySBD does not split "Title. ISLAMABAD, May 7 (APP): ...", so before
# cleaning most datelines sit inside the title's sentence, not at a sentence start.
DATELINE_ANYWHERE = re.compile(
    r"\b[A-Z][A-Z'’.\-]+(?:[ /][A-Z][A-Z'’.\-]+){0,3}(?:\s*,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
    r"\s*(?:\((?:APP|AFP|Reuters|AP|PTI|ANI|IANS)\))?:\s"
)
# Cluster terms that are furniture: agency and outlet names, months, datelines' places as a pair.
FURNITURE_TERM = re.compile(
    r"^(?:app|afp|pti|ani|reuters|dawn|ndtv|published|reporting|additional|inputs?|"
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)$|\b(?:islamabad|karachi|lahore) "
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)\b"
)
SIDES = ["Pakistan", "India"]


def surviving_openers(sentences: pd.DataFrame) -> pd.DataFrame:
    """Sentences per side that open with each kind of furniture, and that hold a dateline anywhere."""
    rows = {
        kind: sentences.groupby("side")["text"].apply(lambda t, p=pattern: int(t.str.match(p).sum()))
        for kind, pattern in OPENERS.items()
    }
    rows["dateline_anywhere"] = sentences.groupby("side")["text"].apply(
        lambda t: int(t.str.contains(DATELINE_ANYWHERE).sum())
    )
    return pd.DataFrame(rows).reindex(SIDES).fillna(0).astype(int)


def cluster_terms(sentences: pd.DataFrame, k: int) -> pd.DataFrame:
    """Top 3 terms of each cluster of the kept sentences, with the furniture among them."""
    import framing

    vectors = framing.embed(sentences)
    clusterer = framing.SentenceClusterer(k=k, random_state=0).fit(vectors, texts=sentences["text"])
    summary = clusterer.summary_[["cluster", "size", "terms"]].copy()
    summary["top3"] = summary["terms"].str.split(", ").str[:3]
    summary["furniture"] = summary["top3"].apply(lambda ts: [t for t in ts if FURNITURE_TERM.search(t)])
    summary["top3"] = summary["top3"].str.join(", ")
    return summary.drop(columns="terms")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-clusters", action="store_true", help="skip the embedding and clustering")
    parser.add_argument("--k", type=int, default=12, help="clusters for the top-terms check (default 12)")
    parser.add_argument("--examples", type=int, default=5, help="fragments printed per side and rule")
    args = parser.parse_args(argv)

    import framing
    from tests.conftest import SHARED_DATA
    from tests.real_corpus import bilateral_table

    if not (SHARED_DATA / "india_pakistan_2025_dev").is_dir():
        print(f"skipped: {SHARED_DATA / 'india_pakistan_2025_dev'} is absent")
        return 0
    pd.set_option("display.width", 200)
    pd.set_option("display.max_columns", 20)
    documents = framing.load_corpus(bilateral_table(title_first=True))
    print(f"documents: {documents['side'].value_counts().to_dict()}")
    result = framing.clean_corpus(documents, language=None)
    before = framing.split_sentences(documents, fragments="keep")
    flagged = framing.split_sentences(result.documents, fragments="flag")
    # Same documents on both sides of the comparison: the kept ones (duplicates set aside).
    before = before[before["doc_id"].isin(flagged["doc_id"])]

    print("\n1. Sentences opening with furniture (kept documents), before and after cleaning")
    print(pd.concat({"before": surviving_openers(before), "after": surviving_openers(flagged)}, axis=1))

    print("\n2. Removed by cleaning: spans by side, rule and position")
    print(result.by_position().to_string(index=False))

    print("\n3. Fragments set aside at sentence splitting (share of the side's sentences)")
    report = framing.fragment_report(flagged, by="side")
    print(report.to_string(index=False, formatters={"share": "{:.2%}".format}))
    for (side, rule), part in flagged[flagged["fragment"] != ""].groupby(["side", "fragment"]):
        sample = part["text"].sample(min(args.examples, len(part)), random_state=0)
        print(f"   {side} / {rule}: " + " | ".join(t[:50] for t in sample))

    if not args.no_clusters:
        kept = flagged[flagged["fragment"] == ""].reset_index(drop=True)
        table = cluster_terms(kept, args.k)
        print(f"\n4. Top 3 terms of {args.k} clusters of the {len(kept)} kept sentences")
        print(table.to_string(index=False))
        print(
            f"   clusters with a furniture term in their top 3: {int((table['furniture'].str.len() > 0).sum())}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
