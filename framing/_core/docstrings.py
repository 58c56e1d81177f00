"""Docstring fragments for the parameters many public functions share, each written once.

As seaborn does (``seaborn._docstrings.DocstringComponents``): a docstring names a
fragment with a placeholder line such as ``{doc.by}`` and :func:`fill_doc`
replaces it with the fragment, indented to match. Only ``{doc.<name>}``
placeholders are touched, so braces elsewhere in a docstring (``{"a", "b"}``
type specs, ``{cluster id: label}``) need no escaping.
"""

from __future__ import annotations

import re

_FRAGMENTS = {
    "sentences": """
sentences : pandas.DataFrame
    One row per sentence with a ``doc_id`` column and the ``by`` column
    (``framing.split_sentences`` output).""",
    "by": """
by : str, default "side"
    Grouping column whose values are the compared sides: ``"side"``,
    ``"source_type"``, ``"source"``, ``"voice"``...""",
    "sides": """
sides : sequence of str, optional
    Values of ``by`` to compare, in the order comparisons are written
    (``side_a`` is the earlier one); None = all, sorted. Sentences of other
    sides are left out.""",
    "sides_pair": """
sides : tuple of (str, str), optional
    The comparison to draw, ``(side_a, side_b)``, in either order (the table
    is read the way round asked for); may be omitted when the table holds only
    one comparison.""",
    "labels": """
labels : array-like of int, shape (n_sentences,)
    Cluster of each sentence, row-aligned with ``sentences``
    (``SentenceClusterer.labels_``; ``-1`` is HDBSCAN noise).""",
    "n_boot": """
n_boot : int, default 2000
    Bootstrap resamples of documents (the sentences of one article are not
    independent, so documents are the resampling unit).""",
    "cluster_by": """
cluster_by : str, optional
    Column naming the outlet of each document (``"source"``, or any column):
    the bootstrap then resamples outlets within each side and documents within
    the drawn outlets (two-stage cluster bootstrap, Field & Welsh 2007;
    Davison & Hinkley 1997, section 3.8). A side with fewer than three outlets
    gets a :class:`~framing.errors.FewOutletsWarning`: its interval is then
    conditional on those outlets and does not generalise to the side's media
    system (Cameron, Gelbach & Miller 2008). None (default): documents are
    resampled, as they always were.""",
    "ci": """
ci : float, default 0.95
    Confidence level of the bootstrap percentile interval.""",
    "random_state": """
random_state : int or None, default 0
    Seed of every random draw, so the same inputs give the same numbers;
    None draws fresh entropy from the operating system (results then differ
    run to run).""",
    "groups": """
groups : sequence of str, optional
    All sides of the report, so each side keeps its colour across figures.""",
    "cluster_names": """
cluster_names : mapping, optional
    ``{cluster id: label}``, e.g. ``dict(zip(summary_.cluster, summary_.name))``;
    default ``"cluster <id>"`` (``"noise"`` for ``-1``).""",
    "ax": """
ax : matplotlib.axes.Axes, optional
    Axes to draw on; default a new figure sized to the content.""",
    "title": """
title : str, optional
    Axes title; default a description of the figure.""",
    "returns_ax": """
matplotlib.axes.Axes
    The Axes drawn on.""",
}

#: Parameter name -> its description (name line and indented body), each written once.
DOCS = {key: value.strip("\n") for key, value in _FRAGMENTS.items()}

_PLACEHOLDER = re.compile(r"^(?P<indent>[ \t]*)\{doc\.(?P<key>\w+)\}[ \t]*$", re.MULTILINE)


def fill_doc(obj):
    """Replace each ``{doc.<name>}`` line of ``obj.__doc__`` with that fragment, indented to match.

    Parameters
    ----------
    obj : function or class
        Its docstring may hold placeholder lines.

    Returns
    -------
    function or class
        ``obj`` itself, docstring filled (usable as a decorator).

    References
    ----------
    Waskom, M. (2021). seaborn: statistical data visualization. Journal of Open
    Source Software 6(60), 3021 (``seaborn._docstrings``, the pattern used here).
    """
    if obj.__doc__:

        def fill(match: re.Match) -> str:
            key = match["key"]
            if key not in DOCS:
                raise KeyError(f"{obj.__qualname__}: no docstring fragment {key!r}; known: {sorted(DOCS)}")
            return "\n".join(match["indent"] + line if line else line for line in DOCS[key].splitlines())

        obj.__doc__ = _PLACEHOLDER.sub(fill, obj.__doc__)
    return obj


# --- analysis2 (issue 25): the parameters the over-time functions share -----------------------------------
DOCS.update(
    {
        "time_labels": """labels : array-like, shape (n_sentences,)
    The category of each sentence: a cluster (``SentenceClusterer.labels_``), a frame
    (``assign_frames(...)["frame"]``), a speaker category: any label vector.""",
        "event_sides": """sides : tuple of (str, str), optional
    Sides A and B (values of ``by``); default the two with most documents
    (:func:`framing.analysis.compare.main_pair`). Positive ``did``: A's share rose more (or fell
    less) than B's. Spelled ``pair=`` until issue 25; that spelling works for one more
    release with a :class:`~framing.errors.RenamedWarning`.""",
        "event": """event : str or pandas.Timestamp
    The event's date, or the label of a row of ``events``.""",
        "event_window": """window : int, default 14
    Days either side of the event. The event day belongs to "after". Windows that reach
    another event mix the two: check with :func:`window_sensitivity`.""",
        "date_doc_cols": """date_col, doc_col : str
    The date and document-id columns.""",
    }
)
#: The bootstrap and column options of the over-time functions, in their signatures' order.
DOCS["time_options"] = "\n".join(
    DOCS[k] for k in ("n_boot", "ci", "date_doc_cols", "cluster_by", "random_state")
)
#: The bootstrap options of the share tables (frame, voice and category shares), in their signatures' order.
DOCS["boot_options"] = "\n".join(DOCS[k] for k in ("n_boot", "ci", "cluster_by", "random_state"))
# voices (issue 25): the parameters the voices tables share.
DOCS["attributed"] = """attributed : pandas.DataFrame
    :func:`framing.attribute` output."""
DOCS["sides_shown"] = """sides : sequence of str, optional
    Values of ``by`` to show; None shows all."""
# Plots in seaborn's vocabulary (issue 25, item 2; the plots helper). The last two gather what every
# plot's docstring ends with, so the docstrings do not repeat the same lines.
DOCS.update(
    {
        "hue_order": """hue_order : sequence of str, optional
    All sides of the report, so each side keeps its colour across figures.
    Seaborn's ``hue_order``; default the sides the table holds.""",
        "ax_title": DOCS["ax"] + "\n" + DOCS["title"],
        "returns_ax_section": "Returns\n-------\n" + DOCS["returns_ax"],
    }
)
#: What every plot coloured by side ends its docstring with: its colour, Axes and title options, and Returns.
DOCS["plot_tail"] = "\n".join([DOCS["hue_order"], DOCS["ax_title"], "", DOCS["returns_ax_section"]])
