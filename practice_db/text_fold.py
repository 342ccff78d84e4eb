"""Text as people search it: case and accents folded for every script, matched in Python.

Search runs on rows already loaded, not in SQL: SQLite's lower() and LIKE fold ASCII only
("Über" never matched "uber"), and PostgreSQL (clinic mode) would fold by its own locale. Doing it
here gives one rule on every backend with no schema change. Cost: 2,000 clips' titles and
statements fold in ~50 ms the first time and ~2 ms once cached (on the DB worker, not the GUI).

The rule (after Unicode's "canonical caseless match"): casefold, NFKD, then drop the general
diacritics (the Combining Diacritical Marks blocks, plus Hebrew points and Arabic vowel signs,
which readers also leave out when they type). Marks that are letters' own parts in other scripts
(Devanagari vowel signs, kana voicing marks, Thai tone marks) are kept, so "का" never finds "क".
A few Latin letters with a stroke or ligature have no decomposition and are mapped by hand.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import lru_cache

# General-purpose diacritics, whatever the script they sit on.
_DIACRITIC_RANGES = (
    (0x0300, 0x036F),  # Combining Diacritical Marks (é, ü, ñ, č, ő, ǅ's caron, Greek tonos …)
    (0x1AB0, 0x1AFF),  # … Extended
    (0x1DC0, 0x1DFF),  # … Supplement
    (0x20D0, 0x20FF),  # … for Symbols
    (0xFE20, 0xFE2F),  # Combining Half Marks
    (0x0591, 0x05C7),  # Hebrew cantillation and vowel points (niqqud)
    (0x064B, 0x065F),  # Arabic harakat (fatha, kasra, shadda …)
    (0x0670, 0x0670),  # Arabic superscript alef
)
_DROP: dict[int, None] = {code: None for low, high in _DIACRITIC_RANGES for code in range(low, high + 1)}
# Latin letters without a decomposition, written plainly as people type them without the key.
_PLAIN = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "ħ": "h", "ŧ": "t", "ı": "i", "æ": "ae", "œ": "oe", "ƀ": "b", "ð": "d"}
)


@lru_cache(maxsize=1 << 15)  # a big library's titles and statements, so a second search is warm
def fold(text: str) -> str:
    """The search key of `text`: 'Café  ÜBER' -> 'cafe uber'; runs of white space become one space."""
    bare = unicodedata.normalize("NFKD", text.casefold()).translate(_DROP)
    # Casefold again: NFKD can produce letters with case (e.g. from compatibility characters).
    plain = unicodedata.normalize("NFKD", bare.casefold()).translate(_PLAIN)
    return " ".join(plain.split())


def matches(query: str, texts: Iterable[str | None]) -> bool:
    """Whether the folded query occurs in any of `texts` (a blank query matches everything)."""
    needle = fold(query)
    return not needle or any(needle in fold(t) for t in texts if t)


def name_key(text: str) -> str:
    """Whether two names are the same person's: case and width folded, accents kept ('René' is
    not 'Rene', but 'ÜLLA' is 'ülla' and a decomposed 'Zoë' is 'Zoë')."""
    return " ".join(unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold()).split())


def sort_key(text: str) -> tuple[str, str]:
    """Order by the folded text ('Über' beside 'Uber', not after 'Z'), then as written."""
    return fold(text), text
