"""What every non-torch backend does around its transformer: length-sorted batches, then pooling.

ONNX Runtime (``framing/embedding/backends/onnx.py``) and CTranslate2 (``framing/embedding/backends/ct2.py``) return
only the token embeddings; the batching and the sentence-transformers pooling are shared here so
the two backends cannot drift apart.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import numpy as np

from framing.errors import ParameterError

#: Runs one batch of texts through a transformer: returns the last hidden state, shape
#: (batch, tokens, dim), and the attention mask, shape (batch, tokens).
BatchRunner = Callable[[list[str]], "tuple[np.ndarray, np.ndarray]"]


def pooling_mode(model, backend: str) -> str:
    """Read the model's pooling mode; refuse architectures ``backend`` cannot reproduce exactly.

    Parameters
    ----------
    model : sentence_transformers.SentenceTransformer
        The loaded model.
    backend : str
        The backend's name, for the error message.

    Returns
    -------
    str
        ``"mean"`` or ``"cls"``.
    """
    kinds = [type(m).__name__ for m in model]
    if kinds[:2] != ["Transformer", "Pooling"] or any(k not in {"Normalize"} for k in kinds[2:]):
        raise ParameterError(
            f"backend={backend!r} supports Transformer + Pooling (+ Normalize) models; this one is {kinds}. "
            "Use backend='torch'."
        )
    mode = model[1].get_config_dict().get("pooling_mode", "mean")
    if mode not in {"mean", "cls"}:
        raise ParameterError(f"backend={backend!r} supports mean or CLS pooling; this model uses {mode!r}.")
    return mode


def pool(hidden: np.ndarray, mask: np.ndarray, mode: str) -> np.ndarray:
    """Pool token embeddings into sentence vectors as sentence-transformers does, then L2-normalise.

    Parameters
    ----------
    hidden : numpy.ndarray, shape (batch, tokens, dim)
        The transformer's last hidden state.
    mask : numpy.ndarray, shape (batch, tokens)
        Attention mask: 1 for a real token, 0 for padding.
    mode : str
        ``"mean"`` (average over the real tokens) or ``"cls"`` (the first token).

    Returns
    -------
    numpy.ndarray of float32, shape (batch, dim)

    References
    ----------
    Reimers, N. & Gurevych, I. (2019). Sentence-BERT: Sentence Embeddings using Siamese
    BERT-Networks. EMNLP-IJCNLP.
    """
    if mode == "cls":
        vectors = hidden[:, 0]
    else:
        weights = mask[..., None].astype(np.float32)
        vectors = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
    # framing's vectors are always L2-normalised, on every backend.
    vectors = vectors / np.clip(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12, None)
    return vectors.astype(np.float32, copy=False)


def encode_by_length(texts: list[str], batch_size: int, run: BatchRunner, mode: str) -> np.ndarray:
    """Embed texts in batches of similar length (as sentence-transformers does), pooled, in input order.

    Parameters
    ----------
    texts : list of str
        Sentences.
    batch_size : int
        Sentences per call of ``run``.
    run : callable
        ``run(batch_texts) -> (hidden, mask)``: the backend's transformer on one batch.
    mode : str
        Pooling mode (see :func:`pool`).

    Returns
    -------
    numpy.ndarray of float32, shape (len(texts), dim)
        Shape (0, 0) when ``texts`` is empty.

    References
    ----------
    Reimers, N. & Gurevych, I. (2019). Sentence-BERT: Sentence Embeddings using Siamese
    BERT-Networks. EMNLP-IJCNLP (length-sorted batching: sentence-transformers' ``encode``).
    """
    # Sorting by length keeps padding, and so wasted work, small; out[idx] restores the order.
    order = np.argsort([len(t) for t in texts], kind="stable")
    out = None
    for i in range(0, len(texts), batch_size):
        idx = order[i : i + batch_size]
        hidden, mask = run([texts[j] for j in idx])
        vectors = pool(hidden, mask, mode)
        if out is None:
            out = np.empty((len(texts), vectors.shape[1]), dtype=np.float32)
        out[idx] = vectors
    return out if out is not None else np.empty((0, 0), dtype=np.float32)


def cpu_threads() -> int:
    """Threads a backend's engine may use: ``$FRAMING_THREADS``, else every core.

    Returns
    -------
    int
    """
    return int(os.environ.get("FRAMING_THREADS", "0")) or (os.cpu_count() or 1)


class PooledEncoder:
    """A backend that runs only a model's transformer, then batches and pools as sentence-transformers does.

    A subclass names its two backends in :attr:`BACKENDS` (fp32, then int8) and returns, from
    ``_batch_runner()``, the :data:`BatchRunner` of its engine.

    Parameters
    ----------
    model : sentence_transformers.SentenceTransformer
        The loaded model: its tokenizer, pooling mode and normalisation are reused.
    folder : path
        Where the backend keeps its converted or exported models.
    digest : str
        Hash of the model's weights (names the conversion).
    quantize : bool
        Run the int8 flavour (approximate vectors) rather than fp32.

    References
    ----------
    Reimers, N. & Gurevych, I. (2019). Sentence-BERT: Sentence Embeddings using Siamese
    BERT-Networks. EMNLP-IJCNLP.
    """

    #: The backend names: fp32, then int8.
    BACKENDS: tuple[str, str] = ("", "")

    def __init__(self, model, folder: Path, digest: str, quantize: bool):
        self.model = model
        self.folder = Path(folder)
        self.digest = digest
        self.quantize = quantize
        self._mode = pooling_mode(model, backend=self.BACKENDS[bool(quantize)])

    def _batch_runner(self) -> BatchRunner:
        raise NotImplementedError

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        """Embed texts in batches (sorted by length, as sentence-transformers does).

        Parameters
        ----------
        texts : list of str
            Sentences.
        batch_size : int
            Sentences per batch.

        Returns
        -------
        numpy.ndarray of float32, shape (len(texts), dim)
            L2-normalised vectors, row ``i`` for ``texts[i]``.
        """
        return encode_by_length(texts, batch_size, self._batch_runner(), self._mode)
