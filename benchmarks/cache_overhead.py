"""framing's own cost per sentence: the embedding cache with a zero-cost model, before vs after.

Usage::

    python benchmarks/cache_overhead.py                   # 300,000 sentences, 3 alternating repeats
    python benchmarks/cache_overhead.py --n 3000 --repeats 1   # as CI runs it (no timing is asserted)

The model is replaced by a stub that returns fixed unit vectors instantly (used here only), so
what is timed is everything framing does around the model: checking the texts, hashing them,
de-duplicating, the cache lookup, the writes (one transaction per chunk) and assembling the
output. ``cold`` embeds ``n`` distinct sentences into an empty cache; ``warm`` reads them all back
in a fresh ``Embedder``. A GPU user's ceiling is this rate. Wall time is the measure (the disk
waits count); CPU seconds, all threads, are printed beside it.

BEFORE is the implementation of commit ``--before`` (default: the last commit with schema version 3,
vectors inside SQLite with an index keyed by chunk; pass ebdcd0ca6776fd02b6d5f68e8a6a0f2e152d9aeb
for schema 2, 4fb70acfd0bb38a1341aedc6f09d521ef14cbdf6 for the first one-row-per-vector cache),
loaded from git into temporary modules and timed in the same run, pairs alternating, medians
reported, with the load average beside them.
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
ROOT = Path(__file__).resolve().parents[1]
BEFORE = "8f6277871a5bb98dd63b7b5778c9d7f40d5ecb5a"


class ZeroCostModel:
    """Stands in for a SentenceTransformer: fixed unit vectors, returned without any work."""

    max_seq_length = 256
    tokenizer = None

    def __init__(self, n: int, dim: int = 384):
        rng = np.random.default_rng(0)
        base = rng.standard_normal((min(n, 4096), dim)).astype(np.float32)
        self._base = base / np.linalg.norm(base, axis=1, keepdims=True)

    def get_embedding_dimension(self) -> int:
        return self._base.shape[1]

    def encode(self, texts, **kwargs) -> np.ndarray:
        reps = -(-len(texts) // len(self._base))
        return np.tile(self._base, (reps, 1))[: len(texts)] if reps > 1 else self._base[: len(texts)]


def texts_for(n: int) -> list[str]:
    """``n`` distinct sentences of news-like length (the demo corpus's, numbered once it runs out)."""
    import framing

    base = framing.split_sentences(framing.load_demo())["text"].tolist()
    return [base[i % len(base)] + ("" if i < len(base) else f" ({i // len(base)})") for i in range(n)]


def load_before(ref: str, folder: Path):
    """Import the ``Embedder`` of commit ``ref`` from git, under private module names."""
    sources = {}
    for name in ("cache", "embedding"):
        sources[name] = subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{ref}:framing/{name}.py"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    sources["embedding"] = sources["embedding"].replace(
        "from framing.cache import", "from _before_cache import"
    )
    modules = {}
    sys.path.insert(0, str(folder))
    for name in ("cache", "embedding"):
        path = folder / f"_before_{name}.py"
        path.write_text(sources[name])
        spec = importlib.util.spec_from_file_location(f"_before_{name}", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        modules[name] = module
    return modules["embedding"]


def stub(module, model) -> None:
    """Make ``module``'s Embedder load ``model`` instead of a SentenceTransformer."""
    module._load = lambda *args, **kwargs: model


def cpu_seconds() -> float:
    """CPU time of this process, all threads (less sensitive than wall time to other load)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_once(module, texts, folder: Path) -> tuple[float, float, float, float]:
    """Wall and CPU seconds for a cold then a warm ``encode`` of ``texts`` with ``module``'s Embedder."""
    start, cpu = time.perf_counter(), cpu_seconds()
    cold = module.Embedder(cache_dir=folder, progress=False)
    cold.encode(texts)
    t_cold, c_cold = time.perf_counter() - start, cpu_seconds() - cpu
    assert cold.n_computed_ == len(texts)
    start, cpu = time.perf_counter(), cpu_seconds()
    warm = module.Embedder(cache_dir=folder, progress=False)
    warm.encode(texts)
    t_warm, c_warm = time.perf_counter() - start, cpu_seconds() - cpu
    assert warm.n_computed_ == 0 and warm.n_cached_ == len(texts)
    return t_cold, t_warm, c_cold, c_warm


def warm_phases(texts, folder: Path) -> str:
    """One warm read of the current implementation, step by step: wall and main-thread CPU milliseconds.

    The steps are those of ``Embedder.encode``; the index is loaded and the output paged in on a
    thread meanwhile, and the chunks are read by two threads, so wall time is not their sum of CPU.
    """
    import framing.embedding.embedder as fe

    e = fe.Embedder(cache_dir=folder, progress=False)
    e._setup()
    cache, marks = e._cache, [(time.perf_counter(), time.thread_time())]

    def mark(name):
        marks.append((time.perf_counter(), time.thread_time(), name))

    texts = fe._check_texts(texts)
    reader = cache.prefetch(len(texts), e.dim_)
    mark("check texts, start the index/page-in thread")
    keys = cache.keys(texts)
    mark("hash (XXH3-128)")
    first, codes = fe._distinct(keys)
    mark("de-duplicate")
    out = reader.output(len(first)) if reader is not None else np.empty((len(first), e.dim_), np.float32)
    mark("wait for the index and output")
    _, found, _ = cache.get(keys if codes is None else keys[first], e.dim_, out=out, prefetched=reader)
    mark("locate, read, check, copy (2 threads)")
    assert found.all()
    parts = [
        f"{m[2]} {1e3 * (m[0] - p[0]):.0f} ms ({1e3 * (m[1] - p[1]):.0f} CPU)"
        for p, m in itertools.pairwise(marks)
    ]
    return "; ".join(parts) + f"; total {1e3 * (marks[-1][0] - marks[0][0]):.0f} ms"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=300_000, help="distinct sentences (default 300,000)")
    parser.add_argument("--repeats", type=int, default=3, help="alternating repetitions (default 3)")
    parser.add_argument("--before", default=BEFORE, help="git commit of the BEFORE implementation")
    parser.add_argument("--no-before", action="store_true", help="time only the current implementation")
    parser.add_argument(
        "--phases",
        action="store_true",
        help="also time each step of a warm read of the current implementation",
    )
    args = parser.parse_args(argv)
    print(
        f"command: python benchmarks/cache_overhead.py {' '.join(argv if argv is not None else sys.argv[1:])}".rstrip()
    )
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")

    import framing.embedding.embedder as after

    texts = texts_for(args.n)
    model = ZeroCostModel(args.n)
    impls = {"after": after}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if not args.no_before:
            try:
                impls = {"before": load_before(args.before, tmp), "after": after}
            except (subprocess.CalledProcessError, FileNotFoundError) as exc:
                print(f"BEFORE not timed: cannot read commit {args.before} from git ({exc})")
        for module in impls.values():
            stub(module, model)
            module.Embedder(cache_dir=tmp / f"warm-up-{module.__name__}", progress=False).encode(
                texts[:10]
            )  # hashes the model once
        # On a virtual machine the first touch of memory the hypervisor has taken back costs several
        # times a touch of memory recently used (0.75 s against 0.09 s for 460 MB here): touch twice
        # the largest array once, so that cost does not fall on whichever run comes first.
        np.ones(2 * args.n * model.get_embedding_dimension(), dtype=np.float32)
        times = {name: ([], [], [], []) for name in impls}
        for r in range(args.repeats):
            for name, module in impls.items():
                t_cold, t_warm, c_cold, c_warm = run_once(module, texts, tmp / f"{name}-{r}")
                for series, value in zip(times[name], (t_cold, t_warm, c_cold, c_warm), strict=True):
                    series.append(value)
                print(
                    f"  repeat {r + 1} {name}: cold {t_cold:.2f} s ({c_cold:.2f} CPU s), "
                    f"warm {t_warm:.2f} s ({c_warm:.2f} CPU s) (load {os.getloadavg()[0]:.2f})",
                    flush=True,
                )
                if args.phases and name == "after":
                    print(f"    warm, step by step: {warm_phases(texts, tmp / f'{name}-{r}')}", flush=True)
                # Each run starts from the same memory: 460 MB of dirty page cache left by every run would
                # crowd out the huge pages the next output array is made of.
                shutil.rmtree(tmp / f"{name}-{r}")
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        f"\nframing's own cost with a zero-cost model, {args.n:,} distinct sentences, "
        f"median of {args.repeats}"
    )
    rates, cpu_rates = {}, {}
    for name, series in times.items():
        cold, warm, c_cold, c_warm = (statistics.median(x) for x in series)
        rates[name] = (args.n / cold, args.n / warm)
        cpu_rates[name] = (args.n / c_cold, args.n / c_warm)
        print(
            f"  {name}: cold {args.n / cold:,.0f} sentences/s ({1e6 * cold / args.n:.2f} us/sentence; "
            f"{args.n / c_cold:,.0f} per CPU second, {1e6 * c_cold / args.n:.2f} CPU us/sentence); "
            f"warm {args.n / warm:,.0f} sentences/s ({1e6 * warm / args.n:.2f} us/sentence; "
            f"{args.n / c_warm:,.0f} per CPU second, {1e6 * c_warm / args.n:.2f} CPU us/sentence)"
        )
    if "before" in rates:
        print(
            f"  speed-up after / before: cold {rates['after'][0] / rates['before'][0]:.1f}x, "
            f"warm {rates['after'][1] / rates['before'][1]:.1f}x (wall); cold "
            f"{cpu_rates['after'][0] / cpu_rates['before'][0]:.1f}x, warm "
            f"{cpu_rates['after'][1] / cpu_rates['before'][1]:.1f}x (CPU)"
        )
    print("  targets: cold >= 100,000 sentences/s, warm >= 500,000 sentences/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
