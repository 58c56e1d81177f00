"""Deterministic figure bytes and the manifest; saving holds no state and changes nothing in the process."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import threading

import matplotlib.pyplot as plt
import pandas as pd
import pytest

import framing
from framing._core.io import atomic_write
from framing.errors import ParameterError
from framing.study import figures


def draw():
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([0, 1, 2], [2, 0, 1], label="a")
    ax.set_title("same every time")
    ax.legend()
    return fig


def test_same_figure_gives_same_bytes_and_manifest_records_it(tmp_path):
    docs = framing.load_demo()
    made = figures.Provenance(notebook="nb", corpus_sha256=framing.corpus_hash(docs), model="m", seed=3)
    first = figures.save_figure(
        draw(), "fig", out_dir=tmp_path / "one", provenance=made, formats=("png", "svg", "pdf")
    )
    second = figures.save_figure(
        draw(), "fig", out_dir=tmp_path / "two", provenance=made, formats=("png", "svg", "pdf")
    )
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
    assert (tmp_path / "one" / "manifest.json").read_bytes() == (
        tmp_path / "two" / "manifest.json"
    ).read_bytes()


def test_tables_are_recorded(tmp_path):
    entry = figures.save_table(pd.DataFrame({"x": [0.1, 1 / 3]}), "numbers", out_dir=tmp_path)
    assert (tmp_path / "tables" / "numbers.csv").read_text() == "x\n0.1\n0.333333\n"  # 6 significant digits
    assert figures.read_manifest(tmp_path)["tables"]["numbers"] == entry


def test_two_folders_interleaved_keep_their_own_manifests(tmp_path):
    # What a module-level "current folder" got wrong: two studies saving in turn.
    a = figures.Provenance(notebook="a", seed=1, cleaning={"enabled": False})
    b = figures.Provenance(notebook="b", seed=2)
    for i in range(2):
        figures.save_figure(draw(), f"fig{i}", out_dir=tmp_path / "a", provenance=a)
        figures.save_figure(draw(), f"fig{i}", out_dir=tmp_path / "b", provenance=b)
    ma, mb = figures.read_manifest(tmp_path / "a"), figures.read_manifest(tmp_path / "b")
    assert {e["notebook"] for e in ma["figures"].values()} == {"a"} and set(ma["figures"]) == {"fig0", "fig1"}
    assert {e["seed"] for e in mb["figures"].values()} == {2}
    assert ma["cleaning"] == {"enabled": False} and "cleaning" not in mb


def test_bad_names_and_formats(tmp_path):
    with pytest.raises(ParameterError, match="plain file name"):
        figures.save_figure(draw(), "../escape", out_dir=tmp_path)
    with pytest.raises(ParameterError, match="not supported"):
        figures.save_figure(draw(), "ok", out_dir=tmp_path, formats=("gif",))
    with pytest.raises(ParameterError, match="needs a matplotlib Figure"):
        figures.save_figure("figure.png", "ok", out_dir=tmp_path)
    assert not list(tmp_path.iterdir())


def test_atomic_write_keeps_the_old_file_on_failure_and_applies_the_umask(tmp_path):
    target = tmp_path / "table.csv"
    atomic_write(target, "old\n")

    def fail(path):
        with open(path, "w") as fh:
            fh.write("half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        atomic_write(target, fail)
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["table.csv"]  # no temporary file left behind
    previous = os.umask(0o027)  # the test's own process; restored at once
    try:
        atomic_write(tmp_path / "shared.bin", b"\x00\x01")
    finally:
        os.umask(previous)
    assert (tmp_path / "shared.bin").stat().st_mode & 0o777 == 0o640
    assert (tmp_path / "shared.bin").read_bytes() == b"\x00\x01"


def test_concurrent_writers_never_leave_half_a_file(tmp_path):
    target = tmp_path / "manifest.json"
    texts = [json.dumps({"writer": i, "pad": "x" * 200_000}) for i in range(4)]
    threads = [
        threading.Thread(target=lambda t=t: [atomic_write(target, t) for _ in range(5)]) for t in texts
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert target.read_text() in texts


@pytest.mark.slow
def test_importing_framing_changes_neither_the_umask_nor_the_environment():
    # os.umask can only be read by setting it (to 0, for every thread, however briefly): count the calls.
    code = (
        "import os\n"
        "calls = []\n"
        "real = os.umask\n"
        "os.umask = lambda mask: calls.append(mask) or real(mask)\n"
        "before = dict(os.environ)\n"
        "import framing, framing.study.cli, framing.study.figures, framing.study.notebook, framing.study.report\n"
        "changed = sorted(k for k in set(before) | set(os.environ) if before.get(k) != os.environ.get(k))\n"
        "print(calls, changed)\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert proc.stdout.split() == ["[]", "[]"], proc.stdout + proc.stderr
