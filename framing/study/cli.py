"""The ``framing`` command: regenerate every figure of a report from a shell.

``framing figures --data corpus.csv --out figures/`` runs each notebook in
order, headless, through papermill (its ``parameters`` cell receives the
corpus and settings), into a temporary folder; only when all of them succeed
does that folder replace ``--out``. A failed notebook stops the run with the
notebook's name and the failing cell, and leaves the previous figures and
manifest as they were.

This module parses the command line; :mod:`framing.study.runner` runs the notebooks.
"""

from __future__ import annotations

import argparse
import sys
import warnings

from framing import __version__
from framing.errors import FramingError, ParameterError, RenamedWarning
from framing.study.explore import explore_figures
from framing.study.figures import read_manifest
from framing.study.report import build_report
from framing.study.reproducibility import ATOL, IMAGE_TOL, RTOL, compare_figures

# The runner's names, importable from here as in the last release.
from framing.study.runner import list_notebooks, notebooks_dir, run_figures

__all__ = ["build_parser", "list_notebooks", "main", "notebooks_dir", "run_figures"]


class _Renamed(argparse.Action):
    """Store an option's value; its last-release spelling (the second option string) warns and still works."""

    def __call__(self, parser, namespace, values, option_string=None):
        if option_string == self.option_strings[-1] and len(self.option_strings) > 1:
            warnings.warn(
                f"framing: {option_string} is now {self.option_strings[0]}; {option_string} stops working "
                "in the next release.",
                RenamedWarning,
                stacklevel=2,
            )
        setattr(namespace, self.dest, values)


def _add_events_option(parser: argparse.ArgumentParser) -> None:
    """``--events FILE``: the events table of the chapter over time."""
    parser.add_argument(
        "--events",
        metavar="FILE",
        help="events CSV (date,label) drawn and tested in chapter 08 (default: the demo's events with the "
        "demo corpus, none otherwise)",
    )


def _explore(args) -> int:
    """The ``explore`` sub-command: ``explore.html`` from a figures folder's tables."""
    path = explore_figures(args.figures, out=args.out, sides=args.sides, max_points=args.max_points)
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
        "--sides",
        "--pair",
        action=_Renamed,
        nargs=2,
        metavar="SIDE",
        help="the word view's two sides (default: chapter 03's); --pair is its old spelling",
    )
    exp.add_argument(
        "--max-points",
        type=int,
        default=50_000,
        help="map points drawn; a seeded sample beyond (default 50000)",
    )


def _mapping(pairs: list[str]) -> dict:
    mapping = {}
    for pair in pairs or []:
        canonical, sep, theirs = pair.partition("=")
        if not sep or not canonical or not theirs:
            raise ParameterError(f"--map takes CANONICAL=THEIRS, e.g. --map text=content; got {pair!r}.")
        mapping[canonical] = theirs
    return mapping


def _same_machine(table, expected, actual) -> bool:
    """Whether the two folders' manifests record the same machine (the table's column when it has one)."""
    if "same_machine" in table.columns:
        return bool(table["same_machine"].iloc[0])
    return read_manifest(expected).get("machine") == read_manifest(actual).get("machine")


def _check_figures(args) -> int:
    """Print what moved between two figures folders; 1 when anything is beyond tolerance."""
    table = compare_figures(
        args.expected, args.actual, rtol=args.rtol, atol=args.atol, image_tol=args.image_tol
    )
    same = _same_machine(table, args.expected, args.actual)
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


def _add_corpus_options(fig: argparse.ArgumentParser) -> None:
    """The corpus and what is compared: ``--data``, ``--map``, ``--by``, ``--sides``, ``--contrast``."""
    fig.add_argument("--data", help="corpus file or folder (default: the bundled demo corpus)")
    fig.add_argument("--out", default="figures", help="output folder (default: figures)")
    fig.add_argument(
        "--map", action="append", metavar="CANONICAL=THEIRS", help="column mapping, e.g. text=content"
    )
    fig.add_argument("--by", default="side", help="comparison column (default: side)")
    fig.add_argument("--sides", nargs="+", help="groups to compare (default: all)")
    fig.add_argument(
        "--contrast",
        "--pair",
        action=_Renamed,
        nargs=2,
        metavar="SIDE",
        help="the two sides contrasted in detail (default: the two with most documents); --pair is its "
        "old spelling",
    )
    _add_events_option(fig)
    fig.add_argument(
        "--languages",
        nargs="+",
        metavar="CODE",
        help="the study's languages, e.g. --languages en ur hi: documents in them are kept, split and counted "
        "each in its own language, and alignment thresholds are calibrated per pair of languages "
        "(default: English only)",
    )


def _add_analysis_options(fig: argparse.ArgumentParser) -> None:
    """The model, the clusters, the random state and the cleaning."""
    fig.add_argument("--model", help="sentence-transformers model folder or name (default: bundled)")
    fig.add_argument("--k", type=int, help="number of clusters (default: chosen by silhouette)")
    fig.add_argument(
        "--method",
        default="kmeans",
        choices=["kmeans", "agglomerative", "hdbscan"],
        help="clustering method (default: kmeans)",
    )
    fig.add_argument(
        "--random-state",
        "--seed",
        action=_Renamed,
        type=int,
        default=0,
        help="seed of every random step (default: 0); --seed is its old spelling",
    )
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


def _add_figures_parser(sub) -> None:
    fig = sub.add_parser("figures", help="run every notebook headless and write the figures and manifest")
    _add_corpus_options(fig)
    _add_analysis_options(fig)
    fig.add_argument(
        "--only", nargs="+", metavar="PREFIX", help="run only these notebooks, e.g. --only 01 02"
    )
    fig.add_argument("--notebooks", help="folder of notebooks to run (default: the bundled ones)")
    fig.add_argument("--no-report", action="store_true", help="do not write report.html")


def _add_check_parser(sub) -> None:
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


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``framing`` command.

    Returns
    -------
    argparse.ArgumentParser
        The ``figures``, ``report``, ``check-figures`` and ``explore`` sub-commands and their options.
    """
    parser = argparse.ArgumentParser(prog="framing", description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", action="version", version=f"framing {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    _add_figures_parser(sub)
    rep = sub.add_parser("report", help="write report.html from the executed notebooks of a figures folder")
    rep.add_argument("--figures", default="figures", help="figures folder (default: figures)")
    rep.add_argument("--out", help="HTML file (default: FIGURES/report.html)")
    _add_check_parser(sub)
    _add_explore_parser(sub)
    return parser


def _figures(args) -> int:
    """The ``figures`` sub-command."""
    # Options spelled the same on the command line and in run_figures().
    same = ("by", "sides", "contrast", "model", "k", "method", "random_state", "about", "not_about", "clean")
    out = run_figures(
        args.out,
        data=args.data,
        columns=_mapping(args.map),
        notebooks=args.only,
        notebook_dir=args.notebooks,
        report=not args.no_report,
        events=args.events,
        languages=args.languages,
        **{name: getattr(args, name) for name in same},
    )
    print(f"figures, manifest and report written to {out}")
    return 0


def _report(args) -> int:
    """The ``report`` sub-command."""
    path = build_report(args.figures, out=args.out)
    print(f"report written to {path} ({path.stat().st_size / 1e6:.1f} MB)")
    return 0


_COMMANDS = {"figures": _figures, "report": _report, "check-figures": _check_figures, "explore": _explore}


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
        return _COMMANDS[args.command](args)
    except FramingError as exc:
        print(f"framing: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
