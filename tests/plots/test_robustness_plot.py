"""The robustness figure draws the counts of the summary, on a given ax or its own."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from framing.errors import ParameterError
from framing.plots import palette, plot_robustness


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _summary():
    return pd.DataFrame(
        {
            "kind": ["share", "share", "term"],
            "finding": ["0: border, troops", "1: trade, tariffs", "ceasefire"],
            "favours": ["A", "B", "A"],
            "side_a": "A",
            "side_b": "B",
            "n_runs": [9, 9, 4],
            "kept_sign": [9, 5, 4],
            "passed": [8, 1, 4],
        }
    )


def test_bars_are_the_shares_of_runs_in_the_favoured_side_colour():
    _fig, ax = plt.subplots()
    out = plot_robustness(_summary(), hue_order=["A", "B"], ax=ax)
    assert out is ax
    bars = ax.patches
    widths = sorted(round(b.get_width(), 3) for b in bars)
    assert widths == sorted([1.0, round(5 / 9, 3), 1.0, round(8 / 9, 3), round(1 / 9, 3), 1.0])
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["term: ceasefire", "1: trade, tariffs", "0: border, troops"]  # themes above terms
    colours = palette(["A", "B"])
    solid_trade = next(b for b in bars if round(b.get_width(), 3) == round(1 / 9, 3))
    assert matplotlib.colors.to_hex(solid_trade.get_facecolor()) == matplotlib.colors.to_hex(colours["B"])
    assert any("8/9 pass, 9/9 same sign" == t.get_text() for t in ax.texts)


def test_empty_or_incomplete_summary_is_refused():
    with pytest.raises(ParameterError, match="no findings"):
        plot_robustness(_summary().iloc[:0])
    with pytest.raises(ParameterError, match="passed"):
        plot_robustness(_summary().drop(columns="passed"))
