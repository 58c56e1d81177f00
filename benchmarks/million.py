"""The pipeline after embedding at a million sentences: time, peak RSS and scaling of each step.

Usage::

    python benchmarks/million.py                       # 100,000 and 1,000,000 sentences (about 25 min here)
    python benchmarks/million.py --sizes 2000 20000    # reduced size, as CI runs it (no timing is asserted)
    python benchmarks/million.py --align 100000 400000 # align only: exact vs approximate search

Vectors are given, not embedded: ``realistic_vectors`` draws clustered unit vectors shaped like
sentence embeddings of news about one event (a shared corpus direction, topics, and claims that
several sentences, on both sides, restate with their own wording), so nearest-neighbour search
meets the near-ties real corpora have, which uniform random vectors lack. Texts are the demo
corpus's sentences repeated with a number appended.

Each step (clustering, compare_shares, distinctive_terms, align, assign_frames) runs in a fresh
process at each size, which reports its time and its peak RSS (VmHWM) with the RSS of its inputs.
The scaling exponent of a step is the log-log slope of its time between the two sizes (1 = linear,
2 = quadratic). The align section times ``method="exact"`` and ``method="approximate"`` on the
same data, in turns, and prints their ratio and how often their matches agree.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import _status_mb, demo_texts, machine  # benchmarks/ is not a package

STEPS = ["cluster", "shares", "terms", "align", "frames"]
DIM = 384


def realistic_vectors(n: int, *, dim: int = DIM, seed: int = 0, chunk: int = 100_000) -> np.ndarray:
    """Clustered unit vectors with the geometry of news-sentence embeddings.

    A corpus direction shared by every sentence (random pairs have cosine about 0.1, the 95th
    percentile about 0.3, as sentence embeddings of one story do), ``n / 2000`` topics, and
    ``n / 4`` claims, each restated by about four sentences with their own noise (nearest
    neighbours at cosine 0.6-0.8). Generated a chunk at a time so the peak is the output's size.

    Parameters
    ----------
    n : int
        Vectors.
    dim : int, default 384
    seed : int, default 0
    chunk : int, default 100000

    Returns
    -------
    numpy.ndarray of float32, shape (n, dim)
        L2-normalised rows.
    """
    rng = np.random.default_rng(seed)
    corpus = rng.standard_normal(dim).astype(np.float32)
    corpus /= np.linalg.norm(corpus)
    n_topics, n_claims = max(8, n // 2000), max(16, n // 4)
    topics = _unit(rng.standard_normal((n_topics, dim), dtype=np.float32))
    claims = _unit(rng.standard_normal((n_claims, dim), dtype=np.float32))
    claims = _unit(0.35 * corpus + 0.55 * topics[rng.integers(0, n_topics, n_claims)] + 0.75 * claims)
    out = np.empty((n, dim), dtype=np.float32)
    for i0 in range(0, n, chunk):
        k = min(chunk, n - i0)
        noise = _unit(rng.standard_normal((k, dim), dtype=np.float32))
        out[i0 : i0 + k] = _unit(claims[rng.integers(0, n_claims, k)] + 0.6 * noise)
    return out


def _unit(x: np.ndarray) -> np.ndarray:
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x


def sentences_table(n: int):
    """Documents of 12 sentences, alternating between sides A and B; demo texts for the word counts."""
    import pandas as pd

    doc = np.arange(n) // 12
    return pd.DataFrame(
        {
            "doc_id": [f"d{d}" for d in doc],
            "side": np.where(doc % 2 == 0, "A", "B"),
            "text": demo_texts(n),
        }
    )


class PrototypeVectors:
    """An embedder that returns fixed vectors for the frame codebook, so ``assign_frames`` loads no model.

    The benchmark's vectors are synthetic, so the prototypes are drawn from the same generator.
    """

    def encode(self, texts):
        return realistic_vectors(len(texts), seed=99)


def run_step(step: str, data: Path, method: str = "auto") -> dict:
    """One step on the saved data, in this process: seconds, peak RSS and RSS of the inputs."""
    import framing
    from framing.analysis.align import align
    from framing.analysis.compare import compare_shares, distinctive_terms
    from framing.frames import assign_frames

    vectors = np.load(data / "vectors.npy")
    n = len(vectors)
    sentences = sentences_table(n)
    labels = np.random.default_rng(1).integers(0, 8, n)
    before = _status_mb("VmRSS")
    out = {}

    def do_align():
        res = align(sentences, vectors, method=method)
        out["n_matches"] = len(res.matches)
        out["n_omissions"] = len(res.omissions)
        near = res.nearest.sort_values(["side", "other", "row"])
        np.save(data / f"match_{method}.npy", near["match_row"].to_numpy())

    steps = {
        "cluster": lambda: framing.SentenceClusterer(random_state=0).fit(
            vectors, texts=sentences["text"].tolist()
        ),
        "shares": lambda: compare_shares(sentences, labels, n_boot=2000, random_state=0),
        "terms": lambda: distinctive_terms(sentences, labels),
        "align": do_align,
        "frames": lambda: assign_frames(vectors, embedder=PrototypeVectors()),
    }
    start, cpu = time.perf_counter(), time.process_time()
    steps[step]()
    out.update(
        seconds=time.perf_counter() - start,
        cpu_seconds=time.process_time() - cpu,
        peak_rss_mb=_status_mb("VmHWM"),
        rss_before_mb=before,
    )
    return out


def child(step: str, data: Path, method: str = "auto") -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, "--step", step, "--data", str(data), "--method", method],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode:
        raise RuntimeError(f"step {step} ({method}) on {data} failed:\n{proc.stderr[-3000:]}")
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    # progress as each step ends, so a long run that is stopped still leaves its figures
    sys.stderr.write(f"  {step} ({method}) {data.name}: {json.dumps(out)}\n")
    sys.stderr.flush()
    return out


def save_data(n: int, root: Path) -> Path:
    folder = root / f"n{n}"
    folder.mkdir(exist_ok=True)
    np.save(folder / "vectors.npy", realistic_vectors(n))
    return folder


def slope(t_small: float, t_large: float, n_small: int, n_large: int) -> float:
    """Log-log slope: time grows as size to this power."""
    return math.log(t_large / t_small) / math.log(n_large / n_small)


def bench_steps(sizes, root, report):
    small, large = sizes
    folders = {n: save_data(n, root) for n in sizes}
    results = {}
    for step in STEPS:
        out = {n: child(step, folders[n]) for n in sizes}
        results[f"{step}: seconds at {small:,} / {large:,}"] = (
            f"{out[small]['seconds']:.2f} / {out[large]['seconds']:.2f}"
        )
        results[f"{step}: CPU seconds (all threads) at {small:,} / {large:,}"] = (
            f"{out[small]['cpu_seconds']:.2f} / {out[large]['cpu_seconds']:.2f}"
        )
        results[f"{step}: scaling exponent of CPU time"] = round(
            slope(out[small]["cpu_seconds"], out[large]["cpu_seconds"], small, large), 2
        )
        results[f"{step}: ratio of times (data x{large // small})"] = round(
            out[large]["seconds"] / out[small]["seconds"], 2
        )
        results[f"{step}: scaling exponent"] = round(
            slope(out[small]["seconds"], out[large]["seconds"], small, large), 2
        )
        results[f"{step}: peak RSS MB at {small:,} / {large:,}"] = (
            f"{round(out[small]['peak_rss_mb'])} / {round(out[large]['peak_rss_mb'])}"
        )
        results[f"{step}: of which inputs and imports at {large:,}, MB"] = round(out[large]["rss_before_mb"])
        if step == "align":
            results[f"align: matches / omissions at {large:,}"] = (
                f"{out[large]['n_matches']:,} / {out[large]['n_omissions']:,}"
            )
    report("pipeline after embedding (each step in a fresh process)", results)


def bench_align(sizes, exact_max, root, report):
    """``method="exact"`` vs ``"approximate"`` on the same data, exact first at each size."""
    results = {}
    for n in sizes:
        folder = save_data(n, root)
        approx = child("align", folder, "approximate")
        results[f"approximate at {n:,}: seconds (CPU seconds)"] = (
            f"{approx['seconds']:.2f} ({approx['cpu_seconds']:.2f})"
        )
        results[f"approximate at {n:,}: peak RSS MB (inputs and imports)"] = (
            f"{round(approx['peak_rss_mb'])} ({round(approx['rss_before_mb'])})"
        )
        if n > exact_max:
            continue
        exact = child("align", folder, "exact")
        a = np.load(folder / "match_approximate.npy")
        e = np.load(folder / "match_exact.npy")
        results[f"exact at {n:,}: seconds (CPU seconds)"] = (
            f"{exact['seconds']:.2f} ({exact['cpu_seconds']:.2f})"
        )
        results[f"exact at {n:,}: peak RSS MB"] = round(exact["peak_rss_mb"])
        results[f"ratio exact / approximate time at {n:,} (CPU time)"] = (
            f"{exact['seconds'] / approx['seconds']:.2f} ({exact['cpu_seconds'] / approx['cpu_seconds']:.2f})"
        )
        results[f"best match the same as exact at {n:,} (target >= 0.99)"] = round(float((a == e).mean()), 4)
        results[f"matches exact / approximate at {n:,}"] = f"{exact['n_matches']:,} / {approx['n_matches']:,}"
    report("align: exact vs approximate search (each run in a fresh process)", results)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", nargs=2, type=int, default=[100_000, 1_000_000], metavar=("SMALL", "LARGE")
    )
    parser.add_argument(
        "--align", nargs="+", type=int, metavar="N", help="run only the align comparison, at these sizes"
    )
    parser.add_argument(
        "--exact-max",
        type=int,
        default=100_000,
        help="largest size at which the (quadratic) exact align is also run (default 100000)",
    )
    parser.add_argument("--step", choices=STEPS, help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--method", default="auto", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.step:
        print(json.dumps(run_step(args.step, args.data, args.method)))
        return 0
    print(
        f"command: python benchmarks/million.py {' '.join(argv if argv is not None else sys.argv[1:])}".rstrip()
    )
    print(f"date: {date.today().isoformat()}")
    print(f"machine: {machine()}")
    print(f"load average at start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")

    def report(title, figures):
        print(f"\n{title}")
        for key, value in figures.items():
            print(f"  {key}: {value}")
        print(f"  load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        sys.stdout.flush()

    with tempfile.TemporaryDirectory() as tmp:
        if args.align:
            bench_align(args.align, args.exact_max, Path(tmp), report)
        else:
            bench_steps(args.sizes, Path(tmp), report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
