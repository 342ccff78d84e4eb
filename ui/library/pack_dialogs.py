"""The two clip pack dialogs: what goes into a pack before it is saved, and what a pack holds
before it is imported. They only show and ask; ui/library/pack_flow.py does the work on workers."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.clip_packs.export import human_size
from app.clip_packs.importer import PackPreview
from practice_db.records import ClipRecord
from practice_db.vocabulary import DIFFICULTY_LABELS, PRESENTATION_LABELS
from ui.common.dialog_keys import close_on_ctrl_w

PACK_CONSENT = (
    "A clip cut from a real session is client data: put it in a pack only with the client's consent "
    "and your service's approval. Actors' and role-play recordings can be shared freely."
)
PACK_HOLDS = (
    "The pack holds each exercise's clip file, title, presentation, level, what the client says, "
    "facets, criteria, example reply and content note. Attempts, ratings and notes never go in it."
)
NOTE_STYLE = "color: #8a4b00;"
MAX_TABLE_ROWS = 10  # taller lists scroll; the dialog stays inside a 720-pixel screen


def _table(name: str, headers: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a list to read: Tab goes to the buttons
    table.setWordWrap(False)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            table.setItem(r, c, item)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    header.setMaximumSectionSize(280)  # a long note is elided (its tooltip has it whole), the title stays
    shown = min(len(rows), MAX_TABLE_ROWS)
    row_height = table.verticalHeader().defaultSectionSize()
    height = header.sizeHint().height() + max(shown, 1) * row_height + 2 * table.frameWidth()
    table.setMinimumHeight(height)
    if len(rows) <= MAX_TABLE_ROWS:  # a short list takes only its own height
        table.setMaximumHeight(height)
    return table


def _kind(presentation: str, level: int) -> str:
    return f"{PRESENTATION_LABELS.get(presentation, presentation)} · {DIFFICULTY_LABELS.get(level, level)}"


def _here(title: str, already_as: str | None) -> str:
    if already_as is None:
        return "new"
    return "already here" if already_as == title else f"already here as «{already_as}»"


class _PackDialog(QDialog):
    def __init__(self, title: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(620)
        self.column = QVBoxLayout(self)
        close_on_ctrl_w(self)

    def _note(self, text: str, name: str, style: str = "") -> QLabel:
        label = QLabel(text)
        label.setObjectName(name)
        label.setWordWrap(True)
        if style:
            label.setStyleSheet(style)
        self.column.addWidget(label)
        return label

    def _buttons(self, ok_text: str) -> QPushButton:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        ok = box.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setDefault(True)  # Enter
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        self.column.addStretch(1)  # extra height goes below the notes, not between them
        self.column.addWidget(box)
        return ok


class ExportPackDialog(_PackDialog):
    """The chosen exercises, the pack's size and what a pack holds; "Save clip pack…" goes on."""

    def __init__(self, clips: list[ClipRecord], parent: QWidget | None = None) -> None:
        super().__init__("Export as clip pack", parent)
        self.setObjectName("exportPackDialog")
        self.clips = clips
        n = len(clips)
        self._note(f"<b>{n} exercise{'s' if n != 1 else ''} will go into the clip pack.</b>", "packHeadline")
        rows = [
            (c.title, _kind(c.presentation, c.difficulty), "clip file" if c.media_path else "words only")
            for c in clips
        ]
        self.table = _table("packExercises", ("Exercise", "Presentation · level", "Holds"), rows)
        self.column.addWidget(self.table)
        self.size_label = self._note("Working out the size…", "packSize")
        self._note(PACK_HOLDS, "packHolds")
        self._note(PACK_CONSENT, "packConsent", NOTE_STYLE)
        self.save_button = self._buttons("&Save clip pack…")
        self.save_button.setObjectName("savePackButton")

    def show_size(self, size: int) -> None:
        self.size_label.setText(f"Size of the clip pack: about {human_size(size)}.")

    def show_size_problem(self, text: str) -> None:
        self.size_label.setText(text)


class ImportPackDialog(_PackDialog):
    """What a pack holds and what this library has already; "Import" adds the rest."""

    def __init__(self, preview: PackPreview, parent: QWidget | None = None) -> None:
        super().__init__("Import clip pack", parent)
        self.setObjectName("importPackDialog")
        self.preview = preview
        new = [e for e in preview.exercises if e.already_as is None]
        n, here = len(new), len(preview.exercises) - len(new)
        headline = f"<b>{preview.path.name}</b> holds {len(preview.exercises)} exercise"
        headline += "s" if len(preview.exercises) != 1 else ""
        headline += f" ({human_size(preview.size)} of clips)."
        self._note(headline, "packHeadline")
        rows = [
            (
                e.title,
                _kind(e.presentation, e.level),
                _here(e.title, e.already_as),
            )
            for e in preview.exercises
        ]
        self.table = _table("packExercises", ("Exercise", "Presentation · level", "Here"), rows)
        self.column.addWidget(self.table)
        if n:
            plan = f"{n} new exercise{'s' if n != 1 else ''} will be added"
            plan += f"; {here} already here will be left as they are." if here else "."
            plan += " Every clip is checked first; if any is damaged, nothing is added."
        else:
            plan = "Your library already has every exercise in this pack, so there is nothing to add."
        self._note(plan, "packPlan")
        self._note(PACK_CONSENT, "packConsent", NOTE_STYLE)
        self.import_button = self._buttons("&Import")
        self.import_button.setObjectName("importPackButton")
        self.import_button.setEnabled(bool(n))
