"""The on-disk embedding cache: content-addressed, crash-safe, shared between processes, fast in bulk.

Layout (schema version 4), in the cache folder:

- ``embeddings.sqlite3``: the index, in SQLite (standard library; write-ahead log). One row per
  chunk of up to ``16 * batch_size`` vectors: the model, the segment file and byte offset of the
  chunk's record, its size and dimension, the CRC-32 of the record, and the first 8 bytes of each
  of its keys (what a process loads to find a sentence).
- ``embeddings.segments/<pid>-<random>.vec``: the records, appended by one process each: a chunk's
  keys, then its float32 vectors. Nothing is pickled; nothing is rewritten in place.

A chunk's record is written first and its index row committed after (in WAL mode without an fsync
per chunk, so the model never waits on the disk). A run killed at any point keeps every committed
chunk; a record the index points at but whose bytes are missing, short or altered (a power loss
before the kernel wrote them, a truncated or damaged file) fails its length or CRC check, is
reported with a :class:`~framing.errors.CacheWarning` and recomputed, never returned. Several
processes share the cache: each appends to its own segment, and SQLite serialises the index rows.

Reading is in bulk: each process loads the key prefixes once (afterwards only the rows added
since) and finds every wanted key with one vectorised search; each chunk holding any of them is
read with one ``preadv``, checked, its keys compared on all their bytes, and its vectors copied
into the output with one numpy scatter. No Python runs per sentence.

Caches written by earlier framing (schema 1-3, vectors inside SQLite, keyed by sha256) are
migrated in place on first open (see :mod:`framing._cache_migrate`): nothing is recomputed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import queue
import secrets
import sqlite3
import threading
import time
import warnings
from collections.abc import Iterable, Sequence
from itertools import repeat
from operator import methodcaller
from pathlib import Path
from typing import Self

import numpy as np
import xxhash

from framing._cache_segments import SegmentReader, SegmentWriter, record_crc
from framing.errors import CacheError, CacheWarning

SCHEMA_VERSION = 4
#: Bytes of a sentence key (an XXH3-128 digest).
KEY_BYTES = 16
#: Bytes of a key of caches written before schema version 4 (a sha256 digest).
SHA256_KEY_BYTES = 32
#: Key kinds in the index: 0, XXH3-128 of the text under the cache's seed; 1, sha256 (migrated chunks).
XXH3, SHA256 = 0, 1
_KEY_WIDTH = {XXH3: KEY_BYTES, SHA256: SHA256_KEY_BYTES}
SCHEMA = """
CREATE TABLE IF NOT EXISTS models (
    model BLOB PRIMARY KEY,
    identity TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS settings (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS segment_chunks (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    model BLOB NOT NULL,
    kind INTEGER NOT NULL,
    dim INTEGER NOT NULL,
    n INTEGER NOT NULL,
    segment TEXT NOT NULL,
    offset INTEGER NOT NULL,
    crc INTEGER NOT NULL,
    prefixes BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS segment_chunks_by_model ON segment_chunks (model, kind, id);
"""
# AUTOINCREMENT: ids are never reused, so a process refreshing its index by "rows after the last one
# I saw" sees every new chunk, even after chunks were deleted.
SEGMENTS = "embeddings.segments"
# Requests spanning this many chunks are read by two threads.
_PARALLEL_CHUNKS = 16
_SHA256_DIGEST = methodcaller("digest")


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


class _ChunkIndex:
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


class EmbeddingCache:
    """The vectors of one model identity, stored in a folder (an SQLite index and segment files).

    Parameters
    ----------
    folder : path
        Folder of the cache; created if missing.
    identity : str
        The model's identity string (name, weights hash, backend...); vectors
        of different identities never mix.

    Attributes
    ----------
    seed : int
        The 64-bit seed of this cache's XXH3-128 keys, drawn at random when the cache is created.

    Notes
    -----
    Keys are XXH3-128 digests (Collet 2019) of the sentence text; checksums are CRC-32 (ISO 3309,
    as in zlib) over each chunk's record of keys and vectors.
    """

    filename = "embeddings.sqlite3"

    def __init__(self, folder: str | os.PathLike, identity: str):
        self.folder = Path(folder)
        self.identity = identity
        self.model = hashlib.sha256(identity.encode("utf-8")).digest()[:16]
        self.path = self.folder / self.filename
        self.segments = self.folder / SEGMENTS
        self._indexes = {XXH3: _ChunkIndex(), SHA256: _ChunkIndex()}
        self._writer = SegmentWriter(self.segments)
        self._reader = SegmentReader(self.segments)
        self._conn = self._open()
        self.seed = self._conn.execute("SELECT value FROM settings WHERE name = 'key_seed'").fetchone()[0]

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
            conn.execute("PRAGMA journal_mode=WAL")
            # No fsync per commit: a commit lost to a power cut only loses the newest chunks (recomputed),
            # and a row whose record did not reach the disk fails its CRC check.
            conn.execute("PRAGMA synchronous=NORMAL")
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
            conn.execute(
                "INSERT OR IGNORE INTO models (model, identity) VALUES (?, ?)", (self.model, self.identity)
            )
        except sqlite3.DatabaseError:
            conn.close()
            raise
        return conn

    def _upgrade(self, conn: sqlite3.Connection) -> None:
        """Create the schema, migrating a schema 1-3 cache in one transaction."""
        from framing import _cache_migrate

        conn.execute("BEGIN IMMEDIATE")
        migrated = 0
        try:
            # Another process may have upgraded the file while this one waited for the lock.
            if conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
                # One statement at a time: executescript() would commit the open transaction.
                for statement in SCHEMA.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(
                    "INSERT OR IGNORE INTO settings (name, value) VALUES ('key_seed', ?)",
                    (secrets.randbits(63),),
                )
                migrated = _cache_migrate.migrate(conn, SegmentWriter(self.segments))
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        if migrated:
            # The vectors moved out of the database: give the space back (best effort; needs the file
            # to itself).
            with contextlib.suppress(sqlite3.OperationalError):
                conn.execute("VACUUM")
                conn.execute(
                    "PRAGMA wal_checkpoint(TRUNCATE)"
                )  # in WAL mode the file shrinks at a checkpoint
            warnings.warn(
                f"embedding cache {self.path} was written by an older framing; migrated its {migrated:,} "
                f"vectors to schema version {SCHEMA_VERSION} in place (nothing is recomputed).",
                CacheWarning,
                stacklevel=7,
            )

    # -- keys --------------------------------------------------------------------------

    def keys(self, texts: Sequence[str]) -> np.ndarray:
        """Return this cache's keys of ``texts`` (:func:`text_keys` under :attr:`seed`).

        Parameters
        ----------
        texts : sequence of str
            Sentences.

        Returns
        -------
        numpy.ndarray of uint8, shape (len(texts), 16)
        """
        return text_keys(texts, self.seed)

    def has_sha256_chunks(self) -> bool:
        """Whether this model has vectors migrated from a schema 1-3 cache (keyed by sha256).

        Returns
        -------
        bool
            If so, keys not found by :meth:`keys` are looked up again by :func:`sha256_keys`.
        """
        self._refresh(SHA256)
        return len(self._indexes[SHA256]) > 0

    # -- reading -----------------------------------------------------------------------

    def get(
        self,
        keys: Iterable[bytes] | np.ndarray,
        dim: int,
        *,
        out: np.ndarray | None = None,
        prefetched: _Prefetch | None = None,
        kind: int = XXH3,
    ) -> tuple[np.ndarray, np.ndarray, int]:
        """Fetch stored vectors.

        Parameters
        ----------
        keys : array of uint8, shape (n, 16), or iterable of bytes
            Keys from :meth:`keys` (or, with ``kind=SHA256``, from :func:`sha256_keys`).
        dim : int
            Expected dimension; chunks of another size count as corrupt.
        out : numpy.ndarray of float32, shape (n, dim), optional
            Where to write the vectors found (rows of keys not found are left untouched).
        prefetched : _Prefetch, optional
            The result of :meth:`prefetch`.
        kind : int
            :data:`XXH3` (keys of this schema) or :data:`SHA256` (vectors migrated from schema 1-3).

        Returns
        -------
        vectors : numpy.ndarray of float32, shape (n, dim)
            ``out`` (or a new array), holding the vector of every key found.
        found : numpy.ndarray of bool, shape (n,)
            Which keys were found intact.
        n_corrupt : int
            Keys whose chunk failed its checksum, length or dimension check; they are not
            ``found``, so the caller recomputes them, and the bad chunk is dropped from the index.
        """
        keys = np.ascontiguousarray(_as_key_array(keys, _KEY_WIDTH[kind]))
        n = len(keys)
        if out is None:
            out = np.zeros((n, dim), dtype=np.float32)
        found = np.zeros(n, dtype=bool)
        if prefetched is not None:
            prefetched.result()
        else:
            self._refresh(kind)
        index = self._indexes[kind]
        if n == 0 or len(index) == 0:
            return out, found, 0
        if out.flags.c_contiguous and out.dtype == np.float32 and out.shape == (n, dim):
            n_corrupt = self._read_into(index, kind, keys, out, found)
        else:  # the row copies need a contiguous float32 target
            work = np.zeros((n, dim), dtype=np.float32)
            n_corrupt = self._read_into(index, kind, keys, work, found)
            out[found] = work[found]
        return out, found, n_corrupt

    def _read_into(self, index: _ChunkIndex, kind: int, keys: np.ndarray, out: np.ndarray, found) -> int:
        """Copy the vectors of ``keys`` into ``out``, chunk by chunk; mark ``found``; return keys lost."""
        dst, chunk, row = index.locate(keys)
        cuts = np.flatnonzero(np.diff(chunk)) + 1
        groups = list(zip(np.r_[0, cuts].tolist(), np.r_[cuts, len(chunk)].tolist(), strict=True))
        located = (index, kind, keys, out, found, dst, chunk, row)
        if len(groups) < _PARALLEL_CHUNKS or (os.cpu_count() or 1) < 2:
            bad = self._copy_chunks(self._reader, located, groups)
        else:
            # Two threads: preadv, the CRC and numpy's row copies release the GIL, so a second core
            # halves the read of a large request. Each thread has its own read buffer.
            half = len(groups) // 2
            helper = _Thread(
                self._copy_chunks, SegmentReader(self.segments, self._reader), located, groups[half:]
            )
            bad = self._copy_chunks(self._reader, located, groups[:half]) + helper.result()
        if not bad:
            return 0
        self._drop_chunks(kind, [j for j, _ in bad])
        return sum(lost for _, lost in bad)

    @staticmethod
    def _copy_chunks(reader: SegmentReader, located, groups) -> list[tuple[int, int]]:
        """Read, check and scatter the chunks of ``groups``; return ``(chunk, keys lost)`` of bad ones."""
        index, kind, keys, out, found, dst, chunk, row = located
        dim, width = out.shape[1], _KEY_WIDTH[kind]
        target, wanted = _rows(out), _rows(keys)
        bad = []
        for lo, hi in groups:
            j = int(chunk[lo])
            _, m, d, segment, offset, crc = index.chunks[j]
            record = reader.read(segment, offset, m, width, d, crc) if d == dim else None
            if record is None:
                bad.append((j, hi - lo))
                continue
            stored_keys, vectors = record
            src, to = row[lo:hi], dst[lo:hi]
            # The prefix only narrows the search: a hit must match on every byte of the key.
            exact = _rows(stored_keys)[src] == wanted[to]
            if not exact.all():
                src, to = src[exact], to[exact]
            if len(src) == m and src[0] == 0 and (np.diff(src) == 1).all():
                target[to] = _rows(vectors)  # the whole chunk, in order: no gather
            else:
                target[to] = _rows(vectors)[src]
            found[to] = True
        return bad

    def prefetch(self, n: int, dim: int) -> _Prefetch | None:
        """Start loading the index on a thread while the caller hashes its texts.

        The cache must not be used otherwise until :meth:`get` has been called with the result.

        Parameters
        ----------
        n : int
            Number of keys that will be asked for; small requests (under 10,000) load inline.
        dim : int
            Expected dimension.

        Returns
        -------
        _Prefetch or None
            Pass it to :meth:`get` as ``prefetched``.
        """
        if n < 10_000:
            return None
        return _Prefetch(self, n, dim)

    def _refresh(self, kind: int = XXH3) -> int:
        """Load the index rows written since the last refresh; return the number of keys indexed."""
        index = self._indexes[kind]
        rows = self._conn.execute(
            "SELECT id, n, dim, segment, offset, crc, prefixes FROM segment_chunks "
            "WHERE model = ? AND kind = ? AND id > ? ORDER BY id",
            (self.model, kind, index.last),
        ).fetchall()
        if rows:
            index.add(rows)
        return len(index)

    def _drop_chunks(self, kind: int, positions: list[int]) -> None:
        """Delete bad chunks from the index (their record bytes stay, unreferenced)."""
        index = self._indexes[kind]
        ids = [(index.chunks[j][0],) for j in positions]
        for j in positions:
            self._reader.forget(index.chunks[j][3])
        index.drop(positions)
        try:
            with self._conn:
                self._conn.execute("BEGIN IMMEDIATE")
                self._conn.executemany("DELETE FROM segment_chunks WHERE id = ?", ids)
        except sqlite3.OperationalError:
            pass  # best effort: a bad chunk left in the database is detected again, never trusted

    # -- writing -----------------------------------------------------------------------

    def put(self, keys: Iterable[bytes] | np.ndarray, vectors: np.ndarray) -> None:
        """Store vectors as one chunk: its record appended to a segment, then its index row committed.

        Parameters
        ----------
        keys : array of uint8, shape (n, 16), or iterable of bytes
            Keys from :meth:`keys`.
        vectors : numpy.ndarray, shape (n, dim)
            Stored as little-endian float32. Rows that are not finite are not stored (they
            would be refused on reading anyway).
        """
        keys = _as_key_array(keys, KEY_BYTES)
        vectors = np.asarray(vectors)
        if vectors.ndim != 2 or len(vectors) != len(keys):
            raise ValueError(f"vectors must have shape ({len(keys)}, dim); got {vectors.shape}")
        ok = np.isfinite(vectors).all(axis=1)
        if not ok.all():
            keys, vectors = keys[ok], vectors[ok]
        if len(keys) == 0:
            return
        keys = np.ascontiguousarray(keys)
        vectors = np.ascontiguousarray(vectors, dtype="<f4")
        crc = record_crc(keys, vectors)
        segment, offset = self._writer.append(keys, vectors)
        try:
            with self._conn:
                self._conn.execute("BEGIN IMMEDIATE")
                _insert_chunk(self._conn, self.model, XXH3, segment, offset, keys, vectors, crc)
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
        # Distinct keys: a sentence stored twice (two processes computed it at once) counts once; one
        # migrated from schema 1-3 and since stored under its new key counts twice.
        total = 0
        for kind in (XXH3, SHA256):
            rows = self._conn.execute(
                "SELECT n, prefixes FROM segment_chunks WHERE model = ? AND kind = ?", (self.model, kind)
            )
            parts = [
                np.frombuffer(b, dtype="<i8") for n, b in rows if isinstance(b, bytes) and len(b) == 8 * n
            ]
            total += len(np.unique(np.concatenate(parts))) if parts else 0
        return total

    def close(self) -> None:
        """Close the segment files and the database connection."""
        self._writer.close()
        self._reader.close()
        self._conn.close()


class _Thread(threading.Thread):
    """Runs ``target(*args)`` on a thread; :meth:`result` waits and returns its value or raises its error."""

    def __init__(self, target, *args):
        super().__init__(name="framing-cache", daemon=True)
        self._call, self._args = target, args
        self._value = self._error = None
        self.start()

    def run(self) -> None:
        try:
            self._value = self._call(*self._args)
        except BaseException as exc:  # noqa: BLE001 (handed to the caller's thread by result())
            self._error = exc

    def result(self):
        self.join()
        if self._error is not None:
            error, self._error = self._error, None
            raise error
        return self._value


class _Prefetch:
    """Loads a cache's index, and pages in the output array, on a thread while the caller hashes.

    SQLite, numpy's sort and numpy's fill release the GIL, so this runs beside the hashing.
    """

    _BLOCK = 1 << 24  # bytes paged in between checks of the stop flag

    def __init__(self, cache: EmbeddingCache, n: int, dim: int):
        self._stop = threading.Event()
        self._thread = _Thread(self._run, cache, n, dim)

    def _run(self, cache: EmbeddingCache, n: int, dim: int) -> np.ndarray:
        cache._refresh(XXH3)
        # The first write to each page of a fresh array costs a page fault and zeroing in the kernel:
        # for 300,000 vectors of 384 floats, about as long as reading them. Done here, it overlaps the
        # hashing. It stops as soon as the caller wants the array: the pages left are then touched by
        # the two threads that copy the vectors in, rather than waited for.
        out = np.empty((n, dim), dtype=np.float32)
        step = max(1, self._BLOCK // max(1, 4 * dim))
        for lo in range(0, n, step):
            if self._stop.is_set():
                break
            out[lo : lo + step] = 0
        return out

    def wait(self) -> None:
        """Wait for the thread to finish (its error, if any, is dropped unless :meth:`result` is called)."""
        self._stop.set()
        self._thread.join()

    def result(self) -> None:
        """Wait for the thread; raise its error, if any."""
        self._stop.set()
        self._thread.result()

    def output(self, n: int) -> np.ndarray:
        """Return a float32 array of ``n`` rows (at most the ``n`` given to :meth:`prefetch`).

        Parameters
        ----------
        n : int
            Rows wanted.

        Returns
        -------
        numpy.ndarray of float32, shape (n, dim)
            Not initialised: the caller fills every row (from the cache or the model).
        """
        self._stop.set()
        return self._thread.result()[:n]


class CacheWriter:
    """Write chunks to an :class:`EmbeddingCache` on a background thread.

    The model keeps computing while the previous chunk is written and indexed; each chunk is
    still its own transaction, so a run killed mid-way keeps every committed chunk. An error on
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
        keys : numpy.ndarray of uint8, shape (n, 16)
            Keys from :meth:`EmbeddingCache.keys`.
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


def _as_key_array(keys, width: int) -> np.ndarray:
    if isinstance(keys, np.ndarray):
        if keys.dtype != np.uint8 or keys.ndim != 2 or keys.shape[1] != width:
            raise ValueError(f"keys must be an (n, {width}) uint8 array; got {keys.dtype} {keys.shape}")
        return keys
    keys = list(keys)
    if any(not isinstance(k, bytes) or len(k) != width for k in keys):
        raise ValueError(f"keys must be {width}-byte digests from EmbeddingCache.keys")
    return np.frombuffer(b"".join(keys), dtype=np.uint8).reshape(-1, width)


def _insert_chunk(
    conn: sqlite3.Connection,
    model: bytes,
    kind: int,
    segment: str,
    offset: int,
    keys: np.ndarray,
    vectors: np.ndarray,
    crc: int,
) -> None:
    """Insert one chunk's index row (inside the caller's transaction), after its record is written."""
    n, dim = vectors.shape
    conn.execute(
        "INSERT INTO segment_chunks (model, kind, dim, n, segment, offset, crc, prefixes) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (model, kind, dim, n, segment, offset, crc, key_prefix(keys).tobytes()),
    )
