"""Shared fixtures: the real model with a private cache, paths to the real news data."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: Real news text for checks (publishers' copyright: read in place, never copied).
SHARED_DATA = Path(os.environ.get("FRAMING_SHARED_DATA", ROOT.parent / "shared" / "data"))
SCO_PAIRED = SHARED_DATA / "sco_qingdao_2025_paired" / "sco_qingdao_2025-06_india_vs_pakistan.jsonl"
TOI_PAKOBS = SHARED_DATA / "toi_vs_pakobserver_2025-05-07" / "toi_vs_pakobserver_2025-05-07_sample.csv"
NARRATIVE = SHARED_DATA / "narrative_frames_corpus" / "articles_metadata.tsv"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("MPLBACKEND", "Agg")


def shared(path: Path) -> Path:
    """Return ``path`` or skip the test when the shared real data is not on this machine."""
    if not path.exists():
        pytest.skip(f"real data not available: {path}")
    return path


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    """A fresh, private embedding cache for one test."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(folder))
    return folder


@pytest.fixture(scope="session")
def session_cache(tmp_path_factory) -> Path:
    """One embedding cache shared by the tests of a session (real model, computed once)."""
    return tmp_path_factory.mktemp("session-cache")


@pytest.fixture(scope="session")
def embedder(session_cache):
    """The real default model (bundled all-MiniLM-L6-v2) with a session-wide cache."""
    from framing import Embedder

    return Embedder(cache_dir=session_cache)
