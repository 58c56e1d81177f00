"""The resampling engine every analysis shares: document bootstrap and label permutation.

compare (shares by side), align (omission rates), frames and quantify all draw
their intervals and p-values from here, so one block size, one weighting trick
and one random stream order serve them all.

Every bootstrap takes ``groups=``: with it, the resample is two-stage (outlets
with replacement, then documents with replacement within each drawn outlet);
without it, the document bootstrap, drawing exactly the random numbers it always
drew.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from framing._core.validation import check_column, check_labels, check_sides
from framing.errors import FewOutletsWarning, ParameterError

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


def bootstrap_ratio(
    num: np.ndarray,
    den: np.ndarray,
    n_boot: int,
    ci: float,
    rng: np.random.Generator,
    *,
    groups: np.ndarray | None = None,
):
    """Percentile interval of ``sum(num) / sum(den)`` when documents (or outlets, then documents) are resampled.

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
    groups : numpy.ndarray, shape (n_docs,), optional
        The outlet of each document: resample outlets, then documents within
        them (:func:`resample_sums`). None: resample documents.

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
    nums, dens = resample_sums([num, den], n_boot, rng, groups=groups)
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


def bootstrap_shares(
    M: np.ndarray, d: np.ndarray, n_boot: int, rng: np.random.Generator, *, groups: np.ndarray | None = None
) -> np.ndarray:
    """Bootstrap replicates of ``sum(M) / sum(d)`` over resampled documents (one side's shares).

    Parameters
    ----------
    M : numpy.ndarray, shape (n_docs, k)
        Per-document counts (or weights) in each of ``k`` categories.
    d : numpy.ndarray, shape (n_docs,)
        Per-document denominators.
    n_boot, rng, groups
        As in :func:`bootstrap_ratio`: resamples, their source, and each document's
        outlet for the two-stage resample (None: documents only).

    Returns
    -------
    numpy.ndarray, shape (n_boot, k)
        The shares of each resample.

    References
    ----------
    Field, C. A. & Welsh, A. H. (2007). Bootstrapping clustered data. J. R.
    Stat. Soc. B 69, 369-390.
    """
    nums, dens = resample_sums([M, d[:, None]], n_boot, rng, groups=groups)
    return ratio(nums, dens[:, 0])


def resample_sums(
    tables, n_boot: int, rng: np.random.Generator, *, groups: np.ndarray | None = None
) -> list[np.ndarray]:
    """Column sums of per-document tables over ``n_boot`` document (or outlet-then-document) resamples.

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
    groups : array-like, shape (n_docs,), optional
        The outlet (any cluster of documents) of each row. Given, each resample
        is two-stage: draw as many outlets as there are, with replacement; then,
        for every outlet drawn, as many of its documents as it has, with
        replacement. None (default): one stage, documents, with exactly the
        random numbers this function has always drawn.

    Returns
    -------
    list of numpy.ndarray, each of shape (n_boot, k_i)
        The resampled column sums of each table, from the same resamples.

    Notes
    -----
    Resampling at both stages, with replacement, counts the within-outlet
    variation about twice when outlets are many (Davison & Hinkley 1997,
    section 3.8), so the interval leans conservative; with the few outlets a
    side usually has, it is the outlet stage that carries the width, and the
    document stage keeps a one-outlet side from a zero-width interval.

    References
    ----------
    Field, C. A. & Welsh, A. H. (2007). Bootstrapping clustered data. J. R.
    Stat. Soc. B 69, 369-390 (resample the clusters, here documents or outlets).
    Davison, A. C. & Hinkley, D. V. (1997). Bootstrap Methods and their
    Application, section 3.8 (multistage sampling). Cambridge University Press.
    """
    n_docs = tables[0].shape[0]
    outs = [np.empty((n_boot, t.shape[1])) for t in tables]
    block = max(1, _BLOCK_CELLS // max(n_docs, 1))
    draw = _document_weights if groups is None else _two_stage_weights(groups, n_docs)
    for start in range(0, n_boot, block):
        b = min(block, n_boot - start)
        w = draw(b, n_docs, rng)
        for out, t in zip(outs, tables):
            out[start : start + b] = w @ t
    return outs


def _document_weights(b: int, n_docs: int, rng: np.random.Generator) -> np.ndarray:
    """How often each document is drawn in ``b`` document resamples."""
    return rng.multinomial(n_docs, np.full(n_docs, 1.0 / n_docs), size=b).astype(float)


def _two_stage_weights(groups, n_docs: int):
    """A drawer of two-stage weights (outlets, then documents within each drawn outlet)."""
    codes, _ = pd.factorize(np.asarray(groups, dtype=object), use_na_sentinel=False)
    if len(codes) != n_docs:
        raise ParameterError(f"groups has {len(codes)} values but the tables have {n_docs} rows.")
    members = [np.flatnonzero(codes == g) for g in range(codes.max() + 1 if n_docs else 0)]

    def draw(b: int, n: int, rng: np.random.Generator) -> np.ndarray:
        g = len(members)
        times = rng.multinomial(g, np.full(g, 1.0 / g), size=b)
        w = np.zeros((b, n))
        for j, rows in enumerate(members):
            # An outlet drawn t times contributes t independent resamples of its documents:
            # together one multinomial of t * n_j draws over its n_j documents.
            w[:, rows] = rng.multinomial(times[:, j] * len(rows), np.full(len(rows), 1.0 / len(rows)))
        return w

    return draw


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


#: Fewer outlets than this on a side and its outlet-level interval speaks for those outlets only.
FEW_OUTLETS = 3


def warn_few_outlets(groups, unit_side, sides, *, by: str, cluster_by: str, stacklevel: int = 3) -> dict:
    """Count each side's outlets; warn when a side has fewer than :data:`FEW_OUTLETS`.

    Parameters
    ----------
    groups : array-like, shape (n_units,)
        Outlet of each unit (document).
    unit_side : array-like of int, shape (n_units,)
        Side index of each unit.
    sides : sequence of str
        Side names, indexed by ``unit_side``.
    by, cluster_by : str
        The side and outlet columns, for the message.
    stacklevel : int, default 3
        Passed to :func:`warnings.warn`.

    Returns
    -------
    dict
        ``{side: number of outlets}``.

    References
    ----------
    Cameron, A. C., Gelbach, J. B. & Miller, D. L. (2008). Bootstrap-based
    improvements for inference with clustered errors. Review of Economics and
    Statistics 90(3), 414-427.
    """
    groups, unit_side = np.asarray(groups, dtype=object), np.asarray(unit_side)
    counts = {s: len(pd.unique(groups[unit_side == i])) for i, s in enumerate(sides)}
    few = {s: n for s, n in counts.items() if n < FEW_OUTLETS}
    if few:
        warnings.warn(
            f"{by} value(s) with fewer than {FEW_OUTLETS} outlets ({cluster_by}): {few}. Their intervals "
            "and leave-one-outlet-out ranges are conditional on these outlets: they say how a difference "
            "varies with other documents from them and whether one outlet carries it, not how the side's "
            "media system covers the event; do not generalise beyond the outlets named. With one outlet "
            "the outlet cannot be resampled or left out.",
            FewOutletsWarning,
            stacklevel=stacklevel,
        )
    return counts


@dataclass(frozen=True)
class Units:
    """Sentences collapsed to resampling units, (document, side) pairs, with per-label counts.

    Parameters
    ----------
    sides : list of str
        The sides kept, in order; ``side`` indexes them.
    values : numpy.ndarray, shape (n_values,)
        The label values, sorted; ``counts`` has a column for each.
    counts : numpy.ndarray of float, shape (n_units, n_values)
        Sentences of each unit with each label.
    side : numpy.ndarray of int, shape (n_units,)
        Each unit's side (an index into ``sides``).
    doc : numpy.ndarray of object, shape (n_units,)
        Each unit's document id.
    rows : numpy.ndarray of int, shape (n_units,)
        Position, in the sentences table, of each unit's first sentence (to read a
        per-document column such as the date).
    outlet : numpy.ndarray of object or None, shape (n_units,)
        Each unit's outlet (its first sentence's ``cluster_by``); None without ``cluster_by``.
    """

    sides: list
    values: np.ndarray
    counts: np.ndarray
    side: np.ndarray
    doc: np.ndarray
    rows: np.ndarray
    outlet: np.ndarray | None = None


def document_units(
    sentences: pd.DataFrame,
    labels,
    *,
    by: str = "side",
    sides=None,
    doc_col: str = "doc_id",
    cluster_by: str | None = None,
    integer: bool = True,
    min_groups: int = 2,
) -> Units:
    """Collapse sentences to the units every analysis resamples: (document, side) pairs.

    For ``by="side"`` a unit is a document; for a sentence-level axis such as ``voice`` one
    article holds several units. compare and over_time both count from here.

    Parameters
    ----------
    sentences : pandas.DataFrame
        One row per sentence with ``by``, ``doc_col`` (and ``cluster_by``).
    labels : array-like, shape (n_sentences,)
        The label of each sentence (a cluster, a frame).
    by : str, default "side"
        The comparison column.
    sides : sequence of str, optional
        The sides kept; None = every value of ``by``.
    doc_col : str, default "doc_id"
        The document column; a missing id is one document, ``"<missing doc_id>"``.
    cluster_by : str, optional
        The outlet column; a missing outlet is one outlet, ``"<missing {cluster_by}>"`` (the
        conservative choice: fewer outlets).
    integer : bool, default True
        Labels must be whole numbers (cluster ids); False accepts any label.
    min_groups : int, default 2
        Fewest sides.

    Returns
    -------
    Units
        The sides, sorted label values, unit x label counts and each unit's side, document,
        first sentence and outlet.

    References
    ----------
    Field, C. A. & Welsh, A. H. (2007). Bootstrapping clustered data. J. R. Stat. Soc. B 69, 369-390.
    """
    groups, sides = check_sides(sentences, by, sides, min_groups=min_groups)
    docs = check_column(sentences, doc_col, param="doc_col").astype("string")
    outlets = None if cluster_by is None else check_column(sentences, cluster_by, param="cluster_by")
    labels = check_labels(labels, len(sentences), integer=integer)
    keep = groups.isin(sides).fillna(False).to_numpy(dtype=bool)
    if not keep.any():
        raise ParameterError(f"no sentences have {by} in {sides}.")
    g = groups[keep].to_numpy(dtype=object)
    d = docs[keep].fillna("<missing doc_id>").to_numpy(dtype=object)
    codes, values = pd.factorize(pd.Series(labels[keep]), sort=True)
    unit_codes, uniques = pd.factorize(pd.MultiIndex.from_arrays([d, g]))
    unit_side = np.array([sides.index(s) for s in uniques.get_level_values(1)])
    counts = np.zeros((len(uniques), len(values)), dtype=np.float64)
    np.add.at(counts, (unit_codes, codes), 1.0)
    first = np.unique(unit_codes, return_index=True)[1]
    outlet = None
    if outlets is not None:
        o = outlets.astype("string")[keep].fillna(f"<missing {cluster_by}>").to_numpy(dtype=object)
        outlet = o[first]
    rows = np.flatnonzero(keep)[first]
    return Units(sides, np.asarray(values), counts, unit_side, d[first], rows, outlet)
