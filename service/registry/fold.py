"""Search folding: one form of a text for matching, whatever was typed."""

import unicodedata

# Letters that decompose to nothing useful but read as a plain "d" to a
# Vietnamese reader: the stroked d, and the eth and African d that editors'
# keyboards sometimes produce in its place.
_D_LOOKALIKES = str.maketrans(dict.fromkeys("đĐðÐɖƉ", "d"))


def fold(text: str) -> str:
    """Return the form of `text` that search stores and matches.

    NFKD rather than plain NFD so that compatibility forms (full-width
    letters, ligatures) fold to the same letters as their plain twins.
    Invisible format characters (zero-width space, direction marks) count
    as spaces, which then collapse like any other.
    """
    decomposed = unicodedata.normalize("NFKD", text)

    bare = "".join(
        " " if unicodedata.category(c) == "Cf" else c
        for c in decomposed
        if not unicodedata.combining(c)
    )

    plain = bare.translate(_D_LOOKALIKES).casefold()

    return " ".join(plain.split())
