"""Figures on disk: deterministic bytes and a manifest saying what made each one.

Matplotlib writes the date and its version into PNG, SVG and PDF files by
default, so two runs never give the same bytes. :func:`save` strips that
metadata, fixes the DPI and the SVG hash salt, and records each file's sha256
in ``manifest.json`` beside the figures, together with the notebook, the corpus
hash, the model identity, the seed and the package versions that produced it.
:func:`save_table` does the same for the tables behind the figures, so a
re-run can be checked number for number.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import tempfile
from importlib import metadata
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from framing.errors import ParameterError

#: File formats written for every figure.
FORMATS = ("png", "svg")
_METADATA = {
    "png": {"Software": None},
    "svg": {"Date": None, "Creator": None},
    "pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
}
_PACKAGES = ["framing", "numpy", "pandas", "scikit-learn", "scipy", "matplotlib", "sentence-transformers", "torch"]
_UMASK = os.umask(0)
os.umask(_UMASK)
_context: dict = {
    "out_dir": Path("figures"), "notebook": None, "corpus": None, "model": None, "seed": None, "cleaning": None
}


class ManifestEntry(dict):
    """What :func:`save` and :func:`save_table` recorded: a dict, shown briefly.

    It is the manifest entry itself (``entry["files"]["png"]["sha256"]``...), but
    it prints as one line, and a notebook cell ending in ``figures.save(...)``
    shows nothing under the figure: the hashes and provenance are in
    ``manifest.json`` (and in the report's provenance section), not in the prose.
    """

    def __repr__(self) -> str:
        files = ", ".join(f["path"] for f in self.get("files", {}).values())
        return f"<saved {files}>"

    def _ipython_display_(self) -> None:
        # IPython calls this instead of printing the value; the figure above already shows what was saved.
        return None


def configure(out_dir="figures", *, notebook=None, corpus=None, model=None, seed=None, cleaning=None) -> dict:
    """Set where figures go and the provenance recorded with each.

    Parameters
    ----------
    out_dir : path
        Folder for figures, tables and ``manifest.json``; created if missing.
    notebook : str, optional
        Name of the notebook (or script) making the figures.
    corpus : pandas.DataFrame or str, optional
        The documents table (its :func:`framing.corpus_hash` is recorded) or a hash.
    model : str, optional
        The embedding model's identity (``Embedder.identity_``).
    seed : int, optional
        The random seed of the run.
    cleaning : dict, optional
        Cleaning settings and counts (:func:`framing.notebook.cleaning_record`), written to the
        manifest's ``cleaning`` entry.

    Returns
    -------
    dict
        The provenance now in force.
    """
    if isinstance(corpus, pd.DataFrame):
        from framing.corpus import corpus_hash

        corpus = corpus_hash(corpus)
    folder = Path(out_dir)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ParameterError(
            f"figures folder {folder} cannot be created ({exc.strerror}); pass out_dir= a folder you can "
            "write to (not an existing file)."
        ) from None
    _context.update(out_dir=folder, notebook=notebook, corpus=corpus, model=model, seed=seed, cleaning=cleaning)
    return dict(_context)


def save(fig, name: str, *, formats=FORMATS, close: bool = True) -> ManifestEntry:
    """Write a figure deterministically and record it in the manifest.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure (an Axes is accepted too: its figure is saved).
    name : str
        File name without suffix, e.g. ``"01_documents_by_side"``.
    formats : sequence of str
        Any of ``"png"``, ``"svg"``, ``"pdf"``.
    close : bool
        Close the figure after saving (notebooks still display it when
        ``close=False``).

    Returns
    -------
    ManifestEntry
        The manifest entry (a dict: files with their sha256, and the provenance); it
        prints as one short line and displays nothing as a notebook cell's last value.
    """
    fig = getattr(fig, "figure", fig)
    if not isinstance(fig, Figure):
        raise ParameterError(
            f"save() needs a matplotlib Figure (or an Axes); got {type(fig).__name__}. Pass the figure a "
            "framing.plots function drew on, e.g. save(ax.figure, name)."
        )
    _check_name(name)
    if isinstance(formats, str):
        formats = (formats,)
    unknown = [f for f in formats if f not in _METADATA]
    if unknown:
        raise ParameterError(f"formats {unknown} are not supported; use some of {sorted(_METADATA)}.")
    out = _context["out_dir"]
    out.mkdir(parents=True, exist_ok=True)
    files = {}
    with mpl.rc_context({"svg.hashsalt": "framing", "savefig.dpi": 150}):
        for fmt in formats:
            path = out / f"{name}.{fmt}"
            _atomic_write(
                path, lambda p, fmt=fmt: fig.savefig(p, format=fmt, metadata=_METADATA[fmt], bbox_inches="tight")
            )
            files[fmt] = {"path": path.name, "sha256": _sha256(path)}
    if close:
        plt.close(fig)
    return _record("figures", name, files)


def save_table(table: pd.DataFrame, name: str) -> ManifestEntry:
    """Write the table behind a figure as CSV under ``tables/`` and record its sha256.

    Parameters
    ----------
    table : pandas.DataFrame
        Tidy numbers (floats are written with 10 significant digits).
    name : str
        File name without suffix.

    Returns
    -------
    ManifestEntry
        The manifest entry (see :func:`save`).
    """
    if not isinstance(table, pd.DataFrame):
        raise ParameterError(f"save_table() needs a pandas DataFrame; got {type(table).__name__}.")
    _check_name(name)
    folder = _context["out_dir"] / "tables"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.csv"
    _atomic_write(path, lambda p: table.to_csv(p, index=False, float_format="%.10g", lineterminator="\n"))
    return _record("tables", name, {"csv": {"path": f"tables/{path.name}", "sha256": _sha256(path)}})


def read_manifest(out_dir=None) -> dict:
    """Return the manifest of a figures folder (empty when there is none yet).

    Parameters
    ----------
    out_dir : path, optional
        Defaults to the configured folder.

    Returns
    -------
    dict
        ``{"versions": {...}, "figures": {name: entry}, "tables": {name: entry}}``.
    """
    path = Path(out_dir or _context["out_dir"]) / "manifest.json"
    if not path.exists():
        return {"versions": package_versions(), "figures": {}, "tables": {}}
    return json.loads(path.read_text(encoding="utf-8"))


def package_versions() -> dict:
    """Return the versions of Python and the packages that shape the figures."""
    versions = {"python": platform.python_version()}
    for name in _PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def _record(kind: str, name: str, files: dict) -> ManifestEntry:
    entry = {
        "files": files,
        "notebook": _context["notebook"],
        "corpus_sha256": _context["corpus"],
        "model": _context["model"],
        "seed": _context["seed"],
    }
    manifest = read_manifest()
    manifest["versions"] = package_versions()
    if _context["cleaning"] is not None:
        manifest["cleaning"] = _context["cleaning"]
    manifest.setdefault(kind, {})[name] = entry
    text = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    _atomic_write(_context["out_dir"] / "manifest.json", lambda p: Path(p).write_text(text, encoding="utf-8"))
    return ManifestEntry(entry)


def _atomic_write(path: Path, write) -> None:
    """Write through a temporary file in the same folder, then rename: readers never see half a file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=path.suffix)
    os.close(fd)
    try:
        write(tmp)
        # mkstemp creates files readable by the owner only; figures are meant to be shared.
        os.chmod(tmp, 0o666 & ~_UMASK)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _check_name(name: str) -> None:
    if not isinstance(name, str) or not name or "/" in name or "\\" in name or name.startswith("."):
        raise ParameterError(f"figure name must be a plain file name without folder or suffix; got {name!r}.")
