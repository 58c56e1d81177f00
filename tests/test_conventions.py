"""Conventions the codebase claims, checked: every warning is a FramingWarning users can filter."""

from __future__ import annotations

import ast
import warnings

import pandas as pd
import pytest

import framing
import framing.errors
from framing.errors import FramingWarning
from tests.conftest import ROOT


def _warn_calls(tree: ast.AST):
    """Yield every ``warnings.warn(...)`` (or bare ``warn(...)``) call in a module."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "warn"
            and getattr(func.value, "id", "") == "warnings"
        ) or (isinstance(func, ast.Name) and func.id == "warn"):
            yield node


def _category(call: ast.Call) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == "category":
            return kw.value
    return call.args[1] if len(call.args) > 1 else None


def test_every_framing_warning_uses_a_framing_warning_class():
    files = sorted((ROOT / "framing").rglob("*.py"))
    calls, offenders = 0, []
    for path in files:
        for call in _warn_calls(ast.parse(path.read_text(), filename=str(path))):
            calls += 1
            cat = _category(call)
            where = f"{path.relative_to(ROOT)}:{call.lineno}"
            if not isinstance(cat, ast.Name):
                offenders.append(f"{where}: no category (defaults to UserWarning)" if cat is None else where)
                continue
            cls = getattr(framing.errors, cat.id, None)
            if not (isinstance(cls, type) and issubclass(cls, FramingWarning)):
                offenders.append(f"{where}: {cat.id}")
    assert calls >= 10, "the scan found too few warnings.warn calls; is it reading framing/?"
    assert not offenders, "warnings.warn with a category that is not a FramingWarning:\n" + "\n".join(
        offenders
    )


def test_users_can_escalate_or_silence_framing_warnings():
    docs = pd.DataFrame({"side": ["A", "B"], "text": ["One sentence here.", "Another one there."]})
    with warnings.catch_warnings():
        warnings.simplefilter("error", FramingWarning)
        with pytest.raises(FramingWarning, match="no 'doc_id' column"):
            framing.load_corpus(docs)
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        warnings.simplefilter("ignore", FramingWarning)
        loaded = framing.load_corpus(docs)
    assert not record and loaded["doc_id"].tolist() == ["doc-00001", "doc-00002"]


def test_cache_warnings_are_framing_and_runtime_warnings():
    # Filters written before FramingWarning existed (on RuntimeWarning) keep catching the cache's warnings.
    assert issubclass(framing.CacheWarning, FramingWarning)
    assert issubclass(framing.CacheWarning, RuntimeWarning)
    assert issubclass(FramingWarning, UserWarning)
    assert {"FramingWarning", "CacheWarning"} <= set(framing.__all__)
