"""Migration of embedding caches written by earlier framing (schema 1-3) to schema version 4.

Schemas 1-3 kept the vectors inside the SQLite file, keyed by the sha256 of the text: version 1
one row per vector, versions 2 and 3 one row per chunk (keys blob, vectors blob, CRC-32 over
both). Every intact vector is moved, in the caller's transaction, to a segment file and indexed as a
sha256-keyed chunk (kind ``SHA256``): nothing is recomputed. The schema-4 cache finds them by their
sha256 keys when its own keys miss (:meth:`framing.embedding.cache.store.EmbeddingCache.has_sha256_chunks`).
Damaged old entries are dropped (recomputed later). A run killed during the migration rolls back
the transaction: the old tables are intact, and the bytes already appended to the new segment
file are never referenced.
"""

from __future__ import annotations

import sqlite3

import numpy as np

from framing.embedding.cache.keys import SHA256, SHA256_KEY_BYTES, insert_chunk
from framing.embedding.cache.segments import SegmentWriter, crc32, record_crc

_OLD_TABLES = ("vectors", "chunks", "chunk_keys", "entries")
_MIGRATE_CHUNK = 1024


def migrate(conn: sqlite3.Connection, writer: SegmentWriter) -> int:
    """Move every intact vector of the old tables into segments; drop the old tables.

    Parameters
    ----------
    conn : sqlite3.Connection
        The cache's connection, inside an open write transaction, with the schema-4 tables created.
    writer : SegmentWriter
        Where the records go.

    Returns
    -------
    int
        Vectors migrated.
    """
    tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    moved = 0
    if "chunks" in tables:
        moved += _from_chunks(conn, writer)
    if "vectors" in tables:
        moved += _from_vectors(conn, writer)
    for table in _OLD_TABLES:
        if table in tables:
            conn.execute(f"DROP TABLE {table}")
    writer.close()
    return moved


def _from_chunks(conn: sqlite3.Connection, writer: SegmentWriter) -> int:
    """Schema 2 and 3: one row per chunk, with the same CRC-32 over keys and vectors as a record."""
    moved = 0
    for model, dim, n, crc, kb, vb in conn.execute("SELECT model, dim, n, crc, keys, vecs FROM chunks"):
        if not (
            isinstance(model, bytes)
            and isinstance(kb, bytes)
            and isinstance(vb, bytes)
            and len(kb) == SHA256_KEY_BYTES * n
            and len(vb) == 4 * dim * n
            and n > 0
            and crc32(vb, crc32(kb)) == crc
        ):
            continue  # a damaged chunk: its vectors are recomputed
        keys = np.frombuffer(kb, dtype=np.uint8).reshape(n, SHA256_KEY_BYTES)
        vectors = np.frombuffer(vb, dtype="<f4").reshape(n, dim)
        _write(conn, writer, model, keys, vectors, crc)
        moved += n
    return moved


def _from_vectors(conn: sqlite3.Connection, writer: SegmentWriter) -> int:
    """Schema 1: one row per vector, each under its own CRC-32; grouped into chunks here."""
    groups: dict[tuple[bytes, int], tuple[list[bytes], list[bytes]]] = {}
    for model, key, dim, crc, blob in conn.execute("SELECT model, key, dim, crc, vec FROM vectors"):
        if (
            isinstance(model, bytes)
            and isinstance(blob, bytes)
            and isinstance(key, bytes)
            and len(key) == SHA256_KEY_BYTES
            and len(blob) == 4 * dim
            and crc32(blob) == crc
        ):
            keys, vecs = groups.setdefault((model, dim), ([], []))
            keys.append(key)
            vecs.append(blob)
    moved = 0
    for (model, dim), (keys, vecs) in groups.items():
        for i in range(0, len(keys), _MIGRATE_CHUNK):
            karr = np.frombuffer(b"".join(keys[i : i + _MIGRATE_CHUNK]), dtype=np.uint8)
            karr = karr.reshape(-1, SHA256_KEY_BYTES)
            vectors = np.frombuffer(b"".join(vecs[i : i + _MIGRATE_CHUNK]), dtype="<f4").reshape(-1, dim)
            ok = np.isfinite(vectors).all(axis=1)
            karr, vectors = np.ascontiguousarray(karr[ok]), np.ascontiguousarray(vectors[ok])
            if len(karr):
                _write(conn, writer, model, karr, vectors, record_crc(karr, vectors))
                moved += len(karr)
    return moved


def _write(
    conn, writer: SegmentWriter, model: bytes, keys: np.ndarray, vectors: np.ndarray, crc: int
) -> None:
    segment, offset = writer.append(keys, vectors)
    insert_chunk(conn, model, SHA256, segment, offset, keys, vectors, crc)
