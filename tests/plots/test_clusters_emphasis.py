"""Tests for the cluster and emphasis figures: they draw what the data says, deterministically."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from framing.analysis.cluster import SentenceClusterer
from framing.analysis.compare import compare_shares, distinctive_terms
from framing.errors import FramingWarning, ParameterError
from framing.plots._style import GREY, palette
from framing.plots.clusters import plot_cluster_labels, plot_cluster_map, plot_silhouette
from framing.plots.emphasis import plot_fightin_words, plot_share_differences, plot_term_contrast


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def study():
    """Synthetic two-theme corpus: India docs mostly on theme 0 with their own wording."""
    rng = np.random.default_rng(0)
    rows, labels = [], []
    for side, p, word in [("India", 0.7, "pahalgam"), ("Pakistan", 0.2, "sacrifices")]:
        for d in range(30):
            on = rng.random() < p
            for s in range(5):
                lab = 0 if (on and s < 4) else int(rng.integers(1, 3))
                text = [f"terrorism {word} condemned", "trade corridor talks", "iran strikes condemned"][lab]
                rows.append((f"{side}{d}", s, side, text))
                labels.append(lab)
    sentences = pd.DataFrame(rows, columns=["doc_id", "sent_idx", "side", "text"])
    labels = np.array(labels)
    shares = compare_shares(sentences, labels, n_boot=300)
    terms = distinctive_terms(sentences)
    within = distinctive_terms(sentences, labels)
    return sentences, labels, shares, terms, within


def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def test_cluster_map_colours_by_side_and_marks_noise(study):
    sentences, labels, *_ = study
    labels = labels.copy()
    labels[:3] = -1
    rng = np.random.default_rng(1)
    data = sentences.assign(x=rng.normal(size=len(labels)), y=rng.normal(size=len(labels)), cluster=labels)
    ax = plot_cluster_map(data)
    _, names = ax.get_legend_handles_labels()
    assert names == ["noise (3)", "India", "Pakistan"]
    pal = palette(["India", "Pakistan"])
    assert to_hex(ax.collections[1].get_facecolor()[0]) == pal["India"].lower()
    assert to_hex(ax.collections[0].get_facecolor()[0]) == GREY.lower()
    assert sorted(t.get_text() for t in ax.texts) == ["0", "1", "2"]  # noise is not labelled


def test_cluster_map_bad_column(study):
    sentences, labels, *_ = study
    with pytest.raises(ParameterError, match="no column"):
        plot_cluster_map(sentences.assign(cluster=labels))


def test_cluster_labels_and_silhouette():
    rng = np.random.default_rng(0)
    X = np.repeat(np.eye(3, 8), 10, axis=0) + 0.05 * rng.normal(size=(30, 8))
    texts = ["pahalgam attack"] * 10 + ["trade corridor"] * 10 + ["iran strikes"] * 10
    clus = SentenceClusterer(k_range=(2, 5)).fit(X, texts=texts)
    ax = plot_cluster_labels(clus.summary_)
    shown = " ".join(t.get_text() for t in ax.texts)
    for word in ("pahalgam", "corridor", "iran", "cluster 0", "10 sentences"):
        assert word in shown
    ax = plot_silhouette(clus.silhouette_, chosen=clus.k_)
    assert list(ax.lines[0].get_xdata()) == [2, 3, 4, 5]
    assert any("k = 3" in t.get_text() for t in ax.texts)


def test_forest_plot_draws_cis_and_marks_significance(study):
    _, _, shares, *_ = study
    ax = plot_share_differences(shares)
    row = shares.query("cluster == 0").iloc[0]
    assert row.q_value < 0.05 and row["diff"] > 0
    # one CI line per cluster, in percentage points
    spans = sorted(tuple(np.round(line.get_xdata(), 6)) for line in ax.lines if len(line.get_xdata()) == 2)
    assert tuple(np.round([row.ci_low * 100, row.ci_high * 100], 6)) in spans
    # the significant India-leaning cluster is drawn filled in India's colour
    india = palette(["India", "Pakistan"])["India"].lower()
    fills = [to_hex(c.get_facecolor()[0]) for c in ax.collections]
    assert india in fills
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[-1] == "cluster 0"  # sorted by difference, largest at the top


def test_forest_plot_needs_a_comparison_when_ambiguous(study):
    sentences, labels, *_ = study
    three = sentences.assign(side=np.where(sentences.index % 3 == 0, "China", sentences["side"]))
    shares = compare_shares(three, labels, n_boot=50)
    with pytest.raises(ParameterError, match="choose one"):
        plot_share_differences(shares)
    with pytest.raises(ParameterError, match="not in shares"):
        plot_share_differences(shares, sides=("India", "Nepal"))
    plot_share_differences(shares, sides=("India", "rest"))


def test_reversed_pair_is_flipped(study):
    _, _, shares, terms, _ = study
    ax = plot_share_differences(shares, sides=("Pakistan", "India"))
    row = shares.query("cluster == 0").iloc[0]
    spans = {tuple(np.round(line.get_xdata(), 6)) for line in ax.lines if len(line.get_xdata()) == 2}
    assert tuple(np.round([-row.ci_high * 100, -row.ci_low * 100], 6)) in spans
    assert next(t.get_text() for t in ax.get_yticklabels()) == "cluster 0"  # now the most negative
    ax = plot_fightin_words(terms, sides=("Pakistan", "India"), n_label=1)
    top = max(
        ax.texts, key=lambda t: t.get_position()[1] if t.get_text() in ("pahalgam", "sacrifices") else -99
    )
    assert top.get_text() == "sacrifices"


def test_fightin_words_labels_top_terms(study):
    _, _, _, terms, _ = study
    ax = plot_fightin_words(terms, n_label=3)
    labels = {t.get_text() for t in ax.texts}
    assert "pahalgam" in labels and "sacrifices" in labels
    assert len(ax.collections[0].get_offsets()) == len(terms)


def test_fightin_words_within_cluster(study):
    *_, within = study
    with pytest.raises(ParameterError, match="cluster="):
        plot_fightin_words(within)
    ax = plot_fightin_words(within, cluster=0, n_label=2)
    assert "pahalgam" in {t.get_text() for t in ax.texts}


def test_term_contrast_panel(study):
    *_, terms, within = study
    ax = plot_term_contrast(within, cluster_names={0: "terrorism"})
    text = " ".join(t.get_text() for t in ax.texts)
    assert "terrorism" in text and "pahalgam" in text and "sacrifices" in text
    assert "—" in text  # clusters worded alike on both sides say so
    with pytest.raises(ParameterError, match="within"):
        plot_term_contrast(terms)


def test_figures_are_deterministic(study):
    _, _, shares, terms, _ = study

    def draw():
        fig, (a, b) = plt.subplots(1, 2, figsize=(10, 4))
        plot_share_differences(shares, ax=a)
        plot_fightin_words(terms, ax=b)
        return _png(fig)

    assert draw() == draw()


def test_fightin_words_shows_both_sides_and_the_size_caveat():
    # 10:1 sides: the caveat is written under the axes and the larger side's top terms are labelled
    rows = [(f"a{d}", "A", "common words here alphaword") for d in range(40)]
    rows += [(f"b{d}", "B", "common words here betaword") for d in range(4)]
    df = pd.DataFrame(rows, columns=["doc_id", "side", "text"])
    with pytest.warns(FramingWarning, match="10x"):
        terms = distinctive_terms(df, ngram_range=(1, 1))
    if "caveats" not in terms.columns:  # the .attrs contract of issue 25: the caveats as a column
        terms = terms.assign(caveats="; ".join(terms.attrs["caveats"]))
    terms.attrs = {}
    ax = plot_fightin_words(terms, n_label=1)
    texts = [t.get_text() for t in ax.texts]
    assert "alphaword" in texts and "betaword" in texts
    caution = [t for t in texts if t.startswith("caution: ")]
    # Each caveat by its head only, though their explanations hold "; " too.
    assert caution == ["caution: side 'A' has 10x the terms of 'B' (120 vs 12)"], caution
