"""The README's package example runs as written (on the demo corpus)."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def test_readme_example_runs(tmp_path, monkeypatch, session_cache):
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## The package\s+```python\n(.*?)```", text, re.DOTALL).group(1)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(session_cache))
    namespace: dict = {}
    exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 (the README's own example is the test)
    assert (tmp_path / "report" / "emphasis.png").exists()
    assert set(namespace["shares"]["side_a"]) | set(namespace["shares"]["side_b"]) >= {"India", "Pakistan"}
    assert len(namespace["aligned"].matches) > 0
