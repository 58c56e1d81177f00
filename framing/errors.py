"""The exceptions `framing` raises.

Every error a user can cause is a :class:`FramingError`, so one ``except`` clause
catches them all, and each message names the file, row or column at fault and
says what to do about it. The subclasses also derive from the built-in exception
a Python user would expect (``ValueError``, ``FileNotFoundError``...), so generic
handlers keep working.
"""

from __future__ import annotations


class FramingError(Exception):
    """Base class of every error raised by `framing` for bad input or setup."""


class CorpusError(FramingError, ValueError):
    """A corpus file or table cannot be read or fails validation."""


class CorpusNotFoundError(CorpusError, FileNotFoundError):
    """The corpus path does not exist."""


class ParameterError(FramingError, ValueError):
    """A function or notebook parameter is invalid for the data it is given.

    Examples: a side named in parameters that is not in the data, ``k`` larger
    than the number of sentences, vectors whose length does not match the
    sentences.
    """


class ModelError(FramingError, RuntimeError):
    """The embedding model cannot be found or loaded."""


class CacheError(FramingError, OSError):
    """The embedding cache cannot be opened or written."""


class NotebookError(FramingError, RuntimeError):
    """A notebook failed while regenerating figures."""


__all__ = [
    "FramingError",
    "CorpusError",
    "CorpusNotFoundError",
    "ParameterError",
    "ModelError",
    "CacheError",
    "NotebookError",
]
