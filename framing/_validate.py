"""Input checks shared by the analysis stages (cluster, compare, align, frames).

Modelled on scikit-learn's ``check_array``: each function returns a clean
version of its input or raises a :class:`~framing.errors.ParameterError`
that says which argument is wrong and how to fix it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from framing.errors import ParameterError


def check_vectors(vectors, *, n_rows: int | None = None, name: str = "vectors") -> np.ndarray:
    """Return ``vectors`` as a 2-D float32 array, rejecting NaN/inf and length mismatches.

    Parameters
    ----------
    vectors : array-like of shape (n, d)
        Sentence embeddings, one row per sentence.
    n_rows : int, optional
        Number of rows the array must have (the number of sentences).
    name : str
        Argument name used in error messages.

    Returns
    -------
    numpy.ndarray of float32, shape (n, d)
    """
    try:
        arr = np.asarray(vectors, dtype=np.float32)
    except (TypeError, ValueError) as exc:
        raise ParameterError(f"{name} must be a numeric array of shape (n_sentences, dim): {exc}") from None
    if arr.ndim != 2:
        raise ParameterError(
            f"{name} must be 2-D (n_sentences, dim); got shape {arr.shape}. "
            "Pass the output of framing.embed() or Embedder.encode()."
        )
    if n_rows is not None and arr.shape[0] != n_rows:
        raise ParameterError(
            f"{name} has {arr.shape[0]} rows but there are {n_rows} sentences; they must be row-aligned. "
            "Embed exactly the sentences table you pass (framing.embed(sentences))."
        )
    bad = ~np.isfinite(arr).all(axis=1)
    if bad.any():
        rows = np.flatnonzero(bad)
        raise ParameterError(
            f"{name} contains NaN or infinite values in {bad.sum()} row(s) (first: {rows[:5].tolist()}). "
            "Re-embed those sentences or drop them from both the sentences table and the vectors."
        )
    return arr


def check_column(table: pd.DataFrame, column: str, *, name: str = "sentences") -> pd.Series:
    """Return ``table[column]`` or raise a ParameterError listing the available columns.

    Parameters
    ----------
    table : pandas.DataFrame
    column : str
        Column to fetch, e.g. the comparison axis ``by="side"``.
    name : str
        What the table is, for the message.

    Returns
    -------
    pandas.Series
    """
    if not isinstance(table, pd.DataFrame):
        raise ParameterError(f"{name} must be a pandas DataFrame; got {type(table).__name__}.")
    if column not in table.columns:
        raise ParameterError(
            f"{name} has no column {column!r}; available columns: {list(map(str, table.columns))}. "
            "Pass by= one of those."
        )
    return table[column]


def check_groups(
    values: pd.Series,
    groups: Sequence[str] | None = None,
    *,
    column: str = "side",
    min_groups: int = 2,
) -> list[str]:
    """Check the comparison groups (sides) present in ``values``.

    Parameters
    ----------
    values : pandas.Series
        The comparison column (e.g. ``sentences["side"]``).
    groups : sequence of str, optional
        Groups the caller asked for; each must occur in ``values``. ``None`` means all.
    column : str
        Column name, for the message.
    min_groups : int
        Fewest groups the comparison needs.

    Returns
    -------
    list of str
        The groups to compare, in sorted order when ``groups`` is None, else as given.
    """
    present = sorted(pd.unique(values.dropna().astype(str)))
    if groups is None:
        chosen = present
    else:
        if isinstance(groups, str):
            groups = [groups]
        missing = [g for g in groups if g not in present]
        if missing:
            raise ParameterError(
                f"{column} value(s) {missing} are not in the data; the {column} values present are {present}."
            )
        chosen = list(dict.fromkeys(groups))
    if len(chosen) < min_groups:
        raise ParameterError(
            f"this comparison needs at least {min_groups} distinct {column} values, but the data has "
            f"{len(chosen)} ({chosen}). Add documents from another {column}, or compare by another column."
        )
    return chosen
