"""Fitted clusterers on disk: a notebook run fits :class:`SentenceClusterer` once, the others read it.

Every chapter of a report that uses the clusters runs in its own kernel. Refitting in each costs
the k search, the stability refits and the c-TF-IDF terms every time; worse, nothing but
discipline kept their parameters the same. :func:`fitted_clusterer` keys a fit by everything
that determines it and stores it without pickle (arrays in ``.npz`` read with
``allow_pickle=False``, tables in Parquet, scalars in JSON), so a later kernel, or a later run,
reads the identical result.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from importlib import metadata
from pathlib import Path

import numpy as np
import pandas as pd

from framing.analysis.cluster import SentenceClusterer

#: Bumped when the stored layout changes; part of the key, so old entries are simply not found.
_FORMAT = 1
_VERSIONED = ("framing", "scikit-learn", "numpy", "scipy")


def cluster_key(texts, *, model: str | None, params: dict) -> str:
    """Return the key of a clustering: a sha256 of what determines its result.

    Parameters
    ----------
    texts : sequence of str
        The sentences clustered, in order (their vectors follow from them and ``model``).
    model : str or None
        The embedding model's identity (:func:`framing.embedding.embedder.model_identity`).
    params : dict
        The clusterer's parameters (``SentenceClusterer.get_params()``), the seed
        (``random_state``) among them.

    Returns
    -------
    str
        64 hex digits. It changes with any sentence, the model, any parameter, the seed, the
        versions of framing, scikit-learn, NumPy and SciPy, and the storage format.
    """
    versions = {}
    for name in _VERSIONED:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    head = {"format": _FORMAT, "model": model, "params": params, "versions": versions}
    digest = hashlib.sha256(json.dumps(head, sort_keys=True, default=list).encode("utf-8"))
    for text in texts:
        # Length-prefixed: "ab","c" and "a","bc" must not collide.
        data = str(text).encode("utf-8")
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def fitted_clusterer(
    vectors, texts, *, model: str | None, cache_dir, languages=None, **params
) -> SentenceClusterer:
    """Return a fitted :class:`SentenceClusterer`, read from ``cache_dir`` or fitted once and stored.

    Parameters
    ----------
    vectors : ndarray of shape (n_sentences, dim)
        Sentence vectors, row-aligned with ``texts``.
    texts : sequence of str
        The sentences.
    model : str or None
        The identity of the model that made ``vectors`` (part of the key).
    cache_dir : str or pathlib.Path
        Folder of stored fits (``clusters/`` in framing's cache folder for a study).
    languages : sequence of str, optional
        The language of each sentence, for terms within each language (``SentenceClusterer.fit``);
        part of the key when any sentence is not English.
    **params
        :class:`SentenceClusterer` parameters (``k``, ``method``, ``random_state``...).

    Returns
    -------
    SentenceClusterer
        Fitted; every learned attribute (``labels_``, ``summary_``, ``silhouette_``...) equals
        what a fresh fit gives.
    """
    clusterer = SentenceClusterer(**params)
    texts = [str(t) for t in texts]
    key_params = clusterer.get_params()
    # An English corpus keeps the key it always had; other languages change the terms, so the key.
    codes = None if languages is None else ["en" if pd.isna(x) else str(x) for x in languages]
    if codes is not None and set(codes) != {"en"}:
        key_params = {**key_params, "languages": codes}
    key = cluster_key(texts, model=model, params=key_params)
    folder = Path(cache_dir) / key
    if _load(clusterer, folder, key):
        return clusterer
    clusterer.fit(vectors, texts=texts, languages=codes)
    _store(clusterer, folder, key)
    return clusterer


def _store(clusterer: SentenceClusterer, folder: Path, key: str) -> None:
    arrays, tables, scalars = {}, {}, {}
    for name, value in vars(clusterer).items():
        if not name.endswith("_") or name.startswith("_"):
            continue
        if isinstance(value, np.ndarray) and value.dtype != object:
            arrays[name] = value
        elif isinstance(value, pd.DataFrame):
            tables[name] = ("frame", value)
        elif isinstance(value, pd.Series):
            tables[name] = ("series", value.to_frame())
        elif isinstance(value, np.ndarray):
            scalars[name] = {"object_array": value.tolist()}
        elif isinstance(value, np.generic):
            scalars[name] = value.item()
        elif value is None or isinstance(value, (bool, int, float, str)):
            scalars[name] = value
        else:
            return  # an attribute this layout cannot hold: keep the fit in memory only
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=folder.parent, prefix=".partial-"))
    try:
        np.savez(tmp / "arrays.npz", **arrays)
        kinds = {}
        for name, (kind, frame) in tables.items():
            frame.to_parquet(tmp / f"{name}.parquet")
            kinds[name] = kind
        meta = {"format": _FORMAT, "key": key, "scalars": scalars, "tables": kinds, "arrays": sorted(arrays)}
        (tmp / "meta.json").write_text(json.dumps(meta, sort_keys=True), encoding="utf-8")
        # One rename publishes the whole entry; a reader never sees half of one.
        os.rename(tmp, folder)
    except OSError:
        # Another process stored the same key first (the rename found a folder), or the disk refused:
        # either way the fit in memory is right and the cache is only an optimisation.
        shutil.rmtree(tmp, ignore_errors=True)


def _load(clusterer: SentenceClusterer, folder: Path, key: str) -> bool:
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        if meta.get("format") != _FORMAT or meta.get("key") != key:
            return False
        values = dict(meta["scalars"])
        for name, value in values.items():
            if isinstance(value, dict) and "object_array" in value:
                values[name] = np.array(value["object_array"], dtype=object)
        with np.load(folder / "arrays.npz", allow_pickle=False) as arrays:
            values.update({name: arrays[name] for name in meta["arrays"]})
        for name, kind in meta["tables"].items():
            frame = pd.read_parquet(folder / f"{name}.parquet")
            values[name] = frame.iloc[:, 0] if kind == "series" else frame
    except (OSError, ValueError, KeyError, TypeError):
        # Missing, damaged or from another layout: refit. A damaged folder is removed so the
        # fresh fit can take its name.
        if folder.exists():
            shutil.rmtree(folder, ignore_errors=True)
        return False
    for name, value in values.items():
        setattr(clusterer, name, value)
    return True
