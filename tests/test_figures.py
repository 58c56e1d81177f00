"""Deterministic figure bytes and the manifest."""

from __future__ import annotations

import hashlib
import json

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import framing
from framing import figures
from framing.errors import ParameterError


def draw():
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([0, 1, 2], [2, 0, 1], label="a")
    ax.set_title("same every time")
    ax.legend()
    return fig


def test_same_figure_gives_same_bytes_and_manifest_records_it(tmp_path):
    docs = framing.load_demo()
    figures.configure(tmp_path / "one", notebook="nb", corpus=docs, model="m", seed=3)
    first = figures.save(draw(), "fig", formats=("png", "svg", "pdf"))
    figures.configure(tmp_path / "two", notebook="nb", corpus=docs, model="m", seed=3)
    second = figures.save(draw(), "fig", formats=("png", "svg", "pdf"))
    assert first == second
    for fmt in ("png", "svg", "pdf"):
        a = (tmp_path / "one" / f"fig.{fmt}").read_bytes()
        assert a == (tmp_path / "two" / f"fig.{fmt}").read_bytes()
        assert first["files"][fmt]["sha256"] == hashlib.sha256(a).hexdigest()
    manifest = json.loads((tmp_path / "one" / "manifest.json").read_text())
    entry = manifest["figures"]["fig"]
    assert entry["notebook"] == "nb" and entry["seed"] == 3 and entry["model"] == "m"
    assert entry["corpus_sha256"] == framing.corpus_hash(docs)
    assert manifest["versions"]["matplotlib"]
    assert (tmp_path / "one" / "manifest.json").read_bytes() == (tmp_path / "two" / "manifest.json").read_bytes()


def test_tables_are_recorded(tmp_path):
    figures.configure(tmp_path)
    entry = figures.save_table(pd.DataFrame({"x": [0.1, 1 / 3]}), "numbers")
    assert (tmp_path / "tables" / "numbers.csv").read_text() == "x\n0.1\n0.3333333333\n"
    assert figures.read_manifest(tmp_path)["tables"]["numbers"] == entry


def test_bad_names_and_formats(tmp_path):
    figures.configure(tmp_path)
    with pytest.raises(ParameterError, match="plain file name"):
        figures.save(draw(), "../escape")
    with pytest.raises(ParameterError, match="not supported"):
        figures.save(draw(), "ok", formats=("gif",))
