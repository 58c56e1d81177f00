"""Figures on disk: deterministic bytes and a manifest saying what made each one.

Matplotlib writes the date and its version into PNG, SVG and PDF files by
default, so two runs never give the same bytes. :func:`save_figure` strips that
metadata, fixes the DPI and the SVG hash salt, and records each file's sha256
in ``manifest.json`` beside the figures, together with the notebook, the corpus
hash, the model identity, the seed and the package versions that produced it
(a :class:`Provenance`). :func:`save_table` does the same for the tables behind
the figures, so a re-run can be checked number for number.

The functions here hold no state: each call names its folder and provenance.
A notebook saves through its :class:`framing.study.notebook.Study` (``study.save(fig,
name)``), which passes both. Importing this module changes nothing in the
process (files are written with :func:`framing._core.io.atomic_write`, which lets
the kernel apply the umask instead of reading it).
"""

from __future__ import annotations

import hashlib
import json
import platform
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from framing._core.io import atomic_write
from framing.errors import ParameterError
from framing.study.reproducibility import machine_record

#: Floats in tables: 6 significant digits, what is reproducible across CPUs (framing.study.reproducibility).
TABLE_FLOAT_FORMAT = "%.6g"
#: File formats written for every figure.
FORMATS = ("png", "svg")
_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
}
_PACKAGES = [
    "framing",
    "numpy",
    "pandas",
    "scikit-learn",
    "scipy",
    "matplotlib",
    "sentence-transformers",
    "torch",
]


@dataclass(frozen=True)
class Provenance:
    """What made a figure: recorded with every file in ``manifest.json``.

    Parameters
    ----------
    notebook : str, optional
        Name of the notebook (or script) making the figures.
    corpus_sha256 : str, optional
        :func:`framing.corpus_hash` of the documents as loaded.
    model : str, optional
        The embedding model's identity (:func:`framing.embedding.embedder.model_identity`).
    seed : int, optional
        The random seed of the run.
    cleaning : dict, optional
        Cleaning settings and counts (:func:`framing.study.notebook.cleaning_record`), written to the
        manifest's top-level ``cleaning`` entry.
    """

    notebook: str | None = None
    corpus_sha256: str | None = None
    model: str | None = None
    seed: int | None = None
    cleaning: dict | None = None

    def entry(self, files: dict) -> dict:
        """Return the manifest entry of one saved figure or table.

        Parameters
        ----------
        files : dict
            ``{format: {"path": ..., "sha256": ...}}``.

        Returns
        -------
        dict
            ``files`` with the notebook, corpus hash, model and seed.
        """
        return {
            "files": files,
            "notebook": self.notebook,
            "corpus_sha256": self.corpus_sha256,
            "model": self.model,
            "seed": self.seed,
        }


class ManifestEntry(dict):
    """What :func:`save_figure` and :func:`save_table` recorded: a dict, shown briefly.

    It is the manifest entry itself (``entry["files"]["png"]["sha256"]``...), but
    it prints as one line, and a notebook cell ending in ``study.save(...)``
    shows nothing under the figure: the hashes and provenance are in
    ``manifest.json`` (and in the report's provenance section), not in the prose.
    """

    def __repr__(self) -> str:
        files = ", ".join(f["path"] for f in self.get("files", {}).values())
        return f"<saved {files}>"

    def _ipython_display_(self) -> None:
        # IPython calls this instead of printing the value; the figure above already shows what was saved.
        return None


def save_figure(
    fig, name: str, *, out_dir, provenance: Provenance | None = None, formats=FORMATS, close: bool = True
) -> ManifestEntry:
    """Write a figure deterministically to ``out_dir`` and record it in its manifest.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure (an Axes is accepted too: its figure is saved).
    name : str
        File name without suffix, e.g. ``"01_documents_by_side"``.
    out_dir : str or pathlib.Path
        Folder of the figures and ``manifest.json``; created if missing.
    provenance : Provenance, optional
        What made the figure; ``None`` records empty provenance.
    formats : sequence of str
        Any of ``"png"``, ``"svg"``, ``"pdf"``.
    close : bool
        Close the figure after saving (a notebook keeps it open to display it).

    Returns
    -------
    ManifestEntry
        The manifest entry (a dict: files with their sha256, and the provenance); it
        prints as one short line and displays nothing as a notebook cell's last value.
    """
    fig = getattr(fig, "figure", fig)
    if not isinstance(fig, Figure):
        raise ParameterError(
            f"save_figure() needs a matplotlib Figure (or an Axes); got {type(fig).__name__}. Pass the "
            "figure a framing.plots function drew on, e.g. save_figure(ax.figure, name, out_dir=...)."
        )
    _check_name(name)
    if isinstance(formats, str):
        formats = (formats,)
    unknown = [f for f in formats if f not in _METADATA]
    if unknown:
        raise ParameterError(f"formats {unknown} are not supported; use some of {sorted(_METADATA)}.")
    out = make_folder(out_dir)
    files = {}
    with mpl.rc_context({"svg.hashsalt": "framing", "savefig.dpi": 150}):
        for fmt in formats:
            path = out / f"{name}.{fmt}"
            atomic_write(
                path,
                lambda p, fmt=fmt: fig.savefig(p, format=fmt, metadata=_METADATA[fmt], bbox_inches="tight"),
            )
            files[fmt] = {"path": path.name, "sha256": _sha256(path)}
    if close:
        plt.close(fig)
    return _record(out, "figures", name, files, provenance or Provenance())


def save_table(
    table: pd.DataFrame, name: str, *, out_dir, provenance: Provenance | None = None
) -> ManifestEntry:
    """Write the table behind a figure as CSV under ``out_dir/tables/`` and record its sha256.

    Parameters
    ----------
    table : pandas.DataFrame
        Tidy numbers. Floats are written with 6 significant digits: the 7th already differs between
        CPUs (float32 sentence vectors), and a table must not claim more than repeats.
    name : str
        File name without suffix.
    out_dir : str or pathlib.Path
        Folder of the figures and ``manifest.json``; the CSV goes to its ``tables/``.
    provenance : Provenance, optional
        What made the table; ``None`` records empty provenance.

    Returns
    -------
    ManifestEntry
        The manifest entry (see :func:`save_figure`).
    """
    if not isinstance(table, pd.DataFrame):
        raise ParameterError(f"save_table() needs a pandas DataFrame; got {type(table).__name__}.")
    _check_name(name)
    out = make_folder(out_dir)
    folder = make_folder(out / "tables")
    path = folder / f"{name}.csv"
    atomic_write(
        path, lambda p: table.to_csv(p, index=False, float_format=TABLE_FLOAT_FORMAT, lineterminator="\n")
    )
    files = {"csv": {"path": f"tables/{path.name}", "sha256": _sha256(path)}}
    return _record(out, "tables", name, files, provenance or Provenance())


def read_manifest(out_dir) -> dict:
    """Return the manifest of a figures folder (empty when there is none yet).

    Parameters
    ----------
    out_dir : str or pathlib.Path
        The figures folder.

    Returns
    -------
    dict
        ``{"versions": {...}, "figures": {name: entry}, "tables": {name: entry}}``.
    """
    path = Path(out_dir) / "manifest.json"
    if not path.exists():
        return {"versions": package_versions(), "figures": {}, "tables": {}}
    return json.loads(path.read_text(encoding="utf-8"))


def package_versions() -> dict:
    """Return the versions of Python and the packages that shape the figures.

    Returns
    -------
    dict
        ``{"python": "3.11.x", "numpy": ..., ...}``; None for a package that is not installed.
    """
    versions = {"python": platform.python_version()}
    for name in _PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def make_folder(out_dir) -> Path:
    """Create a figures folder if missing, with an error that says what to pass instead.

    Parameters
    ----------
    out_dir : str or pathlib.Path
        The folder, created with its parents when missing.

    Returns
    -------
    pathlib.Path
        ``out_dir`` as a path, now an existing folder.
    """
    folder = Path(out_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ParameterError(
            f"figures folder {folder} cannot be created ({exc.strerror}); pass out_dir= a folder you can "
            "write to (not an existing file)."
        ) from None
    return folder


def _record(out: Path, kind: str, name: str, files: dict, provenance: Provenance) -> ManifestEntry:
    entry = provenance.entry(files)
    manifest = read_manifest(out)
    manifest["versions"] = package_versions()
    # What byte identity depends on: another record means another promise (framing.study.reproducibility).
    manifest["machine"] = machine_record()
    if provenance.cleaning is not None:
        manifest["cleaning"] = provenance.cleaning
    manifest.setdefault(kind, {})[name] = entry
    text = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    atomic_write(out / "manifest.json", text)
    return ManifestEntry(entry)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _check_name(name: str) -> None:
    if not isinstance(name, str) or not name or "/" in name or "\\" in name or name.startswith("."):
        raise ParameterError(f"figure name must be a plain file name without folder or suffix; got {name!r}.")
