"""The on-disk embedding cache: content-addressed, atomic, shared between processes, fast in bulk.

Vectors are stored in one SQLite database (the standard library's ``sqlite3``),
keyed by the model's identity and the sha256 of the exact sentence text. SQLite
gives what a home-made file store would have to re-invent: each chunk of
vectors is written in one transaction (a run killed mid-way keeps every finished
chunk and never leaves a half-written entry), several processes can read and
write at once (write-ahead log, busy timeout), and nothing is pickled.

The layout is built for throughput (schema version 3). A chunk of up to a
thousand vectors is one row: the sentence keys and the float32 vectors as two
blobs, with one CRC-32 over both, so a truncated or corrupted chunk is
detected, reported and recomputed rather than trusted. Beside it, a small row
holds the first 8 bytes of each of the chunk's keys. The index is keyed by
chunk, not by sentence, so writing a chunk appends two rows at the end of two
tables: a per-sentence index keyed by the (random) sentence hashes would touch
pages all over its B-tree at every commit, and that cost grew with the cache.
Each process loads those prefixes once (and afterwards only the chunks added
since) and finds the chunks that hold the wanted keys with one vectorised
search; the chunks are then read whole, checked, and keys matched on all 32
bytes and vectors copied with numpy: the per-sentence work is a few array
operations, not a Python loop or a row per vector. :meth:`EmbeddingCache.writer`
writes chunks on a background thread, so the model never waits on the disk.
Caches written by earlier framing (schema version 1, one row per vector;
version 2, a per-sentence index) are migrated in place on first open, in one
transaction.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import queue
import sqlite3
import threading
import time
import warnings
import zlib
from collections.abc import Iterable, Sequence
from operator import methodcaller
from pathlib import Path
from typing import Self

import numpy as np

from framing.errors import CacheError, CacheWarning

try:
    # ISA-L's CRC-32 gives zlib's exact values several times faster (carry-less multiply); the check
    # of every vector read is then a small part of a warm run. zlib stays as a fallback: same values.
    from isal.isal_zlib import crc32 as _crc32
except ImportError:  # pragma: no cover (isal is a declared dependency)
    _crc32 = zlib.crc32

SCHEMA_VERSION = 3
#: Bytes of a sentence key (a full sha256 digest).
KEY_BYTES = 32
_SCHEMA = """
CREATE TABLE IF NOT EXISTS models (
    model BLOB PRIMARY KEY,
    identity TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS chunks (
    id INTEGER PRIMARY KEY,
    model BLOB NOT NULL,
    dim INTEGER NOT NULL,
    n INTEGER NOT NULL,
    crc INTEGER NOT NULL,
    keys BLOB NOT NULL,
    vecs BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS chunk_keys (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    chunk INTEGER NOT NULL,
    model BLOB NOT NULL,
    prefixes BLOB NOT NULL
);
"""
# chunk_keys has its own never-reused sequence: SQLite may give a new chunk the id of a deleted one, and a
# process refreshing its index by "rows after the last one I saw" must still see that new chunk.
# Large pages keep a chunk's blobs in a few contiguous pages (new databases only: SQLite fixes
# the page size when the file is created).
_PAGE_SIZE = 65536
# Memory-mapped reads spare SQLite a copy of every page it reads (a warm run reads every vector).
_MMAP_SIZE = 1 << 30
_IN_CHUNK = 500  # chunk ids per ``IN (...)`` list: below SQLite's default limit on host parameters
_MIGRATE_CHUNK = 1024
_DIGEST = methodcaller("digest")


def default_cache_dir() -> Path:
    """Return the cache folder: ``$FRAMING_CACHE_DIR`` or the user cache directory.

    Returns
    -------
    pathlib.Path
        ``platformdirs.user_cache_dir("framing")`` unless ``FRAMING_CACHE_DIR`` is set.
    """
    env = os.environ.get("FRAMING_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_cache_dir("framing", appauthor=False))


def text_key(text: str) -> bytes:
    """Return the cache key of one sentence: the sha256 digest of its UTF-8 bytes.

    Parameters
    ----------
    text : str
        The exact sentence text.

    Returns
    -------
    bytes
        32 bytes (FIPS 180-4 SHA-256).
    """
    return hashlib.sha256(text.encode("utf-8")).digest()


def text_keys(texts: Sequence[str]) -> np.ndarray:
    """Return the cache keys of many sentences at once, as the rows of a byte array.

    Parameters
    ----------
    texts : sequence of str
        Sentences.

    Returns
    -------
    numpy.ndarray of uint8, shape (len(texts), 32)
        Row ``i`` is :func:`text_key` of ``texts[i]`` (FIPS 180-4 SHA-256). The digests are
        chained through C-level ``map`` calls and joined once, with no Python loop per text.
    """
    sha256 = hashlib.sha256
    joined = b"".join(map(_DIGEST, map(sha256, map(str.encode, texts))))
    return np.frombuffer(joined, dtype=np.uint8).reshape(-1, KEY_BYTES)


def key_prefix(keys: np.ndarray) -> np.ndarray:
    """Return the first 8 bytes of each key as a little-endian int64 (its index in hash tables)."""
    return np.ascontiguousarray(keys[:, :8]).view("<i8").ravel()


class EmbeddingCache:
    """A table of vectors for one model identity, stored in ``<folder>/embeddings.sqlite3``.

    Parameters
    ----------
    folder : path
        Folder of the database; created if missing.
    identity : str
        The model's identity string (name, weights hash, backend...); vectors
        of different identities never mix.

    Notes
    -----
    Checksums are CRC-32 (ISO 3309, as in zlib) over each chunk's key and vector blobs.
    """

    filename = "embeddings.sqlite3"

    def __init__(self, folder: str | os.PathLike, identity: str):
        self.folder = Path(folder)
        self.identity = identity
        self.model = hashlib.sha256(identity.encode("utf-8")).digest()[:16]
        # This process's copy of the index: the key prefixes of every chunk of this model read so far,
        # concatenated, with each chunk's id and first position. Only chunks newer than the last one
        # seen are read on refresh. A chance prefix collision is caught by the full-key check on read.
        self._index_last = 0
        self._index_parts: list[tuple[int, np.ndarray]] = []
        self._prefixes = np.empty(0, dtype="<i8")
        self._starts = np.empty(0, dtype=np.int64)
        self._chunk_ids = np.empty(0, dtype=np.int64)
        self.path = self.folder / self.filename
        self._conn = self._open()

    # -- opening -----------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CacheError(
                f"cannot create the embedding cache folder {self.folder} ({exc}); set FRAMING_CACHE_DIR "
                "or pass cache_dir= to a writable folder."
            ) from None
        try:
            conn = self._connect()
        except sqlite3.DatabaseError as exc:
            self._set_aside(f"was unreadable ({exc})")
            conn = self._connect()
        return conn

    def _set_aside(self, why: str) -> None:
        # An unusable database is set aside, not deleted: nothing is lost, the run goes on.
        aside = self.path.with_name(f"{self.filename}.corrupt-{int(time.time())}")
        os.replace(self.path, aside)
        # The old write-ahead log must not be replayed into the new database.
        for suffix in ("-wal", "-shm"):
            sidecar = self.path.with_name(self.filename + suffix)
            if sidecar.exists():
                os.replace(sidecar, aside.with_name(aside.name + suffix))
        warnings.warn(
            f"embedding cache {self.path} {why}; moved it to {aside.name} and started a new one. "
            "Vectors will be recomputed.",
            CacheWarning,
            stacklevel=5,
        )

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=120, isolation_level=None, check_same_thread=False)
        try:
            conn.execute(f"PRAGMA page_size={_PAGE_SIZE}")  # a no-op unless the file is new
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute(f"PRAGMA mmap_size={_MMAP_SIZE}")
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                conn.close()
                raise CacheError(
                    f"the embedding cache {self.path} was written by a newer framing (schema version "
                    f"{version}; this one reads {SCHEMA_VERSION}). Upgrade framing, or pass cache_dir= "
                    "(or set FRAMING_CACHE_DIR) to another folder."
                )
            if version < SCHEMA_VERSION:
                self._upgrade(conn)
            conn.execute("SELECT count(*) FROM models").fetchone()
            conn.execute(
                "INSERT OR IGNORE INTO models (model, identity) VALUES (?, ?)", (self.model, self.identity)
            )
        except sqlite3.DatabaseError:
            conn.close()
            raise
        return conn

    def _upgrade(self, conn: sqlite3.Connection) -> None:
        """Create the schema, migrating a version-1 or version-2 cache in one transaction."""
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have upgraded the file while this one waited for the lock.
            if conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
                tables = {
                    name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                }
                # One statement at a time: executescript() would commit the open transaction.
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                if "entries" in tables:
                    self._migrate_v2(conn)
                    conn.execute("DROP TABLE entries")
                if "vectors" in tables:
                    self._migrate_v1(conn)
                    conn.execute("DROP TABLE vectors")
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _migrate_v2(self, conn: sqlite3.Connection) -> None:
        """Index every version-2 chunk by its key prefixes (vectors are not read or rewritten)."""
        bad = []
        for cid, model, n, kb in conn.execute("SELECT id, model, n, keys FROM chunks").fetchall():
            if isinstance(kb, bytes) and isinstance(model, bytes) and len(kb) == KEY_BYTES * n:
                prefixes = key_prefix(np.frombuffer(kb, dtype=np.uint8).reshape(n, KEY_BYTES))
                conn.execute(
                    "INSERT INTO chunk_keys (chunk, model, prefixes) VALUES (?, ?, ?)",
                    (cid, model, prefixes.tobytes()),
                )
            else:  # unreadable keys: the chunk could never be found; its vectors are recomputed
                bad.append((cid,))
        conn.executemany("DELETE FROM chunks WHERE id = ?", bad)

    def _migrate_v1(self, conn: sqlite3.Connection) -> None:
        """Copy every intact version-1 entry into chunks; corrupt ones are dropped (recomputed later)."""
        groups: dict[tuple[bytes, int], tuple[list[bytes], list[bytes]]] = {}
        for model, key, dim, crc, blob in conn.execute("SELECT model, key, dim, crc, vec FROM vectors"):
            if (
                isinstance(blob, bytes)
                and isinstance(key, bytes)
                and len(key) == KEY_BYTES
                and len(blob) == 4 * dim
                and _crc32(blob) == crc
            ):
                keys, vecs = groups.setdefault((model, dim), ([], []))
                keys.append(key)
                vecs.append(blob)
        for (model, dim), (keys, vecs) in groups.items():
            for i in range(0, len(keys), _MIGRATE_CHUNK):
                kb, vb = b"".join(keys[i : i + _MIGRATE_CHUNK]), b"".join(vecs[i : i + _MIGRATE_CHUNK])
                vectors = np.frombuffer(vb, dtype="<f4").reshape(-1, dim)
                ok = np.isfinite(vectors).all(axis=1)
                karr = np.frombuffer(kb, dtype=np.uint8).reshape(-1, KEY_BYTES)
                _insert_chunk(conn, model, karr[ok], vectors[ok])
        if groups:
            warnings.warn(
                f"embedding cache {self.path} was in the old one-row-per-vector layout; migrated it to "
                f"schema version {SCHEMA_VERSION} (nothing is recomputed).",
                CacheWarning,
                stacklevel=7,
            )

    # -- reading -----------------------------------------------------------------------

    def get(
        self,
        keys: Iterable[bytes] | np.ndarray,
        dim: int,
        *,
        out: np.ndarray | None = None,
        prefetched: _Reader | None = None,
    ) -> tuple[np.ndarray, np.ndarray, int]:
        """Fetch stored vectors.

        Parameters
        ----------
        keys : array of uint8, shape (n, 32), or iterable of bytes
            Keys from :func:`text_keys` (or :func:`text_key`).
        dim : int
            Expected dimension; chunks of another size count as corrupt.
        out : numpy.ndarray of float32, shape (n, dim), optional
            Where to write the vectors found (rows of keys not found are left untouched).
        prefetched : _Reader, optional
            The result of :meth:`prefetch` for these keys.

        Returns
        -------
        vectors : numpy.ndarray of float32, shape (n, dim)
            ``out`` (or a new array), holding the vector of every key found.
        found : numpy.ndarray of bool, shape (n,)
            Which keys were found intact.
        n_corrupt : int
            Keys whose chunk failed its checksum, size or dimension check; they are not
            ``found``, so the caller recomputes them, and the bad chunk is deleted.
        """
        keys = _as_key_array(keys)
        n = len(keys)
        if out is None:
            out = np.zeros((n, dim), dtype=np.float32)
        found = np.zeros(n, dtype=bool)
        if n == 0:
            return out, found, 0
        reader = prefetched if prefetched is not None else self.prefetch(n, dim)
        if reader is not None:
            loaded_keys, loaded_vecs, bad = reader.result()
        else:
            chunk_ids = self._chunks_holding(keys).tolist()
            parts = [chunk_ids[i : i + _IN_CHUNK] for i in range(0, len(chunk_ids), _IN_CHUNK)]
            loaded_keys, loaded_vecs, bad = self._read_chunks(
                dim, [(f"id IN ({','.join('?' * len(part))})", part) for part in parts]
            )
        if loaded_keys:
            keys = np.ascontiguousarray(keys)
            if out.flags.c_contiguous and out.dtype == np.float32:
                self._match(keys, loaded_keys, loaded_vecs, out, found)
            else:  # the opaque-row copies need a contiguous float32 target
                work = np.zeros((n, dim), dtype=np.float32)
                self._match(keys, loaded_keys, loaded_vecs, work, found)
                out[found] = work[found]
        n_corrupt = 0
        if bad:
            # Keys not found whose prefix the index places in a bad chunk: those were lost to it.
            bad_set = set(bad)
            lost = [p for c, p in self._index_parts if c in bad_set]
            if lost:
                n_corrupt = int(np.isin(key_prefix(keys[~found]), np.concatenate(lost)).sum())
            self._delete_chunks(bad)
            self._index_parts = [(c, p) for c, p in self._index_parts if c not in bad_set]
            self._reindex()
        return out, found, n_corrupt

    def prefetch(self, n: int, dim: int) -> _Reader | None:
        """Start reading all of this model's chunks on a thread, if a request of ``n`` keys warrants it.

        A request for at least half of what the cache holds for this model reads every chunk
        in bulk (no per-key index lookups); smaller requests go through the index. The read
        and its checksums run while the caller hashes its texts (SQLite and zlib release the
        GIL); the cache must not be used otherwise until :meth:`get` has taken the result.

        Parameters
        ----------
        n : int
            Number of distinct keys that will be asked for.
        dim : int
            Expected dimension.

        Returns
        -------
        _Reader or None
            Pass it to :meth:`get` as ``prefetched``; ``None`` when the index is the better way.
        """
        total = self._refresh()
        if total == 0 or 2 * n < total:
            return None
        return _Reader(self, dim)

    def _refresh(self) -> int:
        """Load the key prefixes of chunks written since the last refresh; return the number indexed."""
        rows = self._conn.execute(
            "SELECT seq, chunk, prefixes FROM chunk_keys WHERE model = ? AND seq > ? ORDER BY seq",
            (self.model, self._index_last),
        ).fetchall()
        if rows:
            for _, cid, blob in rows:
                # A damaged prefix row only hides its chunk (a miss, recomputed); it is never trusted.
                if isinstance(blob, bytes) and len(blob) % 8 == 0:
                    self._index_parts.append((cid, np.frombuffer(blob, dtype="<i8")))
            self._index_last = rows[-1][0]
            self._reindex()
        return len(self._prefixes)

    def _reindex(self) -> None:
        sizes = np.fromiter((len(p) for _, p in self._index_parts), dtype=np.int64)
        self._prefixes = np.concatenate([p for _, p in self._index_parts] or [self._prefixes[:0]])
        self._starts = np.cumsum(sizes) - sizes
        self._chunk_ids = np.fromiter((c for c, _ in self._index_parts), dtype=np.int64)

    def _chunks_holding(self, keys: np.ndarray) -> np.ndarray:
        """Ids of the chunks that hold (by the index) any of ``keys``, sorted."""
        if len(keys) == 0 or self._refresh() == 0:
            return np.empty(0, dtype=np.int64)
        # One pass over the stored prefixes against the sorted wanted ones: O(stored x log wanted),
        # no Python loop and no per-key query.
        wanted = np.sort(key_prefix(keys))
        pos = np.minimum(np.searchsorted(wanted, self._prefixes), len(wanted) - 1)
        hits = np.flatnonzero(wanted[pos] == self._prefixes)
        chunk = np.searchsorted(self._starts, hits, side="right") - 1
        return np.unique(self._chunk_ids[chunk])

    def _read_chunks(self, dim: int, queries):
        """Read and check chunks; return ``(keys arrays, vector arrays, ids of bad chunks)``."""
        loaded_keys, loaded_vecs, bad = [], [], []
        for where, params in queries:
            rows = self._conn.execute(
                f"SELECT id, model, dim, n, crc, keys, vecs FROM chunks WHERE {where}", params
            )
            for cid, model, d, m, crc, kb, vb in rows:
                if model != self.model:
                    continue  # an index id shared by chance with another model's sentence: a miss
                if not (
                    isinstance(kb, bytes)
                    and isinstance(vb, bytes)
                    and d == dim
                    and len(kb) == KEY_BYTES * m
                    and len(vb) == 4 * d * m
                    and _crc32(vb, _crc32(kb)) == crc
                ):
                    bad.append(cid)
                    continue
                loaded_keys.append(np.frombuffer(kb, dtype=np.uint8).reshape(m, KEY_BYTES))
                loaded_vecs.append(np.frombuffer(vb, dtype="<f4").reshape(m, d))
        return loaded_keys, loaded_vecs, bad

    @staticmethod
    def _match(keys, loaded_keys, loaded_vecs, out, found) -> None:
        """Copy the vectors of ``keys`` found among the loaded chunks into ``out``; mark ``found``."""
        stored = np.concatenate(loaded_keys)
        # Sorted, not de-duplicated: a key stored twice (two processes) is found at either copy.
        first = np.argsort(key_prefix(stored))
        prefix = key_prefix(stored)[first]
        wanted = key_prefix(keys)
        pos = np.minimum(np.searchsorted(prefix, wanted), len(prefix) - 1)
        hit = prefix[pos] == wanted
        dst = np.flatnonzero(hit)
        src = first[pos[hit]]
        # The prefix only narrows the search: a hit must match all 32 bytes (compared as one opaque
        # item per key, which numpy does faster than 32 byte columns).
        exact = _rows(stored)[src] == _rows(keys)[dst]
        dst, src = dst[exact], src[exact]
        # Scatter chunk by chunk from the blobs themselves, each vector moved as one opaque item.
        order = np.argsort(src, kind="stable")
        dst, src = dst[order], src[order]
        bounds = np.cumsum([0] + [len(v) for v in loaded_vecs])
        cuts = np.searchsorted(src, bounds)
        target = _rows(out)
        for j, vecs in enumerate(loaded_vecs):
            lo, hi = cuts[j], cuts[j + 1]
            if hi > lo:
                target[dst[lo:hi]] = _rows(vecs)[src[lo:hi] - bounds[j]]
        found[dst] = True

    def _delete_chunks(self, chunk_ids: list[int]) -> None:
        try:
            with self._conn:
                self._conn.execute("BEGIN IMMEDIATE")
                self._conn.executemany("DELETE FROM chunks WHERE id = ?", [(c,) for c in chunk_ids])
                self._conn.executemany("DELETE FROM chunk_keys WHERE chunk = ?", [(c,) for c in chunk_ids])
        except sqlite3.OperationalError:
            pass  # best effort: a corrupt chunk left in place is detected again, never trusted

    # -- writing -----------------------------------------------------------------------

    def put(self, keys: Iterable[bytes] | np.ndarray, vectors: np.ndarray) -> None:
        """Store vectors as one chunk, in one transaction (all of them or none).

        Parameters
        ----------
        keys : array of uint8, shape (n, 32), or iterable of bytes
            Keys from :func:`text_keys`.
        vectors : numpy.ndarray, shape (n, dim)
            Stored as little-endian float32. Rows that are not finite are not stored (they
            would be refused on reading anyway).
        """
        keys = _as_key_array(keys)
        vectors = np.asarray(vectors)
        if vectors.ndim != 2 or len(vectors) != len(keys):
            raise ValueError(f"vectors must have shape ({len(keys)}, dim); got {vectors.shape}")
        ok = np.isfinite(vectors).all(axis=1)
        if not ok.all():
            keys, vectors = keys[ok], vectors[ok]
        if len(keys) == 0:
            return
        try:
            with self._conn:
                self._conn.execute("BEGIN IMMEDIATE")
                _insert_chunk(self._conn, self.model, keys, vectors)
        except sqlite3.OperationalError as exc:
            raise CacheError(f"cannot write to the embedding cache {self.path} ({exc}).") from None

    def writer(self, max_pending: int = 4) -> CacheWriter:
        """Return a :class:`CacheWriter` that stores chunks on a background thread.

        Parameters
        ----------
        max_pending : int
            Chunks that may wait for the disk before :meth:`CacheWriter.put` blocks.

        Returns
        -------
        CacheWriter
            A context manager; leaving it waits for every chunk to be committed.
        """
        return CacheWriter(self, max_pending)

    def __len__(self) -> int:
        # Read from the database, not this process's index (another process may have deleted chunks).
        # Distinct prefixes: a sentence stored twice (two processes computed it at once) counts once.
        rows = self._conn.execute("SELECT prefixes FROM chunk_keys WHERE model = ?", (self.model,))
        parts = [np.frombuffer(b, dtype="<i8") for (b,) in rows if isinstance(b, bytes) and len(b) % 8 == 0]
        return len(np.unique(np.concatenate(parts))) if parts else 0

    def close(self) -> None:
        """Close the database connection."""
        self._conn.close()


class _Reader:
    """Reads every chunk of a cache's model on a thread; :meth:`result` waits and returns them."""

    def __init__(self, cache: EmbeddingCache, dim: int):
        self._result = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._run, args=(cache, dim), name="framing-cache-reader", daemon=True
        )
        self._thread.start()

    def _run(self, cache: EmbeddingCache, dim: int) -> None:
        try:
            self._result = cache._read_chunks(dim, [("model = ?", (cache.model,))])
        except BaseException as exc:  # noqa: BLE001 (handed to the caller's thread by result())
            self._error = exc

    def wait(self) -> None:
        """Wait for the read to finish (its result is then dropped unless :meth:`result` is called)."""
        self._thread.join()

    def result(self):
        """Wait for the read; return ``(keys arrays, vector arrays, ids of bad chunks)``."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._result


class CacheWriter:
    """Write chunks to an :class:`EmbeddingCache` on a background thread.

    The model keeps computing while SQLite commits the previous chunk; each chunk is still
    its own transaction, so a run killed mid-way keeps every committed chunk. An error on
    the writing thread is raised in the caller's thread, at its next :meth:`put` or on
    leaving the ``with`` block. While a writer is open, only the writer uses the cache.

    Parameters
    ----------
    cache : EmbeddingCache
        The cache to write to.
    max_pending : int
        Chunks that may be queued before :meth:`put` waits.
    """

    def __init__(self, cache: EmbeddingCache, max_pending: int = 4):
        self.cache = cache
        self._queue: queue.Queue = queue.Queue(maxsize=max(1, max_pending))
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="framing-cache-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while True:
            item = self._queue.get()
            if item is None:
                return
            if self._error is None:
                try:
                    self.cache.put(*item)
                except BaseException as exc:  # noqa: BLE001 (handed to the caller's thread by _raise())
                    self._error = exc

    def put(self, keys: np.ndarray, vectors: np.ndarray) -> None:
        """Queue one chunk for writing.

        Parameters
        ----------
        keys : numpy.ndarray of uint8, shape (n, 32)
            Keys from :func:`text_keys`.
        vectors : numpy.ndarray, shape (n, dim)
            Their vectors (not modified afterwards by the caller).
        """
        self._raise()
        self._queue.put((keys, vectors))

    def close(self) -> None:
        """Wait until every queued chunk is committed; raise the writing thread's error, if any."""
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()
        self._raise()

    def _raise(self) -> None:
        if self._error is not None:
            error, self._error = self._error, None
            raise error

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
            return
        # The caller is already failing: keep what was computed, but do not mask its error.
        with contextlib.suppress(Exception):
            self.close()


def _rows(a: np.ndarray) -> np.ndarray:
    """View each row of a C-contiguous 2-D array as one opaque item (no copy)."""
    return a.view(np.dtype((np.void, a.shape[1] * a.itemsize))).ravel()


def _as_key_array(keys) -> np.ndarray:
    if isinstance(keys, np.ndarray):
        if keys.dtype != np.uint8 or keys.ndim != 2 or keys.shape[1] != KEY_BYTES:
            raise ValueError(f"keys must be an (n, {KEY_BYTES}) uint8 array; got {keys.dtype} {keys.shape}")
        return keys
    keys = list(keys)
    if any(not isinstance(k, bytes) or len(k) != KEY_BYTES for k in keys):
        raise ValueError(f"keys must be {KEY_BYTES}-byte digests from framing.cache.text_key")
    return np.frombuffer(b"".join(keys), dtype=np.uint8).reshape(-1, KEY_BYTES)


def _insert_chunk(conn: sqlite3.Connection, model: bytes, keys: np.ndarray, vectors: np.ndarray) -> None:
    """Insert one chunk and its index row (inside the caller's transaction)."""
    kb = np.ascontiguousarray(keys).tobytes()
    vb = np.ascontiguousarray(vectors, dtype="<f4").tobytes()
    n, dim = vectors.shape
    cur = conn.execute(
        "INSERT INTO chunks (model, dim, n, crc, keys, vecs) VALUES (?, ?, ?, ?, ?, ?)",
        (model, dim, n, _crc32(vb, _crc32(kb)), kb, vb),
    )
    # Both rows go at the end of their tables (ids grow): a commit touches a few pages, however large
    # the cache.
    conn.execute(
        "INSERT INTO chunk_keys (chunk, model, prefixes) VALUES (?, ?, ?)",
        (cur.lastrowid, model, key_prefix(keys).tobytes()),
    )
