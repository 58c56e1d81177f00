"""The int8 CPU path against torch: speed, and whether it keeps the science, in one run.

Usage::

    python benchmarks/int8.py                        # ct2-int8 and onnx-int8; 3,000 news + demo
    python benchmarks/int8.py --news 500 --repeats 1  # quicker
    python benchmarks/int8.py --backend onnx,onnx-int8:none,onnx-int8:first_layer+ffn_output

Prints, for each ``Embedder(backend=...)`` named against raw ``SentenceTransformer.encode``
(torch), all in one run:

- speed: torch and every backend timed in turns (``--repeats`` rounds, medians), twice: with one
  thread each as a ratio of process CPU time (what the work costs; far less disturbed than wall
  time when other jobs share the cores), and with two threads each as a ratio of wall time (what a
  user waits on a 2-core machine), with the load average before and after;
- p1 cosine: the 1st percentile, over sentences, of the cosine between a sentence's vector from
  the backend and from torch (gate >= 0.98);
- kNN@10: for each sentence, the share of its 10 nearest neighbours (cosine) that are the same
  under both backends, averaged (gate >= 0.90), with its 10th percentile;
- ARI: KMeans(k) clusters of the backend's vectors against torch's at the same seed (seeds 0-4),
  beside torch against itself across seeds (seed s vs seed 0, s = 1-4): the backend must agree
  with torch at least as well as torch agrees with itself (Hubert & Arabie 1985).

Real news: Dawn and APP articles from ``../shared/data/india_pakistan_2025_dev`` (read where they
lie, never copied), sampled with a fixed seed; the demo corpus is added. Without the shared data
the demo corpus alone is used.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT.parent / "shared" / "data" / "india_pakistan_2025_dev"
NEWS_FILE = "dawn_app_india_pakistan_fulltext_2025-04-15_to_2025-05-31.jsonl"


def news_sentences(n: int, seed: int = 0) -> list[str]:
    """``n`` distinct sentences sampled from the shared Dawn/APP articles (empty if absent)."""
    import framing

    path = NEWS / NEWS_FILE
    if n <= 0 or not path.exists():
        return []
    docs = framing.load_corpus(path, text="content", side="source", doc_id="link")
    sentences = framing.split_sentences(docs)["text"].drop_duplicates().tolist()
    return random.Random(seed).sample(sentences, min(n, len(sentences)))


def demo_sentences() -> list[str]:
    """The demo corpus's distinct sentences."""
    import framing

    return framing.split_sentences(framing.load_demo())["text"].drop_duplicates().tolist()


def knn_overlap(a: np.ndarray, b: np.ndarray, k: int = 10) -> np.ndarray:
    """Per sentence, the share of its ``k`` nearest neighbours (cosine) shared by ``a`` and ``b``.

    Parameters
    ----------
    a, b : numpy.ndarray, shape (n, dim)
        L2-normalised vectors of the same sentences from two backends.
    k : int
        Neighbours compared.

    Returns
    -------
    numpy.ndarray of float, shape (n,)
    """

    def neighbours(v):
        sims = v @ v.T
        np.fill_diagonal(sims, -np.inf)
        return np.argpartition(-sims, k, axis=1)[:, :k]

    na, nb = neighbours(a), neighbours(b)
    return np.array([len(np.intersect1d(x, y)) / k for x, y in zip(na, nb, strict=True)])


def gates(reference: np.ndarray, vectors: np.ndarray, *, k_clusters: int = 20, seeds=range(5)) -> dict:
    """Agreement of ``vectors`` with ``reference`` (torch): cosine, kNN@10, KMeans ARIs.

    Parameters
    ----------
    reference, vectors : numpy.ndarray, shape (n, dim)
        Torch's vectors and the backend's, L2-normalised, same row order.
    k_clusters : int
        k of the KMeans partitions compared (Lloyd 1982, k-means++ starts; one start per seed).
    seeds : iterable of int
        KMeans seeds; the first is the reference seed for torch's self-agreement.

    Returns
    -------
    dict
        ``p1_cosine``, ``min_cosine``, ``knn10_mean``, ``knn10_p10``, ``ari_vs_torch`` (per seed,
        same seed both sides) and ``ari_torch_vs_torch`` (torch seed s vs the first seed).
    """
    from sklearn.cluster import KMeans
    from sklearn.metrics import adjusted_rand_score

    cosine = (reference * vectors).sum(axis=1)
    overlap = knn_overlap(reference, vectors)
    seeds = list(seeds)

    def labels(v, seed):
        return KMeans(k_clusters, n_init=1, random_state=seed).fit_predict(v)

    torch_labels = {s: labels(reference, s) for s in seeds}
    return {
        "p1_cosine": float(np.percentile(cosine, 1)),
        "min_cosine": float(cosine.min()),
        "knn10_mean": float(overlap.mean()),
        "knn10_p10": float(np.percentile(overlap, 10)),
        "ari_vs_torch": [adjusted_rand_score(torch_labels[s], labels(vectors, s)) for s in seeds],
        "ari_torch_vs_torch": [
            adjusted_rand_score(torch_labels[seeds[0]], torch_labels[s]) for s in seeds[1:]
        ],
    }


def variant_embedder(spec: str, fp32: str | None, threads: int, cache_dir: str):
    """A warmed-up ``Embedder`` for ``spec`` running on ``threads`` threads.

    ``spec`` is a backend name, and for ``onnx-int8`` optionally ``:`` and the weight MatMuls kept
    in fp32 (``onnx-int8:first_layer+ffn_output``; ``none``), which overrides ``fp32``.
    """
    from framing import Embedder
    from framing.embedding.backends import onnx as onnx_backend

    backend, _, recipe_fp32 = spec.partition(":")
    recipe_fp32 = recipe_fp32 or fp32
    saved = dict(onnx_backend.INT8_RECIPE)
    saved_threads = os.environ.get("FRAMING_THREADS")
    try:
        if recipe_fp32 is not None:
            parts = recipe_fp32.replace(",", "+").split("+")
            onnx_backend.INT8_RECIPE["fp32"] = tuple(p for p in parts if p and p != "none")
        os.environ["FRAMING_THREADS"] = str(threads)
        emb = Embedder(backend=backend, use_cache=False, cache_dir=cache_dir)
        emb.encode(["A first sentence builds the export and the session.", "A second one."])
    finally:
        onnx_backend.INT8_RECIPE.update(saved)
        if saved_threads is None:
            os.environ.pop("FRAMING_THREADS", None)
        else:
            os.environ["FRAMING_THREADS"] = saved_threads
    return emb


def alternate(runs: dict, repeats: int, clock) -> dict:
    """Median seconds (by ``clock``) of each run, timed in turns ``repeats`` times."""
    times = {name: [] for name in runs}
    for _ in range(repeats):
        for name, run in runs.items():
            start = clock()
            run()
            times[name].append(clock() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--backend",
        default="ct2-int8,onnx-int8",
        help="comma-separated backends to measure against torch in one run; an onnx-int8 item may name "
        "its fp32 MatMuls: onnx-int8:none, onnx-int8:ffn_output, onnx-int8:first_layer+ffn_output",
    )
    parser.add_argument("--news", type=int, default=3000, help="news sentences sampled (0: demo only)")
    parser.add_argument("--speed", type=int, default=1000, help="sentences in each timed run")
    parser.add_argument("--repeats", type=int, default=3, help="timed pairs (alternating)")
    parser.add_argument("--clusters", type=int, default=20, help="k of the KMeans partitions")
    parser.add_argument(
        "--fp32",
        default=None,
        help="override INT8_RECIPE['fp32'] for plain onnx-int8 items: 'none', 'first_layer', "
        "'ffn_output' or 'first_layer,ffn_output' (to measure the alternatives)",
    )
    parser.add_argument("--per-tensor", action="store_true", help="override: one weight scale per tensor")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    import torch

    from framing.embedding.backends import onnx as onnx_backend
    from framing.embedding.embedder import _load, resolve_model

    if args.per_tensor:
        onnx_backend.INT8_RECIPE["per_channel"] = False
    specs = [s.strip() for s in args.backend.split(",") if s.strip()]
    texts = news_sentences(args.news) + demo_sentences()
    texts = list(dict.fromkeys(texts))
    print(f"# python benchmarks/int8.py {' '.join(argv if argv is not None else sys.argv[1:])}".rstrip())
    print(f"sentences: {len(texts)} ({'news + demo' if args.news and NEWS.exists() else 'demo only'})")
    model = _load(resolve_model(None), "cpu")
    timed = texts[: args.speed]
    threads_before = torch.get_num_threads()
    rows = {}
    with tempfile.TemporaryDirectory() as tmp:
        # Exports and conversions are built here, outside the timing; one session per thread count.
        embedders = {(s, t): variant_embedder(s, args.fp32, t, tmp) for s in specs for t in (1, 2)}
        for s in specs:
            print(f"{s}: {embedders[(s, 2)].identity_.split('|backend=')[1].split('|')[0]}")
        torch.set_num_threads(2)
        reference = model.encode(texts, batch_size=64, normalize_embeddings=True)
        vectors = {s: embedders[(s, 2)].encode(texts) for s in specs}
        load_before = os.getloadavg()

        def runs(threads):
            def torch_run():
                torch.set_num_threads(threads)
                model.encode(timed, batch_size=64, normalize_embeddings=True)

            out = {"torch": torch_run}
            out.update({s: (lambda e=embedders[(s, threads)]: e.encode(timed)) for s in specs})
            return out

        # One thread each, process CPU time: what the work costs, least disturbed by other jobs.
        cpu1 = alternate(runs(1), args.repeats, time.process_time)
        # Two threads each, wall time: what a user waits on this 2-core machine.
        wall2 = alternate(runs(2), args.repeats, time.perf_counter)
        load_after = os.getloadavg()
    torch.set_num_threads(threads_before)
    print(
        f"load average (1, 5, 15 min): before {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}, "
        f"after {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}; {os.cpu_count()} cores"
    )
    print(
        f"speed: {len(timed)} sentences per timed run, {args.repeats} alternating rounds, medians; "
        f"torch: {len(timed) / cpu1['torch']:.0f} sentences per CPU second (1 thread), "
        f"{len(timed) / wall2['torch']:.0f}/s wall (2 threads)"
    )
    self_ari = None
    for s in specs:
        g = gates(reference, vectors[s], k_clusters=args.clusters)
        ari, self_ari = np.array(g["ari_vs_torch"]), np.array(g["ari_torch_vs_torch"])
        speed1, speed2 = cpu1["torch"] / cpu1[s], wall2["torch"] / wall2[s]
        ok = (
            g["p1_cosine"] >= 0.98
            and g["knn10_mean"] >= 0.9
            and np.median(ari) >= np.median(self_ari)
            and min(speed1, speed2) >= 2
        )
        rows[s] = (speed1, speed2, g, ari, ok)
        print(f"\n== {s}")
        print(
            f"speed vs torch: CPU time, 1 thread each {speed1:.2f}x; wall time, 2 threads each {speed2:.2f}x"
            "   [target >= 2]"
        )
        print(f"p1 cosine to torch: {g['p1_cosine']:.4f} (min {g['min_cosine']:.4f})   [gate >= 0.98]")
        print(
            f"kNN@10 overlap with torch: mean {g['knn10_mean']:.3f}, 10th percentile {g['knn10_p10']:.2f}"
            "   [gate >= 0.90]"
        )
        print(
            f"KMeans(k={args.clusters}) ARI vs torch, same seed, seeds 0-4: median {np.median(ari):.3f} "
            f"(min {ari.min():.3f}, max {ari.max():.3f})   [gate: >= torch vs torch]"
        )
        print(f"all gates and the 2x target: {'met' if ok else 'NOT met'}")
    print(
        f"\nKMeans(k={args.clusters}) ARI torch vs torch, seeds 1-4 vs 0: median {np.median(self_ari):.3f} "
        f"(min {self_ari.min():.3f}, max {self_ari.max():.3f})"
    )
    print(
        "\n| variant | CPU time, 1 thread | wall, 2 threads | p1 cosine | kNN@10 | ARI vs torch | all met |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for s, (speed1, speed2, g, ari, ok) in rows.items():
        print(
            f"| {s} | {speed1:.2f} | {speed2:.2f} | {g['p1_cosine']:.3f} | {g['knn10_mean']:.3f} | "
            f"{np.median(ari):.3f} (torch vs torch {np.median(self_ari):.3f}) | {'yes' if ok else 'no'} |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
