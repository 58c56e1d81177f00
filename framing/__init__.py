"""framing: compare how sources with different national framings cover the same event.

The flow, one module per stage: documents (:mod:`framing.corpus`) -> sentences
(:mod:`framing.sentences`) -> vectors (:mod:`framing.embedding`) -> clusters,
comparisons, alignment and frames -> figures (:mod:`framing.plots`,
:mod:`framing.figures`).
"""

from framing import explore, figures, multilingual, notebook, plots  # issue 21 explorer; issue 23
from framing.agreement import (  # agreement between coders (issue 22, several coders)
    CoderAgreement,
    adjudicate,
    adjudication_sheet,
    coder_agreement,
    with_classifier,
)
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
    RenamedWarning,
)
from framing.explore import explore_figures, explorer_payload, write_explorer  # issue 21: explore.html
from framing.frame_classifier import FrameClassifier, FrameValidation, validate_frames

# Issue 22 (few-shot fine-tuning): a text classifier that owns (and may fine-tune) its encoder.
from framing.frame_finetune import TextFrameClassifier, paired_learning_curve
from framing.frames import MFC_FRAMES, assign_frames, compare_frames, frame_shares
from framing.intrusion import intrusion_sheet, score_intrusion
from framing.matching import match_clusters
from framing.multilingual import centre_by_language, language_mix, load_multilingual_demo  # issue 23

# Framing over time (issue 21, item 2).
from framing.over_time import (
    demo_events,
    did_by_event,
    event_coverage,
    event_did,
    read_events,
    shares_over_time,
    window_sensitivity,
)
from framing.projection import project
from framing.quantify import corrected_shares, error_rates_by_side
from framing.robustness import RobustnessResult, robustness
from framing.sentences import corpus_summary, fragment_report, split_sentences
from framing.split import SplitSample, compare_split, split_sample, split_shares
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
    "CoderAgreement",  # issue 22: agreement between coders
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
    "RenamedWarning",
    "SentenceClusterer",
    "adjudicate",  # issue 22
    "adjudication_sheet",  # issue 22
    "align",
    "assign_frames",
    "attribute",
    "centre_by_language",
    "clean_corpus",
    "coder_agreement",  # issue 22
    "compare_frames",
    "compare_shares",
    "compare_voices",
    "corpus_hash",
    "corpus_summary",
    "corrected_shares",
    "demo_events",
    "did_by_event",
    "distinctive_terms",
    "embed",
    "event_coverage",
    "event_did",
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
    "read_events",
    "sample_for_coding",
    "shares_over_time",
    "split_sentences",
    "top_speakers",
    "unknown_speakers",
    "validate_frames",
    "voice_contrasts",
    "voice_shares",
    "window_sensitivity",
    "with_classifier",  # issue 22
]

# Urdu and Hindi (issue 23): language detection, words kept whole, stop words per language.
from framing import languages

__all__ += ["languages"]

# Issue 24, outlets as units: leave-one-outlet-out and the few-outlets warning.
from framing.compare import leave_one_outlet_out
from framing.errors import FewOutletsWarning

__all__ += ["FewOutletsWarning", "leave_one_outlet_out"]

# The offline explorer (issue 21, item 1).
__all__ += ["explore", "explore_figures", "explorer_payload", "write_explorer"]

# issue 24: robustness across choices, split-sample testing, intrusion tasks
__all__ += [
    "RobustnessResult",
    "SplitSample",
    "compare_split",
    "intrusion_sheet",
    "match_clusters",
    "robustness",
    "score_intrusion",
    "split_sample",
    "split_shares",
]

# Issue 22 (few-shot fine-tuning).
__all__ += ["TextFrameClassifier", "error_rates_by_side", "paired_learning_curve"]

# Issue 25, frames: the codebook read from framing/data/frame_codebook.toml; what merge_rare merged.
from framing._frame_codebook import read_codebook
from framing.coding import rare_frames

__all__ += ["rare_frames", "read_codebook"]
