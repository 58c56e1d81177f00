"""Cleaning time against embedding time, for the same documents, measured in one run.

Usage::

    python benchmarks/clean.py                    # 10,000 documents (a few minutes on 2 cores)
    python benchmarks/clean.py --docs 300 --sample 100   # reduced size, as CI runs it

Documents are made from the demo corpus's sentences (12 per document, drawn with a seeded
generator, a title from a 13th), so they are distinct and English and the timing does not hang on
any one text. Measured:

- cleaning without ``about`` (boilerplate, near-duplicates, language) on all ``--docs`` documents;
- cleaning with ``about`` (adds embedding each document's title and lead, and the relevance margin)
  on a sample of ``--sample`` documents, extrapolated linearly to ``--docs``;
- embedding the sentences of the same sample (``framing.Embedder``, cache off), extrapolated to the
  sentences of all ``--docs`` documents: what the analysis itself costs.

The two are timed alternately, medians of ``--repeats``; the ratio is the figure, with the load
average printed beside it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

ABOUT = "SCO defence ministers' meeting in Qingdao"


def documents(n: int, seed: int = 0):
    """``n`` documents of 12 demo sentences each, drawn without a fixed order."""
    import pandas as pd

    import framing

    pool = framing.split_sentences(framing.load_demo())["text"].tolist()
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        picks = rng.choice(len(pool), 13, replace=False)
        body = [pool[j] for j in picks[1:]]
        rows.append(
            {
                "doc_id": f"d{i}",
                "side": "A" if i % 2 else "B",
                "source": f"s{i % 7}",
                "title": pool[picks[0]],
                "text": "\n\n".join(" ".join(body[k : k + 3]) for k in range(0, 12, 3)),
            }
        )
    return framing.load_corpus(pd.DataFrame(rows))


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--sample", type=int, default=500)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    import framing

    print(
        f"command: python benchmarks/clean.py {' '.join(argv if argv is not None else sys.argv[1:])}".rstrip()
    )
    docs = documents(args.docs)
    sample = docs.iloc[: args.sample].reset_index(drop=True)
    sentences = framing.split_sentences(sample)["text"].tolist()
    # Documents are drawn alike, so the sample's sentences per document extrapolate (splitting all
    # 10,000 with pySBD would take longer than the cleaning measured here).
    n_sentences = round(len(sentences) * args.docs / args.sample)
    embedder = framing.Embedder(use_cache=False, progress=False)
    embedder.encode(sentences[:64])  # warm-up: first call pays one-off costs
    framing.clean_corpus(sample.iloc[:50], language="en")  # loads the language model once

    clean_all, clean_about, embed = [], [], []
    for _ in range(args.repeats):
        clean_all.append(timed(lambda: framing.clean_corpus(docs)))
        clean_about.append(timed(lambda: framing.clean_corpus(sample, about=ABOUT, embedder=embedder)))
        embed.append(timed(lambda: embedder.encode(sentences)))
    t_clean = statistics.median(clean_all)
    t_about = statistics.median(clean_about) * args.docs / args.sample
    t_embed = statistics.median(embed) * n_sentences / len(sentences)
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        f"documents: {args.docs:,} ({n_sentences:,} sentences); sample: {args.sample} ({len(sentences):,} sentences)"
    )
    print(f"clean_corpus, no about (measured on all documents): {t_clean:.1f} s")
    print(f"clean_corpus with about (measured on the sample, extrapolated): {t_about:.1f} s")
    print(f"embedding the sentences (measured on the sample, extrapolated): {t_embed:.1f} s")
    print(f"ratio cleaning / embedding, no about: {t_clean / t_embed:.3f}")
    print(f"ratio cleaning / embedding, with about: {t_about / t_embed:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
