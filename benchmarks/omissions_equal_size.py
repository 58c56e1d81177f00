"""Omission rates at 10:1, full size against equal size, on real coverage.

Usage::

    python benchmarks/omissions_equal_size.py [--n-repeats 20]

Reads ``../shared/data/india_pakistan_2025_dev`` in place (the publishers' copyright: nothing is
written into the repository), built as in ``benchmarks/terms_imbalance.py``: Indian outlets'
headlines against Dawn/APP items as "title. first paragraph", after :func:`framing.clean_corpus`.
Embeds the sentences with the bundled model (cached), aligns the two sides with the calibrated
threshold, and prints the overall omission rate of each direction at full size
(:func:`framing.omission_rates`) and with the larger side subsampled to the smaller side's size
(:func:`framing.omission_rates_at_equal_size`), with their 95% intervals. Exits cleanly when the
data are absent.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # benchmarks/ is not a package
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from terms_imbalance import DEV, HEADLINES, INDIAN, SIDES, documents


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n-repeats", type=int, default=20)
    args = parser.parse_args(argv)
    if not INDIAN.exists() or not HEADLINES.exists():
        print(f"{DEV} is absent: nothing to measure.")
        return 0
    import framing

    warnings.simplefilter("ignore", framing.FramingWarning)
    docs = framing.clean_corpus(framing.load_corpus(documents()), language=None).documents
    sentences = framing.split_sentences(docs).reset_index(drop=True)
    per_side = sentences.groupby("side").agg(documents=("doc_id", "nunique"), sentences=("text", "size"))
    print(per_side.to_string(), "\n")
    vectors = framing.embed(sentences)
    result = framing.align(sentences, vectors, sides=SIDES)
    print(result, "\n")
    start = time.perf_counter()
    table = framing.omission_rates_at_equal_size(result, vectors, n_repeats=args.n_repeats)
    seconds = time.perf_counter() - start
    cols = ["side", "other", "n_sentences", "n_other_full", "rate_full", "ci_low_full", "ci_high_full"]
    cols += ["n_other", "rate", "ci_low", "ci_high", "sd_repeats"]
    print(table[cols].round(3).to_string(index=False))
    print(f"\nomission_rates_at_equal_size, {args.n_repeats} draws: {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
