"""framing: compare how sources with different national framings cover the same event.

The flow, one module per stage: documents (:mod:`framing.corpus.load`) -> sentences
(:mod:`framing.corpus.sentences`) -> vectors (:mod:`framing.embedding.embedder`) -> clusters,
comparisons, alignment and frames -> figures (:mod:`framing.plots`,
:mod:`framing.study.figures`).
"""

# ruff: noqa: I001 (the imports are grouped by domain, in the order data flows)

from framing._core import moved

# Corpus: documents in, sentences out.
from framing.corpus import languages
from framing.corpus.clean import clean_corpus, CleaningResult
from framing.corpus.load import corpus_hash, load_corpus, load_demo
from framing.corpus.sentences import corpus_summary, fragment_report, split_sentences

# Embeddings: the model, its cache and backends.
from framing.embedding.embedder import embed, Embedder

# Analysis: themes, shares by side, terms, matched claims and omissions, time, robustness.
from framing.analysis import multilingual
from framing.analysis.align import align, AlignmentResult, omission_rates, omission_rates_at_equal_size
from framing.analysis.cluster import SentenceClusterer
from framing.analysis.compare import compare_shares, distinctive_terms, leave_one_outlet_out
from framing.analysis.intrusion import intrusion_sheet, score_intrusion
from framing.analysis.matching import match_clusters
from framing.analysis.multilingual import centre_by_language, language_mix, load_multilingual_demo
from framing.analysis.over_time import (
    demo_events,
    did_by_event,
    event_coverage,
    event_did,
    read_events,
    shares_over_time,
    window_sensitivity,
)
from framing.analysis.projection import project
from framing.analysis.robustness import robustness, RobustnessResult
from framing.analysis.split import compare_split, split_sample, split_shares, SplitSample

# Frames: the codebook, zero-shot and trained classifiers, hand coding, correction.
from framing.frames.agreement import (
    adjudicate,
    adjudication_sheet,
    coder_agreement,
    CoderAgreement,
    with_classifier,
)
from framing.frames.classifier import FrameClassifier, FrameValidation, validate_frames
from framing.frames.codebook import MFC_FRAMES, read_codebook
from framing.frames.coding import merge_rare, rare_frames, read_codes, sample_for_coding
from framing.frames.correction import corrected_shares, error_rates_by_side
from framing.frames.finetune import paired_learning_curve, TextFrameClassifier
from framing.frames.compare import compare_frames
from framing.frames.shares import frame_shares
from framing.frames.zero_shot import assign_frames

# Voices: who speaks.
from framing.voices import (
    attribute,
    compare_voices,
    top_speakers,
    unknown_speakers,
    voice_contrasts,
    voice_shares,
)

# Plots: tidy data and an optional ax in, one Axes out.
from framing import plots

# Study: one run from documents to figures, report and explorer.
from framing.study import explore, figures, notebook
from framing.study.explore import explore_figures, explorer_payload, write_explorer
from framing.study.notebook import Study, start

# Errors and warnings.
from framing.errors import (
    CacheError,
    CacheWarning,
    CorpusError,
    CorpusNotFoundError,
    FewOutletsWarning,
    FramingError,
    FramingWarning,
    LanguageMixWarning,
    ModelError,
    NotebookError,
    NotFittedError,
    ParameterError,
    RenamedWarning,
)

__version__ = "0.1.0"

# The last release's flat module paths (framing.compare, ...) keep working for one release.
moved.install()


def __getattr__(name):
    """``framing.<old module>`` of the last release: the moved module, with a RenamedWarning."""
    return moved.moved_attribute("framing", name)


__all__ = [
    "MFC_FRAMES",
    "AlignmentResult",
    "CacheError",
    "CacheWarning",
    "CleaningResult",
    "CoderAgreement",
    "CorpusError",
    "CorpusNotFoundError",
    "Embedder",
    "FewOutletsWarning",
    "FrameClassifier",
    "FrameValidation",
    "FramingError",
    "FramingWarning",
    "LanguageMixWarning",
    "ModelError",
    "NotFittedError",
    "NotebookError",
    "ParameterError",
    "RenamedWarning",
    "RobustnessResult",
    "SentenceClusterer",
    "SplitSample",
    "Study",
    "TextFrameClassifier",
    "adjudicate",
    "adjudication_sheet",
    "align",
    "assign_frames",
    "attribute",
    "centre_by_language",
    "clean_corpus",
    "coder_agreement",
    "compare_frames",
    "compare_shares",
    "compare_split",
    "compare_voices",
    "corpus_hash",
    "corpus_summary",
    "corrected_shares",
    "demo_events",
    "did_by_event",
    "distinctive_terms",
    "embed",
    "error_rates_by_side",
    "event_coverage",
    "event_did",
    "explore",
    "explore_figures",
    "explorer_payload",
    "figures",
    "fragment_report",
    "frame_shares",
    "intrusion_sheet",
    "language_mix",
    "languages",
    "leave_one_outlet_out",
    "load_corpus",
    "load_demo",
    "load_multilingual_demo",
    "match_clusters",
    "merge_rare",
    "multilingual",
    "notebook",
    "omission_rates",
    "omission_rates_at_equal_size",
    "paired_learning_curve",
    "plots",
    "project",
    "rare_frames",
    "read_codebook",
    "read_codes",
    "read_events",
    "robustness",
    "sample_for_coding",
    "score_intrusion",
    "shares_over_time",
    "split_sample",
    "split_sentences",
    "split_shares",
    "start",
    "top_speakers",
    "unknown_speakers",
    "validate_frames",
    "voice_contrasts",
    "voice_shares",
    "window_sensitivity",
    "with_classifier",
    "write_explorer",
]
