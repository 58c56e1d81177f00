"""Fast CPU paths through CTranslate2: the same sentence-transformers model, converted once.

Two flavours (figures: docs/guides/performance.md, measured by ``benchmarks/int8.py``):

- ``"ct2"``: fp32, the same vectors as torch to within float rounding (max abs difference about
  2e-7), and still faster than torch on the 2-core AVX2 CPU we measure on.
- ``"ct2-int8"``: approximate, the fastest path that keeps the science (described below).

``backend="ct2-int8"`` converts the model's transformer with CTranslate2's own converter (offline,
from the weights already loaded) and runs it with ``compute_type="int8"``: every linear layer
multiplies int8 weights, one scale per output row, by int8 activations scaled *per token* at run
time (Klein et al. 2020; dynamic quantisation, Jacob et al. 2018). One scale per token, rather than
one per batch as ONNX Runtime's dynamic int8 uses, is what keeps the vectors close to torch's: a
token with large activations no longer coarsens the grid of every other token in the batch. It is
also the fastest path measured on the 2-core AVX2 CPU we use (docs/guides/performance.md, measured by
``benchmarks/int8.py``). Pooling and normalisation are done here in numpy, as
sentence-transformers does them for the model (mean over the attention mask, or the CLS token).

The converted model is stored (atomically) beside the embedding cache, keyed by the weights' hash
and :data:`CT2_RECIPE`; the recipe is part of the cache key of the vectors too.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import numpy as np

from framing.embedding.model_io import offline
from framing.embedding.pooling import BatchRunner, PooledEncoder, cpu_threads
from framing.errors import ModelError, ParameterError

#: Backends this module provides.
BACKENDS = ("ct2", "ct2-int8")
#: How ``"ct2-int8"`` is converted and run: ``quantization`` of the stored weights and
#: ``compute_type`` of the matrix products (``"int8"``: int8 weights and per-token int8
#: activations, fp32 elsewhere). It is part of the cache key (see :func:`recipe`).
CT2_RECIPE = {"quantization": "int8", "compute_type": "int8"}
_FP32 = {"quantization": "float32", "compute_type": "float32"}


def recipe(backend: str) -> str:
    """Return the tag of the conversion recipe that the cache key of ``backend`` carries.

    Parameters
    ----------
    backend : str
        A backend name; only ``"ct2-int8"`` is tagged.

    Returns
    -------
    str
        ``"ct2:w=int8,c=int8"`` for ``"ct2-int8"``; ``""`` for ``"ct2"`` (its vectors equal torch's)
        and for a backend this module does not provide.
    """
    if backend != "ct2-int8":
        return ""
    return f"ct2:w={CT2_RECIPE['quantization']},c={CT2_RECIPE['compute_type']}"


class Ct2Encoder(PooledEncoder):
    """Encode sentences with a CTranslate2 conversion of a sentence-transformers model.

    The parameters are those of :class:`framing.embedding.pooling.PooledEncoder`: the model's transformer is
    converted into ``folder`` under ``digest``; ``quantize`` (the default) runs it in int8
    (:data:`CT2_RECIPE`, approximate vectors) rather than fp32.

    References
    ----------
    Klein, G., Zhang, D., Chouteau, C., Crego, J. & Senellart, J. (2020). Efficient and
    high-quality neural machine translation with OpenNMT. Workshop on Neural Generation and
    Translation (the CTranslate2 engine).
    """

    BACKENDS = BACKENDS

    def __init__(self, model, folder: Path, digest: str, quantize: bool = True):
        super().__init__(model, folder, digest, quantize)
        self._encoder = None

    def _recipe(self) -> dict:
        return CT2_RECIPE if self.quantize else _FP32

    def _path(self) -> Path:
        r = self._recipe()
        return self.folder / f"{self.digest}-ct2-w{r['quantization']}-c{r['compute_type']}"

    def encoder(self):
        """Return the CTranslate2 encoder, converting the model on first use."""
        if self._encoder is not None:
            return self._encoder
        try:
            import ctranslate2
        except ImportError:
            raise ParameterError(
                "backend='ct2' and 'ct2-int8' need CTranslate2: pip install 'framing[ct2]' (or ctranslate2)."
            ) from None
        path = self._path()
        if not (path / "model.bin").exists():
            self._convert(path)
        self._encoder = ctranslate2.Encoder(
            str(path), device="cpu", compute_type=self._recipe()["compute_type"], intra_threads=cpu_threads()
        )
        return self._encoder

    def _convert(self, path: Path) -> None:
        from ctranslate2.converters import TransformersConverter

        self.folder.mkdir(parents=True, exist_ok=True)
        # The converter loads a transformers folder: save the weights already in memory, so the
        # conversion is of exactly the model loaded, wherever it came from, and needs no network.
        with tempfile.TemporaryDirectory(dir=self.folder, prefix=".ct2-") as tmp:
            source, out = Path(tmp) / "source", Path(tmp) / "out"
            try:
                self.model[0].auto_model.save_pretrained(source)
                self.model.tokenizer.save_pretrained(source)
                with offline():
                    TransformersConverter(str(source)).convert(
                        str(out), quantization=self._recipe()["quantization"], force=True
                    )
            except Exception as exc:  # any converter failure: an unsupported architecture, the disk
                raise ModelError(
                    f"converting the model to CTranslate2 failed: {exc}. CTranslate2 supports BERT-style "
                    "encoders; use backend='torch' or 'onnx-int8' for this model."
                ) from exc
            shutil.rmtree(source)
            try:
                # A rename is atomic: another process either sees the whole conversion or none.
                os.rename(out, path)
            except OSError:
                if not (path / "model.bin").exists():
                    raise
                # Another process finished the same conversion first; its copy is used.

    def _batch_runner(self) -> BatchRunner:
        encoder = self.encoder()
        tokenizer, limit = self.model.tokenizer, self.model.max_seq_length

        def run(batch_texts):
            ids = tokenizer(batch_texts, truncation=True, max_length=limit)["input_ids"]
            hidden = np.asarray(encoder.forward_batch(ids).last_hidden_state)
            lengths = np.array([len(x) for x in ids])
            return hidden, (np.arange(hidden.shape[1])[None, :] < lengths[:, None]).astype(np.int64)

        return run
