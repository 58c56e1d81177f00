"""Sentence keys of the embedding cache, and each process's in-memory index of them.

A key is the XXH3-128 digest of a sentence under the cache's seed (schema 4), or the sha256 digest
(vectors migrated from schema 1-3). The index holds the first 8 bytes of every stored key, sorted,
so a batch of keys is found with one ``searchsorted``.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Sequence
from itertools import repeat
from operator import methodcaller

import numpy as np
import xxhash

#: Bytes of a sentence key (an XXH3-128 digest).
KEY_BYTES = 16
#: Bytes of a key of caches written before schema version 4 (a sha256 digest).
SHA256_KEY_BYTES = 32
#: Key kinds in the index: 0, XXH3-128 of the text under the cache's seed; 1, sha256 (migrated chunks).
XXH3, SHA256 = 0, 1
#: Bytes of a key of each kind.
KEY_WIDTH = {XXH3: KEY_BYTES, SHA256: SHA256_KEY_BYTES}
_SHA256_DIGEST = methodcaller("digest")


def text_keys(texts: Sequence[str], seed: int = 0) -> np.ndarray:
    """Return the cache keys of many sentences: the XXH3-128 digests of their UTF-8 bytes.

    Parameters
    ----------
    texts : sequence of str
        Sentences.
    seed : int
        The 64-bit seed (each cache draws its own at creation; see :attr:`EmbeddingCache.seed`).

    Returns
    -------
    numpy.ndarray of uint8, shape (len(texts), 16)
        Row ``i`` is the XXH3-128 digest (Collet 2019) of ``texts[i]`` under ``seed``, computed
        through C-level ``map`` calls with no Python loop per text.

    Notes
    -----
    XXH3-128 is not a cryptographic hash, and it need not be one here: a key only has to tell
    apart the sentences of one cache. Its 128-bit output passes the SMHasher quality tests, so
    for texts not built to collide the chance that any two of ``n`` sentences share a key is
    about ``n**2 / 2**129`` (3e-21 for a billion sentences). Texts built on purpose to collide
    would need the cache's random seed. It is about four times faster per sentence than sha256
    (0.3 against 1.2 CPU microseconds here), which is the largest single cost of a warm read.
    """
    joined = b"".join(map(xxhash.xxh3_128_digest, map(str.encode, texts), repeat(seed)))
    return np.frombuffer(joined, dtype=np.uint8).reshape(-1, KEY_BYTES)


def sha256_keys(texts: Sequence[str]) -> np.ndarray:
    """Return the keys of schema 1-3 caches: the sha256 digests of the texts' UTF-8 bytes.

    Parameters
    ----------
    texts : sequence of str
        Sentences.

    Returns
    -------
    numpy.ndarray of uint8, shape (len(texts), 32)
        Row ``i`` is the FIPS 180-4 SHA-256 digest of ``texts[i]``.
    """
    joined = b"".join(map(_SHA256_DIGEST, map(hashlib.sha256, map(str.encode, texts))))
    return np.frombuffer(joined, dtype=np.uint8).reshape(-1, SHA256_KEY_BYTES)


def key_prefix(keys: np.ndarray) -> np.ndarray:
    """Return the first 8 bytes of each key as a little-endian int64 (its index in hash tables).

    Parameters
    ----------
    keys : numpy.ndarray of uint8, shape (n, k)
        Keys, ``k >= 8``.

    Returns
    -------
    numpy.ndarray of int64, shape (n,)
    """
    return np.ascontiguousarray(keys[:, :8]).view("<i8").ravel()


class ChunkIndex:
    """This process's copy of the index of one model and key kind: chunk locations and key prefixes.

    Kept sorted by prefix, so a batch of keys is found with one ``searchsorted``. A chance prefix
    collision between two different keys is caught by the full-key comparison on reading.
    """

    def __init__(self) -> None:
        self.last = 0  # id of the newest row loaded
        self.chunks: list[tuple[int, int, int, str, int, int]] = []  # (id, n, dim, segment, offset, crc)
        self.parts: list[np.ndarray] = []  # each chunk's key prefixes
        self._rebuild()

    def add(self, rows) -> None:
        for cid, n, dim, segment, offset, crc, blob in rows:
            # A damaged row only hides its chunk (a miss, recomputed); it is never trusted.
            if isinstance(blob, bytes) and len(blob) == 8 * n and isinstance(segment, str):
                self.chunks.append((cid, n, dim, segment, offset, crc))
                self.parts.append(np.frombuffer(blob, dtype="<i8"))
            self.last = max(self.last, cid)
        self._rebuild()

    def drop(self, positions: Iterable[int]) -> None:
        gone = set(positions)
        self.chunks = [c for j, c in enumerate(self.chunks) if j not in gone]
        self.parts = [p for j, p in enumerate(self.parts) if j not in gone]
        self._rebuild()

    def _rebuild(self) -> None:
        sizes = np.fromiter(map(len, self.parts), dtype=np.int64, count=len(self.parts))
        self.starts = np.cumsum(sizes) - sizes
        prefixes = np.concatenate(self.parts) if self.parts else np.empty(0, dtype="<i8")
        self.order = np.argsort(prefixes, kind="stable")
        self.sorted = prefixes[self.order]

    def __len__(self) -> int:
        return len(self.sorted)

    def locate(self, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return ``(dst, chunk, row)``: for each key whose prefix is indexed, where it is stored.

        Sorted by chunk then row, so each chunk is read once and scanned in order.
        """
        wanted = key_prefix(keys)
        # Searching in order of prefix walks the index once (a binary search in random order misses
        # the processor caches at every step).
        by_prefix = np.argsort(wanted)
        wanted = wanted[by_prefix]
        pos = np.minimum(np.searchsorted(self.sorted, wanted), len(self.sorted) - 1)
        hit = self.sorted[pos] == wanted
        dst = by_prefix[hit]
        where = self.order[pos[hit]]  # position in the concatenated (chunk, row) order
        by_place = np.argsort(where, kind="stable")
        dst, where = dst[by_place], where[by_place]
        chunk = np.searchsorted(self.starts, where, side="right") - 1
        return dst, chunk, where - self.starts[chunk]


def as_key_array(keys, width: int) -> np.ndarray:
    """Keys as an ``(n, width)`` uint8 array: an array is checked, an iterable of digests joined."""
    if isinstance(keys, np.ndarray):
        if keys.dtype != np.uint8 or keys.ndim != 2 or keys.shape[1] != width:
            raise ValueError(f"keys must be an (n, {width}) uint8 array; got {keys.dtype} {keys.shape}")
        return keys
    keys = list(keys)
    if any(not isinstance(k, bytes) or len(k) != width for k in keys):
        raise ValueError(f"keys must be {width}-byte digests from EmbeddingCache.keys")
    return np.frombuffer(b"".join(keys), dtype=np.uint8).reshape(-1, width)


def insert_chunk(
    conn: sqlite3.Connection,
    model: bytes,
    kind: int,
    segment: str,
    offset: int,
    keys: np.ndarray,
    vectors: np.ndarray,
    crc: int,
) -> None:
    """Insert one chunk's index row (inside the caller's transaction), after its record is written.

    The row is what :meth:`ChunkIndex.add` reads back: the chunk's place and CRC, and its keys' prefixes.
    """
    n, dim = vectors.shape
    conn.execute(
        "INSERT INTO segment_chunks (model, kind, dim, n, segment, offset, crc, prefixes) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (model, kind, dim, n, segment, offset, crc, key_prefix(keys).tobytes()),
    )
