"""framing: compare how sources with different national framings cover the same event.

The flow, one module per stage: documents (:mod:`framing.corpus`) -> sentences
(:mod:`framing.sentences`) -> vectors (:mod:`framing.embedding`) -> clusters,
comparisons, alignment and frames -> figures (:mod:`framing.plots`,
:mod:`framing.figures`).
"""

from framing import figures, multilingual, notebook, plots  # multilingual: issue 23
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
    LanguageMixWarning,
    ModelError,
    NotebookError,
    NotFittedError,
    ParameterError,
)
from framing.frame_classifier import FrameClassifier, FrameValidation, validate_frames
from framing.frames import MFC_FRAMES, assign_frames, compare_frames, frame_shares
from framing.multilingual import centre_by_language, language_mix, load_multilingual_demo  # issue 23
from framing.projection import project
from framing.quantify import corrected_shares
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
    "LanguageMixWarning",  # issue 23 (multilingual), with its four lower-case names below
    "ModelError",
    "NotFittedError",
    "NotebookError",
    "ParameterError",
    "SentenceClusterer",
    "align",
    "assign_frames",
    "attribute",
    "centre_by_language",
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
    "language_mix",
    "load_corpus",
    "load_demo",
    "load_multilingual_demo",
    "merge_rare",
    "multilingual",
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
