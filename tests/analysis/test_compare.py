"""Tests for framing.analysis.compare: planted effects, false-positive rate, log-odds by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import framing.analysis.compare
import framing.analysis.pairs
from framing._core.bootstrap import document_units
from framing.analysis.compare import (
    CAVEAT_SEP,
    compare_shares,
    distinctive_terms,
    log_odds_dirichlet,
    main_pair,
    select_comparison,
)
from framing.errors import FramingWarning, ParameterError
from tests.conftest import SCO_PAIRED, SHARED_DATA, shared

DEV_INDIAN = (
    SHARED_DATA / "india_pakistan_2025_dev" / "indian_headlines_pakistan_2025-11-11_to_2026-08-22.csv"
)
DEV_HEADLINES = (
    SHARED_DATA / "india_pakistan_2025_dev" / "dawn_app_india_related_headlines_2025-01-01_to_2025-08-15.csv"
)


def corpus(p_a, p_b, n_docs=40, seed=0, extra_sides=()):
    """Documents of 3-9 sentences; a document 'on theme' puts 80% of its sentences in cluster 0.

    ``p_a`` / ``p_b``: share of side A's / B's documents on the theme.
    """
    rng = np.random.default_rng(seed)
    rows, labels = [], []
    for side, p in [("A", p_a), ("B", p_b), *extra_sides]:
        for d in range(n_docs):
            on = rng.random() < p
            for s in range(rng.integers(3, 10)):
                rows.append((f"{side}{d}", s, side, "wire" if d % 2 else "official"))
                labels.append(0 if (on and rng.random() < 0.8) else int(rng.integers(1, 4)))
    df = pd.DataFrame(rows, columns=["doc_id", "sent_idx", "side", "source_type"])
    df["side"] = df["side"].astype("string")
    return df, np.array(labels)


def test_planted_effect_detected():
    df, labels = corpus(0.6, 0.2)
    res = compare_shares(df, labels, n_boot=1000)
    row = res.query("cluster == 0").iloc[0]
    assert (row.side_a, row.side_b) == ("A", "B")
    assert row["diff"] > 0.15
    assert row.ci_low > 0
    assert row.q_value < 0.05
    assert row.ci_low <= row["diff"] <= row.ci_high
    assert row.n_docs_a == row.n_docs_b == 40
    # shares are within side: each side's shares sum to 1 over clusters
    assert res["share_a"].sum() == pytest.approx(1) and res["share_b"].sum() == pytest.approx(1)


def test_shares_are_within_side_not_volume():
    # side B writes 5x as much, with the same mix: no difference
    df, labels = corpus(0.5, 0.5)
    b = df["side"] == "B"
    big = pd.concat([df[b].assign(doc_id=df.loc[b, "doc_id"] + f"_{i}") for i in range(5)])
    df2 = pd.concat([df[~b], big], ignore_index=True)
    lab2 = np.concatenate([labels[~b.to_numpy()], np.tile(labels[b.to_numpy()], 5)])
    res = compare_shares(df2, lab2, n_boot=200)
    assert res.query("cluster == 0")["share_b"].item() == pytest.approx((labels[b.to_numpy()] == 0).mean())


def test_document_weighting():
    df = pd.DataFrame({"doc_id": ["a1", "a1", "a1", "a2", "b1", "b2"], "side": ["A"] * 4 + ["B"] * 2})
    labels = np.array([0, 0, 0, 1, 0, 1])
    with pytest.warns(UserWarning, match="fewer than"):
        sent = compare_shares(df, labels, n_boot=50, weight="sentence")
    with pytest.warns(UserWarning, match="fewer than"):
        doc = compare_shares(df, labels, n_boot=50, weight="document")
    assert sent.query("cluster == 0")["share_a"].item() == pytest.approx(3 / 4)
    assert doc.query("cluster == 0")["share_a"].item() == pytest.approx((1 + 0) / 2)


def test_false_positive_rate_near_nominal():
    # Same theme mix on both sides: the 95% CI should exclude zero ~5% of the time.
    n = 200
    ci_hits = p_hits = 0
    for seed in range(n):
        df, labels = corpus(0.4, 0.4, seed=seed)
        row = (
            compare_shares(df, labels, n_boot=300, n_perm=300, random_state=seed)
            .query("cluster == 0")
            .iloc[0]
        )
        ci_hits += (row.ci_low > 0) or (row.ci_high < 0)
        p_hits += row.p_value < 0.05
    assert 0.005 <= ci_hits / n <= 0.12
    assert 0.005 <= p_hits / n <= 0.10


def test_more_than_two_sides_pairs_and_rest():
    df, labels = corpus(0.6, 0.2, extra_sides=[("C", 0.2)])
    res = compare_shares(df, labels, n_boot=300)
    pairs = set(zip(res["side_a"], res["side_b"]))
    assert pairs == {("A", "B"), ("A", "C"), ("B", "C"), ("A", "rest"), ("B", "rest"), ("C", "rest")}
    assert len(res) == 6 * 4
    a_rest = res.query("cluster == 0 and side_a == 'A' and side_b == 'rest'").iloc[0]
    b = res.query("cluster == 0 and side_a == 'A' and side_b == 'B'")["share_b"].item()
    c = res.query("cluster == 0 and side_a == 'A' and side_b == 'C'")["share_b"].item()
    assert a_rest.share_b == pytest.approx((b + c) / 2)  # rest = unweighted mean of the others
    assert a_rest.n_docs_b == 80
    assert a_rest.q_value < 0.05
    # choosing sides restricts and orders the comparison
    only = compare_shares(df, labels, sides=["C", "A"], n_boot=100)
    assert set(zip(only["side_a"], only["side_b"])) == {("C", "A")}


def test_other_axis_and_noise_cluster():
    df, labels = corpus(0.5, 0.5)
    labels = labels.copy()
    labels[::7] = -1  # HDBSCAN noise is its own row
    res = compare_shares(df, labels, by="source_type", n_boot=100)
    assert -1 in set(res["cluster"])
    assert set(res["side_a"]) == {"official"}
    # The settings are columns (no DataFrame.attrs); the comparison column is the caller's own.
    assert res["ci"].eq(0.95).all() and res["n_boot"].eq(100).all() and res["weight"].eq("sentence").all()
    assert "by" not in res and "cluster_by" not in res


def test_deterministic():
    df, labels = corpus(0.6, 0.2)
    a = compare_shares(df, labels, n_boot=300, random_state=5)
    b = compare_shares(df, labels, n_boot=300, random_state=5)
    pd.testing.assert_frame_equal(a, b)


@pytest.mark.slow
def test_100k_sentences_give_a_complete_table():
    # Speed is measured by benchmarks/million.py, not asserted here: this checks the result at scale.
    rng = np.random.default_rng(1)
    n = 100_000
    docs = rng.integers(0, 5000, n)
    side = np.array(["P", "I", "C"])[docs % 3]
    df = pd.DataFrame({"doc_id": docs.astype(str), "side": side})
    res = compare_shares(df, rng.integers(0, 12, n), n_boot=2000)
    assert len(res) == 6 * 12
    for _, comparison in res.groupby(["side_a", "side_b"]):
        assert np.isclose(comparison["share_a"].sum(), 1.0) and np.isclose(comparison["share_b"].sum(), 1.0)
    # labels drawn independently of side: almost no difference passes q < .05
    assert (res["q_value"] < 0.05).sum() <= 3


def test_bad_input():
    df, labels = corpus(0.5, 0.5)
    with pytest.raises(ParameterError, match="labels has"):
        compare_shares(df, labels[:-1])
    with pytest.raises(ParameterError, match="no column"):
        compare_shares(df, labels, by="country")
    with pytest.raises(ParameterError, match="not in the data"):
        compare_shares(df, labels, sides=["A", "Z"])
    with pytest.raises(ParameterError, match="weight"):
        compare_shares(df, labels, weight="word")
    with pytest.raises(ParameterError, match="at least 2"):
        compare_shares(df[df.side == "A"], labels[(df.side == "A").to_numpy()])


# -- log-odds -------------------------------------------------------------------

TWO = pd.DataFrame(
    {
        "doc_id": ["a", "b"],
        "side": ["A", "B"],
        "text": ["apple apple apple banana", "apple banana banana banana"],
    }
)


def test_log_odds_uniform_prior_by_hand():
    # y_a = (3, 1), y_b = (1, 3), alpha = (1, 1): n = 4, a0 = 2
    # delta(apple) = log(4 / 2) - log(2 / 4) = 2 log 2; var = 1/4 + 1/2
    res = distinctive_terms(TWO, prior=1.0, min_count=1, ngram_range=(1, 1), stop_words=None)
    apple = res.query("term == 'apple'").iloc[0]
    assert apple.log_odds == pytest.approx(1.3862944)
    assert apple.se == pytest.approx(np.sqrt(0.75))
    assert apple.z == pytest.approx(1.6007538)
    assert res.query("term == 'banana'")["z"].item() == pytest.approx(-1.6007538)
    assert (apple.count_a, apple.count_b, apple["count"]) == (3, 1, 4)
    assert apple.freq_a == pytest.approx(750)


def test_log_odds_corpus_prior_by_hand():
    # informative prior = pooled counts (4, 4), a0 = 8:
    # delta = log(7 / 5) - log(5 / 7); var = 1/7 + 1/5
    res = distinctive_terms(TWO, prior="corpus", min_count=1, ngram_range=(1, 1), stop_words=None)
    apple = res.query("term == 'apple'").iloc[0]
    assert apple.log_odds == pytest.approx(0.6729445)
    assert apple.z == pytest.approx(0.6729445 / np.sqrt(1 / 7 + 1 / 5))
    assert res["term"].iloc[0] == "apple"  # sorted by z, side A's words first


def test_log_odds_balanced_prior_by_hand():
    # balanced prior: shape = mean of relative frequencies (0.5, 0.5), alpha0 = 4 x the larger side (16):
    # alpha = (8, 8); delta = log(11 / 9) - log(9 / 11); var = 1/11 + 1/9
    res = distinctive_terms(TWO, min_count=1, min_docs=1, ngram_range=(1, 1), stop_words=None)
    apple = res.query("term == 'apple'").iloc[0]
    assert apple.log_odds == pytest.approx(2 * np.log(11 / 9))
    assert apple.se == pytest.approx(np.sqrt(1 / 11 + 1 / 9))
    assert (apple.docs_a, apple.docs_b) == (1, 1)
    assert res["prior"].eq("balanced").all() and res["caveats"].eq("").all()


def _imbalanced(n_a, n_b, seed=0):
    """Two sides of n_a and n_b documents sharing a vocabulary; each side has 3 planted words."""
    rng = np.random.default_rng(seed)
    shared_words = [f"w{i}" for i in range(300)]
    weights = 1.0 / np.arange(1, 301)  # Zipf-like shared vocabulary
    weights /= weights.sum()
    rows = []
    for side, n, own in [
        ("A", n_a, ["alphaone", "alphatwo", "alphathree"]),
        ("B", n_b, ["betaone", "betatwo", "betathree"]),
    ]:
        for d in range(n):
            words = list(rng.choice(shared_words, 25, p=weights))
            # a planted word in a third of the side's documents, once each
            words += [w for w in own if rng.random() < 1 / 3]
            rng.shuffle(words)
            rows.append((f"{side}{d}", side, " ".join(words)))
    return pd.DataFrame(rows, columns=["doc_id", "side", "text"])


@pytest.mark.parametrize("n_a, n_b", [(400, 40), (40, 400)])
def test_planted_terms_found_on_both_sides_at_10_to_1(n_a, n_b):
    df = _imbalanced(n_a, n_b)
    with pytest.warns(FramingWarning, match="10x the terms"):
        res = distinctive_terms(df, ngram_range=(1, 1), stop_words=None, n_boot=200)
    passed_a = set(res.loc[res["z"] >= 1.96, "term"])
    passed_b = set(res.loc[res["z"] <= -1.96, "term"])
    assert {"alphaone", "alphatwo", "alphathree"} <= passed_a
    assert {"betaone", "betatwo", "betathree"} <= passed_b
    # the shared vocabulary is not distinctive of either side
    assert (
        len((passed_a | passed_b) - {"alphaone", "alphatwo", "alphathree", "betaone", "betatwo", "betathree"})
        <= 3
    )
    planted = res[res["term"].str.startswith(("alpha", "beta"))]
    assert ((planted["ci_low"] > 0) | (planted["ci_high"] < 0)).all()
    # the pooled-counts prior hides the larger side: the reason the default changed
    with pytest.warns(FramingWarning):
        corpus = distinctive_terms(df, ngram_range=(1, 1), stop_words=None, prior="corpus")
    larger = "alpha" if n_a > n_b else "beta"
    sign = 1 if n_a > n_b else -1
    assert not (corpus.loc[corpus["term"].str.startswith(larger), "z"] * sign >= 1.96).any()


def test_genre_warning():
    df = pd.DataFrame(
        {
            "doc_id": ["a1", "a2", "b1", "b2"],
            "side": ["A", "A", "B", "B"],
            "text": ["short head line"] * 2 + [" ".join(["long full text words here"] * 4)] * 2,
        }
    )
    with pytest.warns(FramingWarning, match="terms per document") as record:
        res = distinctive_terms(df, min_count=1, min_docs=1, stop_words=None)
    assert any("genre" in str(w.message) for w in record)
    caveats = res["caveats"].iloc[0].split(CAVEAT_SEP)
    assert len(caveats) == 2 and res["caveats"].nunique() == 1
    assert sorted(caveats) == sorted(str(w.message) for w in record if "x the" in str(w.message))


@pytest.mark.real_data
@pytest.mark.slow
def test_real_shuffled_sides_find_almost_no_terms():
    """Indian headlines against Dawn/APP headline + lead (10:1 documents): with the side labels shuffled
    across documents (sizes kept), the default prior lets almost no term pass; with the real labels both
    sides have terms."""
    docs = real_headline_leads()
    rng = np.random.default_rng(0)
    real = distinctive_terms(docs, sides=["India", "Pakistan"])
    assert (real["z"] >= 1.96).sum() >= 10 and (real["z"] <= -1.96).sum() >= 5
    for seed in range(3):
        shuffled = docs.assign(side=rng.permutation(docs["side"].to_numpy()))
        res = distinctive_terms(shuffled, sides=["India", "Pakistan"])
        assert (res["z"].abs() >= 1.96).sum() <= 5


def real_headline_leads() -> pd.DataFrame:
    """One row per document: Indian headlines, and Dawn/APP "title. first paragraph" as users export them."""
    india = pd.read_csv(shared(DEV_INDIAN), dtype=str, keep_default_na=False)
    pak = pd.read_csv(shared(DEV_HEADLINES), dtype=str, keep_default_na=False)
    pak = pak[pak["first_paragraph"].str.strip() != ""]
    return pd.concat(
        [
            pd.DataFrame({"doc_id": "in" + india.index.astype(str), "side": "India", "text": india["title"]}),
            pd.DataFrame(
                {
                    "doc_id": "pk" + pak.index.astype(str),
                    "side": "Pakistan",
                    "text": pak["title"].str.rstrip(".") + ". " + pak["first_paragraph"],
                }
            ),
        ],
        ignore_index=True,
    )


def test_log_odds_function_matches_formula():
    y_a, y_b, alpha = np.array([10, 0, 5]), np.array([2, 6, 5]), np.array([0.5, 0.5, 0.5])
    d, v, z = log_odds_dirichlet(y_a, y_b, alpha)
    expected = np.log(10.5 / (15 + 1.5 - 10.5)) - np.log(2.5 / (13 + 1.5 - 2.5))
    assert d[0] == pytest.approx(expected)
    assert z[1] < 0
    assert v[2] == pytest.approx(2 / 5.5)


def test_distinctive_terms_planted_and_within():
    rng = np.random.default_rng(0)
    rows, labels = [], []
    for d in range(30):
        for side, word in [("India", "pahalgam"), ("Pakistan", "sacrifices")]:
            # cluster 0: terrorism, worded differently; cluster 1: identical trade wording
            rows.append((f"{side}{d}", side, f"terrorism {word} condemned by the minister"))
            labels.append(0)
            rows.append((f"{side}{d}", side, "trade corridor talks " + rng.choice(["began", "continued"])))
            labels.append(1)
    df = pd.DataFrame(rows, columns=["doc_id", "side", "text"])
    overall = distinctive_terms(df)
    assert overall["cluster"].isna().all()
    top = overall.iloc[0]
    assert (top.side_a, top.side_b, top.term) == ("India", "Pakistan", "pahalgam")
    assert overall.iloc[-1]["term"] in {"sacrifices", "terrorism sacrifices"}
    assert top.z > 1.96
    assert overall.query("term == 'terrorism'")["z"].abs().item() < 1
    within = distinctive_terms(df, labels)
    assert set(within["cluster"]) == {0, 1}
    c1 = within.query("cluster == 1")
    assert c1["z"].abs().max() < 1.96  # same wording inside the trade cluster
    assert within.query("cluster == 0")["z"].max() > 1.96


def test_distinctive_terms_rest_and_bad_input():
    df = pd.DataFrame(
        {
            "side": ["A", "B", "C"] * 4,
            "text": ["alpha beta", "beta gamma", "gamma delta"] * 4,
            "doc_id": range(12),
        }
    )
    res = distinctive_terms(df, min_count=1)
    assert {("A", "rest"), ("B", "C")} <= set(zip(res["side_a"], res["side_b"]))
    with pytest.raises(ParameterError, match="labels has"):
        distinctive_terms(df, [0, 1])
    with pytest.raises(ParameterError, match="prior"):
        distinctive_terms(df, prior="flat")
    with pytest.raises(ParameterError, match="no terms"):
        distinctive_terms(df.assign(text="the of and"))
    bg = distinctive_terms(df, prior={"alpha": 10, "beta": 10}, min_count=1)
    assert np.isfinite(bg["z"]).all()


def test_real_qingdao_items_if_present():
    docs = pd.read_json(shared(SCO_PAIRED), lines=True)
    # one row per document is enough to exercise the estimator on real wording
    df = docs.assign(doc_id=range(len(docs)))[["doc_id", "side", "text"]]
    res = distinctive_terms(df)
    assert set(res["side_a"]) == {"India"} and set(res["side_b"]) == {"Pakistan"}
    assert np.isfinite(res["z"]).all() and len(res) > 20


def test_main_pair():
    df = pd.DataFrame(
        {"doc_id": ["1", "1", "2", "3", "4", "5", "6"], "side": ["C", "C", "C", "B", "B", "A", "A"]}
    )
    assert main_pair(df) == ["A", "B"]  # 2 documents each, alphabetical; C has 2 too but is last
    df.loc[6, "doc_id"] = "7"
    df.loc[len(df)] = ["8", "C"]
    assert main_pair(df) == ["C", "A"]
    assert main_pair(df, sides=["B", "C"]) == ["C", "B"]


def test_select_comparison_flips():
    df, labels = corpus(0.6, 0.2)
    res = compare_shares(df, labels, n_boot=200)
    ab = select_comparison(res, sides=("A", "B"))
    ba = select_comparison(res, sides=("B", "A"))
    np.testing.assert_allclose(ba["diff"], -ab["diff"])
    np.testing.assert_allclose(ba["ci_low"], -ab["ci_high"])
    np.testing.assert_allclose(ba["share_a"], ab["share_b"])
    assert (ba["side_a"] == "B").all() and (ba["n_docs_a"] == ab["n_docs_b"]).all()
    np.testing.assert_allclose(ba["q_value"], ab["q_value"])
    with pytest.raises(ParameterError, match="not in"):
        select_comparison(res, sides=("A", "Z"))


def test_select_comparison_one_directional_and_partial():
    # a one-directional table (said by `side`, absent from `other`) is never flipped
    om = pd.DataFrame({"side": ["A", "A", "B"], "other": ["B", "C", "A"], "rate": [0.1, 0.2, 0.3]})
    got = select_comparison(om, sides=("B", "A"), columns=("side", "other"), name="omissions")
    assert got["rate"].tolist() == [0.3]
    with pytest.raises(ParameterError, match=r"\('C', 'A'\) is not in omissions"):
        select_comparison(om, sides=("C", "A"), columns=("side", "other"), name="omissions")
    # one side given: the first comparison that has it
    assert select_comparison(om, sides=("A", None), columns=("side", "other"))["other"].tolist() == ["B"]
    with pytest.raises(ParameterError, match="3 comparisons.*sides="):
        select_comparison(om, columns=("side", "other"))
    with pytest.raises(ParameterError, match="must be a pair"):
        select_comparison(om, sides="A", columns=("side", "other"))


def test_select_comparison_flip_swaps_every_a_b_column():
    table = pd.DataFrame(
        {
            "side_a": ["A"],
            "side_b": ["B"],
            "frame": ["econ"],
            "share_a": [0.5],
            "share_b": [0.2],
            "share_a_raw": [0.45],
            "share_b_raw": [0.25],
            "diff": [0.3],
            "ci_low": [0.1],
            "ci_high": [0.4],
        }
    )
    ba = select_comparison(table, sides=("B", "A")).iloc[0]
    assert (ba.side_a, ba.side_b, ba.frame) == ("B", "A", "econ")
    assert (ba.share_a, ba.share_b, ba.share_a_raw, ba.share_b_raw) == (0.2, 0.5, 0.25, 0.45)
    assert (ba["diff"], ba.ci_low, ba.ci_high) == (-0.3, -0.4, -0.1)
    # partial, asked from the other side: flipped too
    assert select_comparison(table, sides=("B", None)).iloc[0].side_a == "B"


def test_weekday_names_are_english_stop_words_for_terms():
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    rows = [(f"a{i}", "A", f"The minister on {days[i % 5]} praised the harbour workers.") for i in range(20)]
    rows += [(f"b{i}", "B", f"Harbour strike enters day {i} as talks stall.") for i in range(20)]
    df = pd.DataFrame(rows, columns=["doc_id", "side", "text"])
    default = distinctive_terms(df, ngram_range=(1, 1))
    assert not set(default["term"]) & {d.lower() for d in days}
    assert {"minister", "praised"} <= set(default["term"])
    kept = distinctive_terms(df, ngram_range=(1, 1), stop_words=None)
    assert {d.lower() for d in days} <= set(kept["term"])


def test_pair_selection_lives_in_pairs_and_compare_keeps_its_names():
    for name in ("select_comparison", "main_pair"):
        assert getattr(framing.analysis.compare, name) is getattr(framing.analysis.pairs, name)
    assert framing.analysis.pairs.comparisons(["A", "B"]) == [("A", "B")]
    assert framing.analysis.pairs.comparisons(["A", "B", "C"]) == [
        ("A", "B"), ("A", "C"), ("B", "C"), ("A", "rest"), ("B", "rest"), ("C", "rest"),
    ]  # fmt: skip


def test_document_units_count_each_document_and_side_once():
    sentences = pd.DataFrame(
        {
            "doc_id": ["d1", "d1", "d2", "d3", "d3", "d3", None],
            "side": ["A", "A", "B", "A", "B", "C", "B"],  # d3 holds an A unit and a B unit (a voice axis)
            "source": ["x", "x", "y", None, "z", "z", "y"],
        }
    )
    units = document_units(sentences, [2, 0, 0, 2, 2, 1, 0], sides=["A", "B"], cluster_by="source")
    assert units.sides == ["A", "B"] and units.values.tolist() == [0, 2]
    assert units.doc.tolist() == ["d1", "d2", "d3", "d3", "<missing doc_id>"]
    assert units.side.tolist() == [0, 1, 0, 1, 1] and units.rows.tolist() == [0, 2, 3, 4, 6]
    assert units.counts.tolist() == [[1, 1], [1, 0], [0, 1], [0, 1], [1, 0]]
    assert units.outlet.tolist() == ["x", "y", "<missing source>", "z", "y"]
