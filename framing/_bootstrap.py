"""The resampling engine every analysis shares: document bootstrap and label permutation.

compare (shares by side), align (omission rates), frames and quantify all draw
their intervals and p-values from here, so one block size, one weighting trick
and one random stream order serve them all.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

# Resample weights are drawn in blocks so memory stays near this many numbers
# whatever the corpus size.
_BLOCK_CELLS = 4_000_000


def ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """``num / den`` along the last axis of ``num``; 0/0 gives NaN without a warning.

    Parameters
    ----------
    num : numpy.ndarray, shape (..., k)
        Numerators (e.g. sentences of a side in each of ``k`` clusters).
    den : numpy.ndarray, shape (...)
        Denominators (e.g. all sentences of the side).

    Returns
    -------
    numpy.ndarray, shape (..., k)
        The ratios.
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        return num / den[..., None]


def bootstrap_ratio(num: np.ndarray, den: np.ndarray, n_boot: int, ci: float, rng: np.random.Generator):
    """Percentile interval of ``sum(num) / sum(den)`` when documents are resampled.

    Parameters
    ----------
    num, den : numpy.ndarray, shape (n_docs, k)
        Per-document numerator and denominator counts for ``k`` ratios (e.g.
        omitted and all sentences per cluster, or frame and all sentences).
    n_boot : int
        Resamples. Each draws ``n_docs`` documents with replacement; the
        multinomial counts of how often each is drawn turn a resample into one
        matrix product.
    ci : float
        Confidence level.
    rng : numpy.random.Generator
        Source of the resamples.

    Returns
    -------
    low, high : numpy.ndarray, shape (k,)
        NaN where no resample had a non-zero denominator, or ``n_boot < 2``.

    References
    ----------
    Efron, B. & Tibshirani, R. (1993). An Introduction to the Bootstrap, ch. 13
    (percentile interval); Field, C. A. & Welsh, A. H. (2007). Bootstrapping
    clustered data. J. R. Stat. Soc. B 69, 369-390 (resample the clusters --
    here documents -- not the units inside them).
    """
    n_docs, k = num.shape
    if n_boot < 2 or n_docs == 0:
        return np.full(k, np.nan), np.full(k, np.nan)
    nums, dens = resample_sums([num, den], n_boot, rng)
    with np.errstate(invalid="ignore", divide="ignore"):
        boot = np.where(dens > 0, nums / dens, np.nan)
    return percentile_interval(boot, ci)


def percentile_interval(boot: np.ndarray, ci: float):
    """Percentile interval of each column of bootstrap replicates, NaN replicates left out.

    Parameters
    ----------
    boot : numpy.ndarray, shape (n_boot, k)
        Replicates of ``k`` statistics; NaN where a resample left one undefined.
    ci : float
        Confidence level.

    Returns
    -------
    low, high : numpy.ndarray, shape (k,)
        NaN for a column with no finite replicate, or when there are fewer than two replicates.

    References
    ----------
    Efron, B. & Tibshirani, R. (1993). An Introduction to the Bootstrap, ch. 13.
    """
    k = boot.shape[1]
    low, high = np.full(k, np.nan), np.full(k, np.nan)
    if boot.shape[0] < 2:
        return low, high
    alpha = (1.0 - ci) / 2.0
    ok = ~np.isnan(boot).all(axis=0)
    if ok.any():
        low[ok] = np.nanquantile(boot[:, ok], alpha, axis=0)
        high[ok] = np.nanquantile(boot[:, ok], 1 - alpha, axis=0)
    return low, high


def bootstrap_shares(M: np.ndarray, d: np.ndarray, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """Bootstrap replicates of ``sum(M) / sum(d)`` over resampled documents (one side's shares).

    Parameters
    ----------
    M : numpy.ndarray, shape (n_docs, k)
        Per-document counts (or weights) in each of ``k`` categories.
    d : numpy.ndarray, shape (n_docs,)
        Per-document denominators.
    n_boot : int
        Resamples.
    rng : numpy.random.Generator
        Source of the resamples.

    Returns
    -------
    numpy.ndarray, shape (n_boot, k)
        The shares of each resample.

    References
    ----------
    Field, C. A. & Welsh, A. H. (2007). Bootstrapping clustered data. J. R.
    Stat. Soc. B 69, 369-390.
    """
    nums, dens = resample_sums([M, d[:, None]], n_boot, rng)
    return ratio(nums, dens[:, 0])


def resample_sums(tables, n_boot: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Column sums of per-document tables over ``n_boot`` document resamples.

    Parameters
    ----------
    tables : list of numpy.ndarray, each of shape (n_docs, k_i)
        Per-document counts (rows are the same documents in every table).
    n_boot : int
        Resamples; each draws ``n_docs`` documents with replacement, and the
        multinomial counts of how often each is drawn turn it into one matrix
        product per table.
    rng : numpy.random.Generator
        Source of the resamples.

    Returns
    -------
    list of numpy.ndarray, each of shape (n_boot, k_i)
        The resampled column sums of each table, from the same resamples.

    References
    ----------
    Field, C. A. & Welsh, A. H. (2007). Bootstrapping clustered data. J. R.
    Stat. Soc. B 69, 369-390 (resample the clusters, here documents).
    """
    n_docs = tables[0].shape[0]
    outs = [np.empty((n_boot, t.shape[1])) for t in tables]
    p = np.full(n_docs, 1.0 / n_docs)
    block = max(1, _BLOCK_CELLS // max(n_docs, 1))
    for start in range(0, n_boot, block):
        b = min(block, n_boot - start)
        w = rng.multinomial(n_docs, p, size=b).astype(float)
        for out, t in zip(outs, tables):
            out[start : start + b] = w @ t
    return outs


def permuted_shares(
    M: np.ndarray, d: np.ndarray, unit_side: np.ndarray, n_sides: int, n_perm: int, rng: np.random.Generator
) -> np.ndarray:
    """Shares of every side after shuffling side labels across units, ``n_perm`` times.

    Parameters
    ----------
    M : numpy.ndarray, shape (n_units, k)
        Per-unit (document) counts in each of ``k`` categories.
    d : numpy.ndarray, shape (n_units,)
        Per-unit denominators.
    unit_side : numpy.ndarray of int, shape (n_units,)
        Side index of each unit; shuffling it keeps each document's sentences together.
    n_sides : int
        Number of sides (``unit_side`` values are below it).
    n_perm : int
        Permutations.
    rng : numpy.random.Generator
        Source of the permutations.

    Returns
    -------
    numpy.ndarray, shape (n_perm, n_sides, k)
        Each side's shares under each permutation.

    References
    ----------
    Good, P. (2005). Permutation, Parametric and Bootstrap Tests of Hypotheses. Springer.
    """
    n = len(unit_side)
    out = np.empty((n_perm, n_sides, M.shape[1]))
    block = max(1, _BLOCK_CELLS // max(n, 1))
    for start in range(0, n_perm, block):
        b = min(block, n_perm - start)
        perm = rng.permuted(np.tile(unit_side, (b, 1)), axis=1)
        rows = (np.arange(b)[:, None] * n_sides + perm).ravel()
        ind = sparse.csr_matrix((np.ones(b * n), (rows, np.tile(np.arange(n), b))), shape=(b * n_sides, n))
        num = (ind @ M).reshape(b, n_sides, -1)
        den = (ind @ d).reshape(b, n_sides)
        out[start : start + b] = ratio(num, den)
    return out
