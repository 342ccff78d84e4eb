"""Describe the clips being imported: a title (and optional words) per file, shared labels for the batch.

One file gets a plain form; several get a table with one editable row per file, because a batch
from a training day usually shares its presentation and level but not its titles.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.clips.records import ClipDetails
from app.clips.titles import display_name, valid_text
from practice_db.clips import MAX_TITLE
from practice_db.vocabulary import DIFFICULTY_LABELS, FACET_LABELS, PRESENTATION_LABELS
from ui.common.dialog_keys import close_on_ctrl_w

PRIVACY_REMINDER = (
    "Please don't type anything that could identify a real client: no names, places, dates or "
    "case details. Describe the moment, not the person."
)
TITLE_COL, STATEMENT_COL = 1, 2


class ImportClipsDialog(QDialog):
    def __init__(
        self, files: list[Path], titles: list[str], ignored: int = 0, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        close_on_ctrl_w(self)
        self.files = files
        self.setObjectName("importClipsDialog")
        self.setWindowTitle("Import clips" if len(files) > 1 else "Import a clip")
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        intro = QLabel(
            f"<b>{len(files)} recordings</b> will be copied into your library. Give each a title; "
            "the labels below apply to all of them."
            if len(files) > 1
            else f"<b>{escape(display_name(files[0]))}</b> will be copied into your library."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        if ignored:
            files_are = "file in the folder is" if ignored == 1 else "files in the folder are"
            skipped = QLabel(f"{ignored} other {files_are} not audio or video and will be left out.")
            skipped.setObjectName("ignoredNote")
            layout.addWidget(skipped)

        self.title_edit: QLineEdit | None = None
        self.statement_edit: QPlainTextEdit | None = None
        self.table: QTableWidget | None = None
        if len(files) == 1:
            layout.addLayout(self._single_form(titles[0]))
        else:
            layout.addWidget(self._batch_table(titles), 1)

        self.presentation = QComboBox()
        self.presentation.setObjectName("importPresentation")
        self.presentation.addItem("Choose how the client presents…", None)
        for key, label in PRESENTATION_LABELS.items():
            self.presentation.addItem(label, key)
        self.difficulty = QComboBox()
        self.difficulty.setObjectName("importDifficulty")
        for level, label in DIFFICULTY_LABELS.items():
            self.difficulty.addItem(label, level)
        self.difficulty.setCurrentIndex(self.difficulty.findData(2))
        labels = QFormLayout()
        labels.addRow("Presentation:", self.presentation)
        labels.addRow("Difficulty:", self.difficulty)
        layout.addLayout(labels)

        facets = QGroupBox("Skills this clip practises (optional)")
        grid = QGridLayout(facets)
        self.facet_boxes: dict[str, QCheckBox] = {}
        for i, (key, label) in enumerate(FACET_LABELS.items()):
            box = QCheckBox(label)
            box.setObjectName(f"facet_{key}")
            self.facet_boxes[key] = box
            grid.addWidget(box, i // 2, i % 2)
        layout.addWidget(facets)

        reminder = QLabel(PRIVACY_REMINDER)
        reminder.setObjectName("privacyReminder")
        reminder.setWordWrap(True)
        reminder.setStyleSheet("color: #8a4b00;")
        layout.addWidget(reminder)
        self.problem = QLabel()
        self.problem.setObjectName("importProblem")
        self.problem.setStyleSheet("color: #b00020;")
        layout.addWidget(self.problem)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton(
            "Import" if len(files) == 1 else f"Import {len(files)} clips",
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.import_button.setObjectName("importButton")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.presentation.currentIndexChanged.connect(self._update_ready)
        self._update_ready()

    def _single_form(self, title: str) -> QFormLayout:
        form = QFormLayout()
        self.title_edit = QLineEdit(title)
        self.title_edit.setMaxLength(MAX_TITLE)
        self.title_edit.setObjectName("importTitle")
        self.title_edit.textChanged.connect(self._update_ready)
        self.statement_edit = QPlainTextEdit()
        self.statement_edit.setObjectName("importStatement")
        self.statement_edit.setPlaceholderText(
            "What the client says in the clip, in a sentence or two (optional)"
        )
        self.statement_edit.setFixedHeight(70)
        form.addRow("Title:", self.title_edit)
        form.addRow("Client says:", self.statement_edit)
        return form

    def _batch_table(self, titles: list[str]) -> QTableWidget:
        table = QTableWidget(len(self.files), 3)
        table.setObjectName("importTable")
        table.setHorizontalHeaderLabels(["File", "Title", "Client says (optional)"])
        table.verticalHeader().hide()
        for row, (path, title) in enumerate(zip(self.files, titles, strict=True)):
            name = QTableWidgetItem(display_name(path))  # Qt drops bytes that aren't UTF-8
            name.setFlags(name.flags() & ~Qt.ItemFlag.ItemIsEditable)
            name.setToolTip(valid_text(str(path)))
            table.setItem(row, 0, name)
            table.setItem(row, TITLE_COL, QTableWidgetItem(title))
            table.setItem(row, STATEMENT_COL, QTableWidgetItem(""))
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(TITLE_COL, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(TITLE_COL, 220)
        header.setStretchLastSection(True)
        table.setMinimumHeight(min(80 + 30 * len(self.files), 300))
        table.itemChanged.connect(lambda _item: self._update_ready())
        self.table = table
        return table

    def titles(self) -> list[str]:
        if self.title_edit is not None:
            return [self.title_edit.text().strip()]
        assert self.table is not None
        return [self._cell(row, TITLE_COL) for row in range(self.table.rowCount())]

    def statements(self) -> list[str]:
        if self.statement_edit is not None:
            return [self.statement_edit.toPlainText().strip()]
        assert self.table is not None
        return [self._cell(row, STATEMENT_COL) for row in range(self.table.rowCount())]

    def _cell(self, row: int, col: int) -> str:
        assert self.table is not None
        item = self.table.item(row, col)
        return item.text().strip() if item is not None else ""

    def details(self) -> list[ClipDetails]:
        """One entry per file, in the order of `files`."""
        facets = tuple(k for k, box in self.facet_boxes.items() if box.isChecked())
        presentation, difficulty = self.presentation.currentData(), int(self.difficulty.currentData())
        return [
            ClipDetails(title, presentation, difficulty, statement, facets)
            for title, statement in zip(self.titles(), self.statements(), strict=True)
        ]

    def _update_ready(self) -> None:
        problems = []
        if self.presentation.currentData() is None:
            problems.append("Choose a presentation so the clip can be found in the Library.")
        if any(not t for t in self.titles()):
            problems.append("Every clip needs a title.")
        self.problem.setText(" ".join(problems))
        self.import_button.setEnabled(not problems)
