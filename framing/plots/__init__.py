"""Plotting functions, one per figure kind.

Each takes tidy data (a pandas DataFrame) and an optional matplotlib ``ax``,
draws on it, and returns the Axes; none calls ``plt.show()``. Colours come from
:func:`framing.plots.palette` (Okabe-Ito, colour-blind safe).
"""

from framing.plots._style import GREY, OKABE_ITO, apply_style, palette
from framing.plots.clusters import plot_cluster_labels, plot_cluster_map, plot_silhouette
from framing.plots.corpus import plot_cleaning, plot_counts, plot_dates, plot_sentence_lengths
from framing.plots.emphasis import plot_fightin_words, plot_share_differences, plot_term_contrast

__all__ = [
    "GREY",
    "OKABE_ITO",
    "apply_style",
    "palette",
    "plot_cleaning",
    "plot_cluster_labels",
    "plot_cluster_map",
    "plot_counts",
    "plot_dates",
    "plot_fightin_words",
    "plot_sentence_lengths",
    "plot_share_differences",
    "plot_silhouette",
    "plot_term_contrast",
]
from framing.plots.alignment import plot_matched_claims, plot_omission_quotes, plot_omission_rates
from framing.plots.frames import (
    plot_coder_agreement,
    plot_confusion,
    plot_frame_heatmap,
    plot_frame_shares,
    plot_learning_curve,
    plot_paired_learning_curve,  # issue 22
)

__all__ += [
    "plot_coder_agreement",  # issue 22
    "plot_confusion",
    "plot_frame_heatmap",
    "plot_frame_shares",
    "plot_learning_curve",
    "plot_matched_claims",
    "plot_omission_quotes",
    "plot_omission_rates",
]
from framing.plots.voices import plot_top_speakers, plot_voice_contrasts, plot_voice_shares

__all__ += ["plot_top_speakers", "plot_voice_contrasts", "plot_voice_shares"]

# Urdu and Hindi labels (issue 23): OFL Noto fonts from PyPI, in matplotlib's fallback list.
from framing.plots.fonts import SCRIPT_FONTS, script_font_files, use_script_fonts

__all__ += ["SCRIPT_FONTS", "script_font_files", "use_script_fonts"]

# Framing over time (issue 21, item 2).
from framing.plots.over_time import plot_shares_over_time, plot_window_sensitivity

__all__ += ["plot_shares_over_time", "plot_window_sensitivity"]

# issue 24: robustness across a declared grid of choices
from framing.plots.robustness import plot_robustness

__all__ += ["plot_robustness"]

__all__ += ["plot_paired_learning_curve"]

# The study's look as a context, and one panel per side (issue 25, item 3; study helper).
from framing.plots._style import style
from framing.plots.per_side import PerSideGrid, per_side

__all__ += ["PerSideGrid", "per_side", "style"]
