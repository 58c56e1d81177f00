"""Document-level bootstrap of ratios (shares, rates) -- shared by align and frames."""

from __future__ import annotations

import numpy as np

# Resample weights are drawn in blocks so memory stays near this many numbers.
_BLOCK_CELLS = 4_000_000


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
    alpha = (1.0 - ci) / 2.0
    ok = ~np.isnan(boot).all(axis=0)
    low, high = np.full(k, np.nan), np.full(k, np.nan)
    if ok.any():
        low[ok] = np.nanquantile(boot[:, ok], alpha, axis=0)
        high[ok] = np.nanquantile(boot[:, ok], 1 - alpha, axis=0)
    return low, high


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
