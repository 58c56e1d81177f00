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


def check_column(
    table: pd.DataFrame, column: str, *, name: str = "sentences", param: str | None = None
) -> pd.Series:
    """Return ``table[column]`` or raise a ParameterError listing the available columns.

    Parameters
    ----------
    table : pandas.DataFrame
    column : str
        Column to fetch, e.g. the comparison axis ``by="side"``.
    name : str
        What the table is, for the message.
    param : str, optional
        The argument that named the column (``"by"``, ``"doc_col"``...): the
        message then says to pass that argument one of the columns. Without
        it, the column is one the table must have, and the message says so.

    Returns
    -------
    pandas.Series
    """
    if not isinstance(table, pd.DataFrame):
        raise ParameterError(f"{name} must be a pandas DataFrame; got {type(table).__name__}.")
    if column not in table.columns:
        fix = (
            f"Pass {param}= one of those."
            if param
            else f"Pass the table framing made for this step, or add or rename the column {column!r}."
        )
        raise ParameterError(
            f"{name} has no column {column!r}; available columns: {list(map(str, table.columns))}. {fix}"
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
                f"{column} value(s) {missing} are not in the data; the {column} values present are {present}. "
                "Pass sides= some of those (spelled exactly), or None for all."
            )
        chosen = list(dict.fromkeys(groups))
    if len(chosen) < min_groups:
        raise ParameterError(
            f"this comparison needs at least {min_groups} distinct {column} values, but the data has "
            f"{len(chosen)} ({chosen}). Add documents from another {column}, or compare by another column."
        )
    return chosen


def check_int(value, name: str, *, minimum: int = 1) -> int:
    """Return ``value`` as an int, or raise a ParameterError if it is not a whole number >= ``minimum``.

    Parameters
    ----------
    value : int-like
        The argument (``n_boot``, ``min_count``...). Whole floats such as ``2000.0`` are accepted.
    name : str
        Argument name used in the message.
    minimum : int
        Smallest allowed value.

    Returns
    -------
    int
    """
    ok = isinstance(value, (int, np.integer)) or (
        isinstance(value, (float, np.floating)) and float(value).is_integer()
    )
    if isinstance(value, bool) or not ok or int(value) < minimum:
        raise ParameterError(f"{name} must be a whole number >= {minimum}; got {value!r}.")
    return int(value)


def check_random_state(value, name: str = "random_state") -> int:
    """Return the seed a ``random_state`` argument stands for: the int itself, or a fresh one for None.

    Parameters
    ----------
    value : int or None
        The argument. An int (>= 0) is the seed, so the same inputs give the same numbers; None
        draws a seed from fresh operating-system entropy, so results differ run to run.
    name : str
        Argument name used in the message.

    Returns
    -------
    int
        The seed, to pass on to every random step of one call (so one call stays consistent).
    """
    if value is None:
        return int(np.random.SeedSequence().generate_state(1)[0])
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ParameterError(
            f"{name} must be a whole number >= 0 (a seed) or None (fresh entropy); got {value!r}."
        )
    return int(value)


def check_number(
    value, name: str, *, low: float, high: float, inclusive: bool = True, hint: str = ""
) -> float:
    """Return ``value`` as a float, or raise a ParameterError if it is not a number in range.

    Parameters
    ----------
    value : float-like
        The argument (``ci``, ``threshold``...).
    name : str
        Argument name used in the message.
    low, high : float
        Allowed range.
    inclusive : bool
        Whether the ends of the range are allowed.
    hint : str
        Appended to the message, e.g. ``" (e.g. 0.95)"``.

    Returns
    -------
    float
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise ParameterError(f"{name} must be a number between {low} and {high}{hint}; got {value!r}.")
    x = float(value)
    inside = (low <= x <= high) if inclusive else (low < x < high)
    if not inside:
        which = "between" if inclusive else "strictly between"
        raise ParameterError(f"{name} must be {which} {low} and {high}{hint}; got {value!r}.")
    return x


def check_labels(
    labels, n_rows: int, *, name: str = "labels", integer: bool = True, rows_of: str | None = None
) -> np.ndarray:
    """Return category labels as a 1-D array row-aligned with ``n_rows`` sentences.

    The one label check every stage uses (compare, align, frames, plots).

    Parameters
    ----------
    labels : array-like, shape (n_rows,)
        Category of each sentence (``SentenceClusterer.labels_``; ``-1`` is noise).
    n_rows : int
        Number of sentences.
    name : str, default "labels"
        Argument name used in the message.
    integer : bool, default True
        Require whole-number cluster ids (returned as int64); with False any
        hashable labels are kept as they are (an object array).
    rows_of : str, optional
        What the rows are, for the message; default ``"sentences has <n_rows> rows"``.

    Returns
    -------
    numpy.ndarray
        int64 when ``integer``, else object.
    """
    lab = np.asarray(labels.to_numpy(dtype=object) if isinstance(labels, pd.Series) else labels)
    if lab.ndim != 1:
        raise ParameterError(
            f"{name} must be one-dimensional (one label per sentence); got shape {lab.shape}."
        )
    if len(lab) != n_rows:
        rows_of = rows_of or f"sentences has {n_rows} rows"
        raise ParameterError(
            f"{name} has {lab.size} entries but {rows_of}; pass "
            "clusterer.labels_ from a fit on the vectors of exactly these sentences, row-aligned with them."
        )
    missing = pd.isna(pd.Series(lab, dtype=object)).to_numpy()
    if missing.any():
        rows = np.flatnonzero(missing)
        raise ParameterError(
            f"{name} is missing (NaN/None) at {missing.sum()} row(s) (first: {rows[:5].tolist()}); give every "
            "sentence a cluster id (HDBSCAN noise is -1), or drop those rows from the sentences too."
        )
    if not integer:
        return lab.astype(object)
    if lab.dtype.kind in "iu":
        return lab.astype(np.int64)
    try:
        as_float = lab.astype(float)
    except (TypeError, ValueError):
        as_float = None
    if as_float is None or not np.all(np.mod(as_float, 1) == 0):
        example = next((v for v in lab if not isinstance(v, (int, np.integer))), lab[0])
        raise ParameterError(
            f"{name} must be integer cluster ids (clusterer.labels_); got values such as {example!r}. "
            f"Turn other labels into ids first: pandas.factorize({name})[0]."
        )
    return as_float.astype(np.int64)


# --- texts for estimators that own their encoder (issue 22) ---


def is_text_estimator(estimator) -> bool:
    """True when ``estimator`` takes texts rather than vectors (its tags say ``string`` input, no 2-D arrays).

    Parameters
    ----------
    estimator : estimator
        Any scikit-learn estimator or Pipeline (a Pipeline takes texts when one of its steps does).

    Returns
    -------
    bool
    """
    steps = getattr(estimator, "steps", None)
    if isinstance(steps, list):
        # A Pipeline's tags do not carry its steps' input types: it takes texts when a step does.
        return any(is_text_estimator(step) for _, step in steps if step not in (None, "passthrough"))
    try:
        tags = estimator.__sklearn_tags__()
    except AttributeError:
        return False
    return bool(tags.input_tags.string and not tags.input_tags.two_d_array)


def check_texts(X, name: str = "X") -> list[str]:
    """The texts as a list of str; a ParameterError naming the first row that is not text.

    Parameters
    ----------
    X : sequence of str
        Sentences (a list, Series or 1-D array).
    name : str
        The parameter's name, for the message.

    Returns
    -------
    list of str
    """
    if isinstance(X, str) or (isinstance(X, np.ndarray) and X.ndim != 1) or not hasattr(X, "__len__"):
        raise ParameterError(
            f"{name} must be a sequence of sentence texts (e.g. sentences['text']); got "
            f"{type(X).__name__}{getattr(X, 'shape', '')}. This classifier embeds the texts itself."
        )
    texts = list(X.tolist() if hasattr(X, "tolist") else X)
    bad = next((i for i, t in enumerate(texts) if not isinstance(t, str)), None)
    if bad is not None:
        raise ParameterError(
            f"{name} row {bad} is {type(texts[bad]).__name__}, not text; pass the sentences' texts."
        )
    if not texts:
        raise ParameterError(f"{name} is empty; pass at least one sentence.")
    return texts


def check_sides(table: pd.DataFrame, by: str, sides, *, min_groups: int = 2) -> tuple[pd.Series, list[str]]:
    """The comparison column of a table, as strings, and the sides chosen among its values.

    The opening of every analysis that compares sides (compare, over_time, align, pairs).

    Parameters
    ----------
    table : pandas.DataFrame
        The sentences (or documents).
    by : str
        The comparison column (an error names it as ``by``).
    sides : sequence of str or None
        The sides wanted; None = every value of ``by`` (see :func:`check_groups`).
    min_groups : int, default 2
        Fewest sides.

    Returns
    -------
    groups : pandas.Series of string
        The ``by`` column.
    sides : list of str
        The chosen sides.
    """
    groups = check_column(table, by, param="by").astype("string")
    return groups, check_groups(groups, sides, column=by, min_groups=min_groups)


def check_k(k, *, name: str = "k") -> None:
    """Refuse a number of clusters below 2 (the one check the notebooks and the CLI share).

    Parameters
    ----------
    k : int or None
        Number of clusters; None (choose by silhouette) passes.
    name : str
        How the message names the parameter (``"--k"`` on the command line).

    Returns
    -------
    None
    """
    if k is not None and (isinstance(k, bool) or not isinstance(k, int) or k < 2):
        raise ParameterError(
            f"{name} must be a whole number >= 2 (or left out to choose by silhouette); got {k!r}."
        )
