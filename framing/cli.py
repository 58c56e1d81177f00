"""The ``framing`` command: regenerate every figure of a report from a shell.

``framing figures --data corpus.csv --out figures/`` runs each notebook in
order, headless, through papermill (its ``parameters`` cell receives the
corpus and settings), into a temporary folder; only when all of them succeed
does that folder replace ``--out``. A failed notebook stops the run with the
notebook's name and the failing cell, and leaves the previous figures and
manifest as they were.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from framing.errors import FramingError, NotebookError, ParameterError
from framing.explore import SENTENCES_TABLE, explore_figures
from framing.over_time import read_events
from framing.reproducibility import ATOL, IMAGE_TOL, RTOL, compare_figures


def notebooks_dir() -> Path:
    """Return the folder of the bundled notebooks (a source checkout's ``notebooks/`` or the wheel's copy).

    Returns
    -------
    pathlib.Path
        ``framing/_notebooks`` in an installed wheel, else the checkout's ``notebooks/``.
    """
    here = Path(__file__).resolve().parent
    for candidate in (here / "_notebooks", here.parent / "notebooks"):
        if candidate.is_dir():
            return candidate
    raise NotebookError("the framing notebooks are missing from this installation; pass --notebooks DIR.")


def list_notebooks(folder: Path) -> list[Path]:
    """Return the numbered notebooks (``01_*.ipynb``, ``02_*.ipynb``...) of a folder, in order.

    Parameters
    ----------
    folder : str or pathlib.Path
        The folder.

    Returns
    -------
    list of pathlib.Path
        The notebooks, sorted by name.
    """
    books = sorted(p for p in Path(folder).glob("[0-9][0-9]_*.ipynb"))
    if not books:
        raise NotebookError(f"no numbered notebooks (01_name.ipynb...) in {folder}.")
    return books


def run_figures(
    out_dir="figures",
    *,
    data=None,
    columns: dict | None = None,
    by: str = "side",
    sides: list[str] | None = None,
    pair: list[str] | None = None,
    model: str | None = None,
    k: int | None = None,
    method: str = "kmeans",
    seed: int = 0,
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
    by, sides, pair, model, k, method, seed
        Passed to every notebook's ``parameters`` cell (:func:`framing.notebook.start`).
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
        Also write ``report.html`` (:func:`framing.report.build_report`) from the executed notebooks.
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
        Naming the notebook and cell that failed.

    References
    ----------
    papermill (nteract): parameterised notebook execution, https://papermill.readthedocs.io
    """

    from framing.corpus import load_corpus

    out = Path(out_dir).resolve()
    if out.exists() and not out.is_dir():
        raise ParameterError(f"--out {out} is a file; pass a folder for the figures.")
    if out.is_dir() and any(out.iterdir()) and not (out / "manifest.json").exists():
        # The folder is replaced as a whole at the end: never do that to a folder framing did not make.
        raise ParameterError(
            f"--out {out} already holds files and is not a framing figures folder (no manifest.json); "
            "pass a new or empty folder, e.g. --out figures."
        )
    from framing.notebook import check_k

    check_k(k, name="--k")
    # Fail in seconds, before any kernel starts: the corpus, the comparison column and the sides.
    data_path = None
    if data is not None:
        data_path = str(Path(data).resolve())
        documents = load_corpus(data_path, **(columns or {}))
    else:
        from framing.corpus import load_demo

        documents = load_demo()
    _check_comparison(documents, by, sides)
    events_path = _events_path(events)
    if pair:
        _check_comparison(documents, by, pair)
    books = list_notebooks(Path(notebook_dir) if notebook_dir else notebooks_dir())
    if notebooks:
        available = [b.name for b in books]
        books = [b for b in books if any(b.name.startswith(p) for p in notebooks)]
        if not books:
            raise ParameterError(
                f"--only {' '.join(notebooks)} matches no notebook; the notebooks are {available}. "
                "Pass name prefixes such as --only 01 02."
            )
    staging = out.with_name(f".{out.name}.staging")
    shutil.rmtree(staging, ignore_errors=True)
    if notebooks and out.is_dir():
        # Running some notebooks updates their figures and keeps everyone else's.
        shutil.copytree(out, staging)
    (staging / "notebooks").mkdir(parents=True, exist_ok=True)
    params = {
        "data_path": data_path,
        "columns": dict(columns or {}),
        "out_dir": str(staging),
        "by": by,
        "sides": list(sides) if sides else None,
        "pair": list(pair) if pair else None,
        "model": model,
        "k": k,
        "method": method,
        "seed": seed,
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
        from framing.report import build_report

        build_report(staging)
    _swap(staging, out)
    return out


def _events_path(events) -> str | None:
    """The events file as an absolute path (kernels start in the notebooks' folder), read once to fail early."""
    if events is None:
        return None
    path = str(Path(events).resolve())
    read_events(path)
    return path


def _add_events_option(parser: argparse.ArgumentParser) -> None:
    """``--events FILE``: the events table of the chapter over time."""
    parser.add_argument(
        "--events",
        metavar="FILE",
        help="events CSV (date,label) drawn and tested in chapter 08 (default: the demo's events with the "
        "demo corpus, none otherwise)",
    )


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
    import papermill as pm

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


def _explore(args) -> int:
    """The ``explore`` sub-command: ``explore.html`` from a figures folder's tables."""
    path = explore_figures(args.figures, out=args.out, pair=args.pair, max_points=args.max_points)
    print(f"explorer written to {path} ({path.stat().st_size / 1e6:.1f} MB)")
    return 0


def _add_explore_parser(sub) -> None:
    exp = sub.add_parser(
        "explore",
        help="write explore.html, an offline interactive explorer, from a figures folder's tables",
    )
    exp.add_argument("--figures", default="figures", help="figures folder (default: figures)")
    exp.add_argument("--out", help="HTML file (default: FIGURES/explore.html)")
    exp.add_argument(
        "--pair", nargs=2, metavar="SIDE", help="the word view's two sides (default: chapter 03's)"
    )
    exp.add_argument(
        "--max-points",
        type=int,
        default=50_000,
        help="map points drawn; a seeded sample beyond (default 50000)",
    )


def _check_comparison(documents, by: str, sides) -> None:
    """Check ``by`` and ``sides`` against the documents as :func:`framing.notebook.start` will."""
    from framing._validate import check_column, check_groups

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


def _mapping(pairs: list[str]) -> dict:
    mapping = {}
    for pair in pairs or []:
        canonical, sep, theirs = pair.partition("=")
        if not sep or not canonical or not theirs:
            raise ParameterError(f"--map takes CANONICAL=THEIRS, e.g. --map text=content; got {pair!r}.")
        mapping[canonical] = theirs
    return mapping


def _check_figures(args) -> int:
    """Print what moved between two figures folders; 1 when anything is beyond tolerance."""
    table = compare_figures(
        args.expected, args.actual, rtol=args.rtol, atol=args.atol, image_tol=args.image_tol
    )
    same = table.attrs["same_machine"]
    print(
        f"{args.actual} against {args.expected}: "
        + (
            "the same machine record, so every file must be byte-identical"
            if same
            else f"another machine, so tolerances apply (tables rtol {args.rtol}, atol {args.atol}; "
            f"images RMS {args.image_tol})"
        )
    )
    moved = table[table["verdict"] != "identical"]
    for row in moved.itertuples():
        print(f"  {'ok  ' if row.ok else 'FAIL'} {row.file}: {row.verdict}; {row.detail}")
    print(
        f"{(table['verdict'] == 'identical').sum()} of {len(table)} files identical, {len(moved)} moved, "
        f"{(~table['ok']).sum()} beyond tolerance"
    )
    if not table["ok"].all():
        print(
            f"Regenerate and commit if the change is deliberate: make figures, then git add {args.expected}."
        )
        return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``framing`` command.

    Returns
    -------
    argparse.ArgumentParser
        The ``figures`` and ``report`` sub-commands and their options.
    """
    from framing import __version__

    parser = argparse.ArgumentParser(prog="framing", description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", action="version", version=f"framing {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    fig = sub.add_parser("figures", help="run every notebook headless and write the figures and manifest")
    fig.add_argument("--data", help="corpus file or folder (default: the bundled demo corpus)")
    fig.add_argument("--out", default="figures", help="output folder (default: figures)")
    fig.add_argument(
        "--map", action="append", metavar="CANONICAL=THEIRS", help="column mapping, e.g. text=content"
    )
    fig.add_argument("--by", default="side", help="comparison column (default: side)")
    fig.add_argument("--sides", nargs="+", help="groups to compare (default: all)")
    fig.add_argument(
        "--pair",
        nargs=2,
        metavar="SIDE",
        help="the two sides contrasted in detail (default: the two with most documents)",
    )
    fig.add_argument("--model", help="sentence-transformers model folder or name (default: bundled)")
    fig.add_argument("--k", type=int, help="number of clusters (default: chosen by silhouette)")
    fig.add_argument(
        "--method",
        default="kmeans",
        choices=["kmeans", "agglomerative", "hdbscan"],
        help="clustering method (default: kmeans)",
    )
    fig.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    fig.add_argument(
        "--about",
        metavar="TEXT",
        help="what the corpus is about; documents far from it are set aside as off-topic",
    )
    fig.add_argument(
        "--not-about",
        metavar="TEXT",
        nargs="+",
        help="near subjects to set aside too, e.g. 'India-Pakistan cricket matches and other sport' (needs --about)",
    )
    fig.add_argument(
        "--no-clean",
        dest="clean",
        action="store_false",
        help="analyse the corpus as loaded (no boilerplate removal, near-duplicate grouping or relevance)",
    )
    fig.add_argument(
        "--only", nargs="+", metavar="PREFIX", help="run only these notebooks, e.g. --only 01 02"
    )
    fig.add_argument("--notebooks", help="folder of notebooks to run (default: the bundled ones)")
    fig.add_argument("--no-report", action="store_true", help="do not write report.html")
    _add_events_option(fig)
    fig.add_argument(
        "--languages",
        nargs="+",
        metavar="CODE",
        help="the study's languages, e.g. --languages en ur hi: documents in them are kept, split and counted "
        "each in its own language, and alignment thresholds are calibrated per pair of languages "
        "(default: English only)",
    )
    rep = sub.add_parser("report", help="write report.html from the executed notebooks of a figures folder")
    rep.add_argument("--figures", default="figures", help="figures folder (default: figures)")
    rep.add_argument("--out", help="HTML file (default: FIGURES/report.html)")
    chk = sub.add_parser(
        "check-figures",
        help="compare a regenerated figures folder with a reference one (byte identity on the same machine, "
        "tolerances on another)",
    )
    chk.add_argument("actual", help="the regenerated folder")
    chk.add_argument("--expected", default="figures", help="the reference folder (default: figures)")
    chk.add_argument("--rtol", type=float, default=RTOL, help=f"relative tolerance of table numbers ({RTOL})")
    chk.add_argument("--atol", type=float, default=ATOL, help=f"absolute tolerance of table numbers ({ATOL})")
    chk.add_argument(
        "--image-tol", type=float, default=IMAGE_TOL, help=f"RMS pixel difference of a PNG ({IMAGE_TOL})"
    )
    _add_explore_parser(sub)
    return parser


def main(argv=None) -> int:
    """Entry point of the ``framing`` console script.

    Parameters
    ----------
    argv : list of str, optional
        The arguments; None reads ``sys.argv``.

    Returns
    -------
    int
        The exit status: 0, or 2 after a :class:`framing.errors.FramingError` (printed on stderr).
    """
    args = build_parser().parse_args(argv)
    try:
        if args.command == "figures":
            out = run_figures(
                args.out,
                data=args.data,
                columns=_mapping(args.map),
                by=args.by,
                sides=args.sides,
                pair=args.pair,
                model=args.model,
                k=args.k,
                method=args.method,
                seed=args.seed,
                notebooks=args.only,
                notebook_dir=args.notebooks,
                about=args.about,
                not_about=args.not_about,
                clean=args.clean,
                report=not args.no_report,
                events=args.events,
                languages=args.languages,
            )
            print(f"figures, manifest and report written to {out}")
        elif args.command == "report":
            from framing.report import build_report

            path = build_report(args.figures, out=args.out)
            print(f"report written to {path} ({path.stat().st_size / 1e6:.1f} MB)")
        elif args.command == "check-figures":
            return _check_figures(args)
        elif args.command == "explore":
            return _explore(args)
    except FramingError as exc:
        print(f"framing: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
