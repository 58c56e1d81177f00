"""2-D maps of sentence vectors: a layout that is the same picture on every CPU.

A cluster map is only worth committing if a co-author who regenerates it on another
machine sees the same picture. t-SNE does not give that: its gradient descent is
chaotic, so the last-bit differences between CPUs' float kernels grow until the
layout is a different one (measured in ``benchmarks/map_stability.py``). The
default here, ``method="anchored"``, is a closed-form function of the vectors and
the cluster labels, with no iteration and no random draw, so a perturbation of the
inputs moves each point by about as much as the perturbation itself:

1. each cluster's centre is placed by classical scaling (Torgerson 1952; Gower
   1966) of the cluster centroids, weighted by size: clusters that say similar
   things sit near one another, as on a t-SNE map, and unlike t-SNE the distances
   between far-apart clusters mean something;
2. each sentence sits around its cluster's centre, at its own offset from the
   centroid projected on the same two axes (so a sentence that leans towards a
   neighbouring theme sits on that theme's side of its cluster), scaled so that a
   cluster's area is proportional to its number of sentences.

``method="pca"`` and ``method="tsne"`` remain for other uses; t-SNE is not
reproducible across machines and docs/guides/reproducibility.md says so.
"""

from __future__ import annotations

import numpy as np
from sklearn.decomposition import PCA
from sklearn.manifold import TSNE

from framing._core.validation import check_vectors
from framing.errors import ParameterError

METHODS = ("anchored", "pca", "tsne")

# A cluster of the largest size is drawn with this radius (the map's units are arbitrary);
# neighbouring centres are placed about _GAP radii apart (median), so the discs of similar themes touch.
_RADIUS = 1.0
_GAP = 1.5


def project(
    vectors, labels=None, *, method: str = "anchored", random_state=0, perplexity: float = 30.0
) -> np.ndarray:
    """Project sentence vectors to 2-D for a cluster map.

    Parameters
    ----------
    vectors : array-like of shape (n_sentences, dim)
        Sentence embeddings (e.g. from :func:`framing.embed`).
    labels : array-like of int, shape (n_sentences,), optional
        Each sentence's cluster (``SentenceClusterer.labels_``; ``-1``, noise, is a
        group of its own). Needed by ``method="anchored"``, ignored by the others.
    method : {"anchored", "pca", "tsne"}
        ``"anchored"`` (the default) places each cluster by classical scaling of the
        centroids and each sentence around its cluster's centre: a closed form, so the
        same picture on any CPU and thread count. ``"pca"`` keeps global distances
        (linear). ``"tsne"`` keeps local neighbourhoods, but its optimiser is chaotic:
        another CPU gives another picture.
    random_state : int or None
        Seed of t-SNE (``None``: fresh entropy); the other methods draw nothing.
    perplexity : float
        t-SNE perplexity, lowered automatically for small corpora.

    Returns
    -------
    ndarray of float, shape (n_sentences, 2)

    Raises
    ------
    ParameterError
        For an unknown method, fewer than 3 sentences, or ``"anchored"`` without labels.

    References
    ----------
    Torgerson, W. S. (1952). Multidimensional scaling: I. Theory and method. Psychometrika 17, 401-419.
    Gower, J. C. (1966). Some distance properties of latent root and vector methods used in
    multivariate analysis. Biometrika 53, 325-338.
    van der Maaten, L. & Hinton, G. (2008). Visualizing data using t-SNE. JMLR 9, 2579-2605.
    Pearson, K. (1901). On lines and planes of closest fit to systems of points in space.
    """
    X = check_vectors(vectors).astype(np.float64)
    n = X.shape[0]
    if n < 3:
        raise ParameterError(f"a 2-D map needs at least 3 sentences; got {n}.")
    if method == "anchored":
        return _anchored(X, _check_labels(labels, n))
    if method == "pca":
        return _fix_signs(PCA(n_components=2, svd_solver="covariance_eigh").fit_transform(X))
    if method == "tsne":
        perp = min(perplexity, max(1.0, (n - 1) / 3))
        tsne = TSNE(n_components=2, perplexity=perp, init="pca", metric="cosine", random_state=random_state)
        return tsne.fit_transform(X)
    raise ParameterError(f"method must be one of {METHODS}; got {method!r}.")


def _check_labels(labels, n: int) -> np.ndarray:
    if labels is None:
        raise ParameterError(
            "method='anchored' places sentences around their clusters: pass labels, e.g. "
            "project(vectors, clusterer.labels_); or method='pca' for a map without clusters."
        )
    if isinstance(labels, str):
        raise ParameterError(f"labels must be one cluster id per sentence; got the string {labels!r}.")
    arr = np.asarray(labels)
    if arr.shape != (n,) or not np.issubdtype(arr.dtype, np.integer):
        raise ParameterError(
            f"labels must be {n} integer cluster ids, one per row of vectors; got dtype {arr.dtype}, "
            f"shape {arr.shape}. Pass SentenceClusterer.labels_ of a clusterer fitted on these vectors."
        )
    return arr


def _anchored(X: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """The anchored layout: cluster centres by weighted classical scaling, sentences around them."""
    groups, index, sizes = np.unique(labels, return_inverse=True, return_counts=True)
    centroids = np.zeros((len(groups), X.shape[1]))
    np.add.at(centroids, index, X)
    centroids /= sizes[:, None]
    axes = _axes(X, centroids, sizes)
    centre = sizes @ centroids / sizes.sum()
    anchors = (centroids - centre) @ axes
    offsets = (X - centroids[index]) @ axes
    signs = _axis_signs(anchors if len(groups) >= 3 else offsets, sizes if len(groups) >= 3 else None)
    anchors, offsets = anchors * signs, offsets * signs
    radius = _RADIUS * np.sqrt(sizes / sizes.max())
    spread = np.sqrt(np.bincount(index, weights=(offsets**2).sum(axis=1)) / sizes)
    spread = np.where(spread > 0, spread, 1.0)
    # The RMS offset is 0.6 of the drawn radius: most sentences fall inside the disc.
    scaled = offsets * (0.6 * radius / spread)[index][:, None]
    centres = _separate(anchors * _anchor_scale(anchors), radius)
    return centres[index] + scaled


def _axes(X: np.ndarray, centroids: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """The two map axes: the centroids' weighted principal axes, or the sentences' below 3 clusters."""
    if len(sizes) >= 3:
        centre = sizes @ centroids / sizes.sum()
        rows = np.sqrt(sizes)[:, None] * (centroids - centre)
    else:
        rows = X - X.mean(axis=0)
    # SVD, not an eigensolver with a random start: the same axes for the same numbers.
    _, _, vt = np.linalg.svd(rows, full_matrices=False)
    axes = vt[:2].T
    if axes.shape[1] < 2:
        axes = np.column_stack([axes, np.zeros(X.shape[1])])
    return axes


def _axis_signs(points: np.ndarray, weights: np.ndarray | None) -> np.ndarray:
    """+1 or -1 per axis, so that each axis's weighted third moment is positive.

    An SVD axis has an arbitrary sign; the skew of the points along it does not flip with
    last-bit differences the way the sign of one coordinate can.
    """
    w = np.ones(len(points)) if weights is None else weights
    skew = w @ points**3
    return np.where(skew < 0, -1.0, 1.0)


def _anchor_scale(anchors: np.ndarray) -> float:
    """Scale that puts each cluster centre about ``_GAP`` radii from its nearest neighbour (median)."""
    if len(anchors) < 2:
        return 1.0
    d = np.sqrt(((anchors[:, None, :] - anchors[None, :, :]) ** 2).sum(axis=-1))
    np.fill_diagonal(d, np.inf)
    nearest = float(np.median(d.min(axis=1)))
    return _GAP * _RADIUS / nearest if nearest > 0 else 1.0


def _separate(centres: np.ndarray, radius: np.ndarray, iterations: int = 200) -> np.ndarray:
    """Push overlapping discs apart, a fixed number of simultaneous half-steps.

    Two clusters far apart in the embedding can land close together in two dimensions. Each step
    moves both discs of an overlapping pair apart along the line between their centres by half the
    overlap: a continuous map of the inputs (no random start, no early stop that could branch),
    so last-bit differences still move the picture by last bits.
    """
    centres = centres.copy()
    need = (radius[:, None] + radius[None, :]) * 1.05
    for _ in range(iterations):
        delta = centres[:, None, :] - centres[None, :, :]
        dist = np.sqrt((delta**2).sum(axis=-1))
        np.fill_diagonal(dist, np.inf)
        overlap = np.clip(need - dist, 0.0, None)
        if not overlap.any():
            break
        push = (overlap / (2 * np.maximum(dist, 1e-12)))[:, :, None] * delta
        centres += push.sum(axis=1) / 2
    return centres


def _fix_signs(xy: np.ndarray) -> np.ndarray:
    # PCA's axis signs are arbitrary; fix them by skew so the map never flips between versions.
    return xy * _axis_signs(xy, None)


__all__ = ["METHODS", "project"]
