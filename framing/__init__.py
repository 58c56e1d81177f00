"""framing: compare how sources with different national framings cover the same event.

The flow, one module per stage: documents (:mod:`framing.corpus`) -> sentences
(:mod:`framing.sentences`) -> vectors (:mod:`framing.embedding`) -> clusters,
comparisons, alignment and frames -> figures (:mod:`framing.plots`,
:mod:`framing.figures`).
"""

from framing import figures, notebook, plots
from framing.align import AlignmentResult, align, omission_rates, omission_rates_at_equal_size
from framing.clean import CleaningResult, clean_corpus
from framing.cluster import SentenceClusterer
from framing.coding import merge_rare, read_codes, sample_for_coding
from framing.compare import compare_shares, distinctive_terms
from framing.corpus import corpus_hash, load_corpus, load_demo
from framing.embedding import Embedder, embed
from framing.errors import (
    CacheError,
    CacheWarning,
    CorpusError,
    CorpusNotFoundError,
    FramingError,
    FramingWarning,
    ModelError,
    NotebookError,
    NotFittedError,
    ParameterError,
)
from framing.frame_classifier import FrameClassifier, FrameValidation, validate_frames

# Issue 22 (few-shot fine-tuning): a text classifier that owns (and may fine-tune) its encoder.
from framing.frame_finetune import TextFrameClassifier, paired_learning_curve
from framing.frames import MFC_FRAMES, assign_frames, compare_frames, frame_shares
from framing.projection import project
from framing.quantify import corrected_shares, error_rates_by_side
from framing.sentences import corpus_summary, fragment_report, split_sentences
from framing.voices import (
    attribute,
    compare_voices,
    top_speakers,
    unknown_speakers,
    voice_contrasts,
    voice_shares,
)

__version__ = "0.1.0"

__all__ = [
    "MFC_FRAMES",
    "AlignmentResult",
    "CacheError",
    "CacheWarning",
    "CleaningResult",
    "CorpusError",
    "CorpusNotFoundError",
    "Embedder",
    "FrameClassifier",
    "FrameValidation",
    "FramingError",
    "FramingWarning",
    "ModelError",
    "NotFittedError",
    "NotebookError",
    "ParameterError",
    "SentenceClusterer",
    "align",
    "assign_frames",
    "attribute",
    "clean_corpus",
    "compare_frames",
    "compare_shares",
    "compare_voices",
    "corpus_hash",
    "corpus_summary",
    "corrected_shares",
    "distinctive_terms",
    "embed",
    "figures",
    "fragment_report",
    "frame_shares",
    "load_corpus",
    "load_demo",
    "merge_rare",
    "notebook",
    "omission_rates",
    "omission_rates_at_equal_size",
    "plots",
    "project",
    "read_codes",
    "sample_for_coding",
    "split_sentences",
    "top_speakers",
    "unknown_speakers",
    "validate_frames",
    "voice_contrasts",
    "voice_shares",
]

# Issue 22 (few-shot fine-tuning).
__all__ += ["TextFrameClassifier", "error_rates_by_side", "paired_learning_curve"]
