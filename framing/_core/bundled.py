"""Files shipped with framing: the demo corpus and its hand-coded samples.

The files sit in ``framing/_data/`` of an installed wheel (``pyproject.toml`` force-includes them)
and in ``data/`` of a source checkout; both are looked up, in that order.
"""

from __future__ import annotations

from pathlib import Path

from framing.errors import CorpusNotFoundError

_PACKAGE = Path(__file__).resolve().parents[1]


def bundled_file(name: str, *, what: str, fallback: str = "") -> Path:
    """Return the path of a file shipped with framing.

    Parameters
    ----------
    name : str
        The file name, e.g. ``"sco_qingdao_2025.jsonl"``.
    what : str
        What the file is, for the error message (``"the demo corpus"``).
    fallback : str, optional
        What else the user can do, appended to the error message.

    Returns
    -------
    pathlib.Path
        ``framing/_data/<name>`` in an installed wheel, ``data/<name>`` in a source checkout.

    Raises
    ------
    CorpusNotFoundError
        When neither exists: the installation is incomplete.
    """
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / "data" / name):
        if candidate.exists():
            return candidate
    raise CorpusNotFoundError(
        f"{what} {name} is missing from this installation; reinstall framing "
        f"(pip install --force-reinstall framing){fallback}."
    )
