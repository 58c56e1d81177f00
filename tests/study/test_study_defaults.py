"""The Study supplies the run's defaults, is frozen, and leaves matplotlib's global state alone (issue 25, item 3)."""

from __future__ import annotations

import dataclasses
import warnings

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from framing import plots
from framing.errors import ParameterError, RenamedWarning
from framing.plots._style import RC
from framing.study import cli, notebook


def _tiny(**options) -> notebook.Study:
    docs = pd.DataFrame(
        {"doc_id": ["a", "b", "c"], "side": ["X", "Y", "Z"], "text": ["One.", "Two.", "Three."]}
    )
    sentences = docs.assign(sent_idx=0)
    return notebook.Study(docs, sentences, by="side", sides=["X", "Y", "Z"], contrast=["X", "Y"], **options)


def test_study_is_frozen_and_names_the_way_to_change_it():
    study = _tiny()
    with pytest.raises(
        dataclasses.FrozenInstanceError, match=r"study\.replace\(sentences=\.\.\.\).*with_sentences"
    ):
        study.sentences = study.sentences.head(1)
    with pytest.raises(AttributeError, match=r"study = study\.replace\(k=\.\.\.\)"):
        study.k = 5
    assert len(study.sentences) == 3


def test_replace_keeps_only_the_caches_that_still_hold():
    study = _tiny()
    study._vectors = np.eye(3, dtype=np.float32)  # as if embedded
    moved = study.replace(out_dir=study.out_dir / "elsewhere", n_boot=100)
    assert moved._vectors is study._vectors and moved.n_boot == 100 and study.n_boot == 2000
    fewer = study.with_sentences(study.sentences.head(2))
    assert fewer._vectors is None and len(fewer.sentences) == 2 and len(study.sentences) == 3
    with pytest.raises(ParameterError, match="not fields of a Study"):
        study.replace(colour="red")


def test_study_supplies_random_state_palette_and_old_names_warn():
    study = _tiny(random_state=7)
    assert study.random_state == 7 and study.n_boot == 2000
    assert study.palette == plots.palette(["X", "Y", "Z"])
    with pytest.warns(RenamedWarning, match=r"study\.seed is now study\.random_state"):
        assert study.seed == 7
    with pytest.warns(RenamedWarning, match=r"study\.pair is now study\.contrast"):
        assert study.pair == ["X", "Y"]
    # The last release's constructor: options by position, seed and pair by name.
    with pytest.warns(RenamedWarning):
        old = notebook.Study(
            study.documents, study.sentences, "side", ["X", "Y"], None, 3, 4, pair=["X", "Y"]
        )
    assert (old.k, old.random_state, old.contrast) == (3, 4, ["X", "Y"])


def test_start_reads_the_namespace_and_the_last_release_names(tmp_path):
    namespace = {"seed": 3, "pair": ["India", "Pakistan"], "n_boot": 50, "weight": "sentence", "plt": plt}
    before = dict(mpl.rcParams)
    with (
        pytest.warns(RenamedWarning, match="the notebook parameter seed is now random_state"),
        pytest.warns(RenamedWarning, match="the notebook parameter pair is now contrast"),
    ):
        study = notebook.start("t", namespace, out_dir=str(tmp_path), clean=False)
    assert (study.random_state, study.contrast, study.n_boot) == (3, ["India", "Pakistan"], 50)
    assert dict(mpl.rcParams) == before  # no global matplotlib side effect
    fresh = notebook.start("t", {"random_state": None}, out_dir=str(tmp_path), clean=False)
    assert isinstance(fresh.random_state, int)  # None drew a seed, recorded for the manifest
    keyword = notebook.start("t", {"random_state": 3}, out_dir=str(tmp_path), clean=False, random_state=9)
    assert keyword.random_state == 9  # a keyword passed explicitly wins over the namespace


def test_style_sets_the_look_inside_the_block_only():
    before = dict(mpl.rcParams)
    with plots.style() as rc:
        assert mpl.rcParams["axes.spines.top"] is False and rc["svg.hashsalt"] == "framing"
        fig = plt.figure()
    assert dict(mpl.rcParams) == before
    assert fig.dpi == RC["figure.dpi"]  # the figure keeps the look it was made with
    plt.close(fig)


def test_per_side_draws_one_panel_per_side_and_saves_like_a_figure(tmp_path):
    table = pd.DataFrame({"side": ["X", "X", "Y", "Y"], "x": [0, 1, 0, 1], "y": [1, 2, 3, 4]})
    seen = []

    def draw(data, *, side, ax=None, colour="k"):
        seen.append((side, colour))
        rows = data[data["side"] == side]
        ax.plot(rows["x"], rows["y"], color=colour)
        return ax

    grid = plots.per_side(table, plot=draw, sides=["X", "Y"], height=1.5, width=4, sharex=True, colour="b")
    assert seen == [("X", "b"), ("Y", "b")] and grid.sides == ["X", "Y"]
    assert len(grid.axes) == 2 and grid.axes_dict["Y"] is grid.axes[1]
    assert tuple(grid.figure.get_size_inches()) == (4, 1.2 + 3.0)
    assert list(grid.axes_dict["Y"].lines[0].get_ydata()) == [3, 4]
    study = _tiny()
    study = study.replace(out_dir=tmp_path)
    entry = study.save(grid, "grid")
    assert (tmp_path / "grid.png").stat().st_size > 1000 and entry["files"]["png"]["sha256"]
    across = plots.per_side(table, plot=draw, sides=["X", "Y"], height=1.5, width=4, pad=0.5, orient="h")
    assert tuple(across.figure.get_size_inches()) == (8, 2.0)
    assert across.axes[1].get_position().x0 > across.axes[0].get_position().x1  # side by side
    with pytest.raises(ParameterError, match="at least one side"):
        plots.per_side(table, plot=draw, sides=[])


def test_cli_old_flags_warn_and_still_work():
    parser = cli.build_parser()
    with (
        pytest.warns(RenamedWarning, match="--seed is now --random-state"),
        pytest.warns(RenamedWarning, match="--pair is now --contrast"),
    ):
        args = parser.parse_args(["figures", "--seed", "4", "--pair", "A", "B"])
    assert args.random_state == 4 and args.contrast == ["A", "B"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        args = parser.parse_args(["figures", "--random-state", "4", "--contrast", "A", "B"])
    assert args.random_state == 4 and args.contrast == ["A", "B"]
    with pytest.warns(RenamedWarning, match="--pair is now --sides"):
        assert parser.parse_args(["explore", "--pair", "A", "B"]).sides == ["A", "B"]


def test_style_restores_only_the_keys_it_sets():
    # matplotlib's rc_context restores every rcParam, the backend too; in a notebook that closed every
    # figure drawn in the block before the cell could show it (the report lost 19 of its 27 figures,
    # caught by the report and JupyterLab tests). style() restores only its own keys.
    assert "backend" not in RC and "lines.markersize" not in RC
    before = mpl.rcParams["lines.markersize"]
    plt.close("all")
    with plots.style():
        fig, _ = plt.subplots()
        mpl.rcParams["lines.markersize"] = before + 1  # a key style() does not own: left as set
    try:
        assert mpl.rcParams["lines.markersize"] == before + 1 and plt.fignum_exists(fig.number)
    finally:
        mpl.rcParams["lines.markersize"] = before
        plt.close("all")
