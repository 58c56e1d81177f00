"""Robustness of the India-Pakistan headline differences, and how much they shrink on held-out documents.

Usage::

    python benchmarks/robustness_dev.py [--pakistan-headlines 600] [--fulltexts 40] [--k 12]

Reads ``../shared/data/india_pakistan_2025_dev`` in place through ``tests/real_corpus.py`` (the
publishers' copyright: the corpus is written to a temporary folder outside the repository, and
nothing here prints a sentence; clusters are named by their c-TF-IDF terms). It runs:

1. :func:`framing.robustness` over k in {k-2, k, k+2} x seeds {0, 1, 2} x cleaning {on, off}
   (18 share runs) and priors {balanced, corpus} x cleaning (4 term runs), and prints the summary;
2. :func:`framing.compare_split`: same-sample against split-sample differences of the main pair.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pakistan-headlines", type=int, default=600)
    parser.add_argument("--fulltexts", type=int, default=40)
    parser.add_argument("--k", type=int, default=12)
    args = parser.parse_args(argv)
    from tests.real_corpus import DEV, write_bilateral

    if not DEV.exists():
        print(f"{DEV} is absent: nothing to measure.")
        return 0
    import framing

    pd.set_option("display.width", 200)
    pd.set_option("display.max_colwidth", 40)
    warnings.simplefilter("ignore", framing.FramingWarning)
    with tempfile.TemporaryDirectory() as folder:
        path = write_bilateral(
            Path(folder),
            pakistan_headlines=args.pakistan_headlines,
            fulltexts=args.fulltexts,
            title_first=True,
        )
        started = time.perf_counter()
        study = framing.study.notebook.start("robustness_dev", data_path=str(path), k=args.k, out_dir=folder)
        print(
            study.sentences.groupby("side").agg(documents=("doc_id", "nunique"), sentences=("text", "size"))
        )
        print(f"study ready in {time.perf_counter() - started:.0f} s; pair {study.contrast}")
        k = study.clusterer.k_
        started = time.perf_counter()
        result = framing.robustness(
            study,
            k=[k - 2, k, k + 2],
            random_state=[0, 1, 2],
            clean=[True, False],
            prior=["balanced", "corpus"],
        )
        print(f"\nrobustness: {time.perf_counter() - started:.0f} s")
        cols = [
            "kind",
            "finding",
            "favours",
            "estimate",
            "reference_passes",
            "n_runs",
            "kept_sign",
            "passed",
            "verdict",
        ]
        print(result.summary[cols].round(3).to_string())
        runs = result.runs.merge(
            result.details.groupby("run")["jaccard"].median().rename("median_jaccard"), left_index=True,
            right_index=True, how="left",
        )  # fmt: skip
        print(
            runs[runs["kind"] == "share"][["clean", "k", "random_state", "median_jaccard"]]
            .round(2)
            .to_string()
        )
        started = time.perf_counter()
        split = framing.compare_split(study)
        print(f"\nsplit sample: {time.perf_counter() - started:.0f} s")
        cols = [
            "theme",
            "diff_same",
            "q_same",
            "jaccard",
            "diff_fit",
            "chosen",
            "diff_test",
            "q_test",
            "shrinkage",
        ]
        print(split[cols].round(3).to_string())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
