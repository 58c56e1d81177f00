"""The benchmark runs end to end at a reduced size, so it cannot rot (no timing is asserted)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.benchmark


def test_benchmark_runs_at_reduced_size(tmp_path):
    env_cache = {"FRAMING_CACHE_DIR": str(tmp_path / "cache")}
    proc = subprocess.run(
        # Row 3 with the fp32 ONNX path only: the int8 and CTranslate2 conversions are tested in
        # tests/embedding/test_onnx_backend.py and tests/embedding/test_ct2_backend.py.
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--size", "small", "--backends", "onnx"],
        check=False,
        capture_output=True,
        text=True,
        timeout=1800,
        env={**os.environ, **env_cache},
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = proc.stdout
    for title in (
        "1. embedding overhead",
        "2. warm cache vs cold",
        "3. ONNX Runtime vs torch",
        "4. pipeline after embedding",
    ):
        assert title in out
    assert "machine:" in out and "command: python benchmarks/run.py --size small --backends onnx" in out
    # The ONNX fp32 path must give the torch vectors (a correctness figure, not a timing).
    cosine = float(out.split("onnx: min cosine to torch: ")[1].split()[0])
    assert cosine >= 0.9999


def test_cache_overhead_benchmark_runs_at_reduced_size(tmp_path):
    """The zero-cost-model benchmark runs (it asserts that the warm run computes nothing, before and after)."""
    proc = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "cache_overhead.py"),
            "--n",
            "3000",
            "--repeats",
            "1",
            "--phases",
        ],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
        env={**os.environ, "FRAMING_CACHE_DIR": str(tmp_path / "cache")},
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "after: cold" in proc.stdout and "us/sentence" in proc.stdout
    assert "before: cold" in proc.stdout or "BEFORE not timed" in proc.stdout
    assert "warm, step by step: " in proc.stdout and "locate, read, check, copy" in proc.stdout


def test_million_benchmark_runs_at_reduced_size():
    """benchmarks/million.py end to end at 500 / 2,000 sentences, and its align comparison at 6,000."""
    script = str(ROOT / "benchmarks" / "million.py")
    steps = subprocess.run(
        [sys.executable, script, "--sizes", "500", "2000"],
        check=False,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert steps.returncode == 0, steps.stderr[-3000:]
    for step in ("cluster", "shares", "terms", "align", "frames"):
        # The exponent is printed for a person; any value is possible under load, so it is only parsed.
        float(steps.stdout.split(f"{step}: scaling exponent: ")[1].split()[0])
        peak = steps.stdout.split(f"{step}: peak RSS MB at 500 / 2,000: ")[1].split()
        assert 0 < float(peak[0]) and 0 < float(peak[2])
    compare = subprocess.run(
        [sys.executable, script, "--align", "6000"], check=False, capture_output=True, text=True, timeout=1800
    )
    assert compare.returncode == 0, compare.stderr[-3000:]
    # agreement of the two searches is a correctness figure, so it is asserted
    agree = float(
        compare.stdout.split("best match the same as exact at 6,000 (target >= 0.99): ")[1].split()[0]
    )
    assert agree >= 0.99
