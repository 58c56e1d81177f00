"""Tests for the alignment and frame figures: they draw what the data says, on a given ax or their own."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from framing.analysis.align import align, omission_rates
from framing.errors import ParameterError
from framing.frames import ABSTAIN_LABEL, frame_shares
from framing.plots import (
    palette,
    plot_frame_heatmap,
    plot_frame_shares,
    plot_matched_claims,
    plot_omission_quotes,
    plot_omission_rates,
)


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _texts(ax):
    return [t.get_text() for t in ax.texts]


@pytest.fixture(scope="module")
def result():
    rng = np.random.default_rng(0)
    v = rng.standard_normal((90, 10)).astype(np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    sides = np.array(["A", "B", "C"])[np.arange(90) % 3]
    s = pd.DataFrame(
        {
            "doc_id": [f"{sides[i]}{i // 9}" for i in range(90)],
            "text": [f"sentence number {i} " + "word " * (i % 12) for i in range(90)],
            "side": sides,
            "source": [f"src_{x}" for x in sides],
        }
    )
    return s, align(s, v, labels=(np.arange(90) // 3) % 3)


def test_matched_claims_table(result):
    _, res = result
    _fig, ax = plt.subplots()
    out = plot_matched_claims(res.matches, sides=("A", "B"), n=3, ax=ax)
    assert out is ax
    texts = _texts(ax)
    sub = res.matches[(res.matches["side_a"] == "A") & (res.matches["side_b"] == "B")]
    # spread: closest and loosest pair are both shown
    assert f"{sub['similarity'].max():.2f}" in texts and f"{sub['similarity'].min():.2f}" in texts
    assert sum(t.replace("\n", " ") in set(sub["text_a"].str.strip()) for t in texts) == 3
    top = plot_matched_claims(res.matches, sides=("A", "B"), n=2, select="top")
    assert f"{sub['similarity'].iloc[1]:.2f}" in _texts(top)
    # asked the other way round: same pairs, columns swapped
    rev = plot_matched_claims(res.matches, sides=("B", "A"), n=3)
    heads = [t.get_text() for t in rev.texts[:3]]
    assert heads[0] == "B" and heads[2] == "A"
    assert sum(t.replace("\n", " ") in set(sub["text_b"].str.strip()) for t in _texts(rev)) >= 3
    with pytest.raises(ParameterError, match="3 comparisons"):
        plot_matched_claims(res.matches)
    with pytest.raises(ParameterError, match="select"):
        plot_matched_claims(res.matches, sides=("A", "B"), select="best")


def test_matched_claims_side_colours_follow_groups(result):
    _, res = result
    ax = plot_matched_claims(res.matches, sides=("B", "C"), hue_order=["A", "B", "C"])
    header = {t.get_text(): t.get_color() for t in ax.texts if t.get_text() in ("B", "C")}
    pal = palette(["A", "B", "C"])
    assert header == {"B": pal["B"], "C": pal["C"]}


def test_omission_rates_points_and_intervals(result):
    _, res = result
    rates = omission_rates(res, n_boot=100)
    _fig, ax = plt.subplots()
    assert plot_omission_rates(rates, side="A", ax=ax, cluster_names={0: "zero"}) is ax
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0] == "zero" and len(labels) == 3
    # one errorbar series per other side, x = the rates
    series = {c.get_label(): c.lines[0] for c in ax.containers}
    assert set(series) == {"absent from B", "absent from C"}
    exp = rates[(rates["side"] == "A") & (rates["other"] == "B")].sort_values("cluster")["rate"]
    np.testing.assert_allclose(series["absent from B"].get_xdata(), exp.to_numpy())
    with pytest.raises(ParameterError, match="choose one with side"):
        plot_omission_rates(rates)


def test_omission_rates_order_clusters_as_numbers_even_when_read_back_as_text():
    # A table read back from CSV, or holding a "noise" cluster, has clusters as text: 2 still comes before 10.
    clusters = ["10", "2", "noise", "0", "11", "1"]
    rates = pd.DataFrame(
        {"side": "A", "other": "B", "cluster": clusters, "rate": 0.5, "ci_low": 0.4, "ci_high": 0.6}
    )
    _fig, ax = plt.subplots()
    plot_omission_rates(rates, side="A", ax=ax)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert [label.split()[0] for label in labels] == ["0", "1", "2", "10", "11", "noise"]


def test_omission_quotes(result):
    _s, res = result
    om = res.omissions
    assert not om.empty  # the seeded random vectors leave most sentences unmatched
    a, b = om.iloc[0][["side", "other"]]
    ax = plot_omission_quotes(om, sides=(a, b), n=2, min_words=0)
    texts = _texts(ax)
    assert any(t.startswith(f"nearest in {b}") for t in texts)
    long_only = plot_omission_quotes(om, sides=(a, b), min_words=100)
    assert "no omissions of at least 100 words" in _texts(long_only)


def _frames_table():
    s = pd.DataFrame(
        {"doc_id": [f"d{i // 4}" for i in range(40)], "side": ["X"] * 20 + ["Y"] * 20, "text": "t"}
    )
    lab = np.array((["econ"] * 3 + [None]) * 5 + ["war"] * 20, dtype=object)
    fr = pd.DataFrame(
        {"frame": lab, "frames": "war; econ"}
    )  # the codebook's order, as assign_frames gives it
    return s, fr


def test_frame_shares_plot():
    s, fr = _frames_table()
    shares = frame_shares(s, fr, n_boot=100)
    _fig, ax = plt.subplots()
    assert plot_frame_shares(shares, ax=ax) is ax
    assert [t.get_text() for t in ax.get_yticklabels()] == ["war", "econ", ABSTAIN_LABEL]
    pts = {c.get_label(): c.lines[0] for c in ax.containers}
    assert set(pts) == {"X", "Y"}
    np.testing.assert_allclose(pts["X"].get_xdata(), [0.0, 0.75, 0.25])
    assert pts["X"].get_color() == palette(["X", "Y"])["X"]
    only = plot_frame_shares(shares, min_share=0.5)
    assert [t.get_text() for t in only.get_yticklabels()] == ["war", "econ"]
    with pytest.raises(ParameterError, match="not in shares"):
        plot_frame_shares(shares, frames=["peace"])


def test_frame_heatmap_normalised_by_cluster():
    _, fr = _frames_table()
    clusters = np.repeat([0, 1], 20)
    _fig, ax = plt.subplots()
    assert plot_frame_heatmap(fr.assign(cluster=clusters), ax=ax) is ax
    img = ax.images[0].get_array()
    np.testing.assert_allclose(np.asarray(img).sum(axis=0), [1.0, 1.0])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["war", "econ", ABSTAIN_LABEL]
    assert "75%" in _texts(ax)
    counts = plot_frame_heatmap(
        fr.assign(cluster=clusters), normalize="none", include_abstained=False, title="counts"
    )
    # rows in the order of the frames column: war, then econ
    np.testing.assert_allclose(np.asarray(counts.images[0].get_array()), [[0, 20], [15, 0]])
    with pytest.raises(ParameterError, match="normalize"):
        plot_frame_heatmap(fr.assign(cluster=clusters), normalize="rows")
