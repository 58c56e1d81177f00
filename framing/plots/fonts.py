"""Fonts for Urdu (Arabic script) and Hindi (Devanagari) labels.

matplotlib's default font, DejaVu Sans, has no Devanagari and only part of the Arabic letters Urdu
writes (no ``ہ``, ``ے`` or ``۔``), so Hindi labels come out as empty boxes and Urdu words are drawn in
two fonts at once. :func:`use_script_fonts` registers two fonts of the Noto family, each shipped in a
PyPI wheel under the SIL Open Font License 1.1 (the ``multilingual`` extra installs them):

- Noto Sans Arabic (``fontpkg-noto-sans-arabic``): a Naskh-style sans covering Urdu's letters;
- Noto Sans Devanagari (``fontpkg-noto-sans-devanagari``).

and puts them first in matplotlib's font fallback list, so one label can mix scripts. matplotlib
(3.11 and later, built with libraqm) shapes the text: Devanagari conjuncts and vowel signs, Arabic
joining and right-to-left order come out right. Nothing is written into framing itself: the font
files stay in their own packages, with their licences.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import matplotlib as mpl
from matplotlib import font_manager

from framing.errors import ParameterError

__all__ = ["SCRIPT_FONTS", "script_font_files", "script_font_rc", "use_script_fonts"]

#: Family name -> (the PyPI package that ships it, its importable module, licence).
SCRIPT_FONTS = {
    "Noto Sans Arabic": ("fontpkg-noto-sans-arabic", "fontpkg_noto_sans_arabic", "OFL-1.1"),
    "Noto Sans Devanagari": ("fontpkg-noto-sans-devanagari", "fontpkg_noto_sans_devanagari", "OFL-1.1"),
}


def script_font_files() -> dict[str, list[Path]]:
    """The font files of :data:`SCRIPT_FONTS`, found in their installed packages.

    Returns
    -------
    dict
        ``{family: [paths of its .ttf/.otf files]}``.

    Raises
    ------
    ParameterError
        When a font package is not installed (``pip install 'framing[multilingual]'``).
    """
    files = {}
    for family, (package, module, _) in SCRIPT_FONTS.items():
        try:
            root = Path(importlib.import_module(module).ROOT)
        except ImportError:
            raise ParameterError(
                f"{family} is not installed: pip install 'framing[multilingual]' (or {package})."
            ) from None
        files[family] = sorted(p for p in (root / "files").iterdir() if p.suffix.lower() in (".ttf", ".otf"))
    return files


def use_script_fonts() -> list[str]:
    """Draw Urdu and Hindi in matplotlib figures: register the Noto fonts and put them in the fallback list.

    Call it once before drawing figures with Urdu or Hindi text (matched claims, cluster terms).
    Latin letters are then drawn from Noto Sans Arabic's Latin (the Noto Sans design), so a label's
    English and Urdu share one design; the figures of an English-only corpus, drawn without this
    call, keep DejaVu Sans. To limit it to some figures, wrap them in ``matplotlib.rc_context()``.

    Returns
    -------
    list of str
        The new ``rcParams["font.family"]``: the two Noto families, then the families it had.

    References
    ----------
    SIL Open Font License 1.1 (openfontlicense.org). -- The Noto fonts (notofonts.github.io).
    """
    families = script_font_rc()["font.family"]
    mpl.rcParams["font.family"] = families
    return families


def script_font_rc() -> dict:
    """The rcParams that draw Urdu and Hindi, without setting them: for ``framing.plots.style(rc=...)``.

    Registers the Noto fonts with matplotlib's font manager (which only makes them findable) and
    returns the font fallback list with them first; nothing in ``rcParams`` changes.

    Returns
    -------
    dict
        ``{"font.family": [the two Noto families, then the families rcParams has now]}``.

    References
    ----------
    SIL Open Font License 1.1 (openfontlicense.org). -- The Noto fonts (notofonts.github.io).
    """
    for paths in script_font_files().values():
        for path in paths:
            font_manager.fontManager.addfont(str(path))
    # The Arabic font first: DejaVu Sans has some of Urdu's letters, and a word drawn from two fonts
    # loses its joins. Neither Noto font has the other's script, so their order is free.
    before = [f for f in mpl.rcParams["font.family"] if f not in SCRIPT_FONTS]
    return {"font.family": [*SCRIPT_FONTS, *before]}
