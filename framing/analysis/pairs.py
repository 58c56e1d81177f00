"""Which comparison to read: pick a pair of sides out of a pairwise table, or the default pair.

The statistics (:mod:`framing.analysis.compare`, ``compare_frames``, ``align``) compute every comparison
of the sides at once; a figure or a sentence of a notebook reads one. :func:`select_comparison`
is the one place that picks it (and turns ``(b, a)`` into ``(a, b)``), :func:`main_pair` the
pair a notebook contrasts by default and :func:`comparisons` the order every table lists them in.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import pandas as pd

from framing._core.docstrings import fill_doc
from framing._core.names import REST
from framing._core.validation import check_column, check_sides
from framing.errors import ParameterError


def comparisons(sides: Sequence[str]) -> list[tuple[str, str]]:
    """Every comparison of some sides: each pair, and each side against the rest when there are more than two.

    Parameters
    ----------
    sides : sequence of str
        The sides compared, in order.

    Returns
    -------
    list of tuple of (str, str)
        ``(a, b)`` for every pair in the order of ``sides``, then, with more than two sides,
        ``(a, "rest")`` for each (``"rest"``: :data:`framing._core.names.REST`).
    """
    sides = list(sides)
    pairs = list(combinations(sides, 2))
    if len(sides) > 2:  # with two sides "A vs rest" is just "A vs B"
        pairs += [(s, REST) for s in sides]
    return pairs


def _partner(column: str) -> str | None:
    """The ``_b`` column of an ``_a`` column (``share_a`` -> ``share_b``, ``share_a_raw`` -> ``share_b_raw``)."""
    if column.endswith("_a"):
        return column[:-2] + "_b"
    if "_a_" in column:
        return column.replace("_a_", "_b_", 1)
    return None


def _flip(table: pd.DataFrame) -> pd.DataFrame:
    """The same comparison seen from the other side: swap every a/b column pair, negate differences."""
    out = table.copy()
    for left in table.columns:
        right = _partner(str(left))
        if right is not None and right in table:
            out[left], out[right] = table[right], table[left]
    for col in ("diff", "log_odds", "z"):
        if col in out:
            out[col] = -table[col]
    for low, high in (("ci_low", "ci_high"), ("ci_low_doc", "ci_high_doc"), ("loo_low", "loo_high")):
        if low in out and high in out:
            out[low], out[high] = -table[high], -table[low]
    return out


def select_comparison(
    table: pd.DataFrame,
    *,
    sides: Sequence[str | None] | None = None,
    columns: tuple[str, str] = ("side_a", "side_b"),
    name: str = "table",
) -> pd.DataFrame:
    """Rows of one comparison (one pair of sides) from a pairwise or one-directional table.

    The one place a comparison is picked out of a table: the analyses' users and
    every plot call it.

    Parameters
    ----------
    table : pandas.DataFrame
        A tidy table with the two ``columns``: :func:`compare_shares`,
        :func:`distinctive_terms`, ``compare_frames`` or ``align(...).matches``
        (``side_a``, ``side_b``), or a one-directional table such as
        ``align(...).omissions`` (``columns=("side", "other")``).
    sides : tuple of (str or None, str or None), optional
        The comparison wanted, ``(a, b)``. In a pairwise table either order
        works: when the table holds ``(b, a)`` its rows are flipped (every
        ``_a``/``_b`` column pair swapped; ``diff``, ``log_odds``, ``z`` and the
        intervals and leave-one-outlet-out range negated), so positive values always favour ``a``. A
        one-directional table is never flipped (said by ``b`` and absent from
        ``a`` is another question). One side None: the first comparison that
        matches the other; None: the table's only comparison.
    columns : tuple of (str, str), default ("side_a", "side_b")
        The two columns holding the sides.
    name : str, default "table"
        What the table is, for error messages.

    Returns
    -------
    pandas.DataFrame
        The selected rows (index kept).
    """
    a_col, b_col = columns
    for col in columns:
        check_column(table, col, name=name)
    ga, gb = table[a_col].astype(str), table[b_col].astype(str)
    pairs = list(dict.fromkeys(zip(ga, gb)))
    if sides is None:
        if len(pairs) != 1:
            raise ParameterError(
                f"{name} holds {len(pairs)} comparisons {pairs}; choose one with sides=(a, b)."
            )
        sides = pairs[0]
    if isinstance(sides, str) or len(sides) != 2:
        raise ParameterError(f"sides must be a pair (a, b) of values of {name}'s {a_col!r}; got {sides!r}.")
    a, b = sides
    flippable = a_col.endswith("_a") and b_col.endswith("_b")
    if a is None or b is None:
        given = [p for p in pairs if (a is None or p[0] == a) and (b is None or p[1] == b)]
        if not given and flippable:
            given = [(y, x) for x, y in pairs if (a is None or y == a) and (b is None or x == b)]
        if given:
            a, b = given[0]
    if (a, b) in pairs:
        return table[(ga == a) & (gb == b)]
    if flippable and (b, a) in pairs:
        return _flip(table[(ga == b) & (gb == a)])
    raise ParameterError(f"({a!r}, {b!r}) is not in {name}; the comparisons are {pairs}.")


@fill_doc
def main_pair(
    sentences: pd.DataFrame, *, by: str = "side", sides: Sequence[str] | None = None, doc_col: str = "doc_id"
) -> list[str]:
    """The two values of ``by`` with the most documents: the default pair a notebook contrasts.

    Parameters
    ----------
    sentences : pandas.DataFrame
        Sentences (or documents) table with ``doc_col`` and ``by``.
    {doc.by}
    sides : sequence of str, optional
        Candidates; None = all values of ``by``.
    doc_col : str, default "doc_id"
        Document id column.

    Returns
    -------
    list of str
        Two sides, most documents first; ties in alphabetical order.
    """
    groups, chosen = check_sides(sentences, by, sides, min_groups=2)
    docs = check_column(sentences, doc_col, param="doc_col")
    counts = pd.Series(docs.to_numpy(), index=groups.to_numpy()).groupby(level=0).nunique()
    counts = counts.reindex(chosen).fillna(0)
    ranked = sorted(chosen, key=lambda g: (-counts[g], g))
    return ranked[:2]


__all__ = ["comparisons", "main_pair", "select_comparison"]
