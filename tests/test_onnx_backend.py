"""The ONNX Runtime backend gives the torch vectors, faster; int8 is labelled approximate."""

from __future__ import annotations

import numpy as np
import pytest

import framing
from framing import Embedder

pytest.importorskip("onnxruntime")
pytestmark = pytest.mark.slow


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


def test_int8_is_approximate_but_close(texts, tmp_path):
    torch_vectors = Embedder(cache_dir=tmp_path).encode(texts)
    int8 = Embedder(cache_dir=tmp_path, backend="onnx-int8")
    vectors = int8.encode(texts)
    cosine = (torch_vectors * vectors).sum(axis=1)
    assert 0.9 < cosine.mean() < 0.99999
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
