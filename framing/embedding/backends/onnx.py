"""A CPU path through ONNX Runtime: the same sentence-transformers model, exported with ``torch.onnx``.

sentence-transformers' own ONNX backend goes through ``optimum``, whose current releases pin an
older sentence-transformers; exporting the transformer with ``torch.onnx`` and pooling in numpy
needs only ``onnxruntime`` and keeps the rest of the stack current. Each export is made once per
model and recipe and stored (atomically) beside the embedding cache, keyed by the weights' hash
and the recipe.

Two flavours (figures: docs/guides/performance.md, measured by ``benchmarks/int8.py``):

- ``"onnx"``: fp32, the same vectors as torch to within float rounding. On the 2-core AVX2 CPU
  we measure on it is no faster than torch (ONNX Runtime's fp32 matrix multiply is a little slower
  than torch's there); it is kept for machines where ONNX Runtime is the faster fp32 engine.
- ``"onnx-int8"``: int8 weights and activations in the encoder's linear layers (dynamic
  quantisation: activation scales computed per batch, Jacob et al. 2018), with one weight scale
  per output channel; the first transformer block and the feed-forward output projections are
  kept in fp32 (their inputs quantise worst; Bondarenko et al. 2021), the cheapest recipe measured
  that keeps cosine, neighbours and clusters. See :data:`INT8_RECIPE`. Vectors are approximate;
  ``benchmarks/int8.py`` measures them. On the AVX2 CPU we measure on, :mod:`framing.embedding.backends.ct2`
  is faster at the same accuracy (``"ct2-int8"``), and even in fp32 (``"ct2"``).
"""

from __future__ import annotations

import contextlib
import warnings
from pathlib import Path

import numpy as np

from framing._core.io import atomic_path
from framing.embedding.pooling import BatchRunner, PooledEncoder, cpu_threads
from framing.errors import ModelError, ParameterError

#: Backends this module provides.
BACKENDS = ("onnx", "onnx-int8")
#: How the int8 export is made (measured choices: docs/guides/performance.md). It is part of the cache key
#: (see :func:`recipe`), so vectors of another recipe are never reused. ``per_channel``: one weight
#: scale per output channel; ``reduce_range``: 7-bit weights; ``fp32``: weight MatMuls kept in fp32
#: (``"first_layer"``, ``"ffn_output"``; see :func:`_fp32_matmuls`).
INT8_RECIPE = {"per_channel": True, "reduce_range": False, "fp32": ("first_layer", "ffn_output")}
_INPUTS = ["input_ids", "attention_mask", "token_type_ids"]


def recipe(backend: str) -> str:
    """Return the tag of the export recipe that the cache key of ``backend`` carries.

    Parameters
    ----------
    backend : str
        ``"onnx"`` or ``"onnx-int8"``; any other name has no recipe.

    Returns
    -------
    str
        ``""`` for fp32 (its vectors equal torch's), else e.g.
        ``"int8:pc=1,rr=0,fp32=first_layer+ffn_output"``.
    """
    if backend != "onnx-int8":
        return ""
    r = INT8_RECIPE
    return f"int8:pc={int(r['per_channel'])},rr={int(r['reduce_range'])},fp32={'+'.join(r['fp32']) or 'none'}"


class OnnxEncoder(PooledEncoder):
    """Encode sentences with an ONNX export of a sentence-transformers model.

    The parameters are those of :class:`framing.embedding.pooling.PooledEncoder`: the model's transformer is
    exported to ``.onnx`` files in ``folder`` named by ``digest``; ``quantize`` quantises its weights to
    int8 (:data:`INT8_RECIPE`, approximate vectors).

    References
    ----------
    Jacob, B. et al. (2018). Quantization and training of neural networks for efficient
    integer-arithmetic-only inference. CVPR (dynamic int8 quantisation).
    """

    BACKENDS = BACKENDS

    def __init__(self, model, folder: Path, digest: str, quantize: bool = False):
        super().__init__(model, folder, digest, quantize)
        self._session = None

    def _path(self) -> Path:
        if not self.quantize:
            return self.folder / f"{self.digest}.onnx"
        tag = recipe("onnx-int8").replace(":", "-").replace(",", "-").replace("=", "").replace("+", "-")
        return self.folder / f"{self.digest}-{tag}.onnx"

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
            options.intra_op_num_threads = cpu_threads()
            self._session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
            self._names = [i.name for i in self._session.get_inputs()]
        return self._session

    def _export(self, path: Path) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        transformer = self.model[0].auto_model.eval()
        if not self.quantize:
            _export_fp32(transformer, self.model.tokenizer, path)
            return
        from onnxruntime.quantization import QuantType, quantize_dynamic

        fp32 = self.folder / f"{self.digest}.onnx"  # shared with backend="onnx"
        if not fp32.exists():
            _export_fp32(transformer, self.model.tokenizer, fp32)
        with _atomic(path) as out:
            # Only MatMuls against constant weights: the attention products of two activations
            # stay fp32, as does everything outside the linear layers (embeddings, softmax,
            # LayerNorm, GELU); so do the MatMuls the recipe names.
            keep = _fp32_matmuls(fp32, INT8_RECIPE["fp32"])
            quantize_dynamic(
                str(fp32),
                out,
                weight_type=QuantType.QInt8,
                per_channel=INT8_RECIPE["per_channel"],
                reduce_range=INT8_RECIPE["reduce_range"],
                op_types_to_quantize=["MatMul"],
                nodes_to_exclude=keep,
                extra_options={"MatMulConstBOnly": True},
            )

    def _batch_runner(self) -> BatchRunner:
        session = self.session()
        tokenizer, limit = self.model.tokenizer, self.model.max_seq_length

        def run(batch_texts):
            batch = tokenizer(
                batch_texts, padding=True, truncation=True, max_length=limit, return_tensors="np"
            )
            hidden = session.run(None, {n: batch[n].astype(np.int64) for n in self._names})[0]
            return hidden, batch["attention_mask"]

        return run


def _export_fp32(transformer, tokenizer, path: Path) -> None:
    """Export ``transformer``'s token embeddings (not the pooling) to ONNX at ``path``, atomically."""
    import torch

    sample = tokenizer(["a short sentence", "and a longer sentence too"], padding=True, return_tensors="pt")
    names = [n for n in _INPUTS if n in sample]

    class _Hidden(torch.nn.Module):
        # Only the token embeddings are exported; pooling is cheap and done in numpy.
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, *args):
            return self.inner(**dict(zip(names, args, strict=True))).last_hidden_state

    axes = {n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]}
    with _atomic(path) as tmp, torch.no_grad(), warnings.catch_warnings():
        # The tracer warns that Python branches on shapes become constants; every such branch
        # in BERT-style encoders depends only on the attention mask being given, which it
        # always is here (tests check the vectors against torch across batch shapes).
        warnings.simplefilter("ignore")
        torch.onnx.export(
            _Hidden(transformer),
            tuple(sample[n] for n in names),
            tmp,
            input_names=names,
            output_names=["last_hidden_state"],
            dynamic_axes=axes,
            opset_version=17,
            dynamo=False,
        )


def _fp32_matmuls(path: Path, parts) -> list[str]:
    """Names of the weight MatMuls that the recipe keeps in fp32.

    A MatMul whose constant weight has more rows than columns (1536 x 384 in MiniLM-L6) projects a
    feed-forward block back to the hidden size: ``"ffn_output"``. ``"first_layer"`` is every weight
    MatMul of the first transformer block: in graph order, those up to and including the first
    feed-forward output. Both are where per-tensor activation quantisation loses most (GELU's
    long tail; the first block's raw embeddings; Bondarenko et al. 2021).

    Parameters
    ----------
    path : path
        The fp32 ONNX export.
    parts : iterable of str
        ``"first_layer"`` and/or ``"ffn_output"``.

    Returns
    -------
    list of str
    """
    import onnx

    graph = onnx.load(str(path), load_external_data=False).graph
    shapes = {t.name: tuple(t.dims) for t in graph.initializer}
    weighted = [n for n in graph.node if n.op_type == "MatMul" and len(shapes.get(n.input[1], ())) == 2]
    is_ffn_output = [shapes[n.input[1]][0] > shapes[n.input[1]][1] for n in weighted]
    keep = set()
    if "ffn_output" in parts:
        keep |= {n.name for n, f in zip(weighted, is_ffn_output, strict=True) if f}
    if "first_layer" in parts and any(is_ffn_output):
        keep |= {n.name for n in weighted[: is_ffn_output.index(True) + 1]}
    unknown = set(parts) - {"ffn_output", "first_layer"}
    if unknown:
        raise ParameterError(
            f"INT8_RECIPE['fp32'] may hold 'first_layer' and 'ffn_output'; got {sorted(unknown)}."
        )
    return sorted(keep)


@contextlib.contextmanager
def _atomic(path: Path):
    """:func:`framing._core.io.atomic_path`, with an export failure reported as a :class:`ModelError`."""
    try:
        with atomic_path(path) as tmp:
            yield tmp
    except ParameterError:
        raise
    except Exception as exc:
        raise ModelError(f"exporting the model to ONNX failed: {exc}") from exc
