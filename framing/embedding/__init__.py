"""Sentence vectors: the Embedder, model resolution, the on-disk cache and the optional backends.

The last release's ``framing.embedding`` module held what :mod:`framing.embedding.embedder`
holds now; its names stay importable from here.
"""

from framing.embedding.embedder import DEFAULT_MODEL, Embedder, embed, model_identity, resolve_model

__all__ = ["DEFAULT_MODEL", "Embedder", "embed", "model_identity", "resolve_model"]
