"""Sphinx configuration of framing's documentation site (``make docs``).

Sphinx with the PyData theme, as scikit-learn, pandas and scanpy use: the API reference comes from the
numpydoc docstrings the code already has (numpydoc's own extension renders them), pages are Markdown
(MyST), and the chapters are the executed notebooks (MyST-NB, never re-executed here). Everything builds
offline.
"""

import os
import shutil
from pathlib import Path

import framing

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent

project = "framing"
author = "the framing developers"
copyright = "the framing developers"
release = version = framing.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "numpydoc",
    "myst_nb",
]
source_suffix = {".rst": "restructuredtext", ".md": "myst-nb", ".ipynb": "myst-nb"}
exclude_patterns = ["_build", "README.md"]
myst_heading_anchors = 3
# The chapters are shown as run by make figures: executing them here would embed the corpus twice.
nb_execution_mode = "off"
nb_merge_streams = True

autosummary_generate = True
# scikit-learn's metadata-routing methods (set_fit_request...) and inherited score() are sklearn's to document.
autodoc_default_options = {
    "members": True,
    "exclude-members": "set_fit_request,set_predict_request,set_score_request,set_transform_request,"
    "set_output,score",
    # A module page documents what the module defines; a name it re-exports is documented where it lives.
    "ignore-module-all": True,
}
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False

html_theme = "pydata_sphinx_theme"
html_title = "framing"
html_theme_options = {
    "navigation_with_keys": False,
    "show_toc_level": 2,
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
}
html_static_path = []
# A class page is its docstring and its own methods (autodoc); the template leaves out the summary table
# of inherited scikit-learn methods.
templates_path = ["_templates"]
# No request leaves the build: no search index fetched, no fonts, no analytics.
html_show_sourcelink = False


def _api_page() -> str:
    """The API reference page: every name of ``framing.__all__``, grouped by the module that defines it."""
    groups: dict[str, list[str]] = {}
    for name in sorted(framing.__all__):
        module = getattr(getattr(framing, name), "__module__", "framing") or "framing"
        groups.setdefault(module, []).append(name)
    lines = [
        "API reference",
        "=============",
        "",
        "Every public name is importable from the top level: ``import framing; framing.align(...)``.",
        "The pages below are generated from the numpydoc docstrings.",
        "",
        ".. currentmodule:: framing",
        "",
    ]
    for module in sorted(groups):
        title = f"``{module}``"
        lines += [title, "-" * len(title), "", ".. autosummary::", "   :toctree: generated", ""]
        lines += [f"   {name}" for name in groups[module]] + [""]
    return "\n".join(lines)


def _tutorials() -> None:
    """Copy the executed chapters (``make figures`` writes them) beside the pages, or the stripped ones."""
    executed = Path(os.environ.get("FRAMING_DOCS_NOTEBOOKS", ROOT / "figures" / "notebooks"))
    source = executed if any(executed.glob("*.ipynb")) else ROOT / "notebooks"
    target = DOCS / "tutorials"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir()
    for book in sorted(source.glob("[0-9][0-9]_*.ipynb")):
        shutil.copyfile(book, target / book.name)


(DOCS / "api.rst").write_text(_api_page(), encoding="utf-8")
_tutorials()
