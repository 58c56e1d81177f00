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

from collections.abc import Callable, Iterator

import numpy as np

from framing.errors import ModelError

#: Makes a worker's encoder from the settings: returns ``(identity, encode)``, ``encode(texts) -> vectors``.
EncoderFactory = Callable[[dict], "tuple[str, Callable[[list[str]], np.ndarray]]"]
#: Encoders loaded on this worker process, by their factory and settings.
_WORKER_ENCODERS: dict = {}


def run_chunks(
    client,
    chunks: list[np.ndarray],
    texts: list[str],
    *,
    make_encoder: EncoderFactory,
    settings: dict,
    identity: str,
) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Yield ``(chunk, vectors)`` as each chunk finishes on the cluster.

    Parameters
    ----------
    client : distributed.Client or str
        The cluster: a client, or a scheduler address (connected to here and closed after).
    chunks : list of numpy.ndarray
        Positions in ``texts``, one array per chunk.
    texts : list of str
        The sentences to embed.
    make_encoder : callable
        A module-level function (workers import it by name): ``make_encoder(settings)`` returns
        ``(identity, encode)``. Each worker calls it once per settings and keeps the encoder.
    settings : dict
        What the workers' encoders are built from (model, batch size, backend...).
    identity : str
        The model identity of this process; a worker that loaded another model is an error.

    Yields
    ------
    tuple of (numpy.ndarray, numpy.ndarray)
        A chunk and its vectors, in the order the workers finish.
    """
    from distributed import as_completed

    client, owned = _dask_client(client)
    futures = {
        client.submit(
            _encode_on_worker, [texts[i] for i in part.tolist()], make_encoder, settings, pure=False
        ): j
        for j, part in enumerate(chunks)
    }
    try:
        for future in as_completed(futures):
            got, vectors = future.result()
            if got != identity:
                raise ModelError(
                    f"a Dask worker loaded a different model ({got}) than this process "
                    f"({identity}); install the same model on every worker or pass model= a "
                    "path that holds the same files everywhere."
                )
            yield chunks[futures[future]], vectors
    finally:
        if owned:
            client.close()


def _encode_on_worker(
    texts: list[str], make_encoder: EncoderFactory, settings: dict
) -> tuple[str, np.ndarray]:
    """Embed one chunk on a Dask worker; the worker keeps its encoder loaded between chunks."""
    key = (make_encoder, tuple(sorted((k, str(v)) for k, v in settings.items())))
    loaded = _WORKER_ENCODERS.get(key)
    if loaded is None:
        loaded = _WORKER_ENCODERS[key] = make_encoder(settings)
    identity, encode = loaded
    return identity, encode(texts)


def _dask_client(client):
    """Return ``(client, owned)``: a scheduler address is connected to here and closed after use."""
    if isinstance(client, str):
        from distributed import Client

        return Client(client), True
    return client, False
