"""Confusion matrix and learning curve figures."""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
import pandas as pd

from framing.plots import plot_confusion, plot_learning_curve


def _png(ax) -> bytes:
    buf = io.BytesIO()
    ax.figure.savefig(buf, format="png", metadata={"Software": None})
    plt.close(ax.figure)
    return buf.getvalue()


CONF = pd.DataFrame({"true": ["A", "A", "B", "B"], "predicted": ["A", "B", "A", "B"], "count": [8, 2, 1, 9]})


def test_confusion_rows_are_coded_frames_with_their_support():
    ax = plot_confusion(CONF)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["A (n=10)", "B (n=10)"]
    assert sorted(t.get_text() for t in ax.texts) == ["10%", "20%", "80%", "90%"]
    assert _png(plot_confusion(CONF)) == _png(plot_confusion(CONF))


def test_learning_curve_plots_points_in_order():
    curve = pd.DataFrame(
        {
            "n_coded": [120, 30, 60],
            "macro_f1": [0.5, 0.2, 0.4],
            "ci_low": [0.4, 0.1, 0.3],
            "ci_high": [0.6, 0.3, 0.5],
        }
    )
    ax = plot_learning_curve(curve)
    x, y = ax.lines[0].get_data()
    assert list(x) == [30, 60, 120] and list(y) == [0.2, 0.4, 0.5]
