"""Approximate nearest neighbours across two sets of unit vectors: an inverted-file (IVF) search.

The vectors of both sides are partitioned into cells by spherical k-means (faiss; Johnson, Douze &
Jegou 2019, "Billion-scale similarity search with GPUs"). Each sentence is compared only with the
sentences of the ``n_probe`` cells whose centroids are closest to it: the inverted-file search of
Sivic & Zisserman (2003) and Jegou, Douze & Schmid (2011), "Product quantization for nearest
neighbor search". A cell's candidates are scored as one matrix product (BLAS), so every reported
similarity is the exact cosine similarity of the pair; only the *set* of pairs looked at is
approximate. A sentence's nearest neighbour is missed only when it lies in none of the probed cells.

Why not faiss's own ``IndexIVFFlat`` or an HNSW graph (faiss, usearch)? Measured on this 2-core
machine (docs/guides/performance.md), they scan candidates one query at a time; grouping the queries of a
cell into one matrix product is 4 times faster than ``IndexIVFFlat`` at the same candidates and
recall, and HNSW graphs (faiss, usearch) were slower still and missed 3-4 % of best matches.

Determinism: the k-means sample and initialisation are seeded; faiss computes each centroid from
its points in a fixed order, and the scores of the final candidates are exact, so the same inputs
and seed give the same neighbours on every run.
"""

from __future__ import annotations

import math

import numpy as np

from framing._core.docstrings import fill_doc

__all__ = ["default_cells", "nearest_across_approximate"]

_TRAIN_PER_CELL = 40  # faiss's own guidance: 30-256 training points per centroid
_KMEANS_ITER = 10


def default_cells(n_total: int) -> int:
    """Number of IVF cells for ``n_total`` vectors: about ``sqrt(n_total)``.

    With ``sqrt(n)`` cells a query costs ``sqrt(n)`` centroid scores plus ``n_probe * sqrt(n)``
    candidate scores, the balance that minimises the total (Jegou et al. 2011).

    Parameters
    ----------
    n_total : int
        Vectors of both sides together.

    Returns
    -------
    int
        Cells, at least 1 and at most ``n_total // 39`` so every centroid is trained on 39 points.
    """
    return int(max(1, min(round(math.sqrt(n_total)), n_total // 39)))


@fill_doc
def nearest_across_approximate(
    a: np.ndarray,
    b: np.ndarray,
    rows_a: np.ndarray,
    rows_b: np.ndarray,
    *,
    n_cells: int | None = None,
    n_probe: int = 10,
    block_size: int = 4096,
    random_state: int | None = 0,
):
    """Best match of every row of side A on side B and back, searching probed cells only.

    Parameters
    ----------
    a, b : numpy.ndarray of float32, shape (n, d) and (m, d)
        L2-normalised vectors (may be the same array).
    rows_a, rows_b : numpy.ndarray of int
        Rows of ``a`` that form side A, rows of ``b`` that form side B.
    n_cells : int, optional
        k-means cells; default :func:`default_cells` of both sides' sizes.
    n_probe : int, default 10
        Cells searched per sentence (its own and the next closest); more is slower and closer to exact.
    block_size : int, default 4096
        Bounds each matrix product to about ``block_size ** 2`` similarities.
    {doc.random_state}
        Seeds the k-means sample and initialisation.

    Returns
    -------
    best_ab : numpy.ndarray of int64, shape (len(rows_a),)
        Position in ``rows_b`` of each A sentence's best match found.
    sim_ab : numpy.ndarray of float32
        Its cosine similarity (exact for that pair).
    best_ba, sim_ba : numpy.ndarray
        The same for each B sentence, indexing ``rows_a``.

    Notes
    -----
    IVF search (Sivic & Zisserman 2003; Jegou, Douze & Schmid 2011) over a faiss spherical k-means
    partition (Johnson, Douze & Jegou 2019). Ties go to the lower position, as in the exact search.
    """
    import faiss  # imported here: only large alignments need it

    n, m = len(rows_a), len(rows_b)
    dim = a.shape[1]
    n_cells = default_cells(n + m) if n_cells is None else int(n_cells)
    n_probe = int(min(n_probe, n_cells))
    rng = np.random.default_rng(random_state)
    # the training sample takes each side in proportion to its size
    k = min(n + m, _TRAIN_PER_CELL * n_cells)
    k_a = min(n, round(k * n / (n + m)))
    k_b = min(m, k - k_a)
    train = np.concatenate(
        [
            a[np.sort(rng.choice(rows_a, size=k_a, replace=False))],
            b[np.sort(rng.choice(rows_b, size=k_b, replace=False))],
        ]
    )
    seed = int(rng.integers(0, 2**31 - 1))
    km = faiss.Kmeans(
        dim,
        n_cells,
        niter=_KMEANS_ITER,
        seed=seed,
        spherical=True,
        verbose=False,
        max_points_per_centroid=_TRAIN_PER_CELL,
    )
    km.train(np.ascontiguousarray(train, dtype=np.float32))
    del train
    quantizer = faiss.IndexFlatIP(dim)
    quantizer.add(km.centroids)

    probes_a = _probe(quantizer, a, rows_a, n_probe, block_size)
    probes_b = _probe(quantizer, b, rows_b, n_probe, block_size)
    best_ab, sim_ab = _scan(a, rows_a, probes_a, b, rows_b, probes_b[:, 0], n_cells, block_size)
    best_ba, sim_ba = _scan(b, rows_b, probes_b, a, rows_a, probes_a[:, 0], n_cells, block_size)
    return best_ab, sim_ab, best_ba, sim_ba


def _probe(quantizer, vec, rows, n_probe, block_size):
    """The ``n_probe`` closest cells of each row, its own cell first (gathered a block at a time)."""
    out = np.empty((len(rows), n_probe), dtype=np.int64)
    step = 8 * block_size
    for i0 in range(0, len(rows), step):
        x = np.ascontiguousarray(vec[rows[i0 : i0 + step]], dtype=np.float32)
        out[i0 : i0 + step] = quantizer.search(x, n_probe)[1]
    return out


def _scan(vq, rows_q, probes_q, vdb, rows_db, cell_db, n_cells, block_size):
    """For each query row, the best database row among the cells it probes (exact scores)."""
    order_db = np.argsort(cell_db, kind="stable")  # members of each cell, in increasing position
    edges_db = np.searchsorted(cell_db[order_db], np.arange(n_cells + 1))
    flat = probes_q.ravel()
    order_q = np.argsort(flat, kind="stable")
    query_of = (order_q // probes_q.shape[1]).astype(np.int64)
    edges_q = np.searchsorted(flat[order_q], np.arange(n_cells + 1))

    best = np.full(len(rows_q), np.iinfo(np.int64).max, dtype=np.int64)
    sim = np.full(len(rows_q), -np.inf, dtype=np.float32)
    budget = block_size * block_size
    for c in range(n_cells):
        members = order_db[edges_db[c] : edges_db[c + 1]]
        queries = query_of[edges_q[c] : edges_q[c + 1]]
        if len(members) == 0 or len(queries) == 0:
            continue
        step_db = min(len(members), budget)
        step_q = max(1, budget // step_db)
        for j0 in range(0, len(members), step_db):
            mem = members[j0 : j0 + step_db]
            db = vdb[rows_db[mem]]
            for i0 in range(0, len(queries), step_q):
                q = queries[i0 : i0 + step_q]
                s = vq[rows_q[q]] @ db.T
                jj = s.argmax(axis=1)  # lowest position among equals: members are sorted
                v = s[np.arange(len(q)), jj]
                cand = mem[jj]
                # a query probes several cells: keep the better, and the lower position on a tie
                upd = (v > sim[q]) | ((v == sim[q]) & (cand < best[q]))
                sim[q[upd]] = v[upd]
                best[q[upd]] = cand[upd]
    # A query whose probed cells hold no sentence of the other side (possible only for small or
    # lopsided sides) is searched exhaustively: every sentence gets a match, as in the exact search.
    miss = np.flatnonzero(sim == -np.inf)
    for i0 in range(0, len(miss), block_size):
        q = miss[i0 : i0 + block_size]
        x = vq[rows_q[q]]
        for j0 in range(0, len(rows_db), block_size):
            s = x @ vdb[rows_db[j0 : j0 + block_size]].T
            jj = s.argmax(axis=1)
            v = s[np.arange(len(q)), jj]
            upd = v > sim[q]  # blocks arrive in increasing position: strictly greater keeps the lowest
            sim[q[upd]] = v[upd]
            best[q[upd]] = jj[upd] + j0
    return best, sim
