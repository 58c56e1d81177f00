"""Outlets as units (issue 24): two-stage bootstrap, leave-one-outlet-out, the few-outlets warning.

Planted corpora: side A is one prolific outlet (40 documents) and three small ones (8 each), side B
four outlets of 15. Either the prolific outlet alone writes cluster 1 three times as often as
everyone else (the difference is one outlet's), or every A outlet does (the difference is A's).
"""

from __future__ import annotations

import warnings

import matplotlib
import numpy as np
import pandas as pd
import pytest

from framing import compare_frames, frame_shares, leave_one_outlet_out
from framing._core.bootstrap import resample_sums
from framing.analysis.compare import compare_shares, select_comparison
from framing.errors import FewOutletsWarning, FramingWarning, ParameterError
from framing.plots import plot_share_differences

matplotlib.use("Agg")

_SPEC = [("A", "a1", 40), ("A", "a2", 8), ("A", "a3", 8), ("A", "a4", 8)] + [
    ("B", f"b{i}", 15) for i in range(1, 5)
]


def _planted(carried: bool, seed: int = 0):
    rng = np.random.default_rng(seed)
    rows, labels = [], []
    for side, outlet, n_docs in _SPEC:
        p = 0.2
        if side == "A" and (outlet == "a1" or not carried):
            p = 0.6 if carried else 0.45
        for j in range(n_docs):
            for _ in range(6):
                rows.append({"doc_id": f"{outlet}_{j}", "side": side, "source": outlet})
                labels.append(int(rng.random() < p))
    return pd.DataFrame(rows), np.array(labels)


def _cluster_1(table):
    return table[table["cluster"] == 1].iloc[0]


def test_one_prolific_outlet_is_flagged_and_widens_the_interval():
    sentences, labels = _planted(carried=True)
    res = compare_shares(sentences, labels, n_boot=500, cluster_by="source")
    row = _cluster_1(res)
    assert row["q_value"] < 0.05 and row["diff"] > 0.15  # the document-level analysis calls it A's
    assert bool(row["one_outlet"]) and row["carried_by"] == "a1" and row["loo_breaks"] == 1
    assert row["loo_low"] < 0.05 < row["loo_high"]  # without a1 the difference all but vanishes
    width_doc = row["ci_high_doc"] - row["ci_low_doc"]
    assert row["ci_high"] - row["ci_low"] > 2 * width_doc
    assert row["ci_low"] < 0 < row["ci_low_doc"]
    assert (row["n_outlets_a"], row["n_outlets_b"]) == (4, 4)


def test_a_difference_spread_over_all_outlets_is_not_flagged():
    sentences, labels = _planted(carried=False)
    res = compare_shares(sentences, labels, n_boot=500, cluster_by="source")
    assert not res["one_outlet"].any() and res["carried_by"].isna().all() and (res["loo_breaks"] == 0).all()
    row = _cluster_1(res)
    assert row["q_value"] < 0.05 and row["ci_low"] > 0
    assert 0.15 < row["loo_low"] <= row["diff"] <= row["loo_high"] < 0.3
    width_doc = row["ci_high_doc"] - row["ci_low_doc"]
    assert row["ci_high"] - row["ci_low"] < 1.6 * width_doc


def test_leave_one_outlet_out_table_is_tidy_and_matches_the_summary():
    sentences, labels = _planted(carried=True)
    loo = leave_one_outlet_out(sentences, labels, n_perm=300)
    assert list(loo.columns) == [
        "side_a",
        "side_b",
        "cluster",
        "dropped",
        "dropped_side",
        "share_a",
        "share_b",
        "diff",
        "p_value",
        "q_value",
    ]
    assert len(loo) == 8 * 2 and set(loo["dropped"]) == {o for _, o, _ in _SPEC}
    no_a1 = sentences["source"] != "a1"
    share = labels[no_a1 & (sentences["side"] == "A")].mean() - labels[(sentences["side"] == "B")].mean()
    got = loo[(loo["dropped"] == "a1") & (loo["cluster"] == 1)]["diff"].item()
    assert got == pytest.approx(share)
    res = compare_shares(sentences, labels, n_boot=50, n_perm=300, cluster_by="source")
    span = loo.groupby("cluster")["diff"].agg(["min", "max"])
    assert res.set_index("cluster")["loo_low"].to_dict() == span["min"].to_dict()
    assert res.set_index("cluster")["loo_high"].to_dict() == span["max"].to_dict()


def test_one_outlet_per_side_warns_and_cannot_leave_out():
    sentences, labels = _planted(carried=True)
    one = sentences.assign(source=sentences["side"].map({"A": "only_a", "B": "only_b"}))
    with pytest.warns(FewOutletsWarning, match="conditional on these outlets"):
        res = compare_shares(one, labels, n_boot=100, cluster_by="source")
    assert res["loo_low"].isna().all() and not res["one_outlet"].any()
    assert (res["n_outlets_a"] == 1).all()
    with pytest.warns(FewOutletsWarning):
        assert leave_one_outlet_out(one, labels, n_perm=50).empty
    # Three outlets a side: no warning.
    with warnings.catch_warnings():
        warnings.simplefilter("error", FewOutletsWarning)
        compare_shares(sentences, labels, n_boot=20, cluster_by="source")
    assert issubclass(FewOutletsWarning, FramingWarning)


def test_document_bootstrap_unchanged():
    # Numbers of compare_shares at a088136 (before outlets existed), same input and seed.
    rng = np.random.default_rng(5)
    rows = []
    for side, n in (("A", 9), ("B", 12)):
        for j in range(n):
            for _ in range(int(rng.integers(2, 7))):
                rows.append({"doc_id": f"{side}{j}", "side": side, "source": f"{side}o{j % 3}"})
    sentences = pd.DataFrame(rows)
    labels = rng.integers(0, 3, len(sentences))
    res = compare_shares(sentences, labels, n_boot=200, n_perm=200, random_state=3)
    assert res[["ci_low", "ci_high", "p_value"]].to_numpy().tolist() == [
        [-0.3614637394869953, -0.0071115139604227984, 0.06965174129353234],
        [-0.195869117441698, 0.2851588209654571, 0.8507462686567164],
        [-0.03590090090090088, 0.3120244581000396, 0.1791044776119403],
    ]
    assert "one_outlet" not in res and "cluster_by" not in res
    outlets = compare_shares(sentences, labels, n_boot=200, n_perm=200, random_state=3, cluster_by="source")
    # The test and the document interval stay those of the document analysis.
    for col in ("share_a", "share_b", "diff", "p_value", "q_value"):
        assert outlets[col].tolist() == res[col].tolist()
    assert outlets["ci_low_doc"].tolist() == res["ci_low"].tolist()


def test_two_stage_weights_keep_outlets_whole():
    rng = np.random.default_rng(0)
    groups = np.repeat(["x", "y", "z"], [2, 5, 9])
    eye = np.eye(16)
    (w,) = resample_sums([eye], 300, rng, groups=groups)
    sizes = {"x": 2, "y": 5, "z": 9}
    draws = np.stack([w[:, groups == g].sum(1) / n for g, n in sizes.items()], axis=1)
    # Each outlet is drawn a whole number of times, three draws in all, and its documents share them.
    assert np.array_equal(draws, np.round(draws)) and (draws.sum(1) == 3).all()
    assert (draws == 0).any() and (draws == 3).any()
    with pytest.raises(ParameterError, match="groups"):
        resample_sums([eye], 5, rng, groups=groups[:-1])


def test_flip_keeps_outlet_columns_consistent():
    sentences, labels = _planted(carried=True)
    res = compare_shares(sentences, labels, n_boot=100, n_perm=100, cluster_by="source")
    flipped = select_comparison(res, sides=("B", "A"))
    row, orig = _cluster_1(flipped), _cluster_1(res)
    assert row["loo_low"] == -orig["loo_high"] and row["ci_low_doc"] == -orig["ci_high_doc"]
    assert bool(row["one_outlet"]) and row["n_outlets_a"] == orig["n_outlets_b"]


def test_frames_take_cluster_by():
    sentences, labels = _planted(carried=True)
    frames = np.array(["Economic", "Political"], dtype=object)[labels]
    res = compare_frames(sentences, frames, n_boot=200, n_perm=200, cluster_by="source")
    row = res[res["frame"] == "Political"].iloc[0]
    assert bool(row["one_outlet"]) and row["carried_by"] == "a1"
    doc = frame_shares(sentences, frames, n_boot=300)
    out = frame_shares(sentences, frames, n_boot=300, cluster_by="source")
    width = (out["ci_high"] - out["ci_low"]) / (doc["ci_high"] - doc["ci_low"])
    assert width[out["side"] == "A"].min() > 2 and out["cluster_by"].iloc[0] == "source"
    with pytest.raises(ParameterError, match="cluster_by"):
        compare_frames(sentences, frames, validation=object(), cluster_by="source")


def test_plot_marks_one_outlet_differences():
    sentences, labels = _planted(carried=True)
    res = compare_shares(sentences, labels, n_boot=100, n_perm=100, cluster_by="source")
    ax = plot_share_differences(res, sides=("A", "B"))
    texts = [t.get_text() for t in ax.texts]
    assert any("one outlet: a1" in t for t in texts)
    assert "CI: source, then documents" in ax.get_xlabel()
    spread = compare_shares(*_planted(carried=False), n_boot=100, n_perm=100, cluster_by="source")
    ax2 = plot_share_differences(spread, sides=("A", "B"))
    assert not any("one outlet: " in t.get_text() for t in ax2.texts)
    matplotlib.pyplot.close("all")
