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
migrated in place on first open (see :mod:`framing.embedding.cache.migrate`): nothing is recomputed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import sqlite3
import time
import warnings
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from framing.embedding.cache.keys import (
    KEY_BYTES,
    KEY_WIDTH,
    SHA256,
    SHA256_KEY_BYTES,
    XXH3,
    ChunkIndex,
    as_key_array,
    insert_chunk,
    key_prefix,
    sha256_keys,
    text_keys,
)
from framing.embedding.cache.migrate import migrate
from framing.embedding.cache.segments import SegmentReader, SegmentWriter, record_crc
from framing.embedding.cache.threads import CacheWriter, Prefetch, Task
from framing.errors import CacheError, CacheWarning

__all__ = [
    "KEY_BYTES",
    "SCHEMA_VERSION",
    "SHA256_KEY_BYTES",
    "CacheWriter",
    "EmbeddingCache",
    "default_cache_dir",
    "key_prefix",
    "sha256_keys",
    "text_keys",
]

SCHEMA_VERSION = 4
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
        self._indexes = {XXH3: ChunkIndex(), SHA256: ChunkIndex()}
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
        except sqlite3.OperationalError as exc:
            # "database is locked" and the like: the file is fine (another process may be migrating it).
            raise CacheError(
                f"cannot open the embedding cache {self.path} ({exc}); if another process is using it, wait "
                "for it and run again, or pass cache_dir= (or set FRAMING_CACHE_DIR) to another folder."
            ) from None
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
                migrated = migrate(conn, SegmentWriter(self.segments))
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
        """Return this cache's keys of ``texts``: :func:`text_keys` under this cache's :attr:`seed`.

        Parameters
        ----------
        texts : sequence of str
            The sentences to look up or store.

        Returns
        -------
        numpy.ndarray of uint8, shape (len(texts), 16)
            One XXH3-128 key a row.
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
        prefetched: Prefetch | None = None,
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
        prefetched : Prefetch, optional
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
        keys = np.ascontiguousarray(as_key_array(keys, KEY_WIDTH[kind]))
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

    def _read_into(self, index: ChunkIndex, kind: int, keys: np.ndarray, out: np.ndarray, found) -> int:
        """Copy the vectors of ``keys`` into ``out``, chunk by chunk; mark ``found``; return keys lost."""
        dst, chunk, row = index.locate(keys)
        if len(chunk) == 0:
            return 0
        cuts = np.flatnonzero(np.diff(chunk)) + 1
        groups = list(zip(np.r_[0, cuts].tolist(), np.r_[cuts, len(chunk)].tolist(), strict=True))
        located = (index, kind, keys, out, found, dst, chunk, row)
        if len(groups) < _PARALLEL_CHUNKS or (os.cpu_count() or 1) < 2:
            bad = self._copy_chunks(self._reader, located, groups)
        else:
            # Two threads: preadv, the CRC and numpy's row copies release the GIL, so a second core
            # halves the read of a large request.
            half = len(groups) // 2
            helper_reader = SegmentReader(self.segments)  # its own files and buffer: nothing shared
            helper = Task(self._copy_chunks, helper_reader, located, groups[half:])
            try:
                bad = self._copy_chunks(self._reader, located, groups[:half])
            finally:
                helper.join()  # its files are closed only once it is done with them
                helper_reader.close()
            bad += helper.result()
        if not bad:
            return 0
        self._drop_chunks(kind, [j for j, _ in bad])
        return sum(lost for _, lost in bad)

    @staticmethod
    def _copy_chunks(reader: SegmentReader, located, groups) -> list[tuple[int, int]]:
        """Read, check and scatter the chunks of ``groups``; return ``(chunk, keys lost)`` of bad ones."""
        index, kind, keys, out, found, dst, chunk, row = located
        dim, width = out.shape[1], KEY_WIDTH[kind]
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

    def prefetch(self, n: int, dim: int) -> Prefetch | None:
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
        Prefetch or None
            Pass it to :meth:`get` as ``prefetched``.
        """
        if n < 10_000:
            return None
        return Prefetch(self._refresh, n, dim)

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

    def retire_sha256(self, keys: np.ndarray) -> None:
        """Drop the migrated (sha256-keyed) chunks whose every key is in ``keys``, once stored anew.

        Call it after the vectors of ``keys`` are committed under their new keys. A segment no
        chunk points at any more is deleted, so a migrated cache does not keep two copies on disk.

        Parameters
        ----------
        keys : numpy.ndarray of uint8, shape (n, 32)
            sha256 keys whose vectors were stored again under :meth:`keys`.
        """
        index = self._indexes[SHA256]
        if len(keys) == 0 or len(index) == 0:
            return
        _, chunk, row = index.locate(np.ascontiguousarray(keys))
        hits = np.bincount(chunk, minlength=len(index.chunks))
        # Distinct rows only: the same sentence asked twice must not make a chunk look complete.
        distinct = np.bincount(np.unique(chunk * (1 << 32) + row) >> 32, minlength=len(index.chunks))
        done = [j for j in np.flatnonzero(hits).tolist() if distinct[j] == index.chunks[j][1]]
        if not done:
            return
        segments = {index.chunks[j][3] for j in done}
        self._drop_chunks(SHA256, done)
        for segment in segments:
            if self._conn.execute(
                "SELECT 1 FROM segment_chunks WHERE segment = ? LIMIT 1", (segment,)
            ).fetchone():
                continue
            self._reader.forget(segment)
            with contextlib.suppress(OSError):
                (self.segments / segment).unlink()

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
        keys = as_key_array(keys, KEY_BYTES)
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
                insert_chunk(self._conn, self.model, XXH3, segment, offset, keys, vectors, crc)
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


def _rows(a: np.ndarray) -> np.ndarray:
    """View each row of a C-contiguous 2-D array as one opaque item (no copy)."""
    return a.view(np.dtype((np.void, a.shape[1] * a.itemsize))).ravel()
