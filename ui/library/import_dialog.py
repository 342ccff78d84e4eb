"""Describe each checked clip: one table row per file (title, presentation, level) and, below it,
the selected file's longer details (criteria, example reply, content note, what the client says).

Files that failed the checks are listed above the table with their reason and are not in it: by
the time this opens every row is a copy that plays. Keys: arrows move through the table, typing
or F2 edits a cell (Up/Down pick a presentation or level, Enter keeps it, Esc drops the edit),
Tab goes on to the details, Alt+Up/Alt+Down go to the previous/next file from anywhere, Alt+F
back to the table; Enter imports (Ctrl+Enter from a text box), Esc cancels.
"""

from __future__ import annotations

from dataclasses import replace
from html import escape
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.clips.details import details_problem
from app.clips.records import ClipDetails, ImportOutcome
from app.clips.titles import display_name, valid_text
from practice_db.vocabulary import DIFFICULTY_LABELS, PRESENTATION_LABELS
from ui.common.dialog_keys import close_on_ctrl_w
from ui.library.details_pane import ClipDetailsPane

PRIVACY_REMINDER = (
    "Please don't type anything that could identify a real client: no names, places, dates or "
    "case details. Describe the moment, not the person."
)
CONSENT_NOTE = (
    "<b>A word before your first import.</b> A clip cut from a recording of a real session holds "
    "your client's voice and story: it is their information, not only yours. Import one only if the "
    "client has agreed to it being used for training, and keep and share it as carefully as any "
    "other client record. Role-plays with colleagues or actors need no such agreement. "
    "(This note is shown once.)"
)
FILE_COL, TITLE_COL, PRESENTATION_COL, LEVEL_COL, STATUS_COL = range(5)
CHOOSE = "Choose…"
DEFAULT_LEVEL = 2
AnyIndex = QModelIndex | QPersistentModelIndex


class ChoiceDelegate(QStyledItemDelegate):
    """A cell edited with a drop-down list; the cell keeps the chosen key (UserRole) and its label."""

    def __init__(self, choices: list[tuple[object, str]], parent: QWidget) -> None:
        super().__init__(parent)
        self.choices = choices

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> QWidget:
        combo = QComboBox(parent)
        for key, label in self.choices:
            combo.addItem(label, key)
        return combo

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.UserRole))))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.UserRole)
        model.setData(index, editor.currentText(), Qt.ItemDataRole.DisplayRole)


def _fixed(text: str, tip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if tip:
        item.setToolTip(tip)
    return item


def _choice(key: object, labels: dict[object, str]) -> QTableWidgetItem:
    item = QTableWidgetItem(labels.get(key, CHOOSE) if key is not None else CHOOSE)
    item.setData(Qt.ItemDataRole.UserRole, key)
    return item


def refused_html(refused: list[ImportOutcome]) -> str:
    rows = "".join(f"<li><b>{escape(display_name(o.source))}</b>: {escape(o.message)}</li>" for o in refused)
    return f"<b>Not imported ({len(refused)})</b><ul style='margin-top:2px'>{rows}</ul>"


def _short(problem: str) -> str:
    """'needs a presentation, so it can be found…' → 'Needs a presentation' (the table's column)."""
    first = problem.split(",")[0].split(";")[0]
    return first[:1].upper() + first[1:]


class ImportClipsDialog(QDialog):
    def __init__(
        self,
        files: list[Path],
        titles: list[str],
        refused: list[ImportOutcome] | None = None,
        ignored: int = 0,
        show_consent: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        close_on_ctrl_w(self)
        self.files = files
        self.rows = [ClipDetails(t, "", DEFAULT_LEVEL) for t in titles]
        self.current = 0
        self.setObjectName("importClipsDialog")
        self.setWindowTitle("Import clips" if len(files) > 1 else "Import a clip")
        layout = QVBoxLayout(self)
        if show_consent:
            consent = QLabel(CONSENT_NOTE)
            consent.setObjectName("consentNote")
            consent.setWordWrap(True)
            consent.setStyleSheet("background: #f4f1ea; border: 1px solid #d8cfbd; padding: 6px;")
            layout.addWidget(consent)
        many = len(files) > 1
        intro = QLabel(
            f"<b>{len(files)} recording{'s' if many else ''} passed the checks.</b> Give "
            f"{'each' if many else 'it'} a title, a presentation and a level; criteria, an example "
            "reply and a content note are for the selected file below."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self._add_refused(layout, refused or [], ignored)

        files_label = QLabel(
            "&Files: arrows move, type or F2 changes a cell, Enter keeps it · Alt+↑/↓ previous or "
            "next file from anywhere · Enter imports (Ctrl+Enter from a text box) · Esc cancels"
        )
        files_label.setTextFormat(Qt.TextFormat.PlainText)
        files_label.setWordWrap(True)
        self.table = self._build_table(titles)
        files_label.setBuddy(self.table)
        layout.addWidget(files_label)
        layout.addWidget(self.table, 1)

        self.pane_box = QGroupBox()
        self.pane_box.setObjectName("selectedFileDetails")
        pane_layout = QVBoxLayout(self.pane_box)
        self.pane = ClipDetailsPane()
        pane_layout.addWidget(self.pane)
        layout.addWidget(self.pane_box)

        reminder = QLabel(PRIVACY_REMINDER)
        reminder.setObjectName("privacyReminder")
        reminder.setWordWrap(True)
        reminder.setStyleSheet("color: #8a4b00;")
        layout.addWidget(reminder)
        self.problem = QLabel()
        self.problem.setObjectName("importProblem")
        self.problem.setStyleSheet("color: #b00020;")
        self.problem.setWordWrap(True)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton(
            f"&Import {len(files)} clips" if many else "&Import", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_button.setObjectName("importButton")
        self.import_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()  # what still stops the import, beside the buttons
        bottom.addWidget(self.problem, 1)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)

        for key, step in (("Alt+Down", 1), ("Alt+Up", -1)):
            QShortcut(QKeySequence(key), self, lambda s=step: self.go_to_row(self.current + s))
        for key in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(key), self, self._import_if_ready)
        self.pane.changed.connect(self._pane_changed)
        self.table.currentCellChanged.connect(lambda row, _c, _pr, _pc: self._show_row(row))
        self.table.itemChanged.connect(self._cell_changed)
        self.table.setCurrentCell(0, TITLE_COL)
        self._show_row(0)
        self.resize(1100, 660 if show_consent else 620)

    def _add_refused(self, layout: QVBoxLayout, refused: list[ImportOutcome], ignored: int) -> None:
        if refused:
            text = QLabel(refused_html(refused))
            text.setObjectName("refusedList")
            text.setWordWrap(True)
            text.setTextFormat(Qt.TextFormat.RichText)
            scroll = QScrollArea()
            scroll.setWidget(text)
            scroll.setWidgetResizable(True)
            scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            scroll.setMaximumHeight(min(40 + 20 * len(refused), 110))
            layout.addWidget(scroll)
        if ignored:
            files_are = "file in the folder is" if ignored == 1 else "files in the folder are"
            skipped = QLabel(f"{ignored} other {files_are} not audio or video and will be left out.")
            skipped.setObjectName("ignoredNote")
            layout.addWidget(skipped)

    def _build_table(self, titles: list[str]) -> QTableWidget:
        table = QTableWidget(len(self.files), 5)
        table.setObjectName("importTable")
        table.setHorizontalHeaderLabels(["File", "Title", "Presentation", "Level", "Status"])
        table.verticalHeader().hide()
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setTabKeyNavigation(False)  # arrows move through the cells, Tab on to the details
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        presentations: list[tuple[object, str]] = [(None, CHOOSE), *PRESENTATION_LABELS.items()]
        levels: list[tuple[object, str]] = list(DIFFICULTY_LABELS.items())
        table.setItemDelegateForColumn(PRESENTATION_COL, ChoiceDelegate(presentations, table))
        table.setItemDelegateForColumn(LEVEL_COL, ChoiceDelegate(levels, table))
        pres_labels: dict[object, str] = {k: v for k, v in PRESENTATION_LABELS.items()}
        level_labels: dict[object, str] = {k: v for k, v in DIFFICULTY_LABELS.items()}
        table.blockSignals(True)
        for row, (path, title) in enumerate(zip(self.files, titles, strict=True)):
            table.setItem(row, FILE_COL, _fixed(display_name(path), valid_text(str(path))))
            table.setItem(row, TITLE_COL, QTableWidgetItem(title))
            table.setItem(row, PRESENTATION_COL, _choice(None, pres_labels))
            table.setItem(row, LEVEL_COL, _choice(DEFAULT_LEVEL, level_labels))
            table.setItem(row, STATUS_COL, _fixed(""))
        table.blockSignals(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(FILE_COL, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(FILE_COL, 200)
        header.resizeSection(TITLE_COL, 300)
        header.resizeSection(PRESENTATION_COL, 220)
        header.resizeSection(LEVEL_COL, 110)
        header.setStretchLastSection(True)
        table.setMinimumHeight(125)  # the header and three files
        return table

    # --- rows -----------------------------------------------------------------------------
    def go_to_row(self, row: int) -> None:
        if 0 <= row < len(self.rows):
            self.table.setCurrentCell(row, max(self.table.currentColumn(), FILE_COL))

    def _show_row(self, row: int) -> None:
        if not 0 <= row < len(self.rows):
            return
        self.current = row
        name = display_name(self.files[row])
        self.pane_box.setTitle(f"Details for {name} (file {row + 1} of {len(self.files)})")
        self.pane.show_details(self.rows[row])
        self._update_ready()

    def _pane_changed(self) -> None:
        self.rows[self.current] = self.pane.apply_to(self.rows[self.current])
        self._update_ready()

    def _cell_changed(self, item: QTableWidgetItem) -> None:
        row, col = item.row(), item.column()
        if col == TITLE_COL:
            self.rows[row] = replace(self.rows[row], title=item.text().strip())
        elif col == PRESENTATION_COL:
            self.rows[row] = replace(self.rows[row], presentation=item.data(Qt.ItemDataRole.UserRole) or "")
        elif col == LEVEL_COL:
            level = item.data(Qt.ItemDataRole.UserRole)
            self.rows[row] = replace(self.rows[row], difficulty=int(level or DEFAULT_LEVEL))
        else:
            return
        self._update_ready()

    def titles(self) -> list[str]:
        return [d.title for d in self.rows]

    def details(self) -> list[ClipDetails]:
        """One entry per file, in the order of `files`."""
        return list(self.rows)

    def _update_ready(self) -> None:
        problems = [details_problem(d) for d in self.rows]
        self.table.blockSignals(True)
        for row, problem in enumerate(problems):
            status = self.table.item(row, STATUS_COL)
            if status is not None:
                status.setText(_short(problem) if problem else "Ready")
        self.table.blockSignals(False)
        waiting = [(row, p) for row, p in enumerate(problems) if p]
        if waiting:
            row, problem = waiting[0]
            more = f" ({len(waiting) - 1} more to finish)" if len(waiting) > 1 else ""
            self.problem.setText(f"{display_name(self.files[row])} {problem}.{more}")
        else:
            self.problem.setText("")
        self.import_button.setEnabled(not waiting)

    # --- keys -----------------------------------------------------------------------------
    def _import_if_ready(self) -> None:
        if self.table.state() == QAbstractItemView.State.EditingState:
            self.table.setFocus()  # the cell editor loses focus, so its text is kept first
        if self.import_button.isEnabled():
            self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter imports, except when it finishes a cell edit (it keeps the cell); a focused push
        # button takes Enter itself. Handled here: Qt hands "default" to Cancel once Import was
        # disabled, and Enter on a ticked skill would then cancel.
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier == Qt.KeyboardModifier.NoModifier
        if enter and plain:
            event.accept()
            if self.table.state() != QAbstractItemView.State.EditingState:
                self._import_if_ready()
            return
        super().keyPressEvent(event)
