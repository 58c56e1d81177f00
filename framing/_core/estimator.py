"""What framing's scikit-learn estimators share: declarative parameter checks and the fitted check.

Parameters are declared as scikit-learn declares its own (``_parameter_constraints``,
checked by ``sklearn.base._fit_context`` before ``fit`` runs); a violation is raised as a
:class:`~framing.errors.ParameterError` (still a ``ValueError``), with scikit-learn's message,
which names the parameter, the allowed values and the value given.
"""

from __future__ import annotations

import numpy as np
from sklearn.exceptions import NotFittedError as SklearnNotFittedError
from sklearn.utils._param_validation import InvalidParameterError
from sklearn.utils.validation import check_is_fitted, validate_data

from framing._core.validation import check_vectors
from framing.errors import FramingError, NotFittedError, ParameterError


class _VectorsTypeError(ParameterError, TypeError):
    """Vectors of a type no estimator takes (sparse, object): a ParameterError and, as in scikit-learn, a TypeError."""


class ValidatedParamsMixin:
    """Turn scikit-learn's parameter-validation error into a :class:`~framing.errors.ParameterError`."""

    def _validate_params(self):
        try:
            super()._validate_params()
        except InvalidParameterError as exc:
            raise ParameterError(f"{exc} See help({type(self).__name__}) for each parameter.") from None


def check_fitted(estimator, attribute: str, how: str) -> None:
    """Raise :class:`~framing.errors.NotFittedError` unless ``estimator`` has been fitted.

    Parameters
    ----------
    estimator : estimator
        The estimator a method was called on.
    attribute : str
        A learned attribute that ``fit`` sets.
    how : str
        The call that fits it, for the message (e.g. ``"fit(vectors, texts=...)"``).
    """
    try:
        check_is_fitted(estimator, attribute)
    except SklearnNotFittedError:
        raise NotFittedError(
            f"this {type(estimator).__name__} is not fitted yet; call {how} before using it."
        ) from None


def check_vectors_for(estimator, X, *, reset: bool) -> np.ndarray:
    """Validate the vectors given to an estimator's ``fit`` (``reset=True``) or ``predict``.

    scikit-learn's ``validate_data`` records (or checks) ``n_features_in_`` and column names and
    refuses sparse, complex, object and 1-D input; :func:`framing._core.validation.check_vectors` then
    names the rows holding NaN or infinity. Float32 input with C order is not copied. Errors are
    :class:`~framing.errors.ParameterError` (a ``TypeError`` too where scikit-learn raises one).

    Parameters
    ----------
    estimator : estimator
        The estimator being fitted or used.
    X : array-like of shape (n_sentences, dim)
        The vectors.
    reset : bool
        True in ``fit`` (record the dimension), False after (check it).

    Returns
    -------
    numpy.ndarray of float32, shape (n_sentences, dim)
        The vectors, as given when they already were such an array.
    """
    try:
        arr = validate_data(estimator, X, dtype=np.float32, ensure_all_finite=False, reset=reset)
    except (TypeError, ValueError) as exc:
        if isinstance(exc, FramingError):
            raise
        hint = (
            " Embed with the model the estimator was fitted on."
            if "features" in str(exc)
            else " Pass the vectors from framing.embed() or Embedder.encode(), shape (n_sentences, dim)."
        )
        error = _VectorsTypeError if isinstance(exc, TypeError) else ParameterError
        raise error(f"vectors: {exc}{hint}") from None
    return check_vectors(arr)
