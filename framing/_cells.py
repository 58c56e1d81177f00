"""Cells of the tables users hand to framing: one reading of a missing or numeric value.

A spreadsheet cell left empty arrives as ``None``, ``NaN``, ``pd.NA`` or ``""`` depending on the
reader, and a number typed into a text column arrives as a float (``2025.0``). The corpus reader
and the speakers table read cells the same way through :func:`cell_text`.
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
