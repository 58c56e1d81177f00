"""Same claim, different mouths: aligned claims whose speakers belong to different categories."""

from __future__ import annotations

import pandas as pd

from framing._core.validation import check_column
from framing.errors import ParameterError
from framing.voices.categories import NO_SPEAKER


def voice_contrasts(attributed: pd.DataFrame, alignment, *, both_attributed: bool = False) -> pd.DataFrame:
    """Same claim, different mouths: matched claims whose speakers' categories differ.

    Parameters
    ----------
    attributed : pandas.DataFrame
        :func:`framing.attribute` output, the sentences table ``alignment`` was computed on.
    alignment : framing.AlignmentResult or pandas.DataFrame
        :func:`framing.align` output (or its ``matches``).
    both_attributed : bool, default False
        True: only pairs where both sentences carry reported speech. False:
        also pairs where one side states as fact what the other attributes.

    Returns
    -------
    pandas.DataFrame
        ``align``'s match columns plus ``speaker_a``, ``speaker_b``,
        ``voice_a``, ``voice_b`` (the speakers' categories;
        :data:`~framing.voices.NO_SPEAKER` when a sentence has no reported
        speech); only rows whose categories differ.

    References
    ----------
    Muzny et al. (2017) for the attribution; :func:`framing.align` for the
    matching (mutual nearest neighbours above a calibrated threshold).
    """
    matches = getattr(alignment, "matches", alignment)
    for col in ("row_a", "row_b", "side_a", "side_b", "text_a", "text_b", "similarity"):
        check_column(matches, col, name="alignment matches")
    for col in ("speaker_category", "speaker_resolved"):
        check_column(attributed, col, name="sentences (pass framing.attribute(sentences) output)")
    ra, rb = matches["row_a"].to_numpy(dtype=int), matches["row_b"].to_numpy(dtype=int)
    if len(matches) and max(ra.max(), rb.max()) >= len(attributed):
        raise ParameterError(
            f"alignment refers to sentence row {max(ra.max(), rb.max())} but attributed has {len(attributed)} "
            "rows; pass attribute() output for the same sentences align() was given."
        )
    cat = attributed["speaker_category"].astype("string").fillna(NO_SPEAKER).to_numpy(dtype=object)
    who = attributed["speaker_resolved"].astype("string").fillna("").to_numpy(dtype=object)
    out = matches.copy()
    out["speaker_a"], out["speaker_b"] = who[ra], who[rb]
    out["voice_a"], out["voice_b"] = cat[ra], cat[rb]
    keep = out["voice_a"] != out["voice_b"]
    if "speaker_country" in attributed.columns:
        # "Pakistan said" on both sides is one mouth even when its category flips with the side.
        land = attributed["speaker_country"].astype("string").fillna("").to_numpy(dtype=object)
        keep &= ~((land[ra] != "") & (land[ra] == land[rb]))
    if both_attributed:
        keep &= (out["voice_a"] != NO_SPEAKER) & (out["voice_b"] != NO_SPEAKER)
    return out[keep].reset_index(drop=True)
