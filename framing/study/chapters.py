"""Where the bundled notebooks are, and which files of a folder are chapters.

Private foundation of :mod:`framing.study.runner` (which runs the chapters) and :mod:`framing.study.report`
(which joins the executed ones); both import it, so neither depends on the other for this.
"""

from __future__ import annotations

from pathlib import Path

from framing.errors import NotebookError


def notebooks_dir() -> Path:
    """Return the folder of the bundled notebooks (a source checkout's ``notebooks/`` or the wheel's copy).

    Returns
    -------
    pathlib.Path
        ``framing/_notebooks`` in an installed wheel, else the checkout's ``notebooks/``.
    """
    here = Path(__file__).resolve().parents[1]
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
