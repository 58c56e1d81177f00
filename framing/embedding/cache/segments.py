"""Segment files of the embedding cache: append-only files of chunk records, one per writing process.

A chunk record is the chunk's keys (``n x key_bytes``) followed by its float32 vectors
(``n x dim x 4`` bytes, little-endian). Its location (segment, byte offset), size and CRC-32
live in the cache's SQLite index, which is committed only after the record is written: a record
is trusted only when the index points at it and its bytes match the CRC. A process never appends
to a file another process writes (the name carries the pid and a random suffix), so segments need
no locking, and nothing is rewritten in place.
"""

from __future__ import annotations

import os
import secrets
import zlib
from pathlib import Path

import numpy as np

from framing.errors import CacheError

try:
    # ISA-L's CRC-32 gives zlib's exact values several times faster (carry-less multiply); the check
    # of every vector read is then a small part of a warm run. zlib stays as a fallback: same values.
    from isal.isal_zlib import crc32
except ImportError:  # pragma: no cover (isal is a declared dependency)
    crc32 = zlib.crc32

SUFFIX = ".vec"


def record_crc(keys: np.ndarray, vectors: np.ndarray) -> int:
    """CRC-32 (ISO 3309, as in zlib) of a chunk record: its key bytes, then its vector bytes."""
    return crc32(vectors, crc32(keys))


class SegmentWriter:
    """Appends chunk records to a segment file of its own, created on the first write.

    Parameters
    ----------
    folder : pathlib.Path
        The folder of segment files.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self._fd: int | None = None
        self._pid = 0
        self.name = ""
        self._end = 0

    def append(self, keys: np.ndarray, vectors: np.ndarray) -> tuple[str, int]:
        """Write one record at the end of this writer's segment; return ``(segment name, offset)``.

        The bytes are handed to the kernel (no fsync): a process killed afterwards keeps them, and
        after a power loss a record the index points at but whose bytes did not reach the disk fails
        its CRC or length check and is recomputed.
        """
        if self._fd is None or self._pid != os.getpid():
            # A forked child must not append to its parent's file: it opens its own.
            self._open()
        offset = self._end
        try:
            written = os.writev(self._fd, [keys, vectors])
            expected = keys.nbytes + vectors.nbytes
            while written < expected:  # a short write (a signal, a nearly full disk): write the rest
                rest = (keys.tobytes() + vectors.tobytes())[written:]
                n = os.write(self._fd, rest)
                if n <= 0:
                    raise OSError("no progress writing the segment")
                written += n
        except OSError as exc:
            # What was half-written stays unreferenced; the next write starts a new segment.
            self.close()
            raise CacheError(
                f"cannot write to the embedding cache segment {self.folder / self.name} ({exc}); free disk "
                "space, or pass cache_dir= (or set FRAMING_CACHE_DIR) to another folder."
            ) from None
        self._end = offset + written
        return self.name, offset

    def _open(self) -> None:
        self.close()
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.name = f"{os.getpid()}-{secrets.token_hex(6)}{SUFFIX}"
            self._fd = os.open(self.folder / self.name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        except OSError as exc:
            raise CacheError(
                f"cannot create an embedding cache segment in {self.folder} ({exc}); pass cache_dir= (or "
                "set FRAMING_CACHE_DIR) to a writable folder."
            ) from None
        self._pid = os.getpid()
        self._end = 0

    def close(self) -> None:
        """Close the file (a later write opens a new segment)."""
        if self._fd is not None and self._pid == os.getpid():
            os.close(self._fd)
        self._fd = None


class SegmentReader:
    """Reads chunk records back with ``preadv`` into reusable buffers, checking length and CRC.

    ``pread`` rather than a memory map: a segment truncated or deleted behind the process's back
    gives a short read (a miss), never a SIGBUS.

    Parameters
    ----------
    folder : pathlib.Path
        The folder of segment files.
    """

    #: Segment files kept open at once (the least recently read is closed beyond that): a cache filled
    #: by thousands of runs must not run the process out of file descriptors.
    max_open = 64

    def __init__(self, folder: Path):
        self.folder = folder
        self._fds: dict[str, int | None] = {}
        self._buffer = np.empty(0, dtype=np.uint8)

    def read(
        self, segment: str, offset: int, n: int, key_bytes: int, dim: int, crc: int
    ) -> tuple[np.ndarray, np.ndarray] | None:
        """Return ``(keys, vectors)`` of one record (views of a buffer reused by the next read).

        Returns ``None`` when the record is missing, short (a torn tail) or fails its CRC.
        """
        fd = self.open(segment)
        if fd is None:
            return None
        size_keys, size = n * key_bytes, n * (key_bytes + 4 * dim)
        if len(self._buffer) < size:
            self._buffer = np.empty(max(size, 2 * len(self._buffer)), dtype=np.uint8)
        keys, vecs = self._buffer[:size_keys], self._buffer[size_keys:size]
        try:
            got = os.preadv(fd, [keys, vecs], offset)
        except OSError:
            return None
        if got != size or record_crc(keys, vecs) != crc:
            return None
        return keys.reshape(n, key_bytes), vecs.view("<f4").reshape(n, dim)

    def open(self, segment: str) -> int | None:
        """Return the open file of ``segment`` (``None`` if it cannot be opened)."""
        if segment in self._fds:
            self._fds[segment] = self._fds.pop(segment)  # most recently used last
        else:
            while len(self._fds) >= self.max_open:
                self.forget(next(iter(self._fds)))
            # Only names this cache writes: an index row can never point outside the folder.
            if not segment.endswith(SUFFIX) or "/" in segment or "\\" in segment or segment.startswith("."):
                return None
            try:
                self._fds[segment] = os.open(self.folder / segment, os.O_RDONLY)
            except OSError:
                self._fds[segment] = None
        return self._fds[segment]

    def forget(self, segment: str) -> None:
        """Close a segment so the next read opens it again (it may have been replaced)."""
        fd = self._fds.pop(segment, None)
        if fd is not None:
            os.close(fd)

    def close(self) -> None:
        """Close every open segment."""
        for segment in list(self._fds):
            self.forget(segment)
