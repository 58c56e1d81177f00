"""Themes and comparisons: clusters, shares by side, distinctive terms, alignment, time, robustness."""
