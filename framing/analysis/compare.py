"""Emphasis by side: what each side talks about more, and which words carry it.

Two questions, two functions:

- :func:`compare_shares`: is cluster *c* a larger share of side A's coverage
  than of side B's? Shares are computed within each side (volume is not
  emphasis). Uncertainty comes from resampling *documents*, not sentences,
  because the sentences of one article are not independent: a bootstrap
  percentile interval for the difference, a permutation test that shuffles side
  labels across documents, and Benjamini-Hochberg q-values across clusters.
- :func:`distinctive_terms`: which words and bigrams does side A use more than
  side B, overall or inside one cluster (how two sides word the same theme)?
  Log-odds ratios with an informative Dirichlet prior and their z-scores.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy import sparse
from scipy.stats import false_discovery_control
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer

from framing._core.bootstrap import (
    bootstrap_shares,
    document_units,
    permuted_shares,
    ratio,
    resample_sums,
    warn_few_outlets,
)
from framing._core.docstrings import fill_doc
from framing._core.names import REST
from framing._core.validation import (
    check_column,
    check_int,
    check_labels,
    check_number,
    check_random_state,
    check_sides,
)
from framing.analysis.pairs import comparisons, main_pair, select_comparison
from framing.corpus.languages import LANGUAGES, check_language, vectorizer_options
from framing.errors import FramingWarning, ParameterError

# Fewer documents than this per side and the bootstrap interval is too narrow
# to trust (it cannot see variation it never sampled); we warn.
_FEW_DOCS = 5

# A difference "passes" below this q; the leave-one-outlet-out flag asks whether it still does
# with each outlet left out (the notebooks' and plots' FDR level).
_LOO_ALPHA = 0.05

# The balanced prior's amount, alpha0 = this times the larger side's term count. Chosen on the real
# India-Pakistan dev corpus (10:1 documents, 30:1 terms; benchmarks/terms_imbalance.py): with side
# labels shuffled across documents, 1x lets ~90 terms pass |z| >= 1.96, 2x ~20, 4x 0-1, while both real
# sides keep 100+ terms; on a balanced subsample 4x still leaves both sides 5+ terms.
_BALANCED_AMOUNT = 4.0

# Sides whose sizes (terms) or words per document differ more than this many times get a warning:
# the first makes the smaller side's words easier to find, the second means the words reflect genre.
_IMBALANCE = 3.0

#: Joins the caveats of :func:`distinctive_terms` in its ``caveats`` column (no caveat contains it).
CAVEAT_SEP = "; "

#: Added to scikit-learn's English stop words with ``stop_words="english"``: a weekday is a wire lead's
#: "on Friday", not a side's framing. On the India-Pakistan dev corpus built title first (headlines
#: against headline + lead) all seven pass |z| >= 1.96 for the lead side (tests/test_real_coverage.py).
WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})


def _combo(shares: np.ndarray, sides: list[str], a: str, b: str) -> tuple[np.ndarray, np.ndarray]:
    """Shares of a and b from an (..., n_sides, n_clusters) array ("rest": the others' unweighted mean)."""
    ia = sides.index(a)
    if b == REST:
        others = [i for i in range(len(sides)) if i != ia]
        return shares[..., ia, :], shares[..., others, :].mean(axis=-2)
    return shares[..., ia, :], shares[..., sides.index(b), :]


def _side_shares(M, d, unit_side, n_sides: int) -> np.ndarray:
    """Observed shares, shape (n_sides, k)."""
    return np.vstack(
        [ratio(M[unit_side == i].sum(0), np.asarray(d[unit_side == i].sum())) for i in range(n_sides)]
    )


def _boot_shares(M, d, unit_side, n_sides: int, n_boot: int, rng, groups=None) -> np.ndarray:
    """Bootstrap shares of every side, shape (n_boot, n_sides, k); two-stage when ``groups`` is given."""
    return np.stack(
        [
            bootstrap_shares(
                M[unit_side == i],
                d[unit_side == i],
                n_boot,
                rng,
                groups=None if groups is None else groups[unit_side == i],
            )
            for i in range(n_sides)
        ],
        axis=1,
    )


def _perm_test(M, d, unit_side, sides, a: str, b: str, diff: np.ndarray, n_perm: int, rng):
    """Permutation p-values (side labels shuffled across documents) and their BH q-values."""
    if b == REST:
        members = np.ones(len(unit_side), dtype=bool)
    else:
        members = np.isin(unit_side, [sides.index(a), sides.index(b)])
    perm = permuted_shares(M[members], d[members], unit_side[members], len(sides), n_perm, rng)
    pa, pb = _combo(perm, sides, a, b)
    # Small tolerance so float noise does not break ties with the observed value.
    extreme = (np.abs(pa - pb) >= np.abs(diff) - 1e-12).sum(axis=0)
    p = (1 + extreme) / (1 + n_perm)
    return p, false_discovery_control(p, method="bh")


def _warn_few_docs(unit_side, sides, by: str) -> None:
    n_docs = np.bincount(unit_side, minlength=len(sides))
    few = [s for s, n in zip(sides, n_docs) if n < _FEW_DOCS]
    if few:
        warnings.warn(
            f"{by} value(s) {few} have fewer than {_FEW_DOCS} documents; their bootstrap intervals are "
            "too narrow to trust and permutation p-values are coarse. Read the differences as descriptive.",
            FramingWarning,
            stacklevel=3,
        )


@fill_doc
def compare_shares(
    sentences: pd.DataFrame,
    labels: ArrayLike,
    *,
    by: str = "side",
    sides: Sequence[str] | None = None,
    n_boot: int = 2000,
    n_perm: int | None = None,
    weight: str = "sentence",
    ci: float = 0.95,
    doc_col: str = "doc_id",
    cluster_by: str | None = None,
    random_state: int | None = 0,
) -> pd.DataFrame:
    """Compare cluster shares between sides, with document-level (or outlet-level) uncertainty.

    For every pair of sides (and, with more than two sides, each side against
    the rest) and every cluster: the share of each side's coverage in the
    cluster, their difference, a bootstrap percentile interval, a permutation
    p-value and a Benjamini-Hochberg q-value.

    Parameters
    ----------
    {doc.sentences}
    {doc.labels}
        Noise is compared like any other cluster.
    {doc.by}
    {doc.sides}
        With more than two sides each is also compared with the rest (the
        others); left-out sides are not part of "rest".
    {doc.n_boot}
    n_perm : int, optional
        Permutations; defaults to ``n_boot``. The smallest attainable p-value
        is ``1 / (n_perm + 1)``, and with few documents the permutation
        distribution itself is coarse (3 vs 4 documents allow 35 splits).
    weight : {"sentence", "document"}, default "sentence"
        ``"sentence"``: a side's share is its sentences in the cluster over all
        its sentences (long documents count more). ``"document"``: the mean over
        the side's documents of each document's share (every document counts
        the same).
    {doc.ci}
    doc_col : str, default "doc_id"
        Column identifying documents, the resampling unit.
    {doc.cluster_by}
        Each difference is also recomputed with each outlet left out
        (:func:`leave_one_outlet_out`).
    {doc.random_state}

    Returns
    -------
    pandas.DataFrame
        One row per (comparison, cluster), columns ``side_a``, ``side_b``
        (``"rest"`` = the other sides, each weighted equally), ``cluster``,
        ``share_a``, ``share_b``, ``diff`` (``share_a - share_b``), ``ci_low``,
        ``ci_high``, ``p_value`` (two-sided), ``q_value`` (BH over the clusters
        of one comparison), ``n_docs_a``, ``n_docs_b``, ``n_sent_a``,
        ``n_sent_b``, and the settings repeated on every row: ``weight``, ``ci``,
        ``n_boot`` and ``n_perm`` (and ``cluster_by`` when given).

        With ``cluster_by``: ``ci_low``, ``ci_high`` are the outlet-level
        (two-stage) interval, and the table adds ``ci_low_doc``, ``ci_high_doc``
        (the document interval, what ``ci_low``, ``ci_high`` are without
        ``cluster_by``), ``n_outlets_a``, ``n_outlets_b``, ``loo_low``,
        ``loo_high`` (the smallest and largest difference with one outlet left
        out; NaN when no outlet can be), ``one_outlet`` (True when the
        difference passes ``q < 0.05`` but, with some one outlet left out,
        changes sign or no longer passes), ``carried_by`` (those outlets,
        ``"; "``-joined, the one whose removal moves the difference furthest
        towards zero first) and ``loo_breaks`` (how many they are: one outlet
        carries a difference that only its removal undoes; a difference many
        removals undo sits at the threshold and is fragile rather than one
        outlet's). ``p_value`` and ``q_value`` stay the document
        permutation test's, identical to the table without ``cluster_by``;
        the ``cluster_by`` column names the outlet column.

    Notes
    -----
    The resampling unit is a (document, side) pair, so sentence-level axes
    such as ``voice`` also work. The bootstrap resamples units within each
    side independently. The permutation test shuffles side labels across the
    units of the two sides compared (all chosen sides for "rest"), which keeps
    each document's sentences together. "rest" is the unweighted mean of the
    other sides' shares, so one voluminous side does not stand for all others.

    Outlets as units: when a side is a handful of outlets, its documents are
    not independent draws of the side, and one prolific outlet can stand in for
    all of it. ``cluster_by`` makes the interval say so (it widens when the
    outlets disagree) and the leave-one-outlet-out columns say which outlet a
    difference rests on. A side with fewer than three outlets gets a
    :class:`~framing.errors.FewOutletsWarning`: what is then supported is a
    statement about these outlets (their coverage, and whether one of them
    carries a difference), not about the side's media system at large.

    References
    ----------
    Efron, B. & Tibshirani, R. (1993). An Introduction to the Bootstrap. Chapman & Hall.
    Good, P. (2005). Permutation, Parametric and Bootstrap Tests of Hypotheses. Springer.
    Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate.
    J. R. Stat. Soc. B 57, 289-300.
    Field, C. A. & Welsh, A. H. (2007). Bootstrapping clustered data. J. R. Stat. Soc. B 69, 369-390.
    Davison, A. C. & Hinkley, D. V. (1997). Bootstrap Methods and their Application, section 3.8.
    Cameron, A. C., Gelbach, J. B. & Miller, D. L. (2008). Bootstrap-based improvements for
    inference with clustered errors. Rev. Econ. Stat. 90(3), 414-427.
    """
    ci = check_number(ci, "ci", low=0, high=1, inclusive=False, hint=" (e.g. 0.95)")
    n_boot = check_int(n_boot, "n_boot")
    n_perm = check_int(n_boot if n_perm is None else n_perm, "n_perm")
    # One seed for every random step of this call (the outlet bootstrap and leave-one-out reuse it).
    random_state = check_random_state(random_state)
    units, n_sent = _weighted_units(sentences, labels, by, sides, doc_col, cluster_by, weight)
    M, d, unit_side, unit_outlet, sides, clusters = units
    _warn_few_docs(unit_side, sides, by)
    if cluster_by is not None:
        warn_few_outlets(unit_outlet, unit_side, sides, by=by, cluster_by=cluster_by)
    rng = np.random.default_rng(random_state)
    obs = _side_shares(M, d, unit_side, len(sides))
    boot = _boot_shares(M, d, unit_side, len(sides), int(n_boot), rng)
    lo_q, hi_q = (1 - ci) / 2, 1 - (1 - ci) / 2
    parts = []
    for a, b in comparisons(sides):
        sa, sb = _combo(obs, sides, a, b)
        ba, bb = _combo(boot, sides, a, b)
        ci_low, ci_high = np.quantile(ba - bb, [lo_q, hi_q], axis=0)
        p, q = _perm_test(M, d, unit_side, sides, a, b, sa - sb, n_perm, rng)
        part = pd.DataFrame(
            {"side_a": a, "side_b": b, "cluster": clusters.astype(int), "share_a": sa, "share_b": sb}
        )
        part = part.assign(diff=sa - sb, ci_low=ci_low, ci_high=ci_high, p_value=p, q_value=q)
        parts.append(part.assign(**_sizes(unit_side, n_sent, sides, a, b)))
    out = pd.concat(parts, ignore_index=True).astype({"side_a": "string", "side_b": "string"})
    if cluster_by is not None:
        out = _outlet_columns(out, units, n_boot=int(n_boot), n_perm=n_perm, ci=ci, random_state=random_state)
    # The settings, as columns repeated on every row (pandas operations drop DataFrame.attrs).
    settings = {"weight": weight, "ci": ci, "n_boot": int(n_boot), "n_perm": n_perm}
    return out.assign(**settings, **({} if cluster_by is None else {"cluster_by": cluster_by}))


def _weighted_units(sentences, labels, by, sides, doc_col, cluster_by, weight):
    """``(M, d, unit_side, unit_outlet, sides, clusters)`` of :func:`compare_shares` and each unit's sentences.

    ``M`` holds each unit's counts per cluster and ``d`` its denominator: its sentences
    (``weight="sentence"``), or each unit's shares over 1 (``"document"``: every document counts the same).
    """
    if weight not in ("sentence", "document"):
        raise ParameterError(f"weight must be 'sentence' or 'document'; got {weight!r}.")
    units = document_units(sentences, labels, by=by, sides=sides, doc_col=doc_col, cluster_by=cluster_by)
    C = units.counts
    n_sent = C.sum(axis=1)
    M, d = (C, n_sent) if weight == "sentence" else (C / n_sent[:, None], np.ones_like(n_sent))
    return (M, d, units.side, units.outlet, units.sides, units.values), n_sent


def _sizes(unit_side, n_sent, sides, a: str, b: str) -> dict:
    """Documents and sentences of each side of the comparison ``(a, b)``."""
    in_a = unit_side == sides.index(a)
    in_b = ~in_a if b == REST else unit_side == sides.index(b)
    return {
        "n_docs_a": int(in_a.sum()),
        "n_docs_b": int(in_b.sum()),
        "n_sent_a": int(n_sent[in_a].sum()),
        "n_sent_b": int(n_sent[in_b].sum()),
    }


def _outlet_columns(out: pd.DataFrame, units, *, n_boot: int, n_perm: int, ci: float, random_state):
    """compare_shares' table with the outlet-level interval and the leave-one-outlet-out summary."""
    M, d, unit_side, unit_outlet, sides, clusters = units
    rng = np.random.default_rng(random_state)
    boot = _boot_shares(M, d, unit_side, len(sides), n_boot, rng, groups=unit_outlet)
    lo_q, hi_q = (1 - ci) / 2, 1 - (1 - ci) / 2
    bounds, n_out = [], []
    for a, b in comparisons(sides):
        ba, bb = _combo(boot, sides, a, b)
        bounds.append(np.quantile(ba - bb, [lo_q, hi_q], axis=0))
        in_a = unit_side == sides.index(a)
        in_b = ~in_a if b == REST else unit_side == sides.index(b)
        n_out.append(
            np.repeat([[len(set(unit_outlet[in_a])), len(set(unit_outlet[in_b]))]], len(clusters), 0)
        )
    bounds, n_out = np.hstack(bounds), np.vstack(n_out)
    out = out.assign(
        ci_low_doc=out["ci_low"], ci_high_doc=out["ci_high"], ci_low=bounds[0], ci_high=bounds[1]
    )
    out = out.assign(n_outlets_a=n_out[:, 0], n_outlets_b=n_out[:, 1])
    loo = _leave_one_out(units, n_perm=n_perm, rng=np.random.default_rng(random_state))
    return _summarise_leave_one_out(out, loo, _LOO_ALPHA)


def _leave_one_out(units, *, n_perm: int, rng) -> pd.DataFrame:
    """Every comparison an outlet takes part in, recomputed without that outlet (tidy)."""
    M, d, unit_side, unit_outlet, sides, clusters = units
    parts = []
    for outlet in sorted(set(unit_outlet), key=str):
        keep = unit_outlet != outlet
        its = {sides[i] for i in np.unique(unit_side[~keep])}
        left = set(np.unique(unit_side[keep]))
        obs = _side_shares(M[keep], d[keep], unit_side[keep], len(sides))
        for a, b in comparisons(sides):
            needed = set(range(len(sides))) if b == REST else {sides.index(a), sides.index(b)}
            # A side left without documents cannot be compared; an outlet of another side changes nothing.
            if not needed <= left or not (b == REST or its & {a, b}):
                continue
            sa, sb = _combo(obs, sides, a, b)
            p, q = _perm_test(M[keep], d[keep], unit_side[keep], sides, a, b, sa - sb, n_perm, rng)
            part = pd.DataFrame({"side_a": a, "side_b": b, "cluster": clusters.astype(int)})
            parts.append(
                part.assign(
                    dropped=str(outlet),
                    dropped_side="; ".join(sorted(its)),
                    share_a=sa,
                    share_b=sb,
                    diff=sa - sb,
                    p_value=p,
                    q_value=q,
                )
            )
    columns = ["side_a", "side_b", "cluster", "dropped", "dropped_side", "share_a", "share_b", "diff"]
    if not parts:
        return pd.DataFrame(columns=[*columns, "p_value", "q_value"]).astype({"cluster": "int64"})
    loo = pd.concat(parts, ignore_index=True)
    return loo.astype({"side_a": "string", "side_b": "string", "dropped": "string", "dropped_side": "string"})


def _summarise_leave_one_out(out: pd.DataFrame, loo: pd.DataFrame, alpha: float) -> pd.DataFrame:
    """Add ``loo_low``, ``loo_high``, ``loo_breaks``, ``one_outlet`` and ``carried_by`` to a comparison table."""
    key = ["side_a", "side_b", "cluster"]
    span = loo.groupby(key, sort=False)["diff"].agg(loo_low="min", loo_high="max").reset_index()
    both = loo.merge(out[[*key, "diff", "q_value"]], on=key, suffixes=("", "_all"))
    # Carried by one outlet: a difference that passes, but not without that outlet (sign or q).
    breaks = (both["q_value_all"] < alpha) & (
        (np.sign(both["diff"]) != np.sign(both["diff_all"])) | (both["q_value"] >= alpha)
    )
    # Most influential first: the outlet whose removal leaves the difference furthest towards (or past) zero.
    broken = both[breaks].assign(left=both["diff"] * np.sign(both["diff_all"]))
    broken = broken.sort_values([*key, "left"], kind="mergesort")
    carried = broken.groupby(key, sort=False)["dropped"].agg(carried_by="; ".join, loo_breaks="size")
    res = out.merge(span, on=key, how="left").merge(carried.reset_index(), on=key, how="left")
    res["carried_by"] = res["carried_by"].astype("string")
    res["loo_breaks"] = res["loo_breaks"].fillna(0).astype("int64")
    res["one_outlet"] = (res["loo_breaks"] > 0).to_numpy(dtype=bool)
    res.index = out.index
    return res


@fill_doc
def leave_one_outlet_out(
    sentences: pd.DataFrame,
    labels: ArrayLike,
    *,
    cluster_by: str = "source",
    by: str = "side",
    sides: Sequence[str] | None = None,
    n_perm: int = 2000,
    weight: str = "sentence",
    doc_col: str = "doc_id",
    random_state: int | None = 0,
) -> pd.DataFrame:
    """Each share difference recomputed with each outlet left out: does one outlet carry it?

    For every outlet (value of ``cluster_by``) and every comparison of
    :func:`compare_shares` its side takes part in: the shares, their
    difference and the permutation test without that outlet's documents.
    ``compare_shares(..., cluster_by=...)`` summarises this table in its
    ``loo_low``, ``loo_high``, ``one_outlet`` and ``carried_by`` columns.

    Parameters
    ----------
    {doc.sentences}
    {doc.labels}
    cluster_by : str, default "source"
        Column naming each document's outlet.
    {doc.by}
    {doc.sides}
    n_perm : int, default 2000
        Permutations per outlet left out.
    weight : {"sentence", "document"}, default "sentence"
        As in :func:`compare_shares`.
    doc_col : str, default "doc_id"
        Column identifying documents.
    {doc.random_state}

    Returns
    -------
    pandas.DataFrame
        Tidy, one row per (outlet left out, comparison, cluster): ``side_a``,
        ``side_b``, ``cluster``, ``dropped`` (the outlet left out),
        ``dropped_side`` (its side), ``share_a``, ``share_b``, ``diff``,
        ``p_value``, ``q_value`` (BH over the clusters of that comparison and
        outlet). An outlet that is its side's only one cannot be left out and
        has no rows (a :class:`~framing.errors.FewOutletsWarning` says so).

    References
    ----------
    Efron, B. & Tibshirani, R. (1993). An Introduction to the Bootstrap, ch. 11
    (the jackknife: leave one unit out). Cameron, A. C., Gelbach, J. B. &
    Miller, D. L. (2008). Bootstrap-based improvements for inference with
    clustered errors. Rev. Econ. Stat. 90(3), 414-427.
    """
    n_perm = check_int(n_perm, "n_perm")
    random_state = check_random_state(random_state)
    units, _ = _weighted_units(sentences, labels, by, sides, doc_col, cluster_by, weight)
    _, _, unit_side, unit_outlet, sides, _ = units
    warn_few_outlets(unit_outlet, unit_side, sides, by=by, cluster_by=cluster_by)
    return _leave_one_out(units, n_perm=n_perm, rng=np.random.default_rng(random_state))


def _prior_vector(
    prior, vocab: np.ndarray, y_a: np.ndarray, y_b: np.ndarray, prior_scale: float
) -> np.ndarray:
    """Dirichlet pseudo-counts for one comparison (see ``prior`` in :func:`distinctive_terms`)."""
    msg = "prior must be 'balanced', 'corpus', a number or a mapping term -> count; got {}."
    if isinstance(prior, str):
        if prior == "balanced":
            n_a, n_b = y_a.sum(), y_b.sum()
            # Shape: the mean of the two sides' relative frequencies, so the larger side does not
            # set it; amount: _BALANCED_AMOUNT times the larger side (chosen by permutation).
            alpha = (y_a / n_a + y_b / n_b) / 2 * _BALANCED_AMOUNT * max(n_a, n_b)
        elif prior == "corpus":
            alpha = (y_a + y_b).astype(float)
        else:
            raise ParameterError(msg.format(repr(prior)))
    elif isinstance(prior, (int, float, np.number)) and not isinstance(prior, bool):
        if prior <= 0:
            raise ParameterError(f"a uniform prior must be positive; got {prior!r}.")
        alpha = np.full(len(vocab), float(prior))
    elif isinstance(prior, (Mapping, pd.Series)):
        s = pd.Series(prior, dtype=float)
        alpha = s.reindex(vocab).fillna(0).to_numpy()
        # A term absent from the background would get alpha = 0 and an infinite
        # log-odds; the smallest positive background count stands in for it.
        floor = s[s > 0].min() if (s > 0).any() else 1.0
        alpha = np.where(alpha > 0, alpha, floor)
    else:
        raise ParameterError(msg.format(type(prior).__name__))
    return alpha * float(prior_scale)


def _check_vectorizer_args(ngram_range, stop_words) -> None:
    """Reject CountVectorizer arguments that would otherwise surface as "no terms left"."""
    ok = (
        isinstance(ngram_range, (tuple, list))
        and len(ngram_range) == 2
        and all(isinstance(n, (int, np.integer)) and not isinstance(n, bool) for n in ngram_range)
        and 1 <= ngram_range[0] <= ngram_range[1]
    )
    if not ok:
        raise ParameterError(
            f"ngram_range must be (min_n, max_n) with 1 <= min_n <= max_n, e.g. (1, 2); got {ngram_range!r}."
        )
    if isinstance(stop_words, str) and stop_words != "english":
        raise ParameterError(
            f"stop_words must be 'english', a list of words or None; got {stop_words!r}. For another "
            "language pass its stop words as a list."
        )


def log_odds_dirichlet(y_a, y_b, alpha) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Log-odds ratio with an informative Dirichlet prior, its variance and z-score.

    Parameters
    ----------
    y_a, y_b : array-like of shape (n_terms,)
        Term counts in group a and group b.
    alpha : array-like of shape (n_terms,)
        Dirichlet prior pseudo-counts (all > 0).

    Returns
    -------
    delta, variance, z : ndarray
        ``delta = log((y_a + a) / (n_a + a0 - y_a - a)) - log((y_b + a) / (n_b + a0 - y_b - a))``,
        ``variance = 1 / (y_a + a) + 1 / (y_b + a)``, ``z = delta / sqrt(variance)``;
        positive = more typical of group a.

    References
    ----------
    Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin' words: lexical
    feature selection and evaluation for identifying the content of political
    conflict. Political Analysis 16(4), 372-403 (eqs. 16, 18-22).
    """
    y_a, y_b, alpha = (np.asarray(v, dtype=float) for v in (y_a, y_b, alpha))
    n_a, n_b, a0 = y_a.sum(), y_b.sum(), alpha.sum()
    delta = np.log((y_a + alpha) / (n_a + a0 - y_a - alpha)) - np.log(
        (y_b + alpha) / (n_b + a0 - y_b - alpha)
    )
    var = 1.0 / (y_a + alpha) + 1.0 / (y_b + alpha)
    return delta, var, delta / np.sqrt(var)


def _by_document(X, rows: np.ndarray, docs: np.ndarray):
    """Sum the sentence rows ``rows`` of ``X`` into one row per document."""
    codes, _ = pd.factorize(docs[rows])
    n = int(codes.max()) + 1 if len(codes) else 0
    ind = sparse.csr_matrix((np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(n, len(codes)))
    return (ind @ X[rows]).tocsr()


def _bootstrap_log_odds(D_a, D_b, alpha: np.ndarray, sel: np.ndarray, n_boot: int, ci: float, rng):
    """Percentile interval of the log-odds of the terms ``sel`` when each side's documents are resampled."""
    a0, al = alpha.sum(), alpha[sel]
    deltas = []
    for D in (D_a, D_b):
        y, n = resample_sums([D[:, sel], np.asarray(D.sum(axis=1))], n_boot, rng)
        deltas.append(np.log((y + al) / (n + a0 - y - al)))
    lo_q = (1 - ci) / 2
    return np.quantile(deltas[0] - deltas[1], [lo_q, 1 - lo_q], axis=0)


def _size_caveats(sides, size: np.ndarray, n_docs: np.ndarray, by: str) -> list[str]:
    """Warn when the sides differ more than threefold in size or in words per document."""
    caveats = []
    per_doc = size / np.maximum(n_docs, 1)
    for name, values, what in (("size", size, "terms"), ("genre", per_doc, "terms per document")):
        hi, lo = int(np.argmax(values)), int(np.argmin(values))
        if values[lo] > 0 and values[hi] / values[lo] > _IMBALANCE:
            note = (
                f"{by} {sides[hi]!r} has {values[hi] / values[lo]:.0f}x the {what} of {sides[lo]!r} "
                f"({values[hi]:,.0f} vs {values[lo]:,.0f})"
            )
            note += (
                ": the smaller side's words are easier to detect, so read both sides' lists, not the count."
                if name == "size"
                else ": different genres (e.g. headlines vs full texts), so words reflect genre as much "
                "as framing: compare like with like when that matters."
            )
            caveats.append(note)
            warnings.warn(note, FramingWarning, stacklevel=3)
    return caveats


@fill_doc
def distinctive_terms(
    sentences: pd.DataFrame,
    labels=None,
    *,
    by: str = "side",
    sides: Sequence[str] | None = None,
    ngram_range: tuple[int, int] = (1, 2),
    prior="balanced",
    prior_scale: float = 1.0,
    min_count: int = 3,
    min_docs: int = 2,
    stop_words: str | list[str] | None = "english",
    language: str | None = None,
    n_boot: int = 0,
    ci: float = 0.95,
    text_col: str = "text",
    doc_col: str = "doc_id",
    random_state: int | None = 0,
) -> pd.DataFrame:
    """Terms each side uses distinctively more, overall or within each cluster.

    Parameters
    ----------
    sentences : pandas.DataFrame
        One row per sentence with ``text_col`` and the ``by`` column.
    labels : array-like of int, shape (n_sentences,), optional
        Cluster of each sentence (``SentenceClusterer.labels_``): compare sides
        inside each cluster, i.e. how they word the same theme. None = the
        whole corpus.
    {doc.by}
    {doc.sides}
        With more than two: every pair and each side against the rest (pooled
        counts of the others).
    ngram_range : tuple of int, default (1, 2)
        N-gram sizes; ``(1, 2)`` = words and bigrams.
    prior : "balanced", "corpus", float or mapping, default "balanced"
        Dirichlet prior. ``"balanced"`` (the default; works at any size ratio):
        shaped like the mean of the two sides' relative frequencies, so the
        larger side does not set it, with ``alpha0`` = 4 x the larger side's
        term count (the amount at which shuffled side labels find almost no
        terms; see Notes). ``"corpus"``: the pooled counts (``alpha0`` = the
        compared text), Monroe et al.'s informative prior; fine for sides of
        similar size, but at 10:1 it is shaped like the larger side and no term
        of the larger side can pass. A number: the same pseudo-count for every
        term. A mapping / Series term -> count: a background corpus.
    prior_scale : float, default 1.0
        Multiplies the prior: below 1 shrinks less, above 1 more.
    min_count : int, default 3
        Report only terms seen at least this many times in the compared text of a scope.
    min_docs : int, default 2
        ... and in at least this many documents (``doc_col``), so a word repeated
        inside one article cannot pass.
    stop_words : str, list or None, default "english"
        Passed to CountVectorizer; ``None`` keeps function words (as Monroe et
        al. do), ``"english"`` (scikit-learn's list and the weekday names,
        :data:`WEEKDAYS`: a lead's "on Friday" is genre, not framing) makes the
        figures easier to read. For sentences in Urdu or Hindi, ``"english"``
        (the name of the built-in lists) selects that language's own list
        (:func:`framing.corpus.languages.stop_words`); a list is used in every language.
    language : {"en", "ur", "hi"} or None, default None
        The language of every sentence. None: each sentence's value in the
        ``language`` column when the table has one (from
        ``clean_corpus(languages=...)``; empty = English), else English. Terms are cut and
        counted within each language, with its own words
        (:func:`framing.corpus.languages.tokenize`) and stop words: no log-odds ever
        mixes two languages (nothing is translated), so a language written by
        only one side gives no terms, and a warning says so.
    n_boot : int, default 0
        Document-bootstrap resamples for an interval of each term's log-odds
        (``ci_low``, ``ci_high``): documents of each side are resampled, so
        words that cluster in a few articles get wide intervals, which the
        token-level ``z`` ignores. 0 = no interval (NaN). Use 1000 or more for a
        term a claim rests on.
    ci : float, default 0.95
        Level of that interval.
    text_col : str, default "text"
        Column holding the sentence text.
    doc_col : str, default "doc_id"
        Column identifying documents; without it every row is its own document.
    {doc.random_state}

    Returns
    -------
    pandas.DataFrame
        One row per (cluster, comparison, term): ``side_a``, ``side_b``,
        ``cluster`` (``<NA>`` when ``labels`` is None), ``term``, ``count_a``,
        ``count_b``, ``count`` (both), ``docs_a``, ``docs_b`` (documents using
        the term), ``freq_a``, ``freq_b`` (per 1,000 terms of each group),
        ``log_odds``, ``se``, ``z``, ``ci_low``, ``ci_high``. Positive z = more
        typical of ``side_a``; ``|z| > 1.96`` is the usual threshold (not corrected
        for the many terms tested: read it as a ranking). When any sentence
        is in Urdu or Hindi, a ``language`` column after ``cluster``, and the
        table is sorted by language first (an English corpus's table is as it was). Sorted by cluster,
        comparison and descending z. The settings are repeated on every row:
        ``prior``, ``prior_scale`` and ``caveats`` (size and genre warnings,
        drawn on the fightin'-words figure, joined by ``"; "``, :data:`CAVEAT_SEP`;
        empty when there are none).

    Warns
    -----
    FramingWarning
        When the sides differ more than threefold in size (terms) or in terms
        per document (headlines against full texts).

    Notes
    -----
    Some asymmetry is inherent: a word the smaller side never uses is only
    detectable once it would have been expected there, so the larger side
    has fewer distinctive terms. With ``prior="corpus"`` at 10:1 it has none.
    The balanced prior's amount was chosen by measurement on real coverage at
    10:1 documents (``benchmarks/terms_imbalance.py``): with the side labels
    shuffled across documents it finds 0-1 terms where 1x the larger side
    finds ~90. ``z`` treats tokens as independent; ``docs_a``/``docs_b`` and
    the bootstrap interval show when a term rests on a few articles.

    References
    ----------
    Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin' words: lexical
    feature selection and evaluation for identifying the content of political
    conflict. Political Analysis 16(4), 372-403 (alpha0 is a chosen amount of shrinkage).
    Field, C. A. & Welsh, A. H. (2007). Bootstrapping clustered data. J. R. Stat. Soc. B 69, 369-390.
    """
    groups, sides = check_sides(sentences, by, sides, min_groups=2)
    texts = check_column(sentences, text_col, param="text_col")
    if pd.api.types.is_numeric_dtype(texts) and len(texts):
        raise ParameterError(
            f"sentences column {text_col!r} holds numbers, not text; pass text_col= the column with the "
            "sentence text (framing.split_sentences writes it to 'text')."
        )
    texts = texts.astype("string").fillna("")
    min_count, min_docs = check_int(min_count, "min_count"), check_int(min_docs, "min_docs")
    n_boot = check_int(n_boot, "n_boot", minimum=0)
    ci = check_number(ci, "ci", low=0, high=1, inclusive=False, hint=" (e.g. 0.95)")
    prior_scale = check_number(prior_scale, "prior_scale", low=0, high=float("inf"), inclusive=False)
    _check_vectorizer_args(ngram_range, stop_words)
    if labels is not None:
        labels = check_labels(labels, len(sentences))
    if doc_col in sentences.columns:
        all_docs = sentences[doc_col].astype("string").fillna("<missing doc_id>").to_numpy(dtype=object)
    else:
        all_docs = np.arange(len(sentences))
    in_sides = groups.isin(sides).fillna(False).to_numpy(dtype=bool)
    per_language = _sentence_languages(sentences, language)
    settings = {"prior": prior, "prior_scale": prior_scale, "min_count": min_count, "min_docs": min_docs}
    options = {"ngram_range": ngram_range, "stop_words": stop_words, "n_boot": n_boot, "ci": ci}
    rng = np.random.default_rng(random_state)
    if per_language is None:
        frames, caveats = _terms_in(
            texts, groups, all_docs, labels, in_sides, sides, by, "en", rng, options, settings
        )
        return _finish_terms(frames, sides, prior, prior_scale, caveats)
    frames, caveats = [], []
    for lang in sorted(per_language.dropna().unique()):
        keep = in_sides & (per_language == lang).fillna(False).to_numpy(dtype=bool)
        present = [side for side in sides if (groups[keep] == side).any()]
        if len(present) < 2:
            note = (
                f"language {lang!r} is written by {' and '.join(map(repr, present)) or 'no side'} only: its "
                "terms are not compared (terms are compared within one language, nothing is translated)."
            )
            warnings.warn(note, FramingWarning, stacklevel=2)
            caveats.append(note)
            continue
        part, notes = _terms_in(
            texts, groups, all_docs, labels, keep, present, by, lang, rng, options, settings
        )
        frames += [f.assign(language=lang) for f in part]
        caveats += [f"{lang}: {n}" for n in notes]
    return _finish_terms(frames, sides, prior, prior_scale, caveats, language=True)


def _sentence_languages(sentences: pd.DataFrame, language) -> pd.Series | None:
    """The language of each sentence, or None when every sentence is English (the table has no language)."""
    if language is not None:
        if check_language(language) == "en":
            return None
        return pd.Series(language, index=sentences.index, dtype="string")
    if "language" not in sentences.columns:
        return None
    # A sentence without a language is read as English, as split_sentences splits it.
    values = sentences["language"].astype("string").str.strip().str.lower().fillna("en")
    if (values == "en").all():
        return None
    unknown = sorted(set(values.dropna()) - set(LANGUAGES))
    if unknown:
        raise ParameterError(
            f"sentences column 'language' holds {unknown}; terms are cut and counted in {list(LANGUAGES)} only. "
            "Keep those sentences out (clean_corpus(languages=...) sets other languages aside) or pass language=."
        )
    return values.reset_index(drop=True).set_axis(sentences.index)


def _terms_in(texts, groups, all_docs, labels, keep, sides, by, language, rng, options, settings):
    """Log-odds tables of every comparison and scope among the rows ``keep``, in one language."""
    stop_words = options["stop_words"]
    if language == "en" and isinstance(stop_words, str):  # "english": the only name allowed
        stop_words = sorted(ENGLISH_STOP_WORDS | WEEKDAYS)
    vec = CountVectorizer(ngram_range=options["ngram_range"], **vectorizer_options(language, stop_words))
    try:
        X = vec.fit_transform(texts[keep].tolist()).tocsr()
    except ValueError:
        raise ParameterError(
            f"no terms left to compare in {language!r} after removing stop words; pass stop_words=None or "
            "more text."
        ) from None
    vocab = vec.get_feature_names_out()
    g = np.array([sides.index(s) for s in groups[keep]])
    docs = all_docs[keep]
    n_boot, ci = options["n_boot"], options["ci"]
    scopes = [(pd.NA, np.ones(keep.sum(), dtype=bool))]
    if labels is not None:
        w = labels[keep]
        scopes = [(int(c), w == c) for c in np.unique(w)]
    per_side = [_by_document(X, np.flatnonzero(g == i), docs) for i in range(len(sides))]
    sizes = np.array([d.sum() for d in per_side], dtype=float)
    caveats = _size_caveats(sides, sizes, np.array([d.shape[0] for d in per_side]), by)
    frames = []
    for cluster, in_scope in scopes:
        D = [_by_document(X, np.flatnonzero(in_scope & (g == i)), docs) for i in range(len(sides))]
        for a, b in comparisons(sides):
            ia = sides.index(a)
            rest = [i for i in range(len(sides)) if i != ia] if b == REST else [sides.index(b)]
            D_b = sparse.vstack([D[i] for i in rest]).tocsr()
            table = _compare_terms(D[ia], D_b, vocab, n_boot, ci, rng, **settings)
            if table is not None:
                frames.append(table.assign(side_a=a, side_b=b, cluster=cluster))
    return frames, caveats


def _compare_terms(D_a, D_b, vocab, n_boot, ci, rng, *, prior, prior_scale, min_count, min_docs):
    """Log-odds table of one comparison in one scope, from per-document term counts of each side."""
    y_a, y_b = np.asarray(D_a.sum(axis=0)).ravel(), np.asarray(D_b.sum(axis=0)).ravel()
    docs_a, docs_b = np.diff(D_a.tocsc().indptr), np.diff(D_b.tocsc().indptr)
    pooled = y_a + y_b
    present = (pooled >= min_count) & (docs_a + docs_b >= min_docs)
    if not present.any() or y_a.sum() == 0 or y_b.sum() == 0:
        return None
    alpha = _prior_vector(prior, vocab, y_a, y_b, prior_scale)
    # The estimator is computed on the full vocabulary of the scope (n and a0 include rare
    # terms); min_count and min_docs only filter what is reported.
    ok = alpha > 0
    sel = ok & present
    delta, var, z = log_odds_dirichlet(y_a[ok], y_b[ok], alpha[ok])
    keep = present[ok]
    low = high = np.full(int(sel.sum()), np.nan)
    if n_boot > 0:
        alpha_ok = np.where(ok, alpha, 0.0)
        low, high = _bootstrap_log_odds(D_a, D_b, alpha_ok, sel, n_boot, ci, rng)
    return pd.DataFrame(
        {
            "term": vocab[sel],
            "count_a": y_a[sel].astype(int),
            "count_b": y_b[sel].astype(int),
            "count": pooled[sel].astype(int),
            "docs_a": docs_a[sel].astype(int),
            "docs_b": docs_b[sel].astype(int),
            "freq_a": 1000 * y_a[sel] / y_a.sum(),
            "freq_b": 1000 * y_b[sel] / y_b.sum(),
            "log_odds": delta[keep],
            "se": np.sqrt(var[keep]),
            "z": z[keep],
            "ci_low": low,
            "ci_high": high,
        }
    )


_TERM_COLUMNS = [
    "side_a", "side_b", "cluster", "term", "count_a", "count_b", "count", "docs_a", "docs_b",
    "freq_a", "freq_b", "log_odds", "se", "z", "ci_low", "ci_high",
]  # fmt: skip


def _finish_terms(frames, sides, prior, prior_scale, caveats, *, language=False) -> pd.DataFrame:
    """Concatenate, type and sort the per-comparison tables; the settings become columns."""
    columns = _TERM_COLUMNS[:3] + ["language"] + _TERM_COLUMNS[3:] if language else _TERM_COLUMNS
    first = ["language"] if language else []
    if not frames:
        out = pd.DataFrame(columns=columns)
    else:
        out = pd.concat(frames, ignore_index=True)[columns]
        out["cluster"] = out["cluster"].astype("Int64")
        for c in ("side_a", "side_b", "term", *first):
            out[c] = out[c].astype("string")
        order = {pair: i for i, pair in enumerate(comparisons(sides))}
        out["_o"] = [order[(a, b)] for a, b in zip(out["side_a"], out["side_b"])]
        out = out.sort_values(
            [*first, "cluster", "_o", "z", "term"],
            ascending=[*([True] * len(first)), True, True, False, True],
            kind="mergesort",
        )
        out = out.drop(columns="_o").reset_index(drop=True)
    # Repeated on every row (pandas operations drop DataFrame.attrs); caveats "; "-joined.
    return out.assign(
        prior=prior if isinstance(prior, (str, int, float)) else "background",
        prior_scale=prior_scale,
        caveats=CAVEAT_SEP.join(caveats),
    )


__all__ = [
    "REST",
    "compare_shares",
    "distinctive_terms",
    "log_odds_dirichlet",
    "main_pair",
    "select_comparison",
]
