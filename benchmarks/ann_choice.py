"""How framing chose its approximate nearest-neighbour search: candidates measured on one machine, one run.

Usage::

    python benchmarks/ann_choice.py [--n 50000] [--only cells ivfflat ...]

Side A and side B each hold ``n`` clustered vectors (``million.realistic_vectors``). Every
candidate finds, for each A vector, its best match on side B (one direction of ``align``). Printed:
build and query seconds, the ratio to the exact search's time (estimated from 2,000 queries, in
the same run), recall@1 of the best match (after exact re-scoring of up to 8 candidates) on those
2,000 queries, and the RSS the index adds. Needs ``faiss-cpu``; ``usearch`` is measured if installed.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from million import realistic_vectors  # benchmarks/ is not a package
from run import _status_mb

CANDIDATES = ["cells", "ivfflat", "ivfsq8", "ivfpqfs", "hnsw", "usearch"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=50_000)
    parser.add_argument("--only", nargs="+", choices=CANDIDATES, default=CANDIDATES)
    args = parser.parse_args(argv)
    import faiss

    from framing.analysis.neighbours import nearest_across_approximate

    n = args.n
    v = realistic_vectors(2 * n)
    a, b = v[:n], v[n:]
    rng = np.random.default_rng(0)
    qs = rng.choice(n, 2000, replace=False)
    start = time.perf_counter()
    truth = (a[qs] @ b.T).argmax(1)
    t_exact = (time.perf_counter() - start) * n / len(qs)
    n_cells, n_probe = int(np.sqrt(n)), 8
    print(f"n = {n:,} a side; exact numpy search of all {n:,} queries, estimated: {t_exact:.1f} s")
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for name in args.only:
        rss0 = _status_mb("VmRSS")
        start = time.perf_counter()
        if name == "cells":
            best = nearest_across_approximate(
                a, b, np.arange(n), np.arange(n), n_cells=n_cells, n_probe=n_probe
            )[0]
            build, query = time.perf_counter() - start, 0.0
            cand = best[:, None]
        elif name == "usearch":
            try:
                from usearch.index import Index
            except ImportError:
                continue
            index = Index(ndim=a.shape[1], metric="ip", dtype="f32", connectivity=16, expansion_add=64)
            index.add(np.arange(n), b, threads=2)
            build = time.perf_counter() - start
            index.expansion_search = 64
            start = time.perf_counter()
            cand = index.search(a, 8, threads=2).keys.astype(np.int64)
            query = time.perf_counter() - start
        else:
            spec = {
                "ivfflat": f"IVF{n_cells},Flat",
                "ivfsq8": f"IVF{n_cells},SQ8",
                "ivfpqfs": f"IVF{n_cells},PQ48x4fs,RFlat",
                "hnsw": "HNSW32,Flat",
            }[name]
            index = faiss.index_factory(a.shape[1], spec, faiss.METRIC_INNER_PRODUCT)
            if name == "hnsw":
                index.hnsw.efConstruction = 40
            else:
                ivf = faiss.extract_index_ivf(index)
                ivf.cp.seed, ivf.cp.niter = 0, 10
                index.train(b[np.sort(rng.choice(n, min(n, 40 * n_cells), replace=False))])
            index.add(b)
            build = time.perf_counter() - start
            if name == "hnsw":
                index.hnsw.efSearch = 64
            else:
                faiss.extract_index_ivf(index).nprobe = n_probe
            start = time.perf_counter()
            cand = index.search(a, 8)[1]
            query = time.perf_counter() - start
        c = cand[qs]
        sims = np.einsum("qd,qkd->qk", a[qs], b[np.maximum(c, 0)])
        found = c[np.arange(len(qs)), sims.argmax(1)]
        total = build + query
        print(
            f"{name}: build {build:.1f} s, query {query:.1f} s, exact/this {t_exact / total:.2f}, "
            f"recall@1 {np.mean(found == truth):.4f}, RSS added {_status_mb('VmRSS') - rss0:.0f} MB",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
