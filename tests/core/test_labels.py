"""The shared names (framing._core.names) and docstring fragments (framing._core.docstrings) are defined once."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import framing
from framing._core import docstrings as _docstrings
from framing._core.names import ABSTAIN_LABEL, NOISE, REST, cluster_name


def test_cluster_name_rule():
    assert cluster_name(NOISE) == "noise"
    assert cluster_name(3) == "cluster 3"
    assert cluster_name(3, {3: "3: ceasefire, talks"}) == "3: ceasefire, talks"
    assert cluster_name(NOISE, {0: "zero"}) == "noise"  # names given for other clusters only
    assert cluster_name("all") == "all"  # overall omission rates use a string cluster


def test_every_module_uses_the_one_definition():
    from framing import frames
    from framing.analysis import cluster, compare
    from framing.frames import classifier as frame_classifier
    from framing.frames import correction as quantify

    assert cluster.NOISE is NOISE and compare.REST is REST
    assert frames.ABSTAIN_LABEL is ABSTAIN_LABEL and frame_classifier.ABSTAIN_LABEL is ABSTAIN_LABEL
    assert quantify.ABSTAIN_LABEL is ABSTAIN_LABEL


def _public_callables():
    for info in pkgutil.walk_packages(framing.__path__, "framing."):
        if any(part.startswith("_") for part in info.name.split(".")):
            continue
        try:
            module = importlib.import_module(info.name)
        except ImportError:  # optional backends (faiss, onnx) may be missing
            continue
        for name, obj in vars(module).items():
            mine = getattr(obj, "__module__", None) == info.name
            if not name.startswith("_") and mine and (inspect.isfunction(obj) or inspect.isclass(obj)):
                yield f"{info.name}.{name}", obj


def test_no_placeholder_is_left_unfilled():
    found = list(_public_callables())
    assert len(found) > 40
    left = [name for name, obj in found if "{doc." in (obj.__doc__ or "")]
    assert left == [], f"docstrings with an unfilled {{doc.*}} placeholder (add @fill_doc): {left}"


def test_fragment_is_indented_and_written_once():
    from framing.analysis.compare import compare_shares
    from framing.plots.emphasis import plot_share_differences

    doc = compare_shares.__doc__
    assert "    random_state : int or None, default 0\n        Seed of every random draw" in doc
    # the same words, from the one fragment, in an analysis and a plot
    assert _docstrings.DOCS["groups"].splitlines()[1].strip() in plot_share_differences.__doc__


def test_unknown_fragment_is_an_error():
    def f():
        """Doc.

        Parameters
        ----------
        {doc.no_such_parameter}
        """

    with pytest.raises(KeyError, match="no_such_parameter"):
        _docstrings.fill_doc(f)
