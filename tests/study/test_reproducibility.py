"""framing check-figures: byte identity on the same machine, stated tolerances on another."""

from __future__ import annotations

import json
import shutil

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from framing.study.cli import main
from framing.study.figures import save_figure, save_table
from framing.study.reproducibility import IMAGE_TOL, compare_figures, machine_record


def _figure(offset=0.0, colour="C0"):
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([0, 1, 2], [0, 1 + offset, 0], color=colour)
    return fig


def _folder(path, *, table=None, offset=0.0, colour="C0"):
    save_figure(_figure(offset, colour), "01_line", out_dir=path)
    table = table if table is not None else pd.DataFrame({"cluster": ["a", "b"], "diff": [0.25, -0.125],
                                                          "q_value": [0.01, 0.5]})  # fmt: skip
    save_table(table, "01_table", out_dir=path)
    (path / "report.html").write_text("<html>report</html>")
    return path


def _as_another_machine(path):
    manifest = json.loads((path / "manifest.json").read_text())
    manifest["machine"] = {**manifest["machine"], "isa": ["sse4_2"], "cpus": 64}
    (path / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")


def _verdicts(table):
    return dict(zip(table["file"], table["verdict"], strict=True))


def test_machine_record_names_the_instruction_sets_and_restrictions(monkeypatch):
    monkeypatch.setenv("ATEN_CPU_CAPABILITY", "default")
    record = machine_record()
    assert record["arch"] and record["cpus"] >= 1 and record["isa"]
    assert record["env"]["ATEN_CPU_CAPABILITY"] == "default"


def test_a_regenerated_folder_on_the_same_machine_must_be_byte_identical(tmp_path):
    a = _folder(tmp_path / "a")
    b = _folder(tmp_path / "b")
    table = compare_figures(a, b)
    assert table["same_machine"].all() and table["ok"].all() and not table.attrs
    assert set(table["verdict"]) == {"identical"}
    c = _folder(tmp_path / "c", table=pd.DataFrame({"cluster": ["a", "b"], "diff": [0.25, -0.12501],
                                                     "q_value": [0.01, 0.5]}))  # fmt: skip
    moved = compare_figures(a, c)
    assert _verdicts(moved)["tables/01_table.csv"] == "differs" and not moved["ok"].all()


def test_another_machine_is_held_to_the_tolerances(tmp_path):
    a = _folder(tmp_path / "a")
    close = _folder(tmp_path / "close", table=pd.DataFrame({"cluster": ["a", "b"], "diff": [0.250001, -0.125],
                                                             "q_value": [0.01, 0.5]}), offset=1e-9)  # fmt: skip
    _as_another_machine(close)
    table = compare_figures(a, close)
    assert not table["same_machine"].any() and table["ok"].all(), table
    assert _verdicts(table)["tables/01_table.csv"] == "within tolerance"
    assert _verdicts(table)["manifest.json"] == "within tolerance"
    far = _folder(tmp_path / "far", table=pd.DataFrame({"cluster": ["a", "c"], "diff": [0.26, -0.125],
                                                         "q_value": [0.07, 0.5]}), colour="C3")  # fmt: skip
    _as_another_machine(far)
    table = compare_figures(a, far).set_index("file")
    detail = table.loc["tables/01_table.csv", "detail"]
    assert "diff: 1 value(s) beyond tolerance" in detail and "crossed q = 0.05" in detail
    assert "cluster: 1 text cell(s) differ" in detail
    assert (
        not table.loc["01_line.png", "ok"]
        and float(table.loc["01_line.png", "detail"].split()[1]) > IMAGE_TOL
    )


def test_a_missing_figure_fails_and_the_cli_names_it(tmp_path, capsys):
    a = _folder(tmp_path / "a")
    b = tmp_path / "b"
    shutil.copytree(a, b)
    (b / "01_line.svg").unlink()
    assert main(["check-figures", str(b), "--expected", str(a)]) == 1
    out = capsys.readouterr().out
    assert "FAIL 01_line.svg: missing" in out and "make figures" in out
    assert main(["check-figures", str(a), "--expected", str(a)]) == 0
    assert "0 beyond tolerance" in capsys.readouterr().out


def test_a_folder_without_manifest_is_refused(tmp_path):
    with pytest.raises(Exception, match="no manifest.json"):
        compare_figures(tmp_path, tmp_path)
    assert np.isfinite(IMAGE_TOL)
