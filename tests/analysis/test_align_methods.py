"""align(method=...): approximate search agrees with exact search, is deterministic; the torch path.

Realistic vectors: the real model's embeddings of the demo corpus, each replicated several times
with small noise (a paraphrase-like cloud around every sentence), so nearest neighbours have the
near-ties of real news text. Sizes are small (seconds); benchmarks/million.py measures the large ones.
"""

from __future__ import annotations

import faiss
import numpy as np
import pandas as pd
import pytest

import framing
from framing.analysis.align import _nearest_torch, _resolve_method, align, nearest_across
from framing.analysis.neighbours import default_cells, nearest_across_approximate


@pytest.fixture(scope="module")
def demo_cloud(embedder):
    """Demo sentences' real embeddings x 8 with noise: 5,520 sentences, two sides, 12 per document."""
    # The first 690 sentences (the Qingdao documents): a fixed size, so the probe counts below keep their
    # meaning when the demo grows.
    sents = framing.split_sentences(framing.load_demo()).head(690)
    base = embedder.encode(sents["text"].tolist())
    rng = np.random.default_rng(0)
    reps = 8
    vec = np.repeat(base, reps, axis=0) + rng.normal(scale=0.02, size=(len(base) * reps, base.shape[1]))
    vec = (vec / np.linalg.norm(vec, axis=1, keepdims=True)).astype(np.float32)
    vec = vec[rng.permutation(len(vec))]
    doc = np.arange(len(vec)) // 12
    table = pd.DataFrame(
        {
            "doc_id": [f"d{d}" for d in doc],
            "side": np.where(doc % 2 == 0, "A", "B"),
            "text": [f"sentence {i}" for i in range(len(vec))],
        }
    )
    return table, vec


def _pairs(matches: pd.DataFrame) -> set:
    return set(zip(matches["row_a"], matches["row_b"]))


@pytest.mark.slow
def test_approximate_agrees_with_exact_on_real_embeddings(demo_cloud):
    table, vec = demo_cloud
    exact = align(table, vec, method="exact")
    approx = align(table, vec, method="approximate")
    assert approx.threshold == exact.threshold  # the baseline is not searched: same threshold
    e = exact.nearest.sort_values(["side", "other", "row"]).reset_index(drop=True)
    a = approx.nearest.sort_values(["side", "other", "row"]).reset_index(drop=True)
    same = (a["match_row"] == e["match_row"]).mean()
    assert same >= 0.99, same
    # Similarities are exact for the pair found: where the match is the same, so is the similarity,
    # and a missed neighbour can only be worse than the exact one.
    hit = (a["match_row"] == e["match_row"]).to_numpy()
    np.testing.assert_allclose(a["similarity"][hit], e["similarity"][hit], atol=1e-5)
    assert (a["similarity"] <= e["similarity"] + 1e-5).all()
    pe, pa = _pairs(exact.matches), _pairs(approx.matches)
    assert len(pe & pa) / len(pe | pa) >= 0.99
    assert len(pe) > 1000  # the test is about real matching, not an empty table


@pytest.mark.slow
def test_approximate_is_deterministic_and_thread_independent(demo_cloud):
    _, vec = demo_cloud
    ra, rb = np.arange(0, len(vec), 2), np.arange(1, len(vec), 2)
    first = nearest_across_approximate(vec, vec, ra, rb, n_probe=3, random_state=3)
    again = nearest_across_approximate(vec, vec, ra, rb, n_probe=3, random_state=3)
    before = faiss.omp_get_max_threads()
    try:
        faiss.omp_set_num_threads(1)
        single = nearest_across_approximate(vec, vec, ra, rb, n_probe=3, random_state=3)
    finally:
        faiss.omp_set_num_threads(before)
    for x, y, z in zip(first, again, single):
        np.testing.assert_array_equal(x, y)
        np.testing.assert_array_equal(x, z)
    # few probes: some neighbours are missed, so the test would notice a search that ignored probes
    exact = nearest_across(vec, vec, rows_a=ra, rows_b=rb, method="exact")
    assert 0.9 < (first[0] == exact[0]).mean() < 1.0


def test_all_probes_is_exact_and_two_arrays_work():
    rng = np.random.default_rng(5)
    a = rng.normal(size=(700, 16)).astype(np.float32)
    b = rng.normal(size=(500, 16)).astype(np.float32)
    a /= np.linalg.norm(a, axis=1, keepdims=True)
    b /= np.linalg.norm(b, axis=1, keepdims=True)
    ra, rb = np.arange(len(a)), np.arange(len(b))
    cells = default_cells(len(a) + len(b))
    got = nearest_across_approximate(a, b, ra, rb, n_probe=cells)
    want = nearest_across(a, b, method="exact")
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, atol=1e-6)


def test_auto_is_exact_below_the_threshold(demo_cloud):
    table, vec = demo_cloud
    assert _resolve_method("auto", 5000, 5000) == "numpy"
    assert _resolve_method("auto", 50_000, 50_000) in ("approximate", "gpu")
    auto = align(table.iloc[:2000], vec[:2000])
    exact = align(table.iloc[:2000], vec[:2000], method="exact")
    pd.testing.assert_frame_equal(auto.matches, exact.matches)
    pd.testing.assert_frame_equal(auto.omissions, exact.omissions)


def test_torch_blockwise_path_matches_numpy_on_cpu():
    """The GPU code path, run on torch's CPU device (untested on a GPU): same matches, same ties."""
    rng = np.random.default_rng(2)
    a = rng.normal(size=(300, 24)).astype(np.float32)
    a /= np.linalg.norm(a, axis=1, keepdims=True)
    b = np.vstack([a[:50], a[::-1][:80]])  # exact duplicates: ties must go to the lowest index
    rows_a, rows_b = np.arange(10, 290), np.arange(len(b))[::-1].copy()
    want = nearest_across(a, b, block_size=64, rows_a=rows_a, rows_b=rows_b, method="exact")
    got = _nearest_torch(a, b, 64, rows_a, rows_b, device="cpu")
    np.testing.assert_array_equal(got[0], want[0])
    np.testing.assert_array_equal(got[2], want[2])
    np.testing.assert_allclose(got[1], want[1], atol=1e-6)
    np.testing.assert_allclose(got[3], want[3], atol=1e-6)
