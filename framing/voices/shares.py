"""Voices by side: the share of each side's sentences voiced by each speaker category, and its tests.

Adapters over the shares every other chapter uses: ``framing.frames.shares.category_shares`` (the
document-bootstrap intervals per side behind :func:`framing.frame_shares`) and :func:`framing.analysis.compare.compare_shares` (differences between sides with
bootstrap intervals, permutation p-values and Benjamini-Hochberg q-values), with speaker categories in
place of frames or clusters. Nothing here re-implements a share or a bootstrap.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Sequence
from functools import partial

import numpy as np
import pandas as pd

from framing._core.docstrings import fill_doc
from framing._core.validation import check_column, check_labels
from framing.analysis.compare import compare_shares
from framing.errors import FewOutletsWarning, FramingWarning, ParameterError
from framing.frames.shares import category_shares
from framing.voices.attribution import ATTRIBUTE_COLUMNS, SETTINGS_COLUMNS, attribute
from framing.voices.categories import CATEGORIES, NO_SPEAKER

# The pairwise statistics of compare_shares, in its order, after the sides and the category.
# fmt: off
_PAIR_STATS = [
    "share_a", "share_b", "diff", "ci_low", "ci_high", "p_value", "q_value",
    "n_docs_a", "n_docs_b", "n_sent_a", "n_sent_b",
]
# fmt: on


def _voice_labels(attributed: pd.DataFrame, include_unattributed: bool) -> tuple[pd.DataFrame, np.ndarray]:
    for col in ("reported_speech", "speaker_category"):
        check_column(attributed, col, name="sentences (pass framing.attribute(sentences) output)")
    cats = attributed["speaker_category"].astype("string")
    lab = cats.fillna(NO_SPEAKER).to_numpy(dtype=object)
    if include_unattributed:
        return attributed, lab
    keep = cats.notna().to_numpy()
    if not keep.any():
        raise ParameterError("no sentence carries reported speech: there are no voices to compare.")
    return attributed.loc[keep], lab[keep]


def _speaking_sides(sents: pd.DataFrame, by: str, sides, minimum: int) -> list[str] | None:
    """The requested sides that have sentences left; warns about the silent ones."""
    present = set(check_column(sents, by, param="by").astype("string").dropna())
    wanted = list(sides) if sides is not None else sorted(present)
    silent = [s for s in wanted if s not in present]
    if silent:
        warnings.warn(
            f"{by} value(s) {silent} have no sentence with reported speech; they are left out of the voices.",
            FramingWarning,
            stacklevel=3,
        )
    kept = [s for s in wanted if s in present]
    return kept if len(kept) >= minimum else None


def _order(labels) -> list[str]:
    present = set(labels)
    return [c for c in (*CATEGORIES, NO_SPEAKER) if c in present]


@fill_doc
def voice_shares(
    attributed: pd.DataFrame,
    *,
    by: str = "side",
    sides: Sequence[str] | None = None,
    include_unattributed: bool = False,
    n_boot: int = 2000,
    ci: float = 0.95,
    cluster_by: str | None = None,
    random_state: int | None = 0,
) -> pd.DataFrame:
    """Share of each side's sentences voiced by each speaker category, with document-bootstrap CIs.

    Parameters
    ----------
    {doc.attributed}
    {doc.by}
    {doc.sides_shown}
    include_unattributed : bool, default False
        False: shares among the sentences that carry reported speech (whose
        voice, when someone speaks). True: among all sentences, with
        :data:`NO_SPEAKER` as a category (the outlet's own voice).
    {doc.boot_options}

    Returns
    -------
    pandas.DataFrame
        One row per side and category: ``side``, ``voice`` (the speaker
        category), ``n_sentences``, ``n_total``, ``n_docs``, ``share``,
        ``ci_low``, ``ci_high``; categories in :data:`CATEGORIES` order. The run's
        settings repeat on every row: ``ci``, ``n_boot``, ``include_unattributed``,
        and ``cluster_by`` when given.

    References
    ----------
    Efron & Tibshirani (1993); Field & Welsh (2007): documents are resampled,
    as in :func:`framing.frame_shares` (both tables come from the same share computation).
    """
    sents, lab = _voice_labels(attributed, include_unattributed)
    if not include_unattributed:
        sides = _speaking_sides(sents, by, sides, 1)
    settings = {"ci": float(ci), "n_boot": int(n_boot), "include_unattributed": include_unattributed}
    if cluster_by is not None:
        settings["cluster_by"] = cluster_by
    boot = {"n_boot": n_boot, "ci": ci, "cluster_by": cluster_by, "random_state": random_state}
    res = category_shares(sents, lab, order=_order(lab), column="voice", by=by, sides=sides, **boot)
    # The run's settings on every row (pandas drops DataFrame.attrs in many operations).
    return res.assign(**settings)


@fill_doc
def compare_voices(
    attributed: pd.DataFrame,
    *,
    by: str = "side",
    sides: Sequence[str] | None = None,
    labels=None,
    countries=None,
    include_unattributed: bool = False,
    n_boot: int = 2000,
    ci: float = 0.95,
    random_state: int | None = 0,
    **kwargs,
) -> pd.DataFrame:
    """Test which voices each side gives more room: differences of speaker-category shares.

    An adapter over :func:`framing.analysis.compare.compare_shares` with speaker
    categories in place of clusters (as :func:`framing.compare_frames` does
    for frames): shares within each side, bootstrap percentile CIs of the
    difference from resampling documents, permutation p-values from shuffling
    side labels across documents, Benjamini-Hochberg q-values across
    categories.

    Parameters
    ----------
    {doc.attributed}
    {doc.by}
    {doc.sides}
    labels : array-like of int, optional
        Cluster labels row-aligned with ``attributed`` (``SentenceClusterer.labels_``):
        compare voices inside each cluster (which themes each side voices
        through whom). A cluster where one of the sides compared has no reported
        speech is left out.
    countries : mapping value -> country, optional
        Place the speakers again with these documents' countries before
        comparing (:func:`framing.attribute`'s ``countries``, keyed by a value
        of ``by``, ``side`` or ``source``), with the speakers table and rivals
        ``attributed`` was made with: comparing two outlets of one country
        (``by="source"``, ``countries={{"Dawn": "Pakistan", "APP": "Pakistan"}}``)
        keeps "own government" defined. None keeps ``attributed``'s categories.
    include_unattributed : bool, default False
        Count sentences without reported speech as :data:`NO_SPEAKER`.
    {doc.n_boot}
    {doc.ci}
    {doc.random_state}
    **kwargs
        Passed to :func:`~framing.analysis.compare.compare_shares` (``n_perm``, ``weight``,
        ``cluster_by``...). ``cluster_by="source"``: outlet-level intervals and
        the leave-one-outlet-out columns (``loo_low``, ``loo_high``,
        ``one_outlet``, ``carried_by``).

    Returns
    -------
    pandas.DataFrame
        One row per pair of sides and category: ``side_a``, ``side_b``,
        (with ``labels``, ``cluster``), ``voice`` (the speaker category), then
        :func:`~framing.analysis.compare.compare_shares`'s statistics ``share_a``,
        ``share_b``, ``diff``, ``ci_low``, ``ci_high``, ``p_value``,
        ``q_value``, ``n_docs_a``, ``n_docs_b``, ``n_sent_a``, ``n_sent_b``.

    References
    ----------
    Efron & Tibshirani (1993); Good (2005); Benjamini & Hochberg (1995), as in
    :func:`framing.analysis.compare.compare_shares`.
    """
    if labels is not None:
        labels = check_labels(labels, len(attributed), name="labels")
    if countries is not None:
        attributed = _placed_again(attributed, by=by, countries=countries)
    sents, lab = _voice_labels(attributed, include_unattributed)
    order = _order(lab)
    lead = ["side_a", "side_b", *(["cluster"] if labels is not None else []), "voice"]
    if not include_unattributed:
        sides = _speaking_sides(sents, by, sides, 2)
        if sides is None:
            warnings.warn(
                "fewer than two sides report anyone's words: nothing to compare.",
                FramingWarning,
                stacklevel=2,
            )
            return _no_comparison(lead)
    codes = np.array([order.index(x) for x in lab], dtype=int)
    options = {"by": by, "sides": sides, "n_boot": n_boot, "ci": ci, "random_state": random_state}
    run = partial(_compare_codes, order=order, **options, **kwargs)
    if labels is None:
        return _lead_first(run(sents, codes), lead)
    clusters = labels[attributed.index.get_indexer(sents.index)]
    parts = _compare_in_clusters(sents, codes, clusters, run, by=by, sides=sides)
    if not parts:
        return _no_comparison(lead)
    return _lead_first(pd.concat(parts, ignore_index=True), lead)


def _setting(attributed: pd.DataFrame, column: str):
    """A setting :func:`attribute` wrote on every row (a JSON text), or None where there is none."""
    if column not in attributed.columns or not len(attributed) or pd.isna(attributed[column].iloc[0]):
        return None
    return json.loads(attributed[column].iloc[0])


def _placed_again(attributed: pd.DataFrame, *, by: str, countries) -> pd.DataFrame:
    """:func:`attribute` again with these countries and the speakers table and rivals of the first run."""
    drop = [c for c in (*ATTRIBUTE_COLUMNS, *SETTINGS_COLUMNS) if c in attributed.columns]
    return attribute(
        attributed.drop(columns=drop),
        speakers=_setting(attributed, "speakers") or None,
        rivals=_setting(attributed, "rivals"),
        by=by,
        countries=countries,
    )


def _no_comparison(lead: list[str]) -> pd.DataFrame:
    return pd.DataFrame(columns=[*lead, *_PAIR_STATS]).astype(
        {"cluster": "int64"} if "cluster" in lead else {}
    )


def _lead_first(res: pd.DataFrame, lead: list[str]) -> pd.DataFrame:
    return res[[*lead, *(c for c in res.columns if c not in lead)]]


def _compare_codes(sents: pd.DataFrame, codes: np.ndarray, *, order: list[str], **options) -> pd.DataFrame:
    """:func:`~framing.analysis.compare.compare_shares` on category codes, its rows named by side and voice."""
    res = compare_shares(sents, codes, **options)
    res = res.rename(columns={"group_a": "side_a", "group_b": "side_b"})
    res["voice"] = np.asarray(order, dtype=object)[res["cluster"].to_numpy(dtype=int)]
    return res.drop(columns="cluster")


def _compare_in_clusters(sents, codes, clusters, run, *, by: str, sides) -> list[pd.DataFrame]:
    """The comparison inside each cluster where every side compared speaks; warns about thin ones."""
    parts, thin, few_outlets = [], [], []
    for c in np.unique(clusters):
        m = clusters == c
        sub = sents.loc[m]
        present = sub[by].astype("string").dropna().unique()
        wanted = present if sides is None else [s for s in sides if s in set(present)]
        if len(wanted) < 2 or (sides is not None and len(wanted) < len(sides)):
            continue
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            res = run(sub, codes[m])
        # The few-outlets warning is the same in every cluster: said once below, not read as "thin".
        few_outlets += [w for w in caught if issubclass(w.category, FewOutletsWarning)]
        if any(not issubclass(w.category, FewOutletsWarning) for w in caught):
            thin.append(int(c))
        res["cluster"] = int(c)
        parts.append(res)
    if few_outlets:
        warnings.warn(str(few_outlets[0].message), FewOutletsWarning, stacklevel=3)
    if thin:
        warnings.warn(
            f"in cluster(s) {thin} a side has fewer than 5 documents with reported speech; read those "
            "differences as descriptive.",
            FramingWarning,
            stacklevel=3,
        )
    if not parts:
        warnings.warn(
            "no cluster has reported speech from at least two sides; compare voices overall.",
            FramingWarning,
            stacklevel=3,
        )
    return parts
