"""Long exercise titles in narrow places: shortened where they head a screen, elided in lists,
whole in a tooltip. A title can run to 200 characters (a long file name kept whole)."""

from __future__ import annotations

import re

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem

HEADING_CHARS = 76  # one line of a screen heading in a 1280 px window
ELLIPSIS = "…"
_LONG_RUN = re.compile(r"\S{40,}")
ZERO_WIDTH_SPACE = "\u200b"


def short_title(title: str, limit: int = HEADING_CHARS) -> str:
    """`title` cut to `limit` characters at a word's end where one is near, ending in '…'."""
    if len(title) <= limit:
        return title
    cut = title[: limit - len(ELLIPSIS)]
    space = cut.rfind(" ")
    if space > limit * 2 // 3:  # don't lose more than a third to find a word's end
        cut = cut[:space]
    return cut.rstrip() + ELLIPSIS


def breakable(text: str) -> str:
    """Lets a word-wrapped label break a long unspaced run (a slug-like name) instead of widening."""
    return _LONG_RUN.sub(lambda m: ZERO_WIDTH_SPACE.join(_chunks(m.group(0), 20)), text)


def _chunks(text: str, size: int) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)]


class ElideMiddleDelegate(QStyledItemDelegate):
    """Elides in the middle, so what ends a cell (the '· content note' mark) stays in sight."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle  # type: ignore[attr-defined]


def narrow_combo(combo: QComboBox, chars: int = 16) -> None:
    """A combo of titles sized for `chars` letters, not its longest item (its list shows them whole)."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(chars)
