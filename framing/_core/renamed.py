"""Old spellings that keep working for one release, each with a :class:`~framing.errors.RenamedWarning`.

Modelled on scikit-learn's ``_deprecate_positional_args`` and its renamed-parameter
deprecations: the function's signature shows only the new spelling (so the docs,
``inspect.signature`` and the conventions test see the API as it now is), while a
call written for the last release still runs and is told what to write instead.
"""

from __future__ import annotations

import functools
import inspect
import warnings

from framing.errors import ParameterError, RenamedWarning


def renamed_parameters(**old_to_new: str):
    """Accept renamed keyword arguments under their old names for one release.

    Parameters
    ----------
    **old_to_new : str
        Each old keyword name mapped to its new name, e.g. ``seed="random_state"``.

    Returns
    -------
    callable
        A decorator. The decorated function's signature is the new one; a call that
        passes an old name gets a :class:`~framing.errors.RenamedWarning` naming the new
        one, and a :class:`~framing.errors.ParameterError` when it passes both.

    References
    ----------
    scikit-learn's deprecation policy: https://scikit-learn.org/stable/developers/contributing.html#deprecation
    """

    def decorate(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            for old, new in old_to_new.items():
                if old not in kwargs:
                    continue
                if new in kwargs:
                    raise ParameterError(
                        f"{func.__qualname__}() got both {old}= and {new}=; pass {new}= only."
                    )
                warnings.warn(
                    f"{func.__qualname__}({old}=...) is now {new}=...; {old}= stops working in the next release.",
                    RenamedWarning,
                    stacklevel=2,
                )
                kwargs[new] = kwargs.pop(old)
            return func(*args, **kwargs)

        wrapper.__renamed__ = {**getattr(func, "__renamed__", {}), **old_to_new}
        return wrapper

    return decorate


def keyword_only_options(func):
    """Accept options passed by position, as the last release did, for one more release.

    The decorated function declares its options keyword-only (after ``*``). A call that
    still passes them by position gets a :class:`~framing.errors.RenamedWarning` naming the
    keywords to write, and runs as before.

    Parameters
    ----------
    func : callable
        A function whose options are keyword-only in its new signature, in the order the
        last release took them by position.

    Returns
    -------
    callable
        The wrapped function, with ``func``'s signature.
    """
    params = list(inspect.signature(func).parameters.values())
    n_positional = sum(p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) for p in params)
    keyword_only = [p.name for p in params if p.kind is p.KEYWORD_ONLY]

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        extra = args[n_positional:]
        if extra:
            names = keyword_only[: len(extra)]
            if len(names) < len(extra):
                raise TypeError(
                    f"{func.__qualname__}() takes {n_positional} positional arguments; got {len(args)}."
                )
            spelled = ", ".join(f"{name}=..." for name in names)
            warnings.warn(
                f"{func.__qualname__}() takes its options by keyword now: write {spelled}. "
                "Passing them by position stops working in the next release.",
                RenamedWarning,
                stacklevel=2,
            )
            kwargs.update(zip(names, extra, strict=True))
        return func(*args[:n_positional], **kwargs)

    return wrapper
