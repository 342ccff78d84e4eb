"""Time-stamped comments on a recording: list them, jump to one, pin a new one to a moment."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from practice_db.records import CommentRecord
from ui.common.waveform_view import clock

PLACEHOLDER = "A comment at this moment (no client-identifying details)…"


class CommentsPanel(QWidget):
    jump_requested = Signal(int)  # milliseconds
    add_requested = Signal(int, str)  # offset, text
    delete_requested = Signal(int)  # comment id
    done = Signal()  # the comment was added or left: the keys go back to the attempt

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("commentsPanel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(
            QLabel("<b>Comments</b> <span style='color:#555'>(click one to hear that moment)</span>")
        )
        self.list = QListWidget()
        self.list.setObjectName("commentList")
        self.list.itemClicked.connect(self._clicked)
        self.list.setMaximumHeight(130)
        layout.addWidget(self.list, 1)
        self.pinned_ms = 0
        row = QHBoxLayout()
        self.pin_label = QLabel("at 0:00")
        self.pin_label.setObjectName("pinLabel")
        self.text = QLineEdit()
        self.text.setObjectName("commentText")
        self.text.setPlaceholderText(PLACEHOLDER)
        self.text.setMaxLength(4000)
        self.add = QPushButton("Add")
        self.add.setObjectName("addComment")
        self.delete = QPushButton("Delete mine")
        self.delete.setObjectName("deleteComment")
        for w in (self.pin_label, self.text, self.add, self.delete):
            row.addWidget(w)
        row.setStretch(1, 1)
        layout.addLayout(row)
        self.add.clicked.connect(self._submit)
        self.text.returnPressed.connect(self._submit)
        self.delete.clicked.connect(self._delete)
        self.me: int | None = None

    def pin(self, offset_ms: int) -> None:
        """Fix the moment the next comment belongs to (where playback is when you start typing)."""
        self.pinned_ms = max(0, offset_ms)
        self.pin_label.setText(f"at {clock(self.pinned_ms)}")

    def start_comment(self, offset_ms: int) -> None:
        self.pin(offset_ms)
        self.text.setFocus()

    def show_comments(
        self, comments: tuple[CommentRecord, ...], names: dict[int, str], me: int | None
    ) -> None:
        self.me = me
        self.list.clear()
        for comment in comments:
            author = names.get(comment.author_profile_id, "")
            item = QListWidgetItem(f"{clock(comment.offset_ms)}  {comment.text}  — {author}")
            item.setData(Qt.ItemDataRole.UserRole, (comment.id, comment.offset_ms, comment.author_profile_id))
            item.setToolTip(comment.text)
            self.list.addItem(item)

    def _clicked(self, item: QListWidgetItem) -> None:
        _id, offset, _author = item.data(Qt.ItemDataRole.UserRole)
        self.jump_requested.emit(int(offset))

    def _submit(self) -> None:
        text = self.text.text().strip()
        if text:
            self.add_requested.emit(self.pinned_ms, text)
            self.text.clear()
        self.done.emit()

    def leave(self) -> None:
        """Esc in the comment field: nothing is added."""
        self.text.clear()
        self.done.emit()

    def _delete(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        comment_id, _offset, author = item.data(Qt.ItemDataRole.UserRole)
        if author == self.me:
            self.delete_requested.emit(int(comment_id))
