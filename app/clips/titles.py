"""Titles from file names as users bring them: odd bytes, decomposed letters, long names.

- A name whose bytes are not UTF-8 (a Latin-1 'é' from an old disk or zip) reaches Python with
  surrogate escapes ('\\udce9'); those can be neither stored (SQLite encodes UTF-8) nor shown
  (Qt drops them), so they become U+FFFD '�'. The file itself is copied under its hash name,
  so its own name never needs to be stored.
- macOS writes names decomposed ('U' + '¨'); titles are NFC so they look, sort and compare as typed.
- Spaces are kept as written (two spaces stay two); only the ends are trimmed. '_' and '.' runs
  (slug separators, not spaces the user typed) become one space.
- Long names are kept whole up to the title column's 200 characters (the views elide them, with
  the full title in a tooltip). The old cut at 120 only kept the Library's title column narrow;
  widening the column would need a migration, so a longer name keeps its first 199 characters
  and ends with '…', which the user can change in the import dialog.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from practice_db.clips import MAX_TITLE

FALLBACK_TITLE = "Imported clip"
REPLACEMENT = "\ufffd"
ELLIPSIS = "…"
_SEPARATORS = re.compile(r"[_.]+")


def valid_text(text: str) -> str:
    """`text` with any surrogate (a byte that wasn't UTF-8, escaped by Python) as '�'."""
    try:
        raw = os.fsencode(text)  # undoes the surrogate escapes: the name's bytes on disk
    except UnicodeError:  # lone surrogates that were never bytes (a Windows-style name)
        raw = text.encode("utf-8", "surrogatepass")
    return raw.decode("utf-8", errors="replace")


def readable_name(name: str) -> str:
    """A file name as text that can be shown and stored: bytes that aren't UTF-8 become '�', NFC."""
    return unicodedata.normalize("NFC", valid_text(name))


def display_name(path: Path) -> str:
    """The file's name for a label or message (Qt silently drops undecodable bytes otherwise)."""
    return readable_name(path.name)


def _plain_spaces(text: str) -> str:
    """Tabs, line breaks and other control characters become one space each (a title is one line)."""
    return "".join(" " if c.isspace() or unicodedata.category(c) == "Cc" else c for c in text)


def fit_title(text: str) -> str:
    """NFC, ends trimmed, at most MAX_TITLE characters (a longer one ends with '…')."""
    title = unicodedata.normalize("NFC", valid_text(text)).strip()
    if len(title) <= MAX_TITLE:
        return title
    cut = MAX_TITLE - len(ELLIPSIS)
    while cut > 0 and unicodedata.combining(title[cut]):  # don't part a letter from its mark
        cut -= 1
    return title[:cut].rstrip() + ELLIPSIS


def tidy_title(source: Path) -> str:
    """A readable default title from a file name: 'hostile_client-take2.MP4' -> 'Hostile client take2'."""
    stem = _plain_spaces(readable_name(source.stem)).strip()
    text = _SEPARATORS.sub(" ", stem)
    if " " not in stem:  # slug-like names use hyphens as spaces; keep 'self-harm' in spaced names
        text = text.replace("-", " ")
    text = text.strip(" -")
    if text and text == text.lower():
        text = text[0].upper() + text[1:]
    return fit_title(text) or FALLBACK_TITLE


def find_on_disk(path: Path) -> Path:
    """The real path of a file whose name came through Qt (a file dialog, a drop): Qt decodes names
    as UTF-8 and turns a byte that isn't into '�', so that path doesn't exist. Each such part is
    matched against its folder's entries as shown; only a single match is taken."""
    if REPLACEMENT not in str(path) or path.exists():
        return path
    found = Path(path.anchor)
    for part in path.parts[len(Path(path.anchor).parts) :]:
        if REPLACEMENT in part and not (found / part).exists():
            try:
                same = [e for e in os.listdir(found) if readable_name(e) == readable_name(part)]
            except OSError:
                return path  # reported as missing or unreadable by the checks, as typed
            if len(same) != 1:
                return path
            part = same[0]
        found = found / part
    return found
