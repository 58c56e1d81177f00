"""The plots in seaborn's vocabulary (issue 25, item 2): each old spelling still draws the same figure,
with a RenamedWarning; settings come from columns, never from DataFrame.attrs."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from framing import plots
from framing._core.names import ABSTAIN_LABEL
from framing.errors import ParameterError, RenamedWarning
from tests.plots.test_figure_edges import WIDE_INTERVAL_SHARES

SIDES = ["A", "B", "C"]


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _png(ax) -> bytes:
    buf = io.BytesIO()
    ax.figure.savefig(buf, format="png", dpi=30, metadata={"Software": None})  # small: pixels, fast
    return buf.getvalue()


SHARES = WIDE_INTERVAL_SHARES
TERMS = pd.DataFrame(
    {
        "side_a": "A",
        "side_b": "B",
        "cluster": [np.nan] * 4 + [0.0] * 4,
        "term": ["border", "trade", "talks", "strike"] * 2,
        "count": [40, 12, 8, 30] * 2,
        "z": [3.1, -2.4, 0.3, -4.0] * 2,
    }
)
MATCHES = pd.DataFrame(
    {
        "side_a": "A",
        "side_b": "B",
        "text_a": ["Troops moved to the border.", "Talks resumed."],
        "text_b": ["The army went to the frontier.", "Negotiations restarted."],
        "similarity": [0.91, 0.84],
        "voice_a": ["official", "journalist"],
        "voice_b": ["military", "official"],
    }
)
RATES = pd.DataFrame(
    {
        "side": "A",
        "other": ["B", "B", "C", "C"],
        "cluster": [0, 1, 0, 1],
        "rate": [0.2, 0.5, 0.4, 0.1],
        "ci_low": [0.1, 0.4, 0.3, 0.05],
        "ci_high": [0.3, 0.6, 0.5, 0.2],
    }
)
OMISSIONS = pd.DataFrame(
    {
        "side": "A",
        "other": "B",
        "text": ["the border was closed for eight days to all trade and travel"],
        "match_text": ["markets opened"],
        "similarity": [0.31],
    }
)
LEVELS = pd.DataFrame(
    {
        "side": ["A", "A", "B", "B"],
        "source_type": ["A", "A", "B", "B"],
        "frame": ["war", "econ"] * 2,
        "voice": ["official", "expert"] * 2,
        "share": [0.6, 0.4, 0.3, 0.7],
        "ci_low": [0.5, 0.3, 0.2, 0.6],
        "ci_high": [0.7, 0.5, 0.4, 0.8],
    }
)
SPEAKERS = pd.DataFrame(
    {
        "side": ["A", "A", "B"],
        "speaker": ["a minister", "a general", "a spokesman"],
        "voice": ["official", "military", "official"],
        "n_sentences": [5, 3, 4],
        "n_docs": [2, 1, 3],
    }
)
SUMMARY = pd.DataFrame(
    {
        "kind": ["share", "term"],
        "finding": ["0: border", "ceasefire"],
        "favours": ["A", "B"],
        "side_a": "A",
        "side_b": "B",
        "n_runs": [9, 4],
        "kept_sign": [9, 3],
        "passed": [8, 1],
    }
)
SENTENCES = pd.DataFrame({"side": ["A", "A", "B"], "text": ["one two three", "one", "one two"]})
DOCUMENTS = pd.DataFrame(
    {"side": ["A", "B", "B"], "date": pd.to_datetime(["2025-05-01", "2025-05-01", "2025-05-02"])}
)
STATUS = pd.DataFrame({"side": ["A", "B"], "status": ["kept", "duplicate"], "documents": [3, 1]})
HEATMAP = pd.DataFrame(
    {"frame": ["war", "econ", None, "war"], "cluster": [0, 0, 1, 1], "frames": "war; econ"}
)

#: plot name -> (the last release's call, today's call): the same figure.
CALLS = {
    "plot_share_differences": (
        lambda: plots.plot_share_differences(SHARES, groups=SIDES),
        lambda: plots.plot_share_differences(SHARES, hue_order=SIDES),
    ),
    "plot_fightin_words": (
        lambda: plots.plot_fightin_words(TERMS, groups=SIDES),
        lambda: plots.plot_fightin_words(TERMS, hue_order=SIDES),
    ),
    "plot_term_contrast": (
        lambda: plots.plot_term_contrast(TERMS, groups=SIDES),
        lambda: plots.plot_term_contrast(TERMS, hue_order=SIDES),
    ),
    "plot_matched_claims": (
        lambda: plots.plot_matched_claims(MATCHES, groups=SIDES),
        lambda: plots.plot_matched_claims(MATCHES, hue_order=SIDES),
    ),
    "plot_omission_rates": (
        lambda: plots.plot_omission_rates(RATES, groups=SIDES),
        lambda: plots.plot_omission_rates(RATES, hue_order=SIDES),
    ),
    "plot_omission_quotes": (
        lambda: plots.plot_omission_quotes(OMISSIONS, groups=SIDES),
        lambda: plots.plot_omission_quotes(OMISSIONS, hue_order=SIDES),
    ),
    "plot_frame_shares": (
        lambda: plots.plot_frame_shares(LEVELS, by="side", groups=SIDES),
        lambda: plots.plot_frame_shares(LEVELS, hue="side", hue_order=SIDES),
    ),
    "plot_voice_shares": (
        lambda: plots.plot_voice_shares(LEVELS, by="side", groups=SIDES),
        lambda: plots.plot_voice_shares(LEVELS, hue="side", hue_order=SIDES),
    ),
    "plot_voice_contrasts": (
        lambda: plots.plot_voice_contrasts(MATCHES, groups=SIDES),
        lambda: plots.plot_voice_contrasts(MATCHES, hue_order=SIDES),
    ),
    "plot_robustness": (
        lambda: plots.plot_robustness(SUMMARY, groups=SIDES),
        lambda: plots.plot_robustness(SUMMARY, hue_order=SIDES),
    ),
    "plot_top_speakers": (
        lambda: plots.plot_top_speakers(SPEAKERS[SPEAKERS["side"] == "A"], groups=SIDES),
        lambda: plots.plot_top_speakers(SPEAKERS, side="A", hue_order=SIDES),
    ),
    "plot_sentence_lengths": (
        lambda: plots.plot_sentence_lengths(SENTENCES, by="side"),
        lambda: plots.plot_sentence_lengths(SENTENCES, y="side"),
    ),
    "plot_dates": (
        lambda: plots.plot_dates(DOCUMENTS, by="side"),
        lambda: plots.plot_dates(DOCUMENTS, hue="side"),
    ),
    "plot_cleaning": (
        lambda: plots.plot_cleaning(STATUS, by="side"),
        lambda: plots.plot_cleaning(STATUS, y="side"),
    ),
    "plot_frame_heatmap": (
        lambda: plots.plot_frame_heatmap(HEATMAP.drop(columns="cluster"), HEATMAP["cluster"].to_numpy()),
        lambda: plots.plot_frame_heatmap(HEATMAP),
    ),
}


@pytest.mark.parametrize("name", sorted(CALLS))
def test_the_old_spelling_warns_and_draws_the_same_figure(name):
    old, new = CALLS[name]
    with pytest.warns(RenamedWarning, match="next release"):
        before = _png(old())
    plt.close("all")
    assert _png(new()) == before


def test_old_and_new_spelling_together_is_an_error():
    with pytest.raises(ParameterError, match="pass hue_order= only"):
        plots.plot_robustness(SUMMARY, groups=SIDES, hue_order=SIDES)


def test_share_differences_read_the_interval_settings_from_columns():
    outlets = SHARES.assign(
        one_outlet=[True, False, False],
        loo_low=[0.0, -0.05, -0.3],
        loo_high=[0.3, 0.05, -0.1],
        carried_by="Outlet X",
        ci=0.9,
        cluster_by="source",
    )
    ax = plots.plot_share_differences(outlets)
    assert ax.get_xlabel() == "share difference, percentage points (90% CI: source, then documents)"
    plain = plots.plot_share_differences(SHARES)
    assert plain.get_xlabel().endswith("(95% bootstrap CI over documents)")


def test_frame_and_voice_shares_draw_with_one_function_on_their_own_label_column():
    frames = plots.plot_frame_shares(LEVELS, hue="source_type")
    voices = plots.plot_voice_shares(LEVELS.assign(include_unattributed=True))
    assert [t.get_text() for t in frames.get_yticklabels()] == ["war", "econ"]
    assert [t.get_text() for t in voices.get_yticklabels()] == ["official", "expert"]
    assert frames.get_xlabel() == "share of each source_type's sentences"
    assert frames.get_title(loc="left") == "Frames by source_type"
    assert voices.get_xlabel() == "share of each side's sentences"
    attributed = plots.plot_voice_shares(LEVELS)
    assert attributed.get_xlabel() == "share of each side's sentences with reported speech"
    # Same data, same drawing: the dodged points sit at the same shares.
    frame_x = [c.lines[0].get_xdata().tolist() for c in frames.containers]
    voice_x = [c.lines[0].get_xdata().tolist() for c in voices.containers]
    assert frame_x == voice_x == [[0.6, 0.4], [0.3, 0.7]]
    with pytest.raises(ParameterError, match="categories \\['nobody'\\] are not in shares"):
        plots.plot_voice_shares(LEVELS, categories=["nobody"])


def test_paired_learning_curve_names_the_comparison_from_its_column():
    curve = pd.DataFrame(
        {
            "n_per_class": [5, np.nan],
            "n_coded": [15, 60],
            "classifier": "difference",
            "macro_f1": [0.05, 0.1],
            "ci_low": [-0.05, 0.02],
            "ci_high": [0.15, 0.2],
        }
    )
    ax = plots.plot_paired_learning_curve(curve.assign(comparison="tuned - frozen"))
    assert ax.get_ylabel() == "macro-F1 difference\n(tuned - frozen)"
    assert plots.plot_paired_learning_curve(curve).get_ylabel().endswith("(second - first)")


def test_frame_heatmap_takes_one_tidy_table():
    ax = plots.plot_frame_heatmap(HEATMAP.rename(columns={"cluster": "theme"}), x="theme")
    assert [t.get_text() for t in ax.get_yticklabels()] == ["war", "econ", ABSTAIN_LABEL]
    np.testing.assert_allclose(np.asarray(ax.images[0].get_array()), [[0.5, 0.5], [0.5, 0], [0, 0.5]])
    with pytest.raises(ParameterError, match="no column 'cluster'"):
        plots.plot_frame_heatmap(HEATMAP.drop(columns="cluster"))


def test_top_speakers_draws_one_side_on_one_axes():
    _, ax = plt.subplots()
    assert plots.plot_top_speakers(SPEAKERS, side="B", ax=ax) is ax
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a spokesman"]
    assert ax.get_title(loc="left") == "B"
    with pytest.raises(ParameterError, match="side 'Z' is not in speakers"):
        plots.plot_top_speakers(SPEAKERS, side="Z")
    # The last release's call still works for one release: every side, one panel each, their array.
    with pytest.warns(RenamedWarning, match="pass side="):
        axes = plots.plot_top_speakers(SPEAKERS, hue_order=SIDES)
    assert [a.get_title(loc="left") for a in axes] == ["A", "B"]
    assert list(axes) == axes[0].figure.axes
