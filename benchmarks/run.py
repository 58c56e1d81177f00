"""framing's benchmark: every figure is a ratio against a baseline measured in the same run.

Usage::

    python benchmarks/run.py                 # full size (about 12 minutes on 2 cores)
    python benchmarks/run.py --size small    # reduced size, as CI runs it (no timing is asserted)
    python benchmarks/run.py --only 1 3      # some of the five benchmarks

1. embedding overhead: ``framing.Embedder`` (cold cache) vs raw ``SentenceTransformer.encode``
2. warm cache vs cold cache
3. ONNX Runtime and CTranslate2 (when installed) backends vs raw torch, with vector agreement and
   int8's effect on clusters (``benchmarks/int8.py`` gives the full int8 figures)
4. the pipeline after embedding (cluster, shares, terms, align, frames): time and peak RSS per
   step, each in a fresh process, at two sizes
5. ``framing figures`` on the demo corpus, cold and warm cache
6. Dask: a two-worker ``LocalCluster`` vs one process (cache off, same texts)

Machines are noisy, so timed pairs alternate and medians are reported.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")

SIZES = {
    "full": {"overhead": 2000, "cache": 10_000, "onnx": 2000, "pipeline": (10_000, 100_000), "repeats": 3},
    "small": {"overhead": 128, "cache": 256, "onnx": 128, "pipeline": (500, 1_500), "repeats": 1},
}
STEPS = ["cluster", "shares", "terms", "align", "frames"]


def demo_texts(n: int) -> list[str]:
    """``n`` distinct sentences: the demo corpus's, numbered once it runs out (no dedup advantage)."""
    import framing

    base = framing.split_sentences(framing.load_demo())["text"].tolist()
    return [base[i % len(base)] + ("" if i < len(base) else f" ({i // len(base)})") for i in range(n)]


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def alternate(a, b, repeats: int) -> tuple[float, float]:
    """Run ``a`` and ``b`` in turns ``repeats`` times; return their median seconds."""
    ta, tb = [], []
    for _ in range(repeats):
        ta.append(timed(a))
        tb.append(timed(b))
    return statistics.median(ta), statistics.median(tb)


def raw_model():
    from framing.embedding.embedder import _load, resolve_model

    return _load(resolve_model(None), "cpu")


def bench_overhead(size, repeats, report):
    from framing import Embedder

    texts = demo_texts(size)
    model = raw_model()
    model.encode(texts[:64], batch_size=64)  # warm-up: first call pays one-off costs

    def framing_cold():
        with tempfile.TemporaryDirectory() as tmp:
            Embedder(cache_dir=tmp, batch_size=64).encode(texts)

    t_raw, t_framing = alternate(
        lambda: model.encode(texts, batch_size=64, normalize_embeddings=True), framing_cold, repeats
    )
    report(
        "1. embedding overhead",
        {
            "sentences": size,
            "raw SentenceTransformer.encode (sentences/s)": round(size / t_raw, 1),
            "framing Embedder, cold cache (sentences/s)": round(size / t_framing, 1),
            "ratio framing / raw throughput (target >= 0.95)": round(t_raw / t_framing, 3),
        },
    )


def bench_cache(size, repeats, report):
    from framing import Embedder

    texts = demo_texts(size)
    colds, warms = [], []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as tmp:
            colds.append(timed(lambda: Embedder(cache_dir=tmp).encode(texts)))
            warm = Embedder(cache_dir=tmp)
            warms.append(timed(lambda warm=warm: warm.encode(texts)))
            assert warm.n_computed_ == 0
    cold, warm_t = statistics.median(colds), statistics.median(warms)
    report(
        "2. warm cache vs cold",
        {
            "sentences": size,
            "cold (s)": round(cold, 2),
            "warm (s)": round(warm_t, 4),
            "ratio cold / warm (target >= 100)": round(cold / warm_t, 1),
        },
    )


def bench_onnx(size, repeats, report, backends=None):
    from sklearn.cluster import KMeans
    from sklearn.metrics import adjusted_rand_score

    from framing import Embedder

    texts = demo_texts(size)
    model = raw_model()
    torch_vec = model.encode(texts, batch_size=64, normalize_embeddings=True)
    results = {"sentences": size}
    with tempfile.TemporaryDirectory() as tmp:
        ct2 = ("ct2", "ct2-int8") if importlib.util.find_spec("ctranslate2") else ()
        for backend in backends or ("onnx", "onnx-int8", *ct2):
            emb = Embedder(backend=backend, use_cache=False, cache_dir=tmp)
            vec = emb.encode(texts)  # exports the model once, outside the timing
            t_torch, t_onnx = alternate(
                lambda: model.encode(texts, batch_size=64, normalize_embeddings=True),
                lambda emb=emb: emb.encode(texts),
                repeats,
            )
            cosine = (vec * torch_vec).sum(axis=1)
            k_torch = KMeans(8, n_init=4, random_state=0).fit_predict(torch_vec)
            k_onnx = KMeans(8, n_init=4, random_state=0).fit_predict(vec)
            results[f"{backend}: speed vs torch"] = round(t_torch / t_onnx, 3)
            results[f"{backend}: max abs difference"] = float(f"{np.abs(vec - torch_vec).max():.2e}")
            results[f"{backend}: min cosine to torch"] = round(float(cosine.min()), 6)
            results[f"{backend}: ARI of KMeans(k=8) vs torch vectors"] = round(
                adjusted_rand_score(k_torch, k_onnx), 4
            )
    report("3. ONNX Runtime vs torch", results)


def pipeline_data(n: int, seed: int = 0):
    """Random unit vectors for the geometry, repeated demo text for the terms, two sides."""
    import pandas as pd

    rng = np.random.default_rng(seed)
    vectors = rng.standard_normal((n, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    doc = np.arange(n) // 12
    sentences = pd.DataFrame(
        {
            "doc_id": [f"d{d}" for d in doc],
            "side": np.where(doc % 2 == 0, "A", "B"),
            "text": demo_texts(n),
        }
    )
    return sentences, vectors


def run_step(step: str, n: int) -> dict:
    """One pipeline step on ``n`` sentences, in this process; returns seconds and peak RSS."""
    import framing
    from framing.analysis.align import align
    from framing.analysis.compare import compare_shares, distinctive_terms
    from framing.frames import assign_frames

    sentences, vectors = pipeline_data(n)
    labels = np.random.default_rng(1).integers(0, 8, n)
    before = _status_mb("VmRSS")
    steps = {
        "cluster": lambda: framing.SentenceClusterer(random_state=0).fit(
            vectors, texts=sentences["text"].tolist()
        ),
        "shares": lambda: compare_shares(sentences, labels, n_boot=2000, random_state=0),
        "terms": lambda: distinctive_terms(sentences, labels),
        "align": lambda: align(sentences, vectors),
        "frames": lambda: assign_frames(vectors),
    }
    seconds = timed(steps[step])
    return {"seconds": seconds, "peak_rss_mb": _status_mb("VmHWM"), "rss_before_mb": before}


def _status_mb(field: str) -> float:
    """Read a memory figure of this process from /proc (VmHWM: peak RSS of this process image).

    ``getrusage``'s ``ru_maxrss`` would not do: Linux carries it over from the parent through
    fork and exec, so every step would report the benchmark driver's own peak.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / 1024


def bench_pipeline(sizes, report):
    small, large = sizes
    results = {}
    for step in STEPS:
        out = {}
        for n in (small, large):
            proc = subprocess.run(
                [sys.executable, __file__, "--step", step, "--n", str(n)],
                capture_output=True,
                text=True,
                check=False,
            )
            if proc.returncode:
                raise RuntimeError(f"pipeline step {step} at n={n} failed:\n{proc.stderr[-3000:]}")
            out[n] = json.loads(proc.stdout.strip().splitlines()[-1])
        results[f"{step}: seconds at {small:,} / {large:,}"] = (
            f"{out[small]['seconds']:.2f} / {out[large]['seconds']:.2f}"
        )
        results[f"{step}: growth {large // small}x data -> x time"] = round(
            out[large]["seconds"] / out[small]["seconds"], 2
        )
        results[f"{step}: peak RSS MB at {large:,} (target < 2048)"] = round(out[large]["peak_rss_mb"])
        results[f"{step}: of which inputs and imports, MB"] = round(out[large]["rss_before_mb"])
    report("4. pipeline after embedding (each step in a fresh process)", results)


def bench_figures(report):
    times = {}
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "FRAMING_CACHE_DIR": str(Path(tmp) / "cache")}
        for label in ("cold cache", "warm cache"):
            times[label] = timed(
                lambda: subprocess.run(
                    [sys.executable, "-m", "framing.study.cli", "figures", "--out", str(Path(tmp) / "figs")],
                    env=env,
                    check=True,
                    capture_output=True,
                )
            )
    report(
        "5. framing figures on the demo corpus",
        {
            "cold cache (s)": round(times["cold cache"], 1),
            "warm cache (s)": round(times["warm cache"], 1),
            "ratio cold / warm": round(times["cold cache"] / times["warm cache"], 2),
        },
    )


def bench_dask(size, repeats, report):
    import distributed

    from framing import Embedder

    texts = demo_texts(size)
    singles, clustered = [], []
    for _ in range(repeats):
        # The single-process run goes first, with no cluster alive: idle workers still take CPU.
        singles.append(timed(lambda: Embedder(use_cache=False).encode(texts)))
        with (
            distributed.LocalCluster(
                n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster,
            distributed.Client(cluster) as client,
        ):
            Embedder(use_cache=False, client=client).encode(texts[:100])  # workers load the model
            clustered.append(timed(lambda: Embedder(use_cache=False, client=client).encode(texts)))
    t_single, t_dask = statistics.median(singles), statistics.median(clustered)
    report(
        "6. Dask LocalCluster (2 workers x 1 thread) vs one process (2 threads)",
        {
            "sentences": size,
            "one process (sentences/s)": round(size / t_single, 1),
            "local cluster (sentences/s)": round(size / t_dask, 1),
            "ratio cluster / one process": round(t_single / t_dask, 3),
        },
    )


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB, Python {platform.python_version()}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", choices=sorted(SIZES), default="full")
    parser.add_argument("--only", nargs="+", type=int, choices=range(1, 7), metavar="N")
    parser.add_argument(
        "--repeats", type=int, help="timed repetitions of each pair (default: 3 full, 2 small)"
    )
    parser.add_argument(
        "--backends",
        nargs="+",
        metavar="NAME",
        help="row 3's backends (default: onnx, onnx-int8, ct2, ct2-int8)",
    )
    parser.add_argument("--step", choices=STEPS, help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.step:
        print(json.dumps(run_step(args.step, args.n)))
        return 0
    size = dict(SIZES[args.size])
    if args.repeats:
        size["repeats"] = args.repeats
    chosen = args.only or ([1, 2, 3, 4, 5, 6] if args.size == "full" else [1, 2, 3, 4])
    print(
        f"command: python benchmarks/run.py {' '.join(argv if argv is not None else sys.argv[1:])}".rstrip()
    )
    print(f"date: {date.today().isoformat()}")
    print(f"machine: {machine()}")
    import framing

    print(
        f"framing {framing.__version__}; "
        + ", ".join(f"{k} {v}" for k, v in framing.study.figures.package_versions().items() if k != "framing")
    )

    def report(title, figures):
        print(f"\n{title}")
        for key, value in figures.items():
            print(f"  {key}: {value}")
        sys.stdout.flush()

    if 1 in chosen:
        bench_overhead(size["overhead"], size["repeats"], report)
    if 2 in chosen:
        bench_cache(size["cache"], size["repeats"], report)
    if 3 in chosen:
        bench_onnx(size["onnx"], size["repeats"], report, args.backends)
    if 4 in chosen:
        bench_pipeline(size["pipeline"], report)
    if 5 in chosen:
        bench_figures(report)
    if 6 in chosen:
        bench_dask(size["overhead"], size["repeats"], report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
