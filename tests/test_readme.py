"""The README's package example runs as written (on the demo corpus)."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # the model on the whole demo corpus


def test_readme_example_runs(tmp_path, monkeypatch, session_cache):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## The package\s+```python\n(.*?)```", text, re.DOTALL).group(1)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(session_cache))
    namespace: dict = {}
    exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 (the README's own example is the test)
    assert (tmp_path / "report" / "emphasis.png").exists()
    assert set(namespace["shares"]["side_a"]) | set(namespace["shares"]["side_b"]) >= {"India", "Pakistan"}
    aligned = namespace["aligned"]
    # The demo's four sides report one meeting: matched claims exist, each across two sides, above the threshold.
    matches = aligned.matches
    assert len(matches) >= 10
    assert (matches["side_a"] != matches["side_b"]).all()
    assert (matches["similarity"] >= aligned.threshold).all()
