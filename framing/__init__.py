"""framing: compare how sources with different national framings cover the same event.

The flow, one module per stage: documents (:mod:`framing.corpus`) -> sentences
(:mod:`framing.sentences`) -> vectors (:mod:`framing.embedding`) -> clusters,
comparisons, alignment and frames -> figures (:mod:`framing.plots`,
:mod:`framing.figures`).
"""

from framing.align import AlignmentResult, align, omission_rates
from framing.clean import CleaningResult, clean_corpus
from framing.cluster import SentenceClusterer, project
from framing.compare import compare_shares, distinctive_terms
from framing.corpus import corpus_hash, load_corpus, load_demo
from framing.embedding import Embedder, embed
from framing.frames import MFC_FRAMES, assign_frames, compare_frames, frame_shares
from framing.coding import merge_rare, read_codes, sample_for_coding
from framing.frame_classifier import FrameClassifier, FrameValidation, validate_frames
from framing.quantify import corrected_shares
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
from framing.sentences import corpus_summary, split_sentences
from framing.voices import attribute, compare_voices, top_speakers, voice_contrasts, voice_shares
from framing import figures, notebook, plots  # noqa: E402  (submodules users reach as framing.x)

__version__ = "0.1.0"

__all__ = [
    "figures",
    "notebook",
    "plots",
    "CacheError",
    "CorpusError",
    "CorpusNotFoundError",
    "FramingError",
    "FramingWarning",
    "CacheWarning",
    "ModelError",
    "NotebookError",
    "NotFittedError",
    "ParameterError",
    "AlignmentResult",
    "CleaningResult",
    "clean_corpus",
    "Embedder",
    "MFC_FRAMES",
    "SentenceClusterer",
    "align",
    "assign_frames",
    "compare_frames",
    "compare_shares",
    "distinctive_terms",
    "frame_shares",
    "omission_rates",
    "project",
    "corpus_hash",
    "corpus_summary",
    "embed",
    "load_corpus",
    "load_demo",
    "split_sentences",
    "FrameClassifier",
    "FrameValidation",
    "corrected_shares",
    "merge_rare",
    "read_codes",
    "sample_for_coding",
    "validate_frames",
    "attribute",
    "compare_voices",
    "top_speakers",
    "voice_contrasts",
    "voice_shares",
]
