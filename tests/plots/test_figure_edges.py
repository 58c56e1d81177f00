"""Nothing a reader needs is cut off at a figure's edge or hidden behind its legend."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

import framing
from framing import plots


def _boxes(fig, artists):
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return [a.get_window_extent(renderer) for a in artists]


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_count_totals_sit_inside_the_axes_and_clear_of_the_legend():
    # The longest bar ends in a source type the other bars lack: the case whose total used to run off the axes.
    documents = framing.load_demo()
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(7, 5))
    plots.plot_counts(documents, x="side", hue="source_type", ax=top)
    plots.plot_counts(documents[documents["side"] != "India"], x="side", hue="source_type", ax=bottom)
    fig.tight_layout()
    for ax in (top, bottom):
        labels = [t for t in ax.texts if t.get_text().isdigit()]
        assert len(labels) == len(ax.get_yticks())
        axes_box, legend_box = _boxes(fig, [ax, ax.get_legend()])
        for text, box in zip(labels, _boxes(fig, labels), strict=True):
            assert box.x1 <= axes_box.x1, f"total {text.get_text()} runs past the axes"
            assert not box.overlaps(legend_box), f"total {text.get_text()} is behind the legend"


#: Share differences with a wide interval on the right, as in the demo's main contrast.
WIDE_INTERVAL_SHARES = pd.DataFrame(
    {
        "side_a": "A",
        "side_b": "B",
        "cluster": [0, 1, 2],
        "share_a": [0.24, 0.10, 0.05],
        "share_b": [0.06, 0.10, 0.28],
        "diff": [0.18, 0.0, -0.23],
        "ci_low": [0.07, -0.05, -0.30],
        "ci_high": [0.315, 0.05, -0.19],
        "q_value": [0.007, 0.9, 0.005],
    }
)


def test_share_differences_keep_every_interval_and_the_note_clear_of_the_axes():
    # A wide interval on the right, as in the demo's main contrast.
    shares = WIDE_INTERVAL_SHARES
    ax = plots.plot_share_differences(shares, sides=("A", "B"))
    fig = ax.figure
    left, right = ax.get_xlim()
    span = right - left
    assert right - 31.5 > 0.05 * span and -30 - left > 0.05 * span, "an interval ends at the axes' edge"
    note = next(t for t in ax.texts if t.get_text().startswith("filled:"))
    (axes_box, note_box) = _boxes(fig, [ax, note])
    assert note_box.x0 >= axes_box.x1 + 3, "the q-value note touches the axes"
    assert note_box.y1 <= axes_box.y0, "the q-value note overlaps the plotted rows"
    tick_boxes = _boxes(fig, ax.get_xticklabels())
    assert not any(note_box.overlaps(b) for b in tick_boxes if b.width > 0)
    assert np.isfinite(span)
