"""A programme builds its own assessment set (a supervisor): a name, 8-18 of the library's clips
(practice and assessment clips alike), in the order they will play.

Space ticks a clip in the library list; ticked clips join the chosen list at its end. Alt+Up and
Alt+Down move the chosen clip, Delete takes it out again. Save stays disabled, with the reason
beside it, until the set is valid; storage refusals (a name already used, a clip deleted meanwhile)
are shown in plain words and the choices stay as they were. The page's "Build a clip set…" button
(Alt+B, supervisors only) is `SetBuilderButton`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from practice_db.assessment.records import MAX_SET_CLIPS, MIN_SET_CLIPS, AssessmentSetRecord
from practice_db.assessment.sets import MAX_NAME
from practice_db.errors import StorageError
from practice_db.records import ClipRecord, ProfileRecord
from practice_db.vocabulary import DIFFICULTY_LABELS, PRESENTATION_LABELS
from ui.common.dialog_keys import close_on_ctrl_w
from ui.shell.context import UiContext
from ui.shell.data_changes import ASSESSMENTS

if TYPE_CHECKING:
    from practice_db.store import PracticeStore

ID_ROLE = Qt.ItemDataRole.UserRole
HINT = "Space ticks a clip · Alt+Up / Alt+Down move the chosen clip · Delete removes it · Esc closes"
PROBLEM_STYLE = "color: #8a4b00;"


def clip_line(clip: ClipRecord) -> str:
    kind = f"{PRESENTATION_LABELS.get(clip.presentation, clip.presentation)} · "
    kind += str(DIFFICULTY_LABELS.get(clip.difficulty, clip.difficulty))
    tag = "  [assessment clip]" if clip.assessment_only else ""
    return f"{clip.title}  —  {kind}{tag}"


def count_text(n: int) -> str:
    return f"{n} of {MIN_SET_CLIPS}–{MAX_SET_CLIPS} clips"


def why_not(name: str, n: int) -> str:
    """Why the set can't be saved yet, or "" when it can."""
    if n < MIN_SET_CLIPS:
        more = MIN_SET_CLIPS - n
        return f"Choose at least {MIN_SET_CLIPS} clips ({more} more to go)."
    if n > MAX_SET_CLIPS:
        return f"A set holds at most {MAX_SET_CLIPS} clips; please take out {n - MAX_SET_CLIPS}."
    if not name.strip():
        return "Give the set a name."
    return ""


class SetBuilderDialog(QDialog):
    def __init__(
        self, ctx: UiContext, store: PracticeStore, profile: ProfileRecord, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.ctx, self.store, self.profile = ctx, store, profile
        self.clips: dict[int, ClipRecord] = {}
        self.saving = False
        self.saved: AssessmentSetRecord | None = None
        self.setObjectName("setBuilderDialog")
        self.setWindowTitle("Build a clip set")
        self.resize(980, 600)  # inside a 1280x720 screen with room for the title bar
        column = QVBoxLayout(self)
        intro = QLabel(
            "Choose the clips your programme will use for its assessments, in the order they will "
            "play. Each clinician hears each clip once. Practice clips you choose stay in practice; "
            "the assessment clips never appear there."
        )
        intro.setWordWrap(True)
        column.addWidget(intro)
        name_row = QHBoxLayout()
        self.name = QLineEdit()
        self.name.setObjectName("setName")
        self.name.setMaxLength(MAX_NAME)
        self.name.setPlaceholderText("e.g. Spring intake, short form")
        name_label = QLabel("Set &name:")
        name_label.setBuddy(self.name)
        name_row.addWidget(name_label)
        name_row.addWidget(self.name, 1)
        column.addLayout(name_row)
        grid = QGridLayout()
        self.library = QListWidget()
        self.library.setObjectName("setLibraryClips")
        self.chosen = QListWidget()
        self.chosen.setObjectName("setChosenClips")
        for view in (self.library, self.chosen):
            view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            view.setUniformItemSizes(True)
        library_label = QLabel("&Library clips (Space ticks):")
        library_label.setBuddy(self.library)
        chosen_label = QLabel("C&hosen, in playing order:")
        chosen_label.setBuddy(self.chosen)
        grid.addWidget(library_label, 0, 0)
        grid.addWidget(chosen_label, 0, 1)
        grid.addWidget(self.library, 1, 0)
        grid.addWidget(self.chosen, 1, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        column.addLayout(grid, 1)
        hint = QLabel(HINT)
        hint.setStyleSheet("color: #666;")
        column.addWidget(hint)
        self.count = QLabel(count_text(0))
        self.count.setObjectName("setClipCount")
        self.count.setStyleSheet("font-weight: 600;")
        self.reason = QLabel()
        self.reason.setObjectName("setSaveReason")
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet(PROBLEM_STYLE)
        status = QHBoxLayout()
        status.addWidget(self.count)
        status.addWidget(self.reason, 1)
        column.addLayout(status)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = box.addButton("&Save set", QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("saveSetButton")
        for button in box.findChildren(QPushButton):
            button.setAutoDefault(False)  # Enter always means Save, wherever the focus went
        self.save_button.setDefault(True)
        box.accepted.connect(self.save)
        box.rejected.connect(self.reject)
        column.addWidget(box)
        close_on_ctrl_w(self)
        for key, step in (("Alt+Up", -1), ("Alt+Down", 1)):
            QShortcut(QKeySequence(key), self, lambda step=step: self.move_chosen(step))
        remove = QShortcut(QKeySequence("Delete"), self.chosen, self.remove_current)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        self.library.itemChanged.connect(self._ticked)
        self.name.textChanged.connect(self._update)
        self.reason.setText("Loading the library…")
        self.save_button.setEnabled(False)
        ctx.tasks.submit(self._load, on_done=self._loaded, on_error=self._failed)

    # -- loading ---------------------------------------------------------------
    def _load(self) -> list[ClipRecord]:
        return self.store.clips.list(include_assessment=True)

    def _loaded(self, clips: list[ClipRecord]) -> None:
        self.library.blockSignals(True)
        for clip in clips:
            self.clips[clip.id] = clip
            item = QListWidgetItem(clip_line(clip))
            item.setData(ID_ROLE, clip.id)
            item.setToolTip(clip.statement)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.library.addItem(item)
        self.library.blockSignals(False)
        if clips:
            self.library.setCurrentRow(0)
        self.library.setFocus()
        self._update()

    def _failed(self, error: BaseException) -> None:
        self.saving = False
        text = str(error) if isinstance(error, StorageError) else "Something went wrong while storing."
        self.reason.setText(f"Not saved: {text}" if self.clips else f"The library could not be read: {text}")
        self.save_button.setEnabled(bool(self.clips) and not why_not(self.name.text(), self.chosen.count()))

    # -- choosing --------------------------------------------------------------
    def chosen_ids(self) -> list[int]:
        return [int(self.chosen.item(i).data(ID_ROLE)) for i in range(self.chosen.count())]

    def _ticked(self, item: QListWidgetItem) -> None:
        clip_id = int(item.data(ID_ROLE))
        ids = self.chosen_ids()
        if item.checkState() == Qt.CheckState.Checked and clip_id not in ids:
            added = QListWidgetItem(item.text())
            added.setData(ID_ROLE, clip_id)
            self.chosen.addItem(added)
        elif item.checkState() != Qt.CheckState.Checked and clip_id in ids:
            self.chosen.takeItem(ids.index(clip_id))
        self._number()
        self._update()

    def remove_current(self) -> None:
        row = self.chosen.currentRow()
        if row < 0:
            return
        clip_id = self.chosen_ids()[row]
        for i in range(self.library.count()):
            item = self.library.item(i)
            if int(item.data(ID_ROLE)) == clip_id:
                item.setCheckState(Qt.CheckState.Unchecked)  # takes it out of the chosen list too

    def move_chosen(self, step: int) -> None:
        row = self.chosen.currentRow()
        to = row + step
        if row < 0 or not 0 <= to < self.chosen.count():
            return
        item = self.chosen.takeItem(row)
        self.chosen.insertItem(to, item)
        self.chosen.setCurrentRow(to)
        self._number()

    def _number(self) -> None:
        for i in range(self.chosen.count()):
            item = self.chosen.item(i)
            item.setText(f"{i + 1}. {clip_line(self.clips[int(item.data(ID_ROLE))])}")

    def _update(self) -> None:
        n = self.chosen.count()
        self.count.setText(count_text(n))
        if self.saving:
            return
        reason = why_not(self.name.text(), n)
        self.reason.setText(reason)
        self.save_button.setEnabled(not reason)
        self.save_button.setDefault(True)

    # -- saving ----------------------------------------------------------------
    def save(self) -> None:
        if self.saving or why_not(self.name.text(), self.chosen.count()):
            return
        self.saving = True
        self.save_button.setEnabled(False)
        self.reason.setText("Saving…")
        self.ctx.tasks.submit(
            self.store.assessment_sets.create,
            self.name.text(),
            self.chosen_ids(),
            self.profile.id,
            on_done=self._saved,
            on_error=self._failed,
        )

    def reject(self) -> None:
        if not self.saving:  # a moment's wait: the set is either stored or the error shown
            super().reject()

    def _saved(self, record: AssessmentSetRecord) -> None:
        self.saving = False
        self.saved = record
        self.ctx.changes.announce(ASSESSMENTS)  # the taking tab's set chooser reloads
        self.accept()


class SetBuilderButton(QPushButton):
    """The "Build a clip set…" button (Alt+B) on the taking tab, shown to supervisors only."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__("&Build a clip set…", parent)
        self.ctx = ctx
        self.setObjectName("buildClipSet")
        self.store: PracticeStore | None = None
        self.profile: ProfileRecord | None = None
        self.dialog: SetBuilderDialog | None = None
        self.setVisible(False)
        self.clicked.connect(self.open_builder)

    def set_store(self, store: PracticeStore) -> None:
        self.store = store

    def set_profile(self, profile: ProfileRecord) -> None:
        self.profile = profile
        self.setVisible(profile.is_supervisor)

    def open_builder(self) -> None:
        if self.store is None or self.profile is None or not self.profile.is_supervisor:
            return
        self.dialog = SetBuilderDialog(self.ctx, self.store, self.profile, self.window())
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.finished.connect(self._closed)
        self.dialog.open()

    def _closed(self) -> None:
        self.dialog = None
