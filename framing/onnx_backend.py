"""A faster CPU path: the same sentence-transformers model, exported to ONNX and run by ONNX Runtime.

On a 2-core CPU, ONNX Runtime runs all-MiniLM-L6-v2 about 1.8 times as fast as
PyTorch with the same vectors (cosine >= 0.9999; see the README's Performance
section). sentence-transformers' own ONNX backend goes through ``optimum``,
whose current releases pin an older sentence-transformers; exporting the
transformer with ``torch.onnx`` and pooling in numpy needs only ``onnxruntime``
and keeps the rest of the stack current. The export runs once per model and is
stored (atomically) beside the embedding cache, keyed by the weights' hash.

Two flavours:

- ``"onnx"``: fp32, the same vectors as torch to within float rounding.
- ``"onnx-int8"``: dynamically quantised int8 weights, faster still but
  *approximate*: vectors move (cosine to torch about 0.99), so cluster
  assignments can change; the benchmark measures by how much.
"""

from __future__ import annotations

import os
import tempfile
import warnings
from pathlib import Path

import numpy as np

from framing.errors import ModelError, ParameterError

#: Backends this module provides.
BACKENDS = ("onnx", "onnx-int8")
_INPUTS = ["input_ids", "attention_mask", "token_type_ids"]


class OnnxEncoder:
    """Encode sentences with an ONNX export of a sentence-transformers model.

    Parameters
    ----------
    model : sentence_transformers.SentenceTransformer
        The loaded model: its tokenizer, pooling and normalisation are reused.
    folder : path
        Where exported ``.onnx`` files are kept.
    digest : str
        Hash of the model's weights (names the export).
    quantize : bool
        Quantise weights to int8 (approximate vectors).
    """

    def __init__(self, model, folder: Path, digest: str, quantize: bool = False):
        self.model = model
        self.folder = Path(folder)
        self.digest = digest
        self.quantize = quantize
        self._mode = _pooling(model)
        self._session = None

    def _path(self) -> Path:
        return self.folder / f"{self.digest}{'-int8' if self.quantize else ''}.onnx"

    def session(self):
        """Return the ONNX Runtime session, exporting the model on first use."""
        if self._session is None:
            try:
                import onnxruntime as ort
            except ImportError:
                raise ParameterError(
                    "backend='onnx' needs ONNX Runtime: pip install 'framing[onnx]' (or onnxruntime onnx)."
                ) from None
            path = self._path()
            if not path.exists():
                self._export(path)
            options = ort.SessionOptions()
            options.intra_op_num_threads = int(os.environ.get("FRAMING_THREADS", 0)) or (os.cpu_count() or 1)
            self._session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
            self._names = [i.name for i in self._session.get_inputs()]
        return self._session

    def _export(self, path: Path) -> None:
        import torch

        self.folder.mkdir(parents=True, exist_ok=True)
        fp32 = self.folder / f"{self.digest}.onnx"
        if not fp32.exists():
            transformer = self.model[0].auto_model.eval()
            sample = self.model.tokenizer(["a short sentence", "and a longer sentence too"], padding=True,
                                          return_tensors="pt")
            names = [n for n in _INPUTS if n in sample]

            class _Hidden(torch.nn.Module):
                # Only the token embeddings are exported; pooling is cheap and done in numpy.
                def __init__(self, inner):
                    super().__init__()
                    self.inner = inner

                def forward(self, *args):
                    return self.inner(**dict(zip(names, args, strict=True))).last_hidden_state

            axes = {n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]}
            with _atomic(fp32) as tmp, torch.no_grad(), warnings.catch_warnings():
                # The tracer warns that Python branches on shapes become constants; every such branch
                # in BERT-style encoders depends only on the attention mask being given, which it
                # always is here (tests check the vectors against torch across batch shapes).
                warnings.simplefilter("ignore")
                torch.onnx.export(
                    _Hidden(transformer), tuple(sample[n] for n in names), tmp, input_names=names,
                    output_names=["last_hidden_state"], dynamic_axes=axes, opset_version=17, dynamo=False,
                )
        if self.quantize:
            from onnxruntime.quantization import QuantType, quantize_dynamic

            with _atomic(path) as tmp:
                quantize_dynamic(str(fp32), tmp, weight_type=QuantType.QInt8)

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        """Embed texts in batches (sorted by length, as sentence-transformers does).

        Parameters
        ----------
        texts : list of str
        batch_size : int

        Returns
        -------
        numpy.ndarray of float32, shape (len(texts), dim)
        """
        session = self.session()
        tokenizer, limit = self.model.tokenizer, self.model.max_seq_length
        order = np.argsort([len(t) for t in texts], kind="stable")
        out = None
        for i in range(0, len(texts), batch_size):
            idx = order[i : i + batch_size]
            batch = tokenizer([texts[j] for j in idx], padding=True, truncation=True, max_length=limit,
                              return_tensors="np")
            hidden = session.run(None, {n: batch[n].astype(np.int64) for n in self._names})[0]
            vectors = self._pool(hidden, batch["attention_mask"])
            if out is None:
                out = np.empty((len(texts), vectors.shape[1]), dtype=np.float32)
            out[idx] = vectors
        return out if out is not None else np.empty((0, 0), dtype=np.float32)

    def _pool(self, hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
        if self._mode == "cls":
            vectors = hidden[:, 0]
        else:
            weights = mask[..., None].astype(np.float32)
            vectors = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        # framing's vectors are always L2-normalised, on every backend.
        vectors = vectors / np.clip(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12, None)
        return vectors.astype(np.float32, copy=False)


def _pooling(model) -> str:
    """Read the model's pooling mode; refuse architectures this path cannot reproduce exactly."""
    kinds = [type(m).__name__ for m in model]
    if kinds[:2] != ["Transformer", "Pooling"] or any(k not in {"Normalize"} for k in kinds[2:]):
        raise ParameterError(
            f"backend='onnx' supports Transformer + Pooling (+ Normalize) models; this one is {kinds}. "
            "Use backend='torch'."
        )
    mode = model[1].get_config_dict().get("pooling_mode", "mean")
    if mode not in {"mean", "cls"}:
        raise ParameterError(f"backend='onnx' supports mean or CLS pooling; this model uses {mode!r}.")
    return mode


class _atomic:
    """Context manager yielding a temporary path that is renamed onto ``path`` on success."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def __enter__(self) -> str:
        fd, self.tmp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".onnx")
        os.close(fd)
        return self.tmp

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            os.replace(self.tmp, self.path)
        else:
            Path(self.tmp).unlink(missing_ok=True)
            if not isinstance(exc, ParameterError):
                raise ModelError(f"exporting the model to ONNX failed: {exc}") from exc
        return False
