"""The embedding cache's threads: loading the index while the caller hashes, and writing chunks.

Both overlap framing's work with the disk: SQLite, ``preadv``/``writev``, the CRC and numpy's
copies release the GIL, so on two cores the model (or the hashing) never waits on the cache.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable
from typing import Protocol, Self

import numpy as np


class ChunkStore(Protocol):
    """What :class:`CacheWriter` writes to: anything with the ``put`` of an embedding cache."""

    def put(self, keys: np.ndarray, vectors: np.ndarray) -> None: ...


class Task(threading.Thread):
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


class Prefetch:
    """Loads a cache's index, and pages in the output array, on a thread while the caller hashes.

    SQLite, numpy's sort and numpy's fill release the GIL, so this runs beside the hashing. The
    first write to each page of a fresh array costs a page fault in the kernel: touched in order,
    300,000 vectors of 384 floats take about 0.1 s (more when the kernel must first assemble huge
    pages), and three to six times as long when touched in the random order of the copy, by two
    threads at once (measured). So the array is touched here, block by block from the front, and
    from the back by the caller once it has hashed its texts (:meth:`output`), until they meet.

    Parameters
    ----------
    load_index : callable
        Loads the cache's index (rows written since it was last loaded); run on the thread.
    n, dim : int
        Shape of the output array.
    """

    _BLOCK = 1 << 23  # bytes of one block (a multiple of the 2 MiB huge page)

    def __init__(self, load_index: Callable[[], object], n: int, dim: int):
        self._out = np.empty((n, dim), dtype=np.float32)
        self._step = max(1, self._BLOCK // max(1, 4 * dim))
        self._next, self._last = 0, -(-n // self._step)  # blocks [next, last) are not yet claimed
        self._lock = threading.Lock()
        self._thread = Task(self._run, load_index)

    def _run(self, load_index: Callable[[], object]) -> None:
        load_index()
        self._page_in(from_front=True)

    def _page_in(self, from_front: bool) -> None:
        while True:
            with self._lock:
                if self._next >= self._last:
                    return
                if from_front:
                    block, self._next = self._next, self._next + 1
                else:
                    self._last -= 1
                    block = self._last
            self._out[block * self._step : (block + 1) * self._step] = 0

    def wait(self) -> None:
        """Wait for the thread to finish (its error, if any, is dropped unless :meth:`result` is called)."""
        self._thread.join()

    def result(self) -> None:
        """Wait for the thread; raise its error, if any."""
        self._thread.result()

    def output(self, n: int) -> np.ndarray:
        """Return a paged-in float32 array of ``n`` rows (at most the ``n`` given to :meth:`prefetch`).

        The caller's thread pages in, from the back, the blocks the thread has not reached yet.

        Parameters
        ----------
        n : int
            Rows wanted.

        Returns
        -------
        numpy.ndarray of float32, shape (n, dim)
            Zeros.
        """
        self._page_in(from_front=False)
        self._thread.result()
        return self._out[:n]


class CacheWriter:
    """Write chunks to an :class:`EmbeddingCache` on a background thread.

    The model keeps computing while the previous chunk is written and indexed; each chunk is
    still its own transaction, so a run killed mid-way keeps every committed chunk. An error on
    the writing thread is raised in the caller's thread, at its next :meth:`put` or on
    leaving the ``with`` block. While a writer is open, only the writer uses the cache.

    Parameters
    ----------
    cache : EmbeddingCache
        The cache to write to (any :class:`ChunkStore`).
    max_pending : int
        Chunks that may be queued before :meth:`put` waits.
    """

    def __init__(self, cache: ChunkStore, max_pending: int = 4):
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
