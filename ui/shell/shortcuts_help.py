"""Help → Keyboard shortcuts: the keys of the practice loop and of review, in one place."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from ui.common.dialog_keys import close_on_ctrl_w

SHORTCUTS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Anywhere",
        (
            ("Ctrl+1 … Ctrl+4", "Library, Rehearse, Review, Progress"),
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
            ("Esc", "Throw this take away (Ctrl+Z brings it back)"),
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


def shortcuts_html() -> str:
    parts = []
    for title, rows in SHORTCUTS:
        body = "".join(f"<tr><td><b>{keys}</b>&nbsp;&nbsp;</td><td>{what}</td></tr>" for keys, what in rows)
        parts.append(f"<h4 style='margin-bottom:2px'>{title}</h4><table>{body}</table>")
    return "".join(parts)


def show_shortcuts(parent: QWidget) -> QMessageBox:
    box = QMessageBox(parent)
    box.setObjectName("shortcutsDialog")
    box.setWindowTitle("Keyboard shortcuts")
    box.setText(shortcuts_html())
    close_on_ctrl_w(box)
    box.open()
    return box
