"""Policy frames: the codebook, zero-shot assignment, trained classifiers, hand coding, agreement, correction.

The last release's ``framing.frames`` module held the codebook, zero-shot assignment and the
share statistics; its names stay importable from here.
"""

from framing._core.names import ABSTAIN_LABEL
from framing.frames.codebook import MFC_FRAMES, normalize_frames
from framing.frames.compare import compare_frames
from framing.frames.shares import frame_shares
from framing.frames.zero_shot import assign_frames

__all__ = [
    "ABSTAIN_LABEL",
    "MFC_FRAMES",
    "assign_frames",
    "compare_frames",
    "frame_shares",
    "normalize_frames",
]
