"""The on-disk embedding cache: content-addressed, atomic, shared between processes.

Vectors are stored in one SQLite database (the standard library's ``sqlite3``),
keyed by the model's identity and the sha256 of the exact sentence text. SQLite
gives what a home-made file store would have to re-invent: each batch is
written in one transaction (a run killed mid-way keeps every finished batch and
never leaves a half-written entry), several processes can read and write at
once (write-ahead log, busy timeout), and nothing is pickled. Each entry carries
a CRC-32 of its bytes, so a truncated or corrupted vector is detected, reported
and recomputed rather than trusted.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import time
import warnings
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np

from framing.errors import CacheError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS vectors (
    model BLOB NOT NULL,
    key BLOB NOT NULL,
    dim INTEGER NOT NULL,
    crc INTEGER NOT NULL,
    vec BLOB NOT NULL,
    PRIMARY KEY (model, key)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS models (
    model BLOB PRIMARY KEY,
    identity TEXT NOT NULL
);
"""
_CHUNK = 500  # stays below SQLite's default limit on host parameters per statement


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
    """Return the cache key of one sentence: the sha256 digest of its UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).digest()


class EmbeddingCache:
    """A table of vectors for one model identity, stored in ``<folder>/embeddings.sqlite3``.

    Parameters
    ----------
    folder : path
        Folder of the database; created if missing.
    identity : str
        The model's identity string (name, weights hash, backend...); vectors
        of different identities never mix.
    """

    filename = "embeddings.sqlite3"

    def __init__(self, folder: str | os.PathLike, identity: str):
        self.folder = Path(folder)
        self.identity = identity
        self.model = hashlib.sha256(identity.encode("utf-8")).digest()[:16]
        self.path = self.folder / self.filename
        self._conn = self._open()

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
            # An unreadable database is set aside, not deleted: nothing is lost, the run goes on.
            aside = self.path.with_name(f"{self.filename}.corrupt-{int(time.time())}")
            os.replace(self.path, aside)
            # The old write-ahead log must not be replayed into the new database.
            for suffix in ("-wal", "-shm"):
                sidecar = self.path.with_name(self.filename + suffix)
                if sidecar.exists():
                    os.replace(sidecar, aside.with_name(aside.name + suffix))
            warnings.warn(
                f"embedding cache {self.path} was unreadable ({exc}); moved it to {aside.name} and "
                "started a new one. Vectors will be recomputed.",
                RuntimeWarning,
                stacklevel=4,
            )
            conn = self._connect()
        return conn

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=120, isolation_level=None, check_same_thread=False)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.executescript(_SCHEMA)
            conn.execute("SELECT count(*) FROM models").fetchone()
            conn.execute(
                "INSERT OR IGNORE INTO models (model, identity) VALUES (?, ?)", (self.model, self.identity)
            )
        except sqlite3.DatabaseError:
            conn.close()
            raise
        return conn

    def get(self, keys: Iterable[bytes], dim: int | None = None) -> tuple[dict[bytes, np.ndarray], int]:
        """Fetch stored vectors.

        Parameters
        ----------
        keys : iterable of bytes
            Keys from :func:`text_key`.
        dim : int, optional
            Expected dimension; entries of another size count as corrupt.

        Returns
        -------
        found : dict
            ``{key: float32 vector}`` for every intact entry.
        n_corrupt : int
            Entries found but failing their checksum, size or finiteness check;
            they are left out of ``found`` so the caller recomputes them.
        """
        keys = list(keys)
        found: dict[bytes, np.ndarray] = {}
        corrupt = 0
        for i in range(0, len(keys), _CHUNK):
            chunk = keys[i : i + _CHUNK]
            marks = ",".join("?" * len(chunk))
            rows = self._conn.execute(
                f"SELECT key, dim, crc, vec FROM vectors WHERE model = ? AND key IN ({marks})",
                (self.model, *chunk),
            ).fetchall()
            for key, d, crc, blob in rows:
                ok = (
                    isinstance(blob, bytes)
                    and len(blob) == 4 * d
                    and (dim is None or d == dim)
                    and zlib.crc32(blob) == crc
                )
                vec = np.frombuffer(blob, dtype=np.float32) if ok else None
                if vec is None or not np.isfinite(vec).all():
                    corrupt += 1
                    continue
                found[key] = vec
        return found, corrupt

    def put(self, items: Mapping[bytes, np.ndarray]) -> None:
        """Store vectors in one transaction (all of them or none).

        Parameters
        ----------
        items : mapping
            ``{key: vector}``; vectors are stored as little-endian float32.
        """
        rows = []
        for key, vec in items.items():
            blob = np.ascontiguousarray(vec, dtype="<f4").tobytes()
            rows.append((self.model, key, len(blob) // 4, zlib.crc32(blob), blob))
        try:
            with self._conn:
                self._conn.execute("BEGIN IMMEDIATE")
                self._conn.executemany(
                    "INSERT OR REPLACE INTO vectors (model, key, dim, crc, vec) VALUES (?, ?, ?, ?, ?)", rows
                )
        except sqlite3.OperationalError as exc:
            raise CacheError(f"cannot write to the embedding cache {self.path} ({exc}).") from None

    def __len__(self) -> int:
        return self._conn.execute("SELECT count(*) FROM vectors WHERE model = ?", (self.model,)).fetchone()[0]

    def close(self) -> None:
        """Close the database connection."""
        self._conn.close()
