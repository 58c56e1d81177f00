"""Framing over time on real coverage: Dawn against APP, January to August 2025, around the year's events.

Usage::

    python benchmarks/over_time_dev.py [--k 12] [--n-boot 1000]

Reads ``../shared/data/india_pakistan_2025_dev`` in place (the publishers' copyright: nothing is
written into the repository, and nothing but counts, shares and cluster terms is printed). The
Pakistani headline export (Dawn, an independent daily, and APP, the state news agency: "title. first
paragraph" per item, 1 January to 15 August 2025) is the only part of the dev corpus with a timeline
on both sides of the year's events; the Indian headlines start in November 2025, so India and
Pakistan cannot be compared in time here. The comparison is therefore *within* Pakistan's coverage,
``by="source"``: did the state agency and the independent daily move differently?

Prints

1. documents per outlet per fortnight (from mid-March on);
2. the themes (k-means on the bundled MiniLM vectors, ``k`` clusters) and their top terms;
3. for the themes that moved most, each outlet's share per fortnight (sparse periods marked);
4. around each event of the demo events table (attack, strikes, ceasefire, meeting), the
   difference-in-differences Dawn minus APP with its interval and q-value, 14-day windows;
5. the window sensitivity of the three themes with the smallest p-values around the strikes.
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
from framing.analysis.over_time import moving_labels
from framing.errors import FramingWarning

DEV = ROOT.parent / "shared" / "data" / "india_pakistan_2025_dev"
HEADLINES = DEV / "dawn_app_india_related_headlines_2025-01-01_to_2025-08-15.csv"
PAIR = ("Dawn", "APP")


def documents() -> pd.DataFrame:
    """Dawn and APP items as "title. first paragraph", from mid-March (five weeks before the attack)."""
    heads = pd.read_csv(HEADLINES, dtype=str, keep_default_na=False)
    heads = heads[(heads["first_paragraph"].str.strip() != "") & heads["source"].isin(PAIR)]
    docs = pd.DataFrame(
        {
            "doc_id": [f"pk{i:05d}" for i in heads.index],
            "side": heads["source"],
            "source": heads["source"],
            "source_type": heads["source"].map({"APP": "state_media", "Dawn": "independent_media"}),
            # The listing date; the publication timestamp is mostly empty in this export.
            "date": pd.to_datetime(
                heads["date_list"].where(heads["date_list"] != "", heads["date_published"].str[:10]),
                errors="coerce",
            ),
            "title": heads["title"],
            "text": heads["title"].str.rstrip(".") + ". " + heads["first_paragraph"],
        }
    )
    return docs[docs["date"] >= "2025-03-17"].reset_index(drop=True)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--k", type=int, default=12)
    parser.add_argument("--n-boot", type=int, default=1000)
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore", FramingWarning)
    docs = framing.clean_corpus(documents(), by="side", language=None).documents
    docs = docs[docs["status"] == "kept"].reset_index(drop=True)
    sentences = framing.split_sentences(docs)
    print(f"{len(docs)} documents kept after cleaning, {len(sentences)} sentences")
    vectors = framing.embed(sentences["text"].tolist())
    clusterer = framing.SentenceClusterer(k=args.k, random_state=0).fit(vectors, texts=sentences["text"])
    names = dict(zip(clusterer.summary_["cluster"], clusterer.summary_["name"]))
    labels = clusterer.labels_
    shares = framing.shares_over_time(sentences, labels, by="side", freq="2W", n_boot=args.n_boot)
    per = shares.drop_duplicates(["side", "period_start"]).pivot(
        index="period_start", columns="side", values="n_docs"
    )
    print("\n1. documents per outlet per fortnight\n" + per.to_string())
    print("\n2. themes\n" + "\n".join(f"  {n}" for n in names.values()))
    pd.set_option("display.width", 200)
    for theme in moving_labels(shares, n=5):
        part = shares[shares["label"] == theme].copy()
        part["cell"] = part.apply(
            lambda r: f"{r['share']:.2f} [{r['ci_low']:.2f}, {r['ci_high']:.2f}]{'*' if r['sparse'] else ''}",
            axis=1,
        )
        table = part.pivot(index="period_start", columns="side", values="cell")
        print(f"\n3. {names[theme]} (share per fortnight, 95% interval; * sparse)\n" + table.to_string())
    events = framing.demo_events()
    did = framing.did_by_event(
        sentences, labels, events=events, by="side", sides=PAIR, window=14, n_boot=args.n_boot
    )
    did["theme"] = did["label"].map(names)
    cols = ["event_label", "theme", "change_a", "change_b", "did", "ci_low", "ci_high", "p_value", "q_value"]
    print(
        "\n4. difference-in-differences, Dawn minus APP, 14-day windows (sorted by q)\n"
        + did.sort_values("q_value")[cols].head(15).round(3).to_string(index=False)
    )
    sens = framing.window_sensitivity(
        sentences, labels, event="Strikes (7 May)", events=events, sides=PAIR, n_boot=args.n_boot
    )
    top = sens[sens["window"] == 14].nsmallest(3, "p_value")["label"]
    sens = sens[sens["label"].isin(top)].assign(theme=lambda t: t["label"].map(names))
    print(
        "\n5. window sensitivity around the strikes\n"
        + sens[["theme", "window", "did", "ci_low", "ci_high", "q_value", "sparse"]]
        .round(3)
        .to_string(index=False)
    )


if __name__ == "__main__":
    main()
