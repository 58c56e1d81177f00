"""Cells of the tables users hand to framing: reading a cell, and naming the rows at fault.

A spreadsheet cell left empty arrives as ``None``, ``NaN``, ``pd.NA`` or ``""`` depending on the
reader, and a number typed into a text column arrives as a float (``2025.0``). The corpus reader,
the coding-sheet reader and the speakers table read cells the same way (:func:`cell_text`) and name
the rows an error is about the same way (:func:`rows_at`).
"""

from __future__ import annotations

import pandas as pd


def cell_text(value) -> str:
    """Return a cell as stripped text: ``""`` when it is missing, ``"3"`` for a float ``3.0``.

    Parameters
    ----------
    value : object
        One cell of a user's table (str, number, None, NaN, ``pd.NA``...).

    Returns
    -------
    str
        The text, stripped of surrounding white space; ``""`` for a missing value.
    """
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def rows_at(rows, mask, *, shown: int = 5) -> str:
    """Name the rows where ``mask`` is true, as an error message does: the first few, then the count.

    Parameters
    ----------
    rows : sequence of str
        How each row is named for the user (``"row 3"``, ``"line 3"``, ``"index 'a'"``).
    mask : array-like of bool
        Which rows are at fault, aligned with ``rows``.
    shown : int, default 5
        How many rows to name before the count.

    Returns
    -------
    str
        E.g. ``"row 2, row 3 (2 in all)"`` or ``"line 2, line 5, ... (9 in all)"``.
    """
    bad = [i for i, flag in enumerate(mask) if flag]
    named = ", ".join(str(rows[i]) for i in bad[:shown])
    return f"{named}{' ...' if len(bad) > shown else ''} ({len(bad)} in all)"
