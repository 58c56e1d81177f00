"""The ONNX Runtime backend gives the torch vectors, faster; int8 is labelled approximate."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pytest

import framing
from framing import Embedder
from framing.embedding.backends import onnx as onnx_backend
from framing.embedding.backends.onnx import recipe

pytest.importorskip("onnxruntime")
pytestmark = pytest.mark.slow
KNN_GATE = 0.9
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def texts():
    return framing.split_sentences(framing.load_demo())["text"].tolist()[:80]


def test_onnx_vectors_match_torch(texts, tmp_path):
    torch_vectors = Embedder(cache_dir=tmp_path).encode(texts)
    onnx = Embedder(cache_dir=tmp_path, backend="onnx")
    onnx_vectors = onnx.encode(texts)
    assert onnx.n_computed_ == len(set(texts))  # the cache keys on the backend: nothing reused
    assert "backend=onnx" in onnx.identity_
    cosine = (torch_vectors * onnx_vectors).sum(axis=1)
    assert cosine.min() >= 0.9999
    assert np.abs(torch_vectors - onnx_vectors).max() < 1e-4
    again = Embedder(cache_dir=tmp_path, backend="onnx")
    np.testing.assert_array_equal(again.encode(texts), onnx_vectors)
    assert again.n_computed_ == 0
    assert list((tmp_path / "onnx").glob("*.onnx"))


def test_int8_keeps_cosine_and_neighbours(tmp_path):
    # The accuracy gates of benchmarks/int8.py at CI size: 300 demo sentences (no timing here).
    spec = importlib.util.spec_from_file_location("int8_benchmark", ROOT / "benchmarks" / "int8.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)

    texts = framing.split_sentences(framing.load_demo())["text"].drop_duplicates().tolist()[:300]
    torch_vectors = Embedder(cache_dir=tmp_path).encode(texts)
    int8 = Embedder(cache_dir=tmp_path, backend="onnx-int8")
    vectors = int8.encode(texts)
    assert int8.n_computed_ == len(texts)  # nothing reused from torch's entries
    assert f"backend=onnx-int8({recipe('onnx-int8')})" in int8.identity_
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    cosine = (torch_vectors * vectors).sum(axis=1)
    assert cosine.max() < 0.99999  # really int8: the vectors moved
    assert np.percentile(cosine, 1) >= 0.98
    assert bench.knn_overlap(torch_vectors, vectors).mean() >= KNN_GATE


def test_cache_key_carries_the_int8_recipe(monkeypatch):
    from framing.embedding.embedder import model_identity, resolve_model

    location = resolve_model(None)
    before = model_identity(location, backend="onnx-int8")
    assert "int8:pc=1,rr=0,fp32=first_layer+ffn_output" in before
    assert model_identity(location, backend="onnx") == model_identity(location, backend="onnx").replace(
        "(", ""
    )
    monkeypatch.setitem(onnx_backend.INT8_RECIPE, "per_channel", False)
    after = model_identity(location, backend="onnx-int8")
    assert after != before and "int8:pc=0" in after  # vectors of another recipe are never reused
