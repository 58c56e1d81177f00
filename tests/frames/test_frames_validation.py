"""The Narrative Frames Corpus benchmark, reduced: trained path vs zero-shot vs baselines (real data)."""

from __future__ import annotations

import importlib.util

import pytest

from tests.conftest import NARRATIVE, ROOT, shared

pytestmark = pytest.mark.slow


def _benchmark():
    spec = importlib.util.spec_from_file_location(
        "frames_validation", ROOT / "benchmarks" / "frames_validation.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_trained_and_zero_shot_beat_the_trivial_baselines_on_real_articles(monkeypatch, tmp_path):
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))
    bench = _benchmark()
    r = bench.run(shared(NARRATIVE).parent, max_articles=60, n_boot=200, n_splits=3)
    s = r["summary"]
    assert r["n_articles"] == 60 and r["n_sentences"] > 600
    assert ((s["low"] <= s["macro-F1"]) & (s["macro-F1"] <= s["high"])).all()
    trained = s.loc["trained (FrameClassifier on article vectors)", "macro-F1"]
    zero_shot = s.loc["zero-shot (>= 2 sentences)", "macro-F1"]
    majority = s.loc["majority class (training folds)", "macro-F1"]
    assert trained > majority + 0.15 and zero_shot > majority + 0.15
    assert 0.0 < r["abstained"] < 1.0
