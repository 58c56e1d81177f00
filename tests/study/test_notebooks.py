"""The notebooks, executed headless as `make figures` runs them."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys

import nbformat
import pandas as pd
import papermill as pm
import pytest

from framing.errors import NotebookError, ParameterError
from framing.study import notebook
from framing.study.cli import main
from framing.study.reproducibility import compare_figures
from framing.study.runner import list_notebooks, notebooks_dir, run_figures
from tests.conftest import ROOT, SCO_PAIRED, shared

NOTEBOOKS = list_notebooks(notebooks_dir())


def test_notebooks_are_committed_without_outputs():
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, f"{path.name} needs exactly one cell tagged 'parameters'"
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert not cell.outputs and cell.execution_count is None, f"{path.name} has outputs"


def _code(path):
    return [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]


def test_every_notebook_has_the_same_parameters_cell_and_starts_a_study():
    cells = {}
    for path in NOTEBOOKS:
        code = _code(path)
        index = next(i for i, c in enumerate(code) if "parameters" in c.metadata.get("tags", []))
        cells[path.name] = code[index].source
        setup = code[index + 1].source
        # One line passes every parameter of the shared cell to start(), which names the notebook.
        assert f'framing.start("{path.stem}", globals())' in setup, path.name
        names = [line.split("=")[0].strip() for line in cells[path.name].splitlines() if "=" in line]
        assert set(names) <= set(notebook.PARAMETERS), names  # each one a parameter start() reads
    assert len(set(cells.values())) == 1, sorted(cells)


def test_notebooks_save_through_the_study_and_never_refit_the_clusterer():
    for path in NOTEBOOKS:
        for cell in _code(path):
            assert "figures." not in cell.source, (path.name, cell.source)
            assert "SentenceClusterer" not in cell.source, (path.name, cell.source)


@pytest.mark.notebook
def test_every_notebook_runs_and_writes_its_figures(demo_figures):
    manifest = json.loads((demo_figures / "manifest.json").read_text())
    made_by = {entry["notebook"] for entry in manifest["figures"].values()}
    assert made_by == {p.stem for p in NOTEBOOKS}
    for name, entry in manifest["figures"].items():
        for file in entry["files"].values():
            assert (demo_figures / file["path"]).stat().st_size > 1000, name
    assert (demo_figures / "notebooks" / NOTEBOOKS[0].name).exists()


@pytest.mark.notebook
def test_the_run_reproduces_the_committed_figures(demo_figures):
    # Determinism, checked against the committed figures rather than by running everything twice: byte
    # identity when this machine wrote them, the stated tolerances otherwise (framing.study.reproducibility).
    table = compare_figures(ROOT / "figures", demo_figures)
    beyond = table[~table["ok"]]
    assert beyond.empty, (
        "figures/ differs from a fresh run (make figures, then commit):\n" + beyond.to_string()
    )


@pytest.mark.notebook
def test_the_clusterer_is_fitted_once_for_every_chapter(demo_figures):
    cache = demo_figures.with_name(demo_figures.name + ".cache")
    # Chapters 2, 3, 4, 5 and 7 use the clusters: one stored fit.
    (entry,) = [p for p in (cache / "clusters").iterdir() if not p.name.startswith(".")]
    k = json.loads((entry / "meta.json").read_text())["scalars"]["k_"]
    clusters = (demo_figures / "tables" / "02_clusters.csv").read_text().splitlines()
    assert len(clusters) == k + 1  # the header and one row per cluster of that fit


@pytest.mark.notebook
@pytest.mark.real_data
def test_notebooks_run_on_the_real_sco_items(tmp_path, monkeypatch):
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))
    columns = {"source": "outlet", "source_type": "kind", "date": "date_published", "url": "link"}
    with pytest.warns(UserWarning, match="doc_id"):
        # The chapters that read the corpus's own text (05 and 06 add frames; the demo runs them all).
        out = run_figures(
            tmp_path / "real",
            data=shared(SCO_PAIRED),
            columns=columns,
            notebooks=["01", "02", "03", "04", "07"],
        )
    made_by = {
        entry["notebook"] for entry in json.loads((out / "manifest.json").read_text())["figures"].values()
    }
    assert made_by == {p.stem for p in NOTEBOOKS if p.name[:2] in ("01", "02", "03", "04", "07")}


@pytest.mark.notebook
def test_failed_notebook_names_the_cell_and_keeps_previous_figures(tmp_path, monkeypatch):
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))
    books = tmp_path / "books"
    books.mkdir()
    shutil.copy(NOTEBOOKS[0], books / NOTEBOOKS[0].name)
    out = run_figures(tmp_path / "figs", notebook_dir=books)
    before = (out / "manifest.json").read_bytes()
    broken = nbformat.read(books / NOTEBOOKS[0].name, as_version=4)
    broken.cells.append(nbformat.v4.new_code_cell("raise RuntimeError('planted failure')"))
    nbformat.write(broken, books / "02_broken.ipynb")
    with pytest.raises(
        NotebookError, match=r"02_broken\.ipynb failed at cell \d+ \(RuntimeError: planted failure\)"
    ):
        run_figures(out, notebook_dir=books)
    assert (out / "manifest.json").read_bytes() == before


@pytest.mark.notebook
def test_wrong_parameter_type_fails_with_the_parameter_name(tmp_path, monkeypatch):
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))
    with pytest.raises(NotebookError, match=r"ParameterError: notebook parameter random_state must be int"):
        run_figures(tmp_path / "figs", random_state="zero", notebooks=["01"])


def test_cli_reports_a_bad_corpus_before_running_any_notebook(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("side,text\nIndia,\n")
    assert main(["figures", "--data", str(bad), "--out", str(tmp_path / "out")]) == 2
    assert "column 'text': empty" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_console_script_is_installed():
    proc = subprocess.run(
        [sys.executable, "-m", "framing.study.cli", "--version"], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0 and proc.stdout.startswith("framing ")


@pytest.mark.notebook
def test_only_some_notebooks_keeps_the_other_figures(tmp_path, monkeypatch):
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))
    out = tmp_path / "figs"
    out.mkdir()
    (out / "manifest.json").write_text(
        '{"figures": {"99_other": {"files": {}}}, "tables": {}, "versions": {}}'
    )
    (out / "99_other.png").write_bytes(b"kept")
    run_figures(out, notebooks=["01"])
    manifest = json.loads((out / "manifest.json").read_text())
    assert "99_other" in manifest["figures"] and "01_counts_by_side" in manifest["figures"]
    assert (out / "99_other.png").read_bytes() == b"kept"


@pytest.mark.notebook
def test_a_relative_cache_folder_is_the_callers_not_the_kernels(tmp_path, monkeypatch):
    # Kernels start in the notebooks' folder: the cache they are given must not land there.
    books = tmp_path / "books"
    books.mkdir()
    nb = nbformat.v4.new_notebook(metadata=nbformat.read(NOTEBOOKS[0], as_version=4).metadata)
    nb.cells = [
        nbformat.v4.new_code_cell("out_dir = None", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(
            "import os, pathlib\npathlib.Path(out_dir, 'cache.txt').write_text(os.environ['FRAMING_CACHE_DIR'])"
        ),
    ]
    nbformat.write(nb, books / "01_env.ipynb")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FRAMING_CACHE_DIR", "relative-cache")
    out = run_figures(tmp_path / "figs", notebook_dir=books, report=False)
    assert (out / "cache.txt").read_text() == str(tmp_path / "relative-cache")
    assert os.environ["FRAMING_CACHE_DIR"] == "relative-cache"  # the caller's environment is restored


def test_refuses_to_replace_a_folder_it_did_not_make(tmp_path):
    out = tmp_path / "my_project"
    out.mkdir()
    (out / "thesis.tex").write_text("years of work")
    with pytest.raises(ParameterError, match="not a framing figures folder"):
        run_figures(out, notebooks=["01"])
    assert (out / "thesis.tex").read_text() == "years of work"


@pytest.mark.notebook
def test_the_time_chapter_draws_the_demo_timeline_and_its_events(demo_figures):
    # Chapter 08 on the demo: the timeline's fortnights each hold >= 4 documents per side, the attack has
    # nothing before it (not testable), the strikes, the ceasefire and the meeting are tested.
    shares = pd.read_csv(demo_figures / "tables" / "08_shares_over_time.csv")
    per = shares.drop_duplicates(["side", "period_start"])
    assert set(per["side"]) == {"India", "Pakistan"} and (per["n_docs"] >= 4).all()
    coverage = pd.read_csv(demo_figures / "tables" / "08_event_coverage.csv").set_index("label")
    assert coverage["testable"].to_dict() == {
        "Pahalgam attack": False,
        "Strikes (7 May)": True,
        "Ceasefire": True,
        "Qingdao meeting": True,
    }
    did = pd.read_csv(demo_figures / "tables" / "08_event_did.csv")
    assert set(did["event_label"]) == {"Strikes (7 May)", "Ceasefire", "Qingdao meeting"}
    assert {"08_shares_over_time", "08_window_sensitivity"} <= set(
        json.loads((demo_figures / "manifest.json").read_text())["figures"]
    )


def test_cli_reports_a_bad_events_file_before_running_any_notebook(tmp_path, capsys):
    events = tmp_path / "events.csv"
    events.write_text("date,label\n2025-05-07,Strikes\nsoon,Ceasefire\n")
    assert main(["figures", "--events", str(events), "--out", str(tmp_path / "out")]) == 2
    assert "events.csv, line 3: date 'soon' is not a date" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def _last_release_parameters() -> dict:
    """The values of the last release's parameters cell (tests/data/last_release_parameters.py)."""
    tree = ast.parse((ROOT / "tests" / "data" / "last_release_parameters.py").read_text())
    return {
        node.targets[0].id: ast.literal_eval(node.value) for node in tree.body if isinstance(node, ast.Assign)
    }


@pytest.mark.notebook
def test_last_release_parameters_cell_still_runs_through_papermill(tmp_path, monkeypatch):
    # A script written for the last release passes seed= and pair= to papermill: the chapter still runs,
    # uses those values, and says what to write instead (issue 25, item 6).
    monkeypatch.setenv("FRAMING_CACHE_DIR", str(tmp_path / "cache"))
    params = _last_release_parameters()
    assert {"seed", "pair"} <= set(params) and "random_state" not in params
    params.update(seed=5, pair=["Pakistan", "India"], out_dir=str(tmp_path / "figs"))
    executed = tmp_path / "01.ipynb"
    pm.execute_notebook(
        str(NOTEBOOKS[0]), str(executed), parameters=params, progress_bar=False, kernel_name="python3",
        cwd=str(NOTEBOOKS[0].parent),
    )  # fmt: skip
    outputs = "".join(
        out.get("text", "") for cell in nbformat.read(executed, as_version=4).cells for out in cell.get("outputs", [])
    )  # fmt: skip
    assert "RenamedWarning: the notebook parameter seed is now random_state" in outputs
    assert "RenamedWarning: the notebook parameter pair is now contrast" in outputs
    manifest = json.loads((tmp_path / "figs" / "manifest.json").read_text())
    assert {entry["seed"] for entry in manifest["figures"].values()} == {5}  # the old seed= was used
