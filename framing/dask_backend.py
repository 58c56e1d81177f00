"""Run the embedding model on a Dask cluster (``Embedder(client=...)``).

The client process keeps the cache: it hashes the texts, reads what the cache holds, and
sends only the missing sentences to the workers, in the same length-sorted chunks it would
run locally, so the vectors equal the single-process ones up to float rounding. Each worker
loads the model once and keeps it between chunks. Needs ``pip install 'framing[distributed]'``.

References
----------
Rocklin, M. (2015). Dask: Parallel computation with blocked algorithms and task scheduling.
Proceedings of the 14th Python in Science Conference.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from framing.errors import ModelError

#: Embedders loaded on this worker process, by their settings.
_WORKER_EMBEDDERS: dict = {}


def run_chunks(
    embedder, chunks: list[np.ndarray], texts: list[str]
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield ``(chunk, vectors)`` as each chunk finishes on the cluster.

    Parameters
    ----------
    embedder : framing.Embedder
        The set-up embedder of the client process (its ``client``, settings and ``identity_``).
    chunks : list of numpy.ndarray
        Positions in ``texts``, one array per chunk.
    texts : list of str
        The sentences to embed.

    Yields
    ------
    tuple of (numpy.ndarray, numpy.ndarray)
        A chunk and its vectors, in the order the workers finish.
    """
    from distributed import as_completed

    client, owned = _dask_client(embedder.client)
    settings = {
        "model": embedder.model,
        "batch_size": embedder.batch_size,
        "device": embedder.device,
        "backend": embedder.backend,
        "allow_download": embedder.allow_download,
        "prefix": embedder.prefix,
    }
    futures = {
        client.submit(_encode_on_worker, [texts[i] for i in part.tolist()], settings, pure=False): j
        for j, part in enumerate(chunks)
    }
    try:
        for future in as_completed(futures):
            identity, vectors = future.result()
            if identity != embedder.identity_:
                raise ModelError(
                    f"a Dask worker loaded a different model ({identity}) than this process "
                    f"({embedder.identity_}); install the same model on every worker or pass model= a "
                    "path that holds the same files everywhere."
                )
            yield chunks[futures[future]], vectors
    finally:
        if owned:
            client.close()


def _encode_on_worker(texts: list[str], settings: dict) -> tuple[str, np.ndarray]:
    """Embed one chunk on a Dask worker; the worker keeps its model loaded between chunks."""
    from framing.embedding import Embedder

    key = tuple(sorted((k, str(v)) for k, v in settings.items()))
    embedder = _WORKER_EMBEDDERS.get(key)
    if embedder is None:
        # The client owns the cache; a worker only computes.
        embedder = _WORKER_EMBEDDERS[key] = Embedder(use_cache=False, progress=False, **settings)
        embedder._setup()
    return embedder.identity_, embedder._run_model(texts)


def _dask_client(client):
    """Return ``(client, owned)``: a scheduler address is connected to here and closed after use."""
    if isinstance(client, str):
        from distributed import Client

        return Client(client), True
    return client, False
