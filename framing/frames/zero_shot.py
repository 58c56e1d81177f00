"""Zero-shot frames: label each sentence with the frame it leans on, or abstain.

The default codebook is the 15 policy frames of Boydstun, Card, Gross, Resnik &
Smith (2014), the categories annotated in the Media Frames Corpus (Card et al.
2015), in the project's own words (:data:`MFC_FRAMES`, read from
``framing/frames/data/frame_codebook.toml``; see :mod:`framing.frames.codebook`). A
researcher can pass their own codebook instead (see :func:`assign_frames`).

Method: nearest prototype in embedding space. Each frame's name, description
and examples are embedded with the same sentence-transformers model as the
sentences (Reimers & Gurevych 2019); the frame's prototype is the normalised
sum of the name's vector and the mean of the others (as in prototypical
networks, Snell et al. 2017). A
sentence's score for a frame is the cosine similarity to the prototype; it
takes the best-scoring frame unless it abstains (see
:func:`assign_frames`). This is a zero-shot, lexical-semantic proxy for a
human coder's judgement, not a replacement for one: validate it on labelled
data from your domain before leaning on it (``benchmarks/frames_validation.py``
does so for five narrative frames). It is exploratory; for numbers to report,
code a sample by hand and train :class:`framing.FrameClassifier`.

The shares and comparisons of frames by side live in :mod:`framing.frames.shares`
and :mod:`framing.frames.compare`; their functions are importable from here as before.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing._core.validation import check_column, check_vectors
from framing.embedding.embedder import Embedder
from framing.errors import ParameterError
from framing.frames.codebook import MFC_FRAMES, normalize_frames

__all__ = ["assign_frames"]

#: Softmax scale for ``confidence``: 20 is the similarity scale all-MiniLM-L6-v2 and
#: most sentence-transformers models are trained with (MultipleNegativesRankingLoss),
#: so ``softmax(20 * cos)`` is the model's own notion of "which candidate matches".
_SCALE = 20.0


def _prototypes(anchors: dict[str, list[str]], embedder) -> tuple[list[str], np.ndarray]:
    """Prototype of each frame: its name and its texts (description, examples) weigh half each."""
    names = list(anchors)
    texts = names + [t for n in names for t in anchors[n]]
    vec = check_vectors(embedder.encode(texts), n_rows=len(texts), name="embedded frame texts")
    vec = vec / np.linalg.norm(vec, axis=1, keepdims=True)
    protos, start = [], len(names)
    for i, n in enumerate(names):
        k = len(anchors[n])
        m = vec[start : start + k].mean(axis=0)
        p = vec[i] + m / np.linalg.norm(m)
        protos.append(p / np.linalg.norm(p))
        start += k
    return names, np.vstack(protos).astype(np.float32)


def assign_frames(
    vectors_or_texts,
    *,
    frames=MFC_FRAMES,
    embedder=None,
    min_similarity: float = 0.25,
    margin: float = 0.02,
) -> pd.DataFrame:
    """Label each sentence with its closest frame, or abstain.

    Parameters
    ----------
    vectors_or_texts : array of shape (n, dim), sequence of str, pandas.Series or DataFrame
        Sentence vectors from ``framing.embed`` (**embedded with the same model
        as** ``embedder``), or the sentences themselves (a list of strings, a
        Series, or a sentences table with a ``text`` column), which are then
        embedded with ``embedder``.
    frames : mapping, default :data:`MFC_FRAMES`
        The codebook: ``{name: {"description": ..., "examples": [...]}}`` or
        ``{name: [texts...]}`` or ``{name: description}``. At least two frames.
    embedder : object with ``encode(list_of_str) -> ndarray``, optional
        Embeds the frame texts (and the sentences, if texts are given).
        Default ``framing.Embedder()`` (the offline default model).
    min_similarity : float, default 0.25
        Abstain when the best frame's cosine similarity is below this.
    margin : float, default 0.02
        Abstain when the best frame beats the runner-up by less than this.

    Returns
    -------
    pandas.DataFrame
        One row per sentence (same index as a Series/DataFrame input):
        ``frame`` (str, or None when abstaining), ``confidence`` (softmax
        probability of the best frame over all frames at scale 20; 0 when
        abstaining), ``similarity`` (cosine to the best frame's prototype),
        ``best`` (the best frame even when abstaining), ``runner_up`` and
        ``margin`` (best minus runner-up similarity); and, the same on every
        row, ``frames`` (the codebook's frame names joined with ``"; "``), ``rule``,
        ``min_similarity`` and ``min_margin`` (the ``margin`` argument).

    Raises
    ------
    ParameterError
        Bad codebook, empty input, or vectors whose dimension differs from the
        embedder's.

    Notes
    -----
    **Rule.** Each frame's prototype is the normalised sum of two unit
    vectors: the embedding of the frame's *name* and the normalised mean
    embedding of its description and examples (the name anchors the prototype
    to what the codebook calls the frame; the texts say what it covers). A
    sentence gets frame *f* when *f*'s prototype is
    the most similar one **and** that similarity is at least
    ``min_similarity`` **and** it exceeds the runner-up's by at least
    ``margin``; otherwise ``frame`` is None (no frame is clearly closest: the
    sentence is off-topic for the codebook, or split between two frames).

    The thresholds were set once, on the project's own example sentences, for
    all-MiniLM-L6-v2: off-topic sentences score below about 0.2 against every
    MFC prototype. The name-plus-texts prototype was chosen on the project's
    hand-coded demo sample (``data/sco_qingdao_2025_frame_codes.csv``) and then
    tested, unchanged, on the Narrative Frames Corpus, which it was not tuned
    on (``benchmarks/frames_validation.py``; numbers in docs/guides/frames.md). Other
    models have other similarity scales; re-check the thresholds if you change
    model. This is exploratory: a classifier trained on hand-coded sentences
    (:class:`framing.FrameClassifier`, validated by
    :func:`framing.validate_frames`) is the method to report.

    References
    ----------
    Boydstun, A. E., Card, D., Gross, J. H., Resnik, P. & Smith, N. A. (2014).
    Tracking the development of media frames within and across policy issues.
    Card, D., Boydstun, A. E., Gross, J. H., Resnik, P. & Smith, N. A. (2015).
    The Media Frames Corpus: Annotations of frames across issues. ACL.
    Snell, J., Swersky, K. & Zemel, R. (2017). Prototypical networks for
    few-shot learning. NeurIPS.
    Reimers, N. & Gurevych, I. (2019). Sentence-BERT. EMNLP-IJCNLP.
    """
    anchors = normalize_frames(frames)
    for name, val in (("min_similarity", min_similarity), ("margin", margin)):
        if not isinstance(val, (int, float)) or not -1.0 <= float(val) <= 2.0:
            raise ParameterError(f"{name} must be a number (a cosine similarity); got {val!r}.")
    embedder = Embedder() if embedder is None else embedder
    if not hasattr(embedder, "encode"):
        raise ParameterError(
            f"embedder must have an encode(list_of_str) method; got {type(embedder).__name__}."
        )
    vec, index = _sentence_vectors(vectors_or_texts, embedder)
    names, protos = _prototypes(anchors, embedder)
    if protos.shape[1] != vec.shape[1]:
        raise ParameterError(
            f"the vectors have dimension {vec.shape[1]} but the embedder produces {protos.shape[1]}: they come "
            "from different models. Pass embedder= the model the vectors were made with, or pass texts."
        )
    norms = np.linalg.norm(vec, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    out = _nearest_frames((vec / norms) @ protos.T, names, min_similarity, margin)
    if index is not None:
        out.index = index
    return out


def _texts_or_vectors(data) -> tuple[list[str] | None, np.ndarray | None, pd.Index | None]:
    """Sort the input into sentences to embed or vectors as given, and the index of a pandas input."""
    if isinstance(data, pd.DataFrame):
        return check_column(data, "text").astype(str).tolist(), None, data.index
    if isinstance(data, pd.Series):
        return data.astype(str).tolist(), None, data.index
    if isinstance(data, str):
        raise ParameterError("pass a list of sentences, not a single string (wrap it: [text]).")
    if isinstance(data, np.ndarray) and data.dtype.kind in "fiu":
        return None, check_vectors(data), None
    if isinstance(data, Sequence) and all(isinstance(t, str) for t in data):
        return list(data), None, None
    if isinstance(data, Sequence) and any(isinstance(t, str) for t in data):
        bad = [i for i, t in enumerate(data) if not isinstance(t, str)]
        raise ParameterError(
            f"the sentences must all be strings; item {bad[0]} is {data[bad[0]]!r} "
            f"({len(bad)} non-string item(s) in all). Drop or fill them, or pass the sentences table."
        )
    return None, check_vectors(data), None


def _sentence_vectors(data, embedder) -> tuple[np.ndarray, pd.Index | None]:
    """The sentences' vectors (embedding texts with ``embedder``), and the index of a pandas input."""
    texts, vec, index = _texts_or_vectors(data)
    if texts is not None:
        if len(texts) == 0:
            raise ParameterError("no sentences to label: the input is empty.")
        vec = check_vectors(embedder.encode(texts), n_rows=len(texts), name="embedded sentences")
    if len(vec) == 0:
        raise ParameterError("no sentences to label: the input is empty.")
    return vec, index


def _nearest_frames(sims: np.ndarray, names: list[str], min_similarity, margin) -> pd.DataFrame:
    """The best frame of each row of cosine similarities (n, n_frames), or None where the rule abstains."""
    order = np.argsort(-sims, axis=1, kind="stable")
    top, second = order[:, 0], order[:, 1]
    rows = np.arange(len(sims))
    best_sim, second_sim = sims[rows, top], sims[rows, second]
    z = _SCALE * (sims - best_sim[:, None])
    conf = 1.0 / np.exp(z).sum(axis=1)
    gap = best_sim - second_sim
    keep = (best_sim >= min_similarity) & (gap >= margin)
    names_arr = np.array(names, dtype=object)
    return pd.DataFrame(
        {
            "frame": pd.Series(np.where(keep, names_arr[top], None), dtype=object),
            "confidence": np.where(keep, conf, 0.0).astype(float),
            "similarity": best_sim.astype(float),
            "best": pd.Series(names_arr[top], dtype=object),
            "runner_up": pd.Series(names_arr[second], dtype=object),
            "margin": gap.astype(float),
            # The rule, repeated on every row so it survives any pandas operation on the table.
            "frames": "; ".join(names),
            "rule": f"best prototype if cosine >= {min_similarity} and ahead of the runner-up by >= {margin}",
            "min_similarity": float(min_similarity),
            "min_margin": float(margin),
        }
    )
