"""Speaker categories: what kind of voice a speaker is, placed relative to the sentence's side.

A government speaker is "own", "other side's" or "third-country" according to whose coverage quotes
them (Sigal 1973's official sources, split by side); the other affiliations map to one category each.
"""

from __future__ import annotations

#: The speaker categories, in the order figures show them. "other" holds
#: speakers the codebook cannot place (a named person it does not know).
CATEGORIES = (
    "own government or military",
    "other side's government",
    "third-country officials",
    "international organisations",
    "experts and analysts",
    "media",
    "anonymous",
    "other",
)

#: Label of sentences with no reported speech in share tables (the outlet's own voice).
NO_SPEAKER = "no attributed speaker"

#: Default rivals: whose government is "the other side" for each side.
RIVALS: dict[str, tuple[str, ...]] = {"India": ("Pakistan",), "Pakistan": ("India",)}

#: Short names a user's speakers table may use for the categories.
CATEGORY_KEYS = {
    "own": CATEGORIES[0],
    "other_side": CATEGORIES[1],
    "third_country": CATEGORIES[2],
    "international": CATEGORIES[3],
    "expert": CATEGORIES[4],
    "media": CATEGORIES[5],
    "anonymous": CATEGORIES[6],
    "other": CATEGORIES[7],
}
#: The affiliations a speakers table row may give instead of a category.
AFFILIATIONS = ("government", "international", "expert", "media", "anonymous", "other")


def speaker_category(
    aff: str | None,
    country: str | None,
    fixed: str | None,
    own: str | None,
    rivals: tuple,
) -> str:
    """The category of a speaker of affiliation ``aff`` (and ``country``) quoted in a document of ``own`` country.

    Parameters
    ----------
    aff, country, fixed : str or None
        The speaker's affiliation, country and fixed category, as :class:`~framing.voices.codebook.Resolver`
        returns them; a fixed category is used as is.
    own : str or None
        The document's country (None when it speaks for no country).
    rivals : tuple of str
        The countries whose government is "the other side" for that document.

    Returns
    -------
    str
        One of :data:`CATEGORIES`.

    References
    ----------
    Sigal, L. V. (1973). Reporters and Officials. Heath (official sources, here split by side).
    """
    if fixed is not None:
        return fixed
    if aff == "government":
        if country is not None and country == own:
            return CATEGORIES[0]
        if country is not None and country in rivals:
            return CATEGORIES[1]
        return CATEGORIES[2] if country is not None else CATEGORIES[7]
    return {
        "international": CATEGORIES[3],
        "expert": CATEGORIES[4],
        "media": CATEGORIES[5],
        "anonymous": CATEGORIES[6],
    }.get(aff, CATEGORIES[7])
