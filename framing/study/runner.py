"""Run the chapters headless: every notebook through papermill, into a folder swapped in when all succeed.

``framing figures`` (:mod:`framing.study.cli`) parses its options and calls :func:`run_figures`: each
notebook runs in order, its ``parameters`` cell receiving the corpus and settings, into a temporary
folder; only when all of them succeed does that folder replace the figures folder. A failed notebook
stops the run with the notebook's name and the failing cell, and leaves the previous figures and
manifest as they were.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import papermill as pm

from framing._core.renamed import renamed_parameters
from framing._core.validation import check_column, check_groups, check_k
from framing.analysis.over_time import read_events
from framing.corpus.load import load_corpus, load_demo
from framing.errors import NotebookError, ParameterError
from framing.study.chapters import list_notebooks, notebooks_dir
from framing.study.explore import SENTENCES_TABLE, explore_figures
from framing.study.report import build_report

__all__ = ["list_notebooks", "notebooks_dir", "run_figures"]


@renamed_parameters(seed="random_state", pair="contrast")
def run_figures(
    out_dir="figures",
    *,
    data=None,
    columns: dict | None = None,
    by: str = "side",
    sides: list[str] | None = None,
    contrast: list[str] | None = None,
    model: str | None = None,
    k: int | None = None,
    method: str = "kmeans",
    random_state: int | None = 0,
    notebooks: list[str] | None = None,
    notebook_dir=None,
    about: str | None = None,
    not_about: list[str] | None = None,
    clean: bool = True,
    report: bool = True,
    events=None,
    languages: list[str] | None = None,
) -> Path:
    """Execute the notebooks headless and write their figures, manifest and report to ``out_dir``.

    Parameters
    ----------
    out_dir : path
        Destination; replaced as a whole only when every notebook succeeded.
    data : path, optional
        A corpus that :func:`framing.load_corpus` reads; ``None`` is the demo corpus.
    columns : dict, optional
        Column mapping for :func:`framing.load_corpus`, e.g. ``{"text": "content"}``.
    by, sides, contrast, model, k, method, random_state
        Passed to every notebook's ``parameters`` cell (:func:`framing.study.notebook.start`).
    notebooks : list of str, optional
        Run only the notebooks whose names start with these prefixes (e.g. ``["01"]``).
    notebook_dir : path, optional
        Folder of the notebooks; defaults to the bundled ones.
    about : str, optional
        What the corpus is about: off-topic documents are set aside (:func:`framing.clean_corpus`).
    not_about : list of str, optional
        Near subjects to set aside as well (``clean_corpus(not_about=...)``); needs ``about``.
    clean : bool
        Clean the corpus before the analysis (the default); False analyses it as loaded.
    report : bool
        Also write ``report.html`` (:func:`framing.study.report.build_report`) from the executed notebooks.
    events : path, optional
        Events table (CSV with ``date``, ``label``) for the chapter over time; ``None`` is the demo's
        events when ``data`` is None, else none.
    languages : list of str, optional
        The study's languages, e.g. ``["en", "ur", "hi"]``: passed to every chapter's ``start``
        (``clean_corpus(languages=...)``), and chapter 04 calibrates its alignment threshold per pair of
        languages. None: English only.

    Returns
    -------
    pathlib.Path
        The figures folder.

    Raises
    ------
    NotebookError
        When a notebook fails: it names the notebook and the cell, and ``out_dir`` is left as it was.

    References
    ----------
    papermill (nteract): parameterised notebook execution, https://papermill.readthedocs.io
    """
    out = _check_out(out_dir)
    check_k(k, name="--k")
    # Fail in seconds, before any kernel starts: the corpus, the comparison column and the sides.
    data_path = str(Path(data).resolve()) if data is not None else None
    documents = load_corpus(data_path, **(columns or {})) if data_path else load_demo()
    _check_comparison(documents, by, sides)
    events_path = _events_path(events)
    if contrast:
        _check_comparison(documents, by, contrast)
    books = _chosen(list_notebooks(Path(notebook_dir) if notebook_dir else notebooks_dir()), notebooks)
    staging = _staging(out, keep=bool(notebooks))
    params = {
        "data_path": data_path,
        "columns": dict(columns or {}),
        "out_dir": str(staging),
        "by": by,
        "sides": list(sides) if sides else None,
        "contrast": list(contrast) if contrast else None,
        "model": model,
        "k": k,
        "method": method,
        "random_state": random_state,
        "about": about,
        "not_about": list(not_about) if not_about else None,
        "clean": bool(clean),
        "languages": list(languages) if languages else None,
    }
    if events_path is not None:
        # Only chapter 08 reads it (from its settings cell): the others would warn of an unknown parameter.
        params["events"] = events_path
    _execute_with_kernel_env(books, staging, params, out)
    _write_explorer(staging)
    if report:
        build_report(staging)
    _swap(staging, out)
    return out


def _check_out(out_dir) -> Path:
    """The figures folder, refused when it is a file or a folder framing did not make."""
    out = Path(out_dir).resolve()
    if out.exists() and not out.is_dir():
        raise ParameterError(f"--out {out} is a file; pass a folder for the figures.")
    if out.is_dir() and any(out.iterdir()) and not (out / "manifest.json").exists():
        # The folder is replaced as a whole at the end: never do that to a folder framing did not make.
        raise ParameterError(
            f"--out {out} already holds files and is not a framing figures folder (no manifest.json); "
            "pass a new or empty folder, e.g. --out figures."
        )
    return out


def _chosen(books: list[Path], prefixes: list[str] | None) -> list[Path]:
    """The notebooks whose names start with one of ``prefixes`` (all of them without prefixes)."""
    if not prefixes:
        return books
    chosen = [b for b in books if any(b.name.startswith(p) for p in prefixes)]
    if not chosen:
        raise ParameterError(
            f"--only {' '.join(prefixes)} matches no notebook; the notebooks are {[b.name for b in books]}. "
            "Pass name prefixes such as --only 01 02."
        )
    return chosen


def _staging(out: Path, *, keep: bool) -> Path:
    """A fresh folder beside ``out`` to run into; a copy of ``out`` when only some notebooks run."""
    staging = out.with_name(f".{out.name}.staging")
    shutil.rmtree(staging, ignore_errors=True)
    if keep and out.is_dir():
        # Running some notebooks updates their figures and keeps everyone else's.
        shutil.copytree(out, staging)
    (staging / "notebooks").mkdir(parents=True, exist_ok=True)
    return staging


def _events_path(events) -> str | None:
    """The events file as an absolute path (kernels start in the notebooks' folder), read once to fail early."""
    if events is None:
        return None
    path = str(Path(events).resolve())
    read_events(path)
    return path


def _execute_with_kernel_env(books, staging: Path, params: dict, out: Path) -> None:
    """Run the notebooks with the environment their kernels need, restored afterwards."""
    saved = {key: os.environ.get(key) for key in ("MPLBACKEND", "FRAMING_CACHE_DIR")}
    # MPLBACKEND=Agg (set for headless runs) would keep every figure out of the executed notebooks, and
    # so out of the report. The inline backend shows them.
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    # Kernels start in the notebooks' folder: a relative cache folder would land there.
    if saved["FRAMING_CACHE_DIR"]:
        os.environ["FRAMING_CACHE_DIR"] = str(Path(saved["FRAMING_CACHE_DIR"]).resolve())
    try:
        _execute(books, staging, params, out)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _execute(books, staging: Path, params: dict, out: Path) -> None:
    for book in books:
        executed = staging / "notebooks" / book.name
        print(f"running {book.name}", file=sys.stderr, flush=True)
        try:
            pm.execute_notebook(
                str(book),
                str(executed),
                parameters=params,
                progress_bar=False,
                cwd=str(book.parent),
                kernel_name="python3",
            )
        except pm.PapermillExecutionError as exc:
            raise NotebookError(
                f"notebook {book.name} failed at cell {exc.cell_index} ({exc.ename}: {exc.evalue}). "
                f"The previous figures in {out} are untouched; the executed notebook with the error "
                f"is {executed}."
            ) from None


def _write_explorer(folder: Path) -> None:
    """Write ``explore.html`` beside the figures when chapter 02's sentence table is there (before the report,
    which links to it)."""
    if (folder / "tables" / f"{SENTENCES_TABLE}.csv").exists():
        explore_figures(folder)


def _check_comparison(documents, by: str, sides) -> None:
    """Check ``by`` and ``sides`` against the documents as :func:`framing.study.notebook.start` will."""
    if by in ("doc_id", "sent_idx", "text", "start", "end"):
        raise ParameterError(f"--by {by} is not a grouping column; use side, source_type, source...")
    values = check_column(documents, by, name="the corpus", param="--by")
    check_groups(values, list(sides) if sides else None, column=by, min_groups=1)


def _swap(staging: Path, out: Path) -> None:
    """Replace ``out`` by ``staging`` with renames, so a reader never sees a half-written folder."""
    old = out.with_name(f".{out.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        os.replace(out, old)
    os.replace(staging, out)
    shutil.rmtree(old, ignore_errors=True)
