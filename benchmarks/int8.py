"""The int8 CPU path against torch: speed, and whether it keeps the science, in one run.

Usage::

    python benchmarks/int8.py                       # 3,000 news + the demo corpus, 3 timed pairs
    python benchmarks/int8.py --news 500 --repeats 1 # quicker
    python benchmarks/int8.py --backend onnx        # the fp32 ONNX path, same figures

Prints, for ``Embedder(backend=...)`` against raw ``SentenceTransformer.encode`` (torch):

- speed: torch and the backend timed in turns (``--repeats`` pairs, medians), as a ratio of wall
  time and of process CPU time (CPU time is what the work costs; it is far less disturbed than wall
  time when other jobs share the cores), with the load average before and after;
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


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="onnx-int8")
    parser.add_argument("--news", type=int, default=3000, help="news sentences sampled (0: demo only)")
    parser.add_argument("--speed", type=int, default=1000, help="sentences in each timed run")
    parser.add_argument("--repeats", type=int, default=3, help="timed pairs (alternating)")
    parser.add_argument("--clusters", type=int, default=20, help="k of the KMeans partitions")
    parser.add_argument(
        "--fp32",
        default=None,
        help="override INT8_RECIPE['fp32']: 'none', 'first_layer', "
        "'ffn_output' or 'first_layer+ffn_output' (to measure the alternatives)",
    )
    parser.add_argument("--per-tensor", action="store_true", help="override: one weight scale per tensor")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    from framing import onnx_backend

    if args.fp32 is not None:
        onnx_backend.INT8_RECIPE["fp32"] = tuple(p for p in args.fp32.split("+") if p != "none")
    if args.per_tensor:
        onnx_backend.INT8_RECIPE["per_channel"] = False
    from framing import Embedder
    from framing.embedding import _load, resolve_model

    texts = news_sentences(args.news) + demo_sentences()
    texts = list(dict.fromkeys(texts))
    print(f"# python benchmarks/int8.py {' '.join(argv if argv is not None else sys.argv[1:])}".rstrip())
    print(f"sentences: {len(texts)} ({'news + demo' if args.news and NEWS.exists() else 'demo only'})")
    model = _load(resolve_model(None), "cpu")
    with tempfile.TemporaryDirectory() as tmp:
        emb = Embedder(backend=args.backend, use_cache=False, cache_dir=tmp)
        vectors = emb.encode(texts)  # builds the export once, outside the timing
        print(f"backend: {emb.identity_.split('|backend=')[1]}")
        reference = model.encode(texts, batch_size=emb.batch_size, normalize_embeddings=True)
        timed = texts[: args.speed]
        load_before = os.getloadavg()
        wall = {"torch": [], args.backend: []}
        cpu = {"torch": [], args.backend: []}
        runs = {
            "torch": lambda: model.encode(timed, batch_size=emb.batch_size, normalize_embeddings=True),
            args.backend: lambda: emb.encode(timed),
        }
        for _ in range(args.repeats):
            for name, run in runs.items():
                w, c = time.perf_counter(), time.process_time()
                run()
                wall[name].append(time.perf_counter() - w)
                cpu[name].append(time.process_time() - c)
        load_after = os.getloadavg()
    med = {k: {n: statistics.median(v[n]) for n in v} for k, v in (("wall", wall), ("cpu", cpu))}
    g = gates(reference, vectors, k_clusters=args.clusters)
    ari, self_ari = np.array(g["ari_vs_torch"]), np.array(g["ari_torch_vs_torch"])
    print(
        f"load average (1, 5, 15 min): before {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}, "
        f"after {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}; {os.cpu_count()} cores"
    )
    print(
        f"speed vs torch, {len(timed)} sentences, {args.repeats} alternating pairs, medians: "
        f"wall {med['wall']['torch'] / med['wall'][args.backend]:.2f}x "
        f"(torch {len(timed) / med['wall']['torch']:.0f}/s, {args.backend} {len(timed) / med['wall'][args.backend]:.0f}/s); "
        f"CPU time {med['cpu']['torch'] / med['cpu'][args.backend]:.2f}x   [target >= 2]"
    )
    print(f"p1 cosine to torch: {g['p1_cosine']:.4f} (min {g['min_cosine']:.4f})   [gate >= 0.98]")
    print(
        f"kNN@10 overlap with torch: mean {g['knn10_mean']:.3f}, 10th percentile {g['knn10_p10']:.2f}   [gate >= 0.90]"
    )
    print(
        f"KMeans(k={args.clusters}) ARI vs torch, same seed, seeds 0-4: median {np.median(ari):.3f} "
        f"(min {ari.min():.3f}, max {ari.max():.3f})"
    )
    print(
        f"KMeans(k={args.clusters}) ARI torch vs torch, seeds 1-4 vs 0: median {np.median(self_ari):.3f} "
        f"(min {self_ari.min():.3f}, max {self_ari.max():.3f})   [gate: the line above >= this]"
    )
    ok = g["p1_cosine"] >= 0.98 and g["knn10_mean"] >= 0.9 and np.median(ari) >= np.median(self_ari)
    print(f"quality gates: {'all met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
