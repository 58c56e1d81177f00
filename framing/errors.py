"""The exceptions and warnings `framing` raises.

Every error a user can cause is a :class:`FramingError`, so one ``except`` clause
catches them all, and each message names the file, row or column at fault and
says what to do about it. The subclasses also derive from the built-in exception
a Python user would expect (``ValueError``, ``FileNotFoundError``...), so generic
handlers keep working.

Every warning framing emits is a :class:`FramingWarning` (a ``UserWarning``), so
one filter silences, or escalates, all of them and nothing else::

    import warnings
    from framing import FramingWarning

    warnings.simplefilter("ignore", FramingWarning)  # or "error" in a test suite
"""

from __future__ import annotations

from sklearn.exceptions import NotFittedError as _SklearnNotFittedError


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


class NotFittedError(FramingError, _SklearnNotFittedError):
    """A method that needs a fitted estimator was called before ``fit``.

    Also scikit-learn's ``NotFittedError`` (a ``ValueError`` and ``AttributeError``), so
    scikit-learn's tools recognise it.
    """


class ModelError(FramingError, RuntimeError):
    """The embedding model cannot be found or loaded."""


class CacheError(FramingError, OSError):
    """The embedding cache cannot be opened or written."""


class NotebookError(FramingError, RuntimeError):
    """A notebook failed while regenerating figures."""


class FramingWarning(UserWarning):
    """Base class of every warning `framing` emits.

    A warning flags something the user should read (too few documents for a
    trustworthy interval, text set aside, a repaired cache) but that does not
    stop the analysis. Filter on this class to silence or escalate them all.
    """


class CacheWarning(FramingWarning, RuntimeWarning):
    """The embedding cache was repaired: corrupt vectors recomputed, a bad file set aside, a layout migrated.

    Also a ``RuntimeWarning``, as it was before :class:`FramingWarning` existed,
    so existing filters on that category keep working.
    """


class FewOutletsWarning(FramingWarning):
    """A side has fewer than three outlets, so its interval speaks for those outlets only.

    With outlets as the units (``cluster_by="source"``), a side of one or two
    outlets still gets an interval, a leave-one-outlet-out range and a test, but
    they are conditional on those outlets: they say how a difference would vary
    with other documents from them, and whether one of them carries it; they do
    not license a claim about the side's media system at large (its other
    outlets), which so few clusters cannot estimate (Cameron, Gelbach & Miller
    2008). With one outlet the outlet stage of the bootstrap is idle and the
    outlet cannot be left out.
    """


class RenamedWarning(FramingWarning, FutureWarning):
    """A parameter, flag or module was renamed or moved; the old spelling works for one more release.

    Also a ``FutureWarning``, so Python shows it by default in scripts and notebooks alike.
    The message names the new spelling.
    """


class LanguageMixWarning(FramingWarning):
    """A cluster is nearly one language: its share by side may reflect language, not emphasis
    (multilingual corpora; :func:`framing.analysis.multilingual.language_mix`)."""


#: Every error and warning class defined above, so a new one cannot be left out of the list.
__all__ = [
    name
    for name, obj in sorted(globals().items())
    if isinstance(obj, type) and issubclass(obj, (FramingError, FramingWarning))
]
