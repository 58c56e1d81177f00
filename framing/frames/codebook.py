"""Frame codebooks: the default one read from ``framing/frames/data/frame_codebook.toml``, and their checks.

The default codebook is the 15 policy frames of Boydstun, Card, Gross, Resnik &
Smith (2014), the categories annotated in the Media Frames Corpus (Card et al.
2015). The descriptions and example sentences are the project's own wording of
those categories; each description starts with the frame's name, and the
examples are drawn from the policy issues of the Media Frames Corpus itself
(immigration, smoking, same-sex marriage, gun control, the death penalty,
climate), none from the project's demo topic, so no frame is tied to the
coverage being analysed. The words live in a data file, not in code, so a
researcher can read, copy and edit them (:func:`read_codebook` reads a copy).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path

from framing.errors import CorpusError, CorpusNotFoundError, ParameterError

__all__ = ["CODEBOOK_FILE", "MFC_FRAMES", "normalize_frames", "read_codebook"]

#: The default codebook's file, shipped inside the package (so inside the wheel).
CODEBOOK_FILE = Path(__file__).resolve().parent / "data" / "frame_codebook.toml"


def read_codebook(path=CODEBOOK_FILE) -> dict[str, dict]:
    """Read a frame codebook written in TOML, one table per frame.

    Parameters
    ----------
    path : str or path, default :data:`CODEBOOK_FILE`
        A TOML file: one table per frame, named by the frame, with ``description`` (str),
        ``examples`` (list of str) and optionally ``residual = true`` (a catch-all frame
        such as "Other", which zero-shot assignment skips).

    Returns
    -------
    dict
        ``{name: {"description": ..., "examples": [...], ...}}`` in the file's order,
        as :func:`framing.assign_frames` and :class:`framing.FrameClassifier` take it.

    References
    ----------
    Boydstun, A. E., Card, D., Gross, J. H., Resnik, P. & Smith, N. A. (2014). Tracking the
    development of media frames within and across policy issues (the default codebook's frames).
    """
    path = Path(path)
    if not path.exists():
        raise CorpusNotFoundError(f"{path}: no such codebook file; pass the path of a TOML codebook.")
    try:
        with path.open("rb") as fh:
            codebook = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise CorpusError(
            f"{path}: not a valid TOML codebook ({exc}); one [frame name] table per frame."
        ) from None
    normalize_frames(codebook)  # refuse a malformed file when it is read, not when it is first used
    return codebook


def _anchors(name: str, spec) -> list[str] | None:
    """One frame's anchor texts (description first, then examples); None for a residual frame."""
    if isinstance(spec, str):
        return [spec]
    if isinstance(spec, Mapping):
        if spec.get("residual", False):
            return None
        unknown = set(spec) - {"description", "examples", "residual"}
        if unknown:
            raise ParameterError(
                f"frame {name!r} has unknown key(s) {sorted(unknown)}; use 'description' and 'examples'."
            )
        desc = spec.get("description")
        examples = spec.get("examples") or []
        if isinstance(examples, str):
            examples = [examples]
        return ([desc] if desc else []) + list(examples)
    if isinstance(spec, Sequence):
        return list(spec)
    raise ParameterError(
        f"frame {name!r} must map to a description string, a list of strings, or "
        f"{{'description': ..., 'examples': [...]}}; got {type(spec).__name__}."
    )


def normalize_frames(frames) -> dict[str, list[str]]:
    """Turn a codebook into ``{frame name: [anchor texts]}``.

    Parameters
    ----------
    frames : mapping
        ``{name: {"description": str, "examples": [str, ...]}}`` (either key
        may be omitted, not both; ``"residual": True`` entries are skipped),
        ``{name: [str, ...]}`` (all strings are anchors) or ``{name: str}``.

    Returns
    -------
    dict
        Frame name to its anchor texts (description first, then examples).

    Raises
    ------
    ParameterError
        Not a mapping, fewer than two usable frames, or a frame with no text.

    References
    ----------
    Card, D., Boydstun, A. E., Gross, J. H., Resnik, P. & Smith, N. A. (2015). The Media Frames
    Corpus: Annotations of frames across issues. ACL (codebook entries as descriptions and examples).
    """
    if not isinstance(frames, Mapping):
        raise ParameterError(
            "frames must be a mapping such as {'Economic': {'description': '...', 'examples': ['...']}} "
            f"or {{'Economic': ['...', '...']}}; got {type(frames).__name__}."
        )
    out: dict[str, list[str]] = {}
    for name, spec in frames.items():
        if not isinstance(name, str) or not name.strip():
            raise ParameterError(f"frame names must be non-empty strings; got {name!r}.")
        anchors = _anchors(name, spec)
        if anchors is None:
            continue
        if not anchors or any(not isinstance(a, str) or not a.strip() for a in anchors):
            raise ParameterError(
                f"frame {name!r} needs at least one non-empty text (a description or examples); got {anchors!r}."
            )
        out[name] = [a.strip() for a in anchors]
    if len(out) < 2:
        raise ParameterError(
            f"assign_frames needs at least two frames to choose between; got {list(out)}. "
            "Add frames (the margin rule compares the best frame with the runner-up)."
        )
    return out


#: The Boydstun et al. (2014) policy frames, in the project's own words (``data/frame_codebook.toml``).
#: ``residual: True`` marks "Other", which has no content to match against:
#: :func:`framing.assign_frames` skips it, and abstention plays its role.
MFC_FRAMES: dict[str, dict] = read_codebook()
