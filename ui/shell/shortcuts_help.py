"""Help → Keyboard shortcuts: the keys of the practice loop and of review, in one place."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ui.common.dialog_keys import close_on_ctrl_w

SHORTCUTS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Anywhere",
        (
            ("Ctrl+1 … Ctrl+5", "Library, Rehearse, Review, Progress, Assessment"),
            ("Ctrl+6", "Programme: your trainees at a glance (supervisors)"),
            ("Ctrl+Shift+P", "Switch profile"),
            ("F1", "Help: the facet guide while rating, otherwise these shortcuts"),
            ("Ctrl+W, Esc", "Close a dialog"),
            ("Ctrl+Q", "Quit (asks first while a reply is being recorded)"),
        ),
    ),
    (
        "Library",
        (
            ("Ctrl+F", "Search titles and what the client says (any case, with or without accents)"),
            ("Tab", "Move between the search, the filters and the list"),
            ("↑ / ↓, Enter", "Choose an exercise and practise it"),
            ("F2 or Ctrl+E", "Edit the details of your own clip"),
            ("Delete", "Delete or hide the chosen clip (asks first; Ctrl+Z undoes it)"),
        ),
    ),
    (
        "Rehearse",
        (
            ("Space", "Stop recording; while listening back, play or pause your reply"),
            ("← / →", "Back or forward 5 seconds while listening back"),
            ("Esc", "Stop what plays or records, keeping the take; on a rating, throw it away (Ctrl+Z)"),
            ("1 – 5", "Rate the highlighted facet and move down"),
            ("↑ / ↓", "Move between facets; on the last row 1 – 3 say how it felt"),
            ("F1 or ?", "The facet guide: what a 1, 3 and 5 sound like"),
            ("A / N / F", "Again, Next, Finish (Ctrl+Enter: Next, also from the note)"),
            ("Tab, Esc", "Leave the note"),
        ),
    ),
    (
        "Review",
        (
            ("Space", "Play or pause the recording"),
            ("← / →", "Back or forward 5 seconds"),
            ("C", "Comment at this moment (Enter adds it, Esc leaves it)"),
            ("1 – 5", "Rate the highlighted facet"),
            ("F1 or ?", "The facet guide at the highlighted facet"),
            ("Alt+↑ / Alt+↓", "The previous or next attempt in the list"),
            ("Delete", "In the list: delete your attempt (asks first; Ctrl+Z undoes it)"),
            ("↓, PgDn, Home / End", "In the list: move; a long queue loads more as you reach its end"),
        ),
    ),
    (
        "Programme (supervisors)",
        (
            ("↑ / ↓, Enter", "Choose a trainee; open their waiting attempts in Review"),
            ("Tab", "Between the period and the table (click a heading to sort)"),
        ),
    ),
    (
        "Assessment",
        (
            ("Enter, Space", "Begin; finish a reply (each clip plays once)"),
            ("P, Esc", "Pause before the next clip; stop (replies so far are kept)"),
        ),
    ),
    (
        "Rater practice (Help menu)",
        (
            ("PgUp / PgDn, A / B / C", "Another exercise; one of its three replies"),
            ("L, Space", "Hear the client; play or pause the reply"),
            ("1 – 5, Enter, N", "Rate blind; show the author's scores; the next reply"),
        ),
    ),
)


def _section_html(title: str, rows: tuple[tuple[str, str], ...]) -> str:
    body = "".join(f"<tr><td><b>{keys}</b>&nbsp;&nbsp;</td><td>{what}</td></tr>" for keys, what in rows)
    return f"<h4 style='margin-bottom:2px'>{title}</h4><table>{body}</table>"


def shortcuts_html() -> str:
    """The sections in two columns, so the list stays within a laptop screen's height."""
    half = (len(SHORTCUTS) + 1) // 2
    columns = [SHORTCUTS[:half], SHORTCUTS[half:]]
    cells = "".join(
        "<td valign='top' style='padding-right:18px'>"
        + "".join(_section_html(t, r) for t, r in column)
        + "</td>"
        for column in columns
    )
    return f"<table><tr>{cells}</tr></table>"


class ShortcutsDialog(QDialog):
    """A dialog, not a message box: a message box caps its width and grew taller than 720 px."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        self._html = shortcuts_html()
        label = QLabel(self._html)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        scroll = QScrollArea()  # a long list on a small screen scrolls instead of leaving the screen
        scroll.setWidget(label)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(buttons)
        close_on_ctrl_w(self)
        self.resize(1000, min(640, label.heightForWidth(960) + 70))

    def text(self) -> str:
        return self._html


def show_shortcuts(parent: QWidget) -> ShortcutsDialog:
    box = ShortcutsDialog(parent)
    box.open()
    return box
