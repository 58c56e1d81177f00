"""Old spellings keep working for one release, with a warning naming the new one (issue 25, item 6)."""

from __future__ import annotations

import inspect

import pytest

from framing._core.renamed import keyword_only_options, renamed_parameters
from framing.errors import FramingWarning, ParameterError, RenamedWarning


@renamed_parameters(seed="random_state", pair="sides")
def _shares(table, *, sides=None, random_state=0):
    return table, sides, random_state


@keyword_only_options
def _summary(documents, *, by="side", n=5):
    return documents, by, n


def test_an_old_keyword_still_works_and_names_the_new_one():
    with pytest.warns(RenamedWarning, match=r"seed=\.\.\.\) is now random_state="):
        assert _shares("t", seed=3) == ("t", None, 3)
    with pytest.warns(FutureWarning, match="sides="):
        assert _shares("t", pair=("a", "b")) == ("t", ("a", "b"), 0)
    assert issubclass(RenamedWarning, FramingWarning)


def test_both_spellings_at_once_is_an_error():
    with pytest.raises(ParameterError, match="pass random_state= only"):
        _shares("t", seed=1, random_state=2)


def test_the_signature_shows_only_the_new_spelling():
    assert list(inspect.signature(_shares).parameters) == ["table", "sides", "random_state"]
    assert _shares.__renamed__ == {"seed": "random_state", "pair": "sides"}


def test_options_by_position_still_work_with_a_warning():
    with pytest.warns(RenamedWarning, match=r"write by=\.\.\., n=\.\.\."):
        assert _summary("d", "source", 3) == ("d", "source", 3)
    assert _summary("d", n=2) == ("d", "side", 2)
    with pytest.raises(TypeError, match="takes 1 positional"):
        _summary("d", "source", 3, 4)
