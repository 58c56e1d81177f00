"""Peak memory of ``SentenceClusterer.fit`` on a large corpus of vectors (no texts).

Usage::

    python benchmarks/cluster_memory.py                 # 1,000,000 x 384 float32, k=8 (a few minutes)
    python benchmarks/cluster_memory.py --n 100000      # smaller

Each case runs in a fresh process, which fills its input in blocks (so building it adds no
temporaries), then fits and reports its peak RSS (VmHWM) and the RSS of its input before the fit:
``extra`` is what the fit itself added over holding the input. Cases: vectors as framing.embed
returns them (float32, unit rows: fit must not copy them), the same vectors scaled by 2 (fit
must normalise, in blocks), and float64 input (converted once to float32). Run it against an
older checkout with ``PYTHONPATH`` to compare.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

CASES = ("unit-float32", "scaled-float32", "unit-float64")

CHILD = r"""
import json, sys, time
from pathlib import Path
import numpy as np

def vm(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024

n, dim, k, case = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
from framing import SentenceClusterer

rng = np.random.default_rng(0)
centres = rng.standard_normal((k, dim)).astype(np.float32)
dtype = np.float64 if case == "unit-float64" else np.float32
X = np.empty((n, dim), dtype=dtype)
for lo in range(0, n, 50_000):
    hi = min(lo + 50_000, n)
    block = centres[rng.integers(0, k, hi - lo)] + 0.8 * rng.standard_normal((hi - lo, dim), dtype=np.float32)
    block /= np.linalg.norm(block, axis=1, keepdims=True)
    X[lo:hi] = block * (2.0 if case == "scaled-float32" else 1.0)
before = vm("VmRSS")
t = time.perf_counter()
clus = SentenceClusterer(k=k, n_stability_seeds=2, random_state=0).fit(X)
seconds = time.perf_counter() - t
print(json.dumps({"input_mb": before, "peak_mb": vm("VmHWM"), "seconds": seconds, "k": clus.k_}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--dim", type=int, default=384)
    parser.add_argument("--k", type=int, default=8)
    parser.add_argument("--cases", nargs="+", default=list(CASES), choices=CASES)
    args = parser.parse_args()
    print(f"SentenceClusterer.fit, {args.n:,} x {args.dim}, k={args.k}; load average {os.getloadavg()}")
    for case in args.cases:
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(args.n), str(args.dim), str(args.k), case],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONPATH": os.environ.get("PYTHONPATH", str(Path(__file__).parents[1]))},
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{case:15s} input {r['input_mb']:7.0f} MB  peak {r['peak_mb']:7.0f} MB  "
            f"extra {r['peak_mb'] - r['input_mb']:7.0f} MB  ({r['seconds']:.0f} s, {time.strftime('%H:%M:%S')})"
        )


if __name__ == "__main__":
    main()
