"""Peak memory and time of framing.align on random unit vectors.

Usage::

    python benchmarks/align_memory.py [--n 100000] [--dim 384] [--block-size 4096]

Draws ``n`` random unit vectors (float32), splits them evenly over two sides
(documents of 20 sentences), and runs :func:`framing.align`. Reports the peak
of memory allocated *during* align (tracemalloc, which sees numpy's buffers),
next to the size of the input vectors and of the n-by-m similarity matrix a
non-blockwise implementation would hold, and the process's max RSS.
"""

from __future__ import annotations

import argparse
import resource
import time
import tracemalloc

import numpy as np
import pandas as pd

from framing.analysis.align import align


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--dim", type=int, default=384)
    ap.add_argument("--block-size", type=int, default=4096)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument(
        "--threshold",
        type=float,
        default=None,
        help="fix the threshold (e.g. 0.99 makes every sentence an omission: the worst case, "
        "where the within-side support count runs over all sentences)",
    )
    args = ap.parse_args()

    rng = np.random.default_rng(args.seed)
    vec = rng.standard_normal((args.n, args.dim), dtype=np.float32)
    vec /= np.linalg.norm(vec, axis=1, keepdims=True)
    idx = np.arange(args.n)
    sentences = pd.DataFrame(
        {
            "doc_id": [f"d{i // 20}" for i in idx],
            "sent_idx": idx % 20,
            "text": [f"sentence {i}" for i in idx],
            "side": np.where(idx < args.n // 2, "A", "B"),
            "source": "random",
        }
    )
    half = args.n // 2
    tracemalloc.start()
    t0 = time.perf_counter()
    res = align(sentences, vec, block_size=args.block_size, threshold=args.threshold)
    dt = time.perf_counter() - t0
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    mib = 2**20
    print(f"n={args.n:,} dim={args.dim} sides=2x{half:,} block_size={args.block_size}")
    print(
        f"align time: {dt:.1f} s; matches={len(res.matches):,} omissions={len(res.omissions):,} "
        f"threshold={res.threshold:.3f}"
    )
    print(f"peak memory allocated during align (tracemalloc): {peak / mib:,.0f} MiB")
    print(
        f"  input vectors: {vec.nbytes / mib:,.0f} MiB; "
        f"a whole {half:,}x{args.n - half:,} float32 similarity matrix would be {half * (args.n - half) * 4 / mib:,.0f} MiB"
    )
    print(
        f"process max RSS (includes input, pandas, interpreter): "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB"
    )


if __name__ == "__main__":
    main()
