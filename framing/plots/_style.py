"""One look for every figure: a colour-blind-safe palette and shared rcParams.

The palette is Okabe & Ito (2008), "Color Universal Design", safe for the
common forms of colour-vision deficiency. Colours are given to groups in
sorted order, so a side keeps its colour across every figure of a report.

The rcParams apply inside ``with style():`` (or ``with study.style():``) only:
importing framing, or starting a study, leaves matplotlib's global state as the
user set it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator

import matplotlib as mpl

#: Okabe-Ito colours, black last (kept for text and reference lines).
OKABE_ITO = [
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
]

#: Neutral grey for "other", noise points and reference lines.
GREY = "#999999"

#: rcParams every framing figure is drawn with.
RC = {
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.labelsize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
    "svg.hashsalt": "framing",
    "svg.fonttype": "path",
    "path.simplify": True,
}


def palette(groups: Iterable[str]) -> dict[str, str]:
    """Map each group (side, source type...) to an Okabe-Ito colour.

    Parameters
    ----------
    groups : iterable of str
        Group names; duplicates are ignored.

    Returns
    -------
    dict
        ``{group: hex colour}``, assigned in sorted order of the names so the
        same group gets the same colour in every figure. Past eight groups the
        colours repeat.

    References
    ----------
    Okabe, M. & Ito, K. (2008). Color Universal Design (CUD): how to make
    figures and presentations that are friendly to colorblind people.
    """
    names = sorted({str(g) for g in groups})
    return {name: OKABE_ITO[i % len(OKABE_ITO)] for i, name in enumerate(names)}


@contextlib.contextmanager
def style(*, rc: dict | None = None) -> Iterator[dict]:
    """Draw the figures of a ``with`` block in framing's look, and restore matplotlib's settings after it.

    Figures keep the look they were created with, so save them inside the block
    (``study.save``) and they come out the same as with the settings set globally.

    Parameters
    ----------
    rc : dict, optional
        rcParams to set on top of :data:`RC` in the block, e.g. the script fonts of
        :func:`framing.plots.fonts.script_font_rc`.

    Yields
    ------
    dict
        The rcParams set in the block.

    References
    ----------
    matplotlib ``rc_context``: https://matplotlib.org/stable/api/matplotlib_configuration_api.html
    """
    settings = {**RC, **(rc or {})}
    # Restore only the keys set here. matplotlib's rc_context restores every rcParam, the backend
    # included, and resetting the backend makes pyplot switch backends on the next figure, which
    # closes the open ones: a notebook cell then shows none of the figures it drew.
    saved = {key: mpl.rcParams[key] for key in settings}
    mpl.rcParams.update(settings)
    try:
        yield settings
    finally:
        mpl.rcParams.update(saved)


def apply_style() -> None:
    """Set framing's rcParams globally; prefer ``with style():``, which restores them afterwards.

    Returns
    -------
    None
    """
    mpl.rcParams.update(RC)
