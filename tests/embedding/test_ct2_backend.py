"""The CTranslate2 backends: fp32 gives torch's vectors; int8 keeps cosines, neighbours and clusters."""

from __future__ import annotations

import importlib.util
import sys

import numpy as np
import pytest

import framing
from framing import Embedder
from framing.embedding.backends import ct2 as ct2_backend
from framing.embedding.embedder import model_identity, resolve_model
from framing.errors import ParameterError
from tests.conftest import ROOT

KNN_GATE = 0.9
needs_ct2 = pytest.mark.skipif(
    importlib.util.find_spec("ctranslate2") is None, reason="ctranslate2 not installed (framing[ct2])"
)


def _benchmark():
    spec = importlib.util.spec_from_file_location("int8_benchmark", ROOT / "benchmarks" / "int8.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench


@pytest.fixture(scope="module")
def demo():
    """300 distinct demo sentences, torch's vectors and the ct2-int8 vectors (one conversion)."""
    if importlib.util.find_spec("ctranslate2") is None:
        pytest.skip("ctranslate2 not installed (framing[ct2])")
    texts = framing.split_sentences(framing.load_demo())["text"].drop_duplicates().tolist()[:300]
    reference = Embedder(use_cache=False).encode(texts)
    return texts, reference


@needs_ct2
@pytest.mark.slow
def test_ct2_fp32_gives_the_torch_vectors(demo, tmp_path):
    texts, reference = demo
    emb = Embedder(cache_dir=tmp_path, backend="ct2")
    vectors = emb.encode(texts)
    assert emb.n_computed_ == len(texts)  # keyed apart from torch's vectors
    assert "backend=ct2|" in emb.identity_
    assert np.abs(vectors - reference).max() < 1e-4
    assert (vectors * reference).sum(axis=1).min() >= 0.9999


@needs_ct2
@pytest.mark.slow
def test_ct2_int8_keeps_cosine_neighbours_and_clusters(demo, tmp_path):
    # The gates of benchmarks/int8.py at CI size (no timing here).
    texts, reference = demo
    emb = Embedder(cache_dir=tmp_path, backend="ct2-int8")
    vectors = emb.encode(texts)
    assert emb.n_computed_ == len(texts)
    assert f"backend=ct2-int8({ct2_backend.recipe('ct2-int8')})" in emb.identity_
    assert vectors.dtype == np.float32 and vectors.shape == reference.shape
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    cosine = (reference * vectors).sum(axis=1)
    assert cosine.max() < 0.99999  # really int8: the vectors moved
    assert np.percentile(cosine, 1) >= 0.98
    bench = _benchmark()
    assert bench.knn_overlap(reference, vectors).mean() >= KNN_GATE
    gates = bench.gates(reference, vectors, k_clusters=8)
    # int8 moves the clusters no more than a change of k-means seed moves torch's own.
    assert np.median(gates["ari_vs_torch"]) >= np.median(gates["ari_torch_vs_torch"])
    # The conversion is kept beside the cache; a new Embedder reads the cached vectors.
    assert list((tmp_path / "ct2").glob("*/model.bin"))
    again = Embedder(cache_dir=tmp_path, backend="ct2-int8")
    np.testing.assert_array_equal(again.encode(texts), vectors)
    assert again.n_computed_ == 0


@needs_ct2
@pytest.mark.slow
def test_ct2_int8_is_deterministic_and_independent_of_the_batch(demo, tmp_path):
    texts, _ = demo
    emb = Embedder(use_cache=False, cache_dir=tmp_path, backend="ct2-int8", batch_size=16)
    first = emb.encode(texts[:64])
    np.testing.assert_array_equal(emb.encode(texts[:64]), first)
    # Activation scales are per token, so a sentence's vector does not depend on its batch-mates
    # beyond float rounding (fp32 sums in another order: about 1e-5), whereas ONNX Runtime's
    # dynamic int8 scales per batch, so a batch-mate with large activations moves it.
    alone = np.vstack([emb.encode([t]) for t in texts[:8]])
    np.testing.assert_allclose(alone, first[:8], atol=1e-4)
    assert (alone * first[:8]).sum(axis=1).min() > 0.99999


def test_cache_key_carries_the_ct2_recipe(monkeypatch):
    location = resolve_model(None)
    key = model_identity(location, backend="ct2-int8")
    assert "backend=ct2-int8(ct2:w=int8,c=int8)" in key
    assert key != model_identity(location, backend="onnx-int8")
    monkeypatch.setitem(ct2_backend.CT2_RECIPE, "compute_type", "int8_float32")
    assert model_identity(location, backend="ct2-int8") != key  # another recipe never reuses vectors


def test_missing_ctranslate2_says_what_to_install(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "ctranslate2", None)  # import fails as if not installed
    emb = Embedder(use_cache=False, cache_dir=tmp_path, backend="ct2-int8")
    with pytest.raises(ParameterError, match=r"framing\[ct2\]"):
        emb.encode(["A sentence."])
