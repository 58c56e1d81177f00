"""Plotting functions, one per figure kind.

Each takes tidy data (a pandas DataFrame) and an optional matplotlib ``ax``,
draws on it, and returns the Axes; none calls ``plt.show()``. Colours come from
:func:`framing.plots.palette` (Okabe-Ito, colour-blind safe).
"""

from framing.plots._style import GREY, OKABE_ITO, apply_style, palette
from framing.plots.corpus import plot_counts, plot_dates, plot_sentence_lengths

__all__ = [
    "GREY",
    "OKABE_ITO",
    "apply_style",
    "palette",
    "plot_counts",
    "plot_dates",
    "plot_sentence_lengths",
]
