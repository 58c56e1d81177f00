"""The last release's module paths keep working for one release (issue 25, items 1 and 6)."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

import framing
from framing._core.moved import MOVED_MODULES
from framing.errors import RenamedWarning


def test_every_old_path_names_an_existing_module():
    assert len(MOVED_MODULES) > 40
    for old, new in MOVED_MODULES.items():
        assert importlib.util.find_spec(new) is not None, (old, new)


def test_an_old_import_warns_and_gives_the_same_objects():
    # A fresh interpreter: in this one the old path may be imported already (the warning comes once).
    script = (
        "import warnings; warnings.simplefilter('error', FutureWarning)\n"
        "try:\n    from framing.compare import compare_shares\nexcept FutureWarning as w:\n    print(w)\n"
        "warnings.simplefilter('ignore')\n"
        "import framing, framing.compare as old\n"
        "print(old.compare_shares is framing.compare_shares, old.REST is framing.analysis.compare.REST)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert "framing.compare moved to framing.analysis.compare" in out
    assert out.splitlines()[-1] == "True True"


def test_an_old_attribute_of_the_package_warns_and_gives_the_module():
    with pytest.warns(RenamedWarning, match="framing.clean moved to framing.corpus.clean"):
        module = framing.clean
    assert module is importlib.import_module("framing.corpus.clean")
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        framing.nothing_here  # noqa: B018


def test_a_package_that_replaced_a_module_keeps_its_names():
    from framing.corpus import load_corpus
    from framing.embedding import Embedder
    from framing.frames import MFC_FRAMES, assign_frames, compare_frames

    assert load_corpus is framing.load_corpus and Embedder is framing.Embedder
    assert (MFC_FRAMES, assign_frames, compare_frames) == (
        framing.MFC_FRAMES,
        framing.assign_frames,
        framing.compare_frames,
    )
