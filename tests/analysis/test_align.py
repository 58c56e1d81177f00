"""Tests for framing.align: planted facts with the real model, blockwise == all-at-once, errors."""

from __future__ import annotations

import inspect
import json
import tracemalloc

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from framing.analysis.align import (
    AlignmentResult,
    align,
    nearest_across,
    omission_rates,
    omission_rates_at_equal_size,
)
from framing.errors import ParameterError
from tests.conftest import SCO_PAIRED, shared

# Two sides reporting one meeting: two facts both state (meeting place, unsigned
# statement), one fact each states alone (Pahalgam / Israel-Iran), plus filler.
INDIA = [
    ("in1", "The defence ministers of the SCO member states met in Qingdao on 26 June."),
    ("in1", "India refused to sign the joint statement at the end of the meeting."),
    ("in1", "The Pahalgam attack killed 26 tourists in Kashmir in April."),
    ("in2", "Rajnath Singh urged members to act against those who sponsor terrorism."),
    ("in2", "He said double standards on terrorism must end."),
    ("in2", "India's economy grew faster than expected last quarter."),
    ("in3", "Singh also held talks with the Russian defence minister on aircraft supplies."),
    ("in3", "The minister returned to Delhi on Friday evening."),
]
PAKISTAN = [
    ("pk1", "Defence ministers from the SCO countries gathered in the Chinese city of Qingdao on 26 June."),
    ("pk1", "The joint statement was not signed because India objected to it."),
    ("pk1", "Pakistan condemned Israel's military strikes on Iran."),
    ("pk2", "Khawaja Asif said Pakistan had made great sacrifices in the fight against terrorism."),
    ("pk2", "He called India isolated within the organisation."),
    ("pk2", "Cricket fans celebrated the national team's victory in Lahore."),
    ("pk3", "Asif met the Chinese defence minister to discuss military cooperation."),
    ("pk3", "Heavy monsoon rains are expected in Punjab next week."),
]


def _table(india, pakistan):
    rows = [
        {"doc_id": d, "sent_idx": i, "text": t, "side": "India", "source": "in_src"}
        for i, (d, t) in enumerate(india)
    ]
    rows += [
        {"doc_id": d, "sent_idx": i, "text": t, "side": "Pakistan", "source": "pk_src"}
        for i, (d, t) in enumerate(pakistan)
    ]
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def embedder(session_cache):
    from framing import Embedder

    return Embedder(cache_dir=session_cache)


@pytest.fixture(scope="module")
def planted(embedder):
    s = _table(INDIA, PAKISTAN)
    return s, embedder.encode(s["text"].tolist())


def _random_corpus(n=60, dim=12, n_sides=2, seed=1):
    rng = np.random.default_rng(seed)
    v = rng.standard_normal((n, dim)).astype(np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    sides = np.array(["A", "B", "C"][:n_sides])[np.arange(n) % n_sides]
    s = pd.DataFrame(
        {
            "doc_id": [f"{sides[i]}{i // 6}" for i in range(n)],
            "sent_idx": np.arange(n) % 6,
            "text": [f"sentence {i}" for i in range(n)],
            "side": sides,
            "source": [f"src_{x}" for x in sides],
        }
    )
    return s, v


# ----------------------------------------------------------------- planted facts


@pytest.mark.slow
def test_shared_facts_are_matched(planted):
    s, v = planted
    res = align(s, v)
    pairs = set(zip(res.matches["row_a"], res.matches["row_b"]))
    assert (0, 8) in pairs, "the meeting in Qingdao is stated on both sides"
    assert (1, 9) in pairs, "the unsigned joint statement is stated on both sides"
    m = res.matches.set_index("row_a").loc[0]
    assert m["text_b"].startswith("Defence ministers from the SCO")
    assert m["source_a"] == "in_src" and m["source_b"] == "pk_src"
    assert m["similarity"] >= res.threshold


@pytest.mark.slow
def test_one_sided_facts_are_omissions(planted):
    s, v = planted
    res = align(s, v, labels=np.arange(len(s)) % 3)
    om = res.omissions
    pahalgam = om[(om["row"] == 2)]
    assert list(pahalgam["side"]) == ["India"] and list(pahalgam["other"]) == ["Pakistan"]
    iran = om[(om["row"] == 10)]
    assert list(iran["other"]) == ["India"]
    # the best failed match is reported with its text and falls below the threshold
    assert (om["similarity"] < res.threshold).all()
    assert iran["match_text"].iloc[0] == s["text"].iloc[iran["match_row"].iloc[0]]
    assert "cluster" in om.columns
    # shared facts are not omissions
    assert not om["row"].isin([0, 1, 8, 9]).any()


@pytest.mark.slow
def test_threshold_is_calibrated_and_reported(planted):
    s, v = planted
    res = align(s, v, baseline_quantile=0.9)
    sims = (v[:8] @ v[8:].T).ravel()
    assert res.threshold == pytest.approx(np.quantile(sims, 0.9), abs=1e-6)
    assert "90% quantile" in res.threshold_method and "all pairs" in res.threshold_method
    assert bool(res.baseline["exhaustive"].iloc[0])
    fixed = align(s, v, threshold=0.99)
    assert fixed.threshold == 0.99 and "given" in fixed.threshold_method
    assert fixed.matches.empty
    # with an impossible threshold every sentence is an omission w.r.t. the other side
    assert len(fixed.omissions) == len(s)


# --------------------------------------------------------- blockwise == all at once


def _naive(a, b):
    s = a @ b.T
    return s.argmax(1), s.max(1), s.argmax(0), s.max(0)


@pytest.mark.parametrize("block_size", [1, 2, 5, 7, 16, 1000])
def test_nearest_across_blockwise_equals_full(block_size):
    rng = np.random.default_rng(0)
    a = rng.standard_normal((23, 8)).astype(np.float32)
    b = rng.standard_normal((31, 8)).astype(np.float32)
    a /= np.linalg.norm(a, axis=1, keepdims=True)
    b /= np.linalg.norm(b, axis=1, keepdims=True)
    got = nearest_across(a, b, block_size=block_size)
    exp = _naive(a, b)
    np.testing.assert_array_equal(got[0], exp[0])
    np.testing.assert_array_equal(got[2], exp[2])
    np.testing.assert_allclose(got[1], exp[1], rtol=1e-5)
    np.testing.assert_allclose(got[3], exp[3], rtol=1e-5)


def test_nearest_across_ties_go_to_lowest_index_in_every_block_size():
    a = np.array([[1.0, 0.0]], dtype=np.float32)
    b = np.array([[0.0, 1.0], [1.0, 0.0], [0.0, 1.0], [1.0, 0.0]], dtype=np.float32)
    for bs in (1, 2, 3, 4):
        best_ab, _, best_ba, _ = nearest_across(a, b, block_size=bs)
        assert best_ab[0] == 1
        assert best_ba.tolist() == [0, 0, 0, 0]


def test_nearest_across_row_selection_equals_slicing():
    rng = np.random.default_rng(3)
    v = rng.standard_normal((40, 6)).astype(np.float32)
    ra, rb = np.arange(0, 40, 2), np.arange(1, 40, 2)
    for got, exp in zip(
        nearest_across(v, v, block_size=3, rows_a=ra, rows_b=rb), nearest_across(v[ra], v[rb], block_size=3)
    ):
        np.testing.assert_array_equal(got, exp)


@pytest.mark.parametrize("n_sides", [2, 3])
def test_align_tables_do_not_depend_on_block_size(n_sides):
    s, v = _random_corpus(n=61, n_sides=n_sides)
    labels = np.arange(61) % 4
    ref = align(s, v, block_size=10_000, labels=labels)
    for bs in (1, 3, 8, 50):
        got = align(s, v, block_size=bs, labels=labels)
        assert got.threshold == ref.threshold
        pd.testing.assert_frame_equal(got.matches, ref.matches, check_exact=False, rtol=1e-5)
        pd.testing.assert_frame_equal(got.omissions, ref.omissions, check_exact=False, rtol=1e-5)
        pd.testing.assert_frame_equal(got.nearest, ref.nearest, check_exact=False, rtol=1e-5)


def test_matches_are_mutual_nearest_neighbours_above_threshold():
    s, v = _random_corpus(n=80)
    res = align(s, v, threshold=0.2)
    a, b = np.flatnonzero(s["side"] == "A"), np.flatnonzero(s["side"] == "B")
    sim = v[a] @ v[b].T
    expected = {
        (a[i], b[j]) for i, j in enumerate(sim.argmax(1)) if sim[:, j].argmax() == i and sim[i, j] >= 0.2
    }
    assert set(zip(res.matches["row_a"], res.matches["row_b"])) == expected
    assert res.matches["similarity"].is_monotonic_decreasing
    # omissions are exactly the rows whose best match is below the threshold
    om_a = set(res.omissions.loc[res.omissions["side"] == "A", "row"])
    assert om_a == {a[i] for i in np.flatnonzero(sim.max(1) < 0.2)}


def test_three_sides_align_every_pair():
    s, v = _random_corpus(n=45, n_sides=3)
    res = align(s, v)
    assert res.sides == ["A", "B", "C"]
    assert set(map(tuple, res.nearest[["side", "other"]].drop_duplicates().to_numpy())) == {
        ("A", "B"),
        ("A", "C"),
        ("B", "A"),
        ("B", "C"),
        ("C", "A"),
        ("C", "B"),
    }
    assert len(res.nearest) == 2 * len(s)
    assert set(res.baseline["side_a"] + res.baseline["side_b"]) == {"AB", "AC", "BC"}
    sub = align(s, v, sides=["C", "A"])
    assert set(sub.nearest["side"]) == {"A", "C"}


def test_repr_is_short():
    s, v = _random_corpus()
    text = repr(align(s, v))
    assert "AlignmentResult" in text and "threshold" in text and len(text.splitlines()) == 2


def test_peak_memory_is_bounded_by_the_block_not_the_matrix():
    rng = np.random.default_rng(0)
    v = rng.standard_normal((4000, 16)).astype(np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    ra, rb = np.arange(2000), np.arange(2000, 4000)
    tracemalloc.start()
    nearest_across(v, v, block_size=128, rows_a=ra, rows_b=rb)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    full = 2000 * 2000 * 4  # the whole similarity matrix: 16 MB
    assert peak < full / 8, f"peak {peak} bytes is not far below the {full}-byte matrix"


# ------------------------------------------------------------------ omission rates


def test_omission_rates_counts_and_bootstrap():
    s, v = _random_corpus(n=120)
    labels = np.arange(120) % 3
    res = align(s, v, labels=labels)
    rates = omission_rates(res, n_boot=300)
    assert set(rates.columns) >= {
        "side",
        "other",
        "cluster",
        "n_sentences",
        "n_docs",
        "n_omitted",
        "rate",
        "ci_low",
        "ci_high",
    }
    near = res.nearest
    for _, r in rates.iterrows():
        g = near[
            (near["side"] == r["side"]) & (near["other"] == r["other"]) & (near["cluster"] == r["cluster"])
        ]
        assert r["n_sentences"] == len(g)
        assert r["n_omitted"] == g["omitted"].sum()
        assert r["rate"] == pytest.approx(g["omitted"].mean())
        assert r["n_docs"] == g["doc_id"].nunique()
        assert r["ci_low"] <= r["rate"] + 1e-12 <= r["ci_high"] + 2e-12 or r["ci_low"] == r["ci_high"]
    # labels passed later override; without any labels one overall row per direction
    overall = omission_rates(align(s, v), n_boot=50)
    assert list(overall["cluster"]) == ["all", "all"]
    again = omission_rates(res, labels=np.zeros(120, dtype=int), n_boot=50)
    assert len(again) == 2


def test_omission_rate_ci_resamples_documents_not_sentences():
    # Side A: 4 documents, 2 of which are entirely omitted (12 sentences each):
    # the rate is 0.5, and the doc-level interval is wide; a sentence-level
    # bootstrap over 48 sentences would give a much narrower one.
    a = np.tile(np.array([[1, 0, 0]], dtype=np.float32), (48, 1))
    a[24:] = [0, 1, 0]
    b = np.tile(np.array([[1, 0, 0]], dtype=np.float32), (10, 1))
    b[5:] = [0, 0, 1]
    v = np.vstack([a, b])
    s = pd.DataFrame(
        {
            "doc_id": [f"a{i // 12}" for i in range(48)] + [f"b{i // 5}" for i in range(10)],
            "text": "x",
            "side": ["A"] * 48 + ["B"] * 10,
        }
    )
    res = align(s, v, threshold=0.5)
    r = omission_rates(res, n_boot=2000).set_index(["side", "other"]).loc[("A", "B")]
    assert r["rate"] == pytest.approx(0.5)
    assert r["n_docs"] == 4
    assert r["ci_high"] - r["ci_low"] > 0.6


def test_omission_rates_default_resamples_like_the_rest_of_the_package():
    assert inspect.signature(omission_rates).parameters["n_boot"].default == 2000
    assert inspect.signature(omission_rates_at_equal_size).parameters["n_boot"].default == 2000


# --------------------------------------------------------- omission rates at equal size


def _same_content_at_ten_to_one(seed=0, n_docs_a=30, per_doc=2, dim=32):
    """Both sides drawn from one distribution (uniform unit vectors), side B ten times side A.

    For two independent uniform unit vectors in ``dim`` dimensions, ``(1 + cos) / 2`` follows
    Beta((dim - 1) / 2, (dim - 1) / 2), so P(cos < t) = q is known exactly. A sentence is omitted
    against n others when all n fall below t: probability q ** n. The threshold is set so that
    q ** n_a = 1/2: against a side of A's size (60 sentences) half the sentences are omitted, in
    either direction; against all of B (600) only 0.5 ** 10 ~ 0.001 are.
    """
    rng = np.random.default_rng(seed)
    n_a = n_docs_a * per_doc
    n_b = 10 * n_a
    v = rng.standard_normal((n_a + n_b, dim)).astype(np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    s = pd.DataFrame(
        {
            "doc_id": [f"a{i // per_doc}" for i in range(n_a)] + [f"b{i // per_doc}" for i in range(n_b)],
            "text": "x",
            "side": ["A"] * n_a + ["B"] * n_b,
        }
    )
    k = (dim - 1) / 2
    threshold = 2 * stats.beta.ppf(0.5 ** (1 / n_a), k, k) - 1
    return s, v, threshold


def test_equal_size_rates_agree_by_direction_where_full_size_rates_do_not():
    s, v, threshold = _same_content_at_ten_to_one()
    res = align(s, v, threshold=threshold)
    r = omission_rates_at_equal_size(res, v).set_index(["side", "other"])
    ab, ba = r.loc[("A", "B")], r.loc[("B", "A")]
    # Full size: 0.001 against the tenfold side, 0.5 the other way.
    assert ab["rate_full"] < 0.05 and abs(ba["rate_full"] - 0.5) < 0.1
    # Equal size: both directions estimate q ** 60 = 0.5. Bound: A's rate is a mean over 60
    # sentences of each one's omission share over the draws; with K ~ Poisson(600 (1 - q) = 6.9)
    # sentences of B above the threshold, a draw of a tenth of B misses all of them with probability
    # 0.9 ** K, whose variance is exp(-6.9 * 0.19) - exp(-6.9 * 0.2) = 0.02, so its SD is
    # sqrt(0.02 / 60) = 0.018; B's rate is a mean of 600 indicators, SD <= sqrt(0.25 / 600) = 0.02.
    # The difference has SD ~ 0.027: 0.1 is over 3.5 SD, and 5 times smaller than the full-size gap.
    assert abs(ab["rate"] - ba["rate"]) < 0.1
    assert abs(ab["rate"] - 0.5) < 0.1 and abs(ba["rate"] - 0.5) < 0.1
    assert ab["n_other"] == 60 and ab["n_other_full"] == 600 and ba["n_other"] == 60
    assert ab["ci_low"] <= ab["rate"] <= ab["ci_high"] and ab["sd_repeats"] > 0
    # The direction whose other side is the smaller one is unchanged, and labelled as such.
    assert ba["rate"] == ba["rate_full"] and ba["ci_low"] == ba["ci_low_full"] and ba["sd_repeats"] == 0
    assert (r["threshold"] == res.threshold).all() and (r["n_repeats"] == 20).all() and not r.attrs


def test_equal_size_rates_by_cluster_and_whole_documents():
    s, v, threshold = _same_content_at_ten_to_one(n_docs_a=20, per_doc=3)
    labels = np.arange(len(s)) % 2
    res = align(s, v, threshold=threshold, labels=labels)
    r = omission_rates_at_equal_size(res, v, n_repeats=3, n_boot=200)
    assert sorted(r["cluster"].unique()) == [0, 1] and len(r) == 4
    full = omission_rates(res, n_boot=200).set_index(["side", "other", "cluster"])
    for _, row in r.iterrows():
        assert row["n_sentences"] == full.loc[(row["side"], row["other"], row["cluster"]), "n_sentences"]
    # B's documents hold 3 sentences: a subsample of whole documents closest to A's 60 sentences is 60.
    assert (r.loc[r["side"] == "A", "n_other"] == 60).all()


def test_equal_size_rates_are_seeded():
    s, v, threshold = _same_content_at_ten_to_one(n_docs_a=10)
    res = align(s, v, threshold=threshold)
    first = omission_rates_at_equal_size(res, v, n_repeats=5, n_boot=200, random_state=3)
    again = omission_rates_at_equal_size(res, v, n_repeats=5, n_boot=200, random_state=3)
    pd.testing.assert_frame_equal(first, again)
    fresh = omission_rates_at_equal_size(res, v, n_repeats=5, n_boot=200, random_state=None)
    assert fresh[["rate", "ci_low", "ci_high"]].notna().all().all()
    other = omission_rates_at_equal_size(res, v, n_repeats=5, n_boot=200, random_state=4)
    assert not np.allclose(first["ci_low"], other["ci_low"])


def test_equal_size_rates_bad_input():
    s, v, threshold = _same_content_at_ten_to_one(n_docs_a=5)
    res = align(s, v, threshold=threshold)
    with pytest.raises(ParameterError, match="AlignmentResult"):
        omission_rates_at_equal_size(res.nearest, v)
    with pytest.raises(ParameterError, match="vectors has 10 rows but there are 110 sentences"):
        omission_rates_at_equal_size(res, v[:10])
    shuffled = v[np.random.default_rng(1).permutation(len(v))]
    with pytest.raises(ParameterError, match="vectors do not give the similarities align\\(\\) recorded"):
        omission_rates_at_equal_size(res, shuffled)
    with pytest.raises(ParameterError, match="n_repeats must be a whole number >= 1"):
        omission_rates_at_equal_size(res, v, n_repeats=0)


# ------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"by": "country"}, "no column 'country'"),
        ({"sides": ["A", "Z"]}, "not in the data"),
        ({"sides": ["A"]}, "at least 2"),
        ({"threshold": 1.5}, "threshold"),
        ({"baseline_quantile": 1.0}, "baseline_quantile"),
        ({"block_size": 0}, "block_size"),
        ({"block_size": 2.5}, "block_size"),
        ({"n_pairs": 0}, "n_pairs"),
        ({"labels": [0, 1]}, "labels has 2 entries"),
    ],
)
def test_bad_parameters_raise_clear_errors(kwargs, message):
    s, v = _random_corpus()
    with pytest.raises(ParameterError, match=message):
        align(s, v, **kwargs)


def test_bad_vectors_raise():
    s, v = _random_corpus()
    with pytest.raises(ParameterError, match="rows but there are"):
        align(s, v[:-1])
    bad = v.copy()
    bad[3] = np.nan
    with pytest.raises(ParameterError, match="NaN"):
        align(s, bad)
    bad = v.copy()
    bad[3] = 0
    with pytest.raises(ParameterError, match="all-zero"):
        align(s, bad)
    with pytest.raises(ParameterError, match="no column 'doc_id'"):
        align(s.drop(columns="doc_id"), v)


def test_omission_rates_bad_input():
    s, v = _random_corpus()
    res = align(s, v)
    with pytest.raises(ParameterError, match="AlignmentResult"):
        omission_rates(res.nearest)
    with pytest.raises(ParameterError, match="n_boot"):
        omission_rates(res, n_boot=0)
    with pytest.raises(ParameterError, match="ci"):
        omission_rates(res, ci=95)
    with pytest.raises(ParameterError, match="labels has 3 entries"):
        omission_rates(res, labels=[1, 2, 3])


def test_unnormalised_vectors_are_normalised():
    s, v = _random_corpus()
    a = align(s, v)
    b = align(s, v * 3.0)
    assert isinstance(b, AlignmentResult)
    pd.testing.assert_frame_equal(a.matches, b.matches, check_exact=False, rtol=1e-5)


# ------------------------------------------------------------------ real news text


@pytest.mark.slow
def test_real_qingdao_coverage_aligns(embedder):
    path = shared(SCO_PAIRED)
    from framing.corpus.sentences import split_sentences

    docs = pd.DataFrame(
        [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    )
    docs = docs.assign(doc_id=[f"d{i}" for i in range(len(docs))], source=docs["outlet"])
    sents = split_sentences(docs)
    v = embedder.encode(sents["text"].tolist())
    res = align(sents, v)
    assert set(res.sides) == {"India", "Pakistan"}
    assert 0.3 < res.threshold < 0.9
    assert len(res.matches) >= 1
    assert len(res.nearest) == len(sents)
    rates = omission_rates(res, n_boot=200)
    assert ((rates["rate"] >= 0) & (rates["rate"] <= 1)).all()


def test_support_counts_other_documents_of_the_same_side():
    # A theme side A repeats in three documents (rows 0, 2, 4) and a one-off (row 6),
    # both absent from side B.
    e = np.eye(4, dtype=np.float32)
    v = np.vstack([e[0], e[3], e[0], e[3], e[0], e[3], e[1], e[3], e[2], e[3]])
    s = pd.DataFrame(
        {
            "doc_id": ["a1", "a1", "a2", "a2", "a3", "a3", "a4", "a4", "b1", "b2"],
            "text": [f"s{i}" for i in range(10)],
            "side": ["A"] * 8 + ["B"] * 2,
        }
    )
    res = align(s, v, threshold=0.5)
    om = res.omissions.set_index("row")
    assert om.loc[0, "support"] == 2 and om.loc[4, "support"] == 2
    assert om.loc[6, "support"] == 0
    # ordered: the repeated theme before the one-off
    a = res.omissions[res.omissions["side"] == "A"]
    assert list(a["row"]) == [0, 2, 4, 6]
    assert a["support"].is_monotonic_decreasing
    # blockwise support equals the one-block result
    small = align(s, v, threshold=0.5, block_size=1)
    pd.testing.assert_frame_equal(small.omissions, res.omissions)
