"""Framing over time: shares per period, the event difference-in-differences, the events reader, the plots."""

from __future__ import annotations

import inspect
import itertools
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_rgba
from scipy.stats import binom

import framing
from framing import plots
from framing.analysis.over_time import (
    did_by_event,
    event_coverage,
    event_did,
    moving_labels,
    read_events,
    shares_over_time,
    window_sensitivity,
)
from framing.errors import CorpusError, CorpusNotFoundError, FramingWarning, ParameterError

START = pd.Timestamp("2025-04-01")
EVENT = START + pd.Timedelta(days=28)


def synthetic(seed, *, jump_a=0.0, jump_b=0.0, n_docs=30, k=4, days=56):
    """Two sides, documents spread over ``days``; from day 28 on, label 0 gains ``jump`` of each side's mass."""
    rng = np.random.default_rng(seed)
    rows, labels = [], []
    for side, jump in (("A", jump_a), ("B", jump_b)):
        for i in range(n_docs):
            day = int(rng.integers(0, days))
            p = np.full(k, 1.0 / k)
            if day >= 28 and jump:
                p = p * (1 - jump)
                p[0] += jump
            n = int(rng.integers(4, 9))
            rows += [{"doc_id": f"{side}{i}", "side": side, "date": START + pd.Timedelta(days=day)}] * n
            labels += list(rng.choice(k, size=n, p=p))
    return pd.DataFrame(rows), np.array(labels)


def quiet_did(sentences, labels, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FramingWarning)
        return event_did(sentences, labels, event=EVENT, sides=("A", "B"), window=28, **kw)


# --- planted effects ------------------------------------------------------------------------------


def test_a_jump_in_one_side_is_found_and_attributed_to_that_side():
    sentences, labels = synthetic(1, jump_a=0.5, n_docs=40)
    table = quiet_did(sentences, labels, n_boot=500).set_index("label")
    row = table.loc[0]
    assert row["did"] > 0.2 and row["ci_low"] > 0 and row["q_value"] < 0.05
    # Attributed: side A's change excludes zero and lies wholly above side B's, whose interval holds zero.
    assert row["change_a_low"] > 0 and row["change_a_low"] > row["change_b_high"]
    assert row["change_b_low"] <= 0 <= row["change_b_high"]
    assert table["q_value"].idxmin() == 0


def test_a_shift_shared_by_both_sides_is_not_flagged():
    sentences, labels = synthetic(2, jump_a=0.5, jump_b=0.5)
    table = quiet_did(sentences, labels, n_boot=500).set_index("label")
    # Both sides moved (each change excludes zero) but the difference between them is not flagged.
    assert table.loc[0, "change_a_low"] > 0 and table.loc[0, "change_b_low"] > 0
    assert (table["q_value"] >= 0.05).all()
    assert table.loc[0, "ci_low"] <= 0 <= table.loc[0, "ci_high"]


def test_a_flat_null_is_not_flagged_beyond_the_nominal_rate():
    # 100 independent replications, one label each, small n_boot: the rejection count stays below the
    # 99.9% binomial quantile of a 5% test, and the test is not dead either (it rejects sometimes).
    reps, alpha = 100, 0.05
    rejected = 0
    for seed in range(reps):
        sentences, labels = synthetic(100 + seed, n_docs=20, k=3)
        p = quiet_did(sentences, labels, n_boot=199, random_state=seed).set_index("label").loc[0, "p_value"]
        rejected += p < alpha
    assert rejected <= binom.ppf(0.999, reps, alpha)


def test_shares_over_time_counts_documents_and_flags_sparse_periods():
    sentences, labels = synthetic(3, n_docs=12)
    table = shares_over_time(sentences, labels, freq="W", n_boot=50, min_docs=3, random_state=0)
    assert set(table.columns) >= {"side", "period_start", "period_end", "label", "share", "ci_low", "ci_high"}
    per = table.drop_duplicates(["side", "period_start"])
    docs = sentences.drop_duplicates("doc_id")
    assert per.groupby("side")["n_docs"].sum().to_dict() == docs.groupby("side").size().to_dict()
    assert (per["sparse"] == (per["n_docs"] < 3)).all()
    ok = table.dropna(subset=["share"])
    assert np.allclose(ok.groupby(["side", "period_start"])["share"].sum(), 1.0)
    assert ((ok["ci_low"] <= ok["share"] + 1e-12) & (ok["share"] <= ok["ci_high"] + 1e-12)).all()
    # Weeks run Monday to Sunday and tile the range without gaps.
    starts = sorted(per["period_start"].unique())
    assert all(pd.Timestamp(s).day_of_week == 0 for s in starts)
    assert all((b - a) == np.timedelta64(7, "D") for a, b in itertools.pairwise(starts))


def test_shares_over_time_keeps_empty_periods_and_string_labels():
    sentences = pd.DataFrame(
        {
            "doc_id": ["a", "a", "b", "c"],
            "side": ["X", "X", "X", "Y"],
            "date": ["2025-05-01", "2025-05-01", "2025-05-20", "2025-05-01"],
        }
    )
    table = shares_over_time(sentences, ["war", "talks", "war", "talks"], freq="W", n_boot=20)
    y = table[table["side"] == "Y"]
    # Four weeks from the first date to the last; Y has documents in the first only (3 empty weeks x 2 labels).
    assert len(y["period_start"].unique()) == 4 and y["share"].isna().sum() == 6
    assert set(table["label"]) == {"talks", "war"}
    with pytest.raises(ParameterError, match="freq 'MS'.*'ME'"):
        shares_over_time(sentences, [0, 1, 0, 1], freq="MS")
    with pytest.raises(ParameterError, match="not a pandas frequency"):
        shares_over_time(sentences, [0, 1, 0, 1], freq="fortnightly")


def test_event_did_needs_documents_on_both_sides_of_the_event():
    sentences, labels = synthetic(4)
    early = sentences["date"] < EVENT
    with pytest.raises(ParameterError, match="no documents after"):
        event_did(sentences[early], labels[early.to_numpy()], event=EVENT, sides=("A", "B"))
    with pytest.raises(ParameterError, match="neither a date"):
        event_did(sentences, labels, event="the summit", sides=("A", "B"))


def test_window_sensitivity_and_events_by_label(tmp_path):
    sentences, labels = synthetic(5, jump_a=0.5)
    path = tmp_path / "events.csv"
    path.write_text("date,label\n2025-04-29,Planted jump\n2025-03-01,Before the corpus\n")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FramingWarning)
        table = window_sensitivity(
            sentences,
            labels,
            event="planted jump",
            events=path,
            windows=[7, 14, 28],
            sides=("A", "B"),
            n_boot=100,
        )
        per_event = did_by_event(sentences, labels, events=path, sides=("A", "B"), window=14, n_boot=100)
    assert sorted(table["window"].unique()) == [7, 14, 28]
    assert (table[table["label"] == 0]["did"] > 0).all()
    assert set(per_event["event_label"]) == {"Planted jump"}
    coverage = event_coverage(sentences, events=path, sides=("A", "B"), window=14)
    assert coverage.set_index("label")["testable"].to_dict() == {
        "Before the corpus": False,
        "Planted jump": True,
    }
    assert moving_labels(shares_over_time(sentences, labels, freq="2W", n_boot=20), n=1) == [0]


# --- the events reader ------------------------------------------------------------------------------


def test_read_events_parses_and_sorts(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text(
        "date,label,kind\n2025-06-25, Qingdao meeting ,summit\n2025-04-22,Pahalgam attack,attack\n"
    )
    events = read_events(path)
    assert list(events["label"]) == ["Pahalgam attack", "Qingdao meeting"]
    assert events["date"].dt.strftime("%Y-%m-%d").tolist() == ["2025-04-22", "2025-06-25"]
    assert list(events["kind"]) == ["attack", "summit"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("when,what\n2025-05-07,Strikes\n", r"events\.csv has no column\(s\) \['date', 'label'\]"),
        (
            "date,label\n2025-05-07,Strikes\n7th of Mai,Ceasefire\n",
            r"events\.csv, line 3: date '7th of Mai' is not a date",
        ),
        ("date,label\n2025-05-07,\n", r"events\.csv, line 2: the label is empty"),
        ("date,label\n", r"events\.csv has a header but no events"),
    ],
)
def test_read_events_names_the_file_and_row(tmp_path, text, message):
    path = tmp_path / "events.csv"
    path.write_text(text)
    with pytest.raises(CorpusError, match=message):
        read_events(path)


def test_read_events_missing_file(tmp_path):
    with pytest.raises(CorpusNotFoundError, match=r"nope\.csv does not exist"):
        read_events(tmp_path / "nope.csv")


def test_demo_events_fall_inside_the_demo_timeline():
    events = framing.demo_events()
    assert list(events["label"]) == ["Pahalgam attack", "Strikes (7 May)", "Ceasefire", "Qingdao meeting"]
    docs = framing.load_demo()
    dates = pd.to_datetime(docs["date"])
    assert dates.min() <= events["date"].min() and events["date"].max() <= dates.max()
    # The timeline has at least 4 documents per side per fortnight for India and Pakistan.
    pair = docs[docs["side"].isin(["India", "Pakistan"])]
    fortnight = (pd.to_datetime(pair["date"]) - pd.Timestamp("2025-04-21")).dt.days // 14
    assert pd.crosstab(pair["side"], fortnight).min().min() >= 4


# --- the plots --------------------------------------------------------------------------------------


def test_plot_shares_over_time_greys_sparse_periods_and_marks_events():
    sentences, labels = synthetic(6, n_docs=10)
    table = shares_over_time(sentences, labels, freq="W", n_boot=30, min_docs=3)
    events = pd.DataFrame({"date": [EVENT], "label": ["jump"]})
    fig, ax = plt.subplots()
    out = plots.plot_shares_over_time(table, label=0, events=events, palette={"A": "red", "B": "blue"}, ax=ax)
    assert out is ax
    assert "jump" in {t.get_text() for t in ax.texts}
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["A", "B"]
    # Sparse points are hollow: some marker has a white face.
    assert table["sparse"].any()
    assert any(to_rgba(line.get_markerfacecolor()) == (1.0, 1.0, 1.0, 1.0) for line in ax.lines)
    with pytest.raises(ParameterError, match="choose one with label="):
        plots.plot_shares_over_time(table)
    plt.close(fig)


def test_plot_window_sensitivity_draws_each_label():
    sentences, labels = synthetic(7, jump_a=0.5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FramingWarning)
        table = window_sensitivity(
            sentences, labels, event=EVENT, windows=[14, 28], sides=("A", "B"), n_boot=50
        )
    ax = plots.plot_window_sensitivity(table, labels=[0, 1], names={0: "planted", 1: "other"})
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["planted", "other"]
    assert [int(t) for t in ax.get_xticks()] == [14, 28]
    plt.close(ax.figure)


def test_start_reads_the_events_first(tmp_path):
    # A bad events file fails before the corpus is loaded, cleaned and split.
    path = tmp_path / "events.csv"
    path.write_text("date,label\n2025-13-45,Strikes\n")
    with pytest.raises(CorpusError, match=r"line 2: date '2025-13-45' is not a date"):
        framing.study.notebook.start("08_time", events=str(path), out_dir=tmp_path / "figs")
    with pytest.raises(ParameterError, match="notebook parameter events must be"):
        framing.study.notebook.start("08_time", events=7, out_dir=tmp_path / "figs")


# --- outlets as units (cluster_by) ----------------------------------------------------------------


def _with_outlets(sentences, labels, *, carrier_jump):
    """Side A: outlet a1 (half of A's documents) alone carries a jump of label 0 after the event; a2-a4 flat.

    Side B: four flat outlets. Returns sentences with a ``source`` column and the labels.
    """
    rng = np.random.default_rng(5)
    sentences = sentences.copy()
    doc_number = sentences["doc_id"].str[1:].astype(int)
    a = (sentences["side"] == "A").to_numpy()
    sentences["source"] = np.where(
        a,
        np.where(doc_number < 20, "a1", "a" + (2 + doc_number % 3).astype(str)),
        "b" + (1 + doc_number % 4).astype(str),
    )
    after = (sentences["date"] >= EVENT).to_numpy()
    carrier = a & after & (sentences["source"] == "a1").to_numpy() & (rng.random(len(labels)) < carrier_jump)
    labels = np.where(carrier, 0, labels)
    return sentences, labels


def test_a_jump_carried_by_one_outlet_widens_under_the_outlet_bootstrap():
    sentences, labels = synthetic(3, n_docs=40)
    sentences, labels = _with_outlets(sentences, labels, carrier_jump=0.8)
    by_doc = quiet_did(sentences, labels, n_boot=500).set_index("label").loc[0]
    by_outlet = quiet_did(sentences, labels, n_boot=500, cluster_by="source").set_index("label").loc[0]
    assert by_doc["did"] == pytest.approx(by_outlet["did"])  # the estimate is the same; its interval is not
    assert by_doc["ci_low"] > 0
    width = lambda r: r["ci_high"] - r["ci_low"]
    assert width(by_outlet) > 1.3 * width(by_doc)
    shares = shares_over_time(sentences, labels, freq="4W", n_boot=200, cluster_by="source")
    plain = shares_over_time(sentences, labels, freq="4W", n_boot=200)
    np.testing.assert_allclose(shares["share"], plain["share"])
    assert (shares["cluster_by"] == "source").all() and plain["cluster_by"].isna().all()


def test_one_outlet_per_side_warns_over_time():
    sentences, labels = synthetic(4)
    sentences = sentences.assign(source=sentences["side"].map({"A": "only_a", "B": "only_b"}))
    with pytest.warns(framing.FewOutletsWarning):
        event_did(sentences, labels, event=EVENT, sides=("A", "B"), window=28, n_boot=50, cluster_by="source")


# --- issue 25: sides= for the pair (pair= kept one release), settings as columns, not .attrs -----------


def test_the_old_pair_spelling_still_works_and_names_sides(tmp_path):
    sentences, labels = synthetic(5, jump_a=0.5)
    path = tmp_path / "events.csv"
    path.write_text("date,label\n2025-04-29,Planted jump\n2025-03-01,Before the corpus\n")
    calls = {
        event_did: {"event": EVENT, "window": 28, "n_boot": 20},
        window_sensitivity: {"event": EVENT, "windows": [14, 28], "n_boot": 20},
        did_by_event: {"events": path, "window": 14, "n_boot": 20},
    }
    for func, kw in calls.items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FramingWarning)
            new = func(sentences, labels, sides=("A", "B"), **kw)
            with pytest.warns(framing.errors.RenamedWarning, match=r"pair=\.\.\.\) is now sides="):
                old = func(sentences, labels, pair=("A", "B"), **kw)
        pd.testing.assert_frame_equal(old, new)
    new = event_coverage(sentences, events=path, sides=("B", "A"), window=14)
    with pytest.warns(framing.errors.RenamedWarning, match="sides="):
        old = event_coverage(sentences, events=path, pair=("B", "A"), window=14)
    pd.testing.assert_frame_equal(old, new)
    assert new[["side_a", "side_b"]].drop_duplicates().values.tolist() == [["B", "A"]]
    with pytest.raises(ParameterError, match="pass sides= only"):
        event_did(sentences, labels, event=EVENT, sides=("A", "B"), pair=("A", "B"))
    with pytest.raises(ParameterError, match="sides must name two different"):
        event_did(sentences, labels, event=EVENT, sides=("A", "A"))


def test_settings_travel_as_columns_and_n_boot_defaults_to_2000():
    sentences, labels = synthetic(2)
    shares = shares_over_time(sentences, labels, freq="2W", n_boot=30, cluster_by=None)
    assert not shares.attrs and shares[
        ["freq", "min_docs", "ci", "n_boot"]
    ].drop_duplicates().values.tolist() == [["2W", 4, 0.95, 30]]
    did = quiet_did(sentences, labels, n_boot=40, ci=0.9)
    assert not did.attrs and (did["ci"] == 0.9).all() and (did["n_boot"] == 40).all()
    assert inspect.signature(shares_over_time).parameters["n_boot"].default == 2000
    # A consumer names the side column (hue=) instead of reading it from .attrs.
    renamed = shares.rename(columns={"side": "country"})
    assert moving_labels(renamed, n=2, hue="country") == moving_labels(shares, n=2)
    with pytest.raises(ParameterError, match="country|side"):
        moving_labels(renamed, n=2)
