"""Save As / Open for bundle files: start where the user saved or opened one last (else Documents)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget


class BundleFileChooser:
    def __init__(self, window: QWidget, suffix: str) -> None:
        self.window, self.suffix = window, suffix
        self.last_folder: Path | None = None

    def _start_folder(self) -> Path:
        if self.last_folder is not None:
            return self.last_folder
        documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return Path(documents) if documents else Path.home()

    def _filter(self) -> str:
        return f"Practice Room bundles (*{self.suffix});;All files (*)"

    def save_path(self, title: str, name: str) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(
            self.window, title, str(self._start_folder() / name), self._filter()
        )
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != self.suffix:  # the user typed a name without the extension
            path = path.with_name(path.name + self.suffix)
        self.last_folder = path.parent
        return path

    def open_path(self, title: str) -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(self.window, title, str(self._start_folder()), self._filter())
        if not chosen:
            return None
        self.last_folder = Path(chosen).parent
        return Path(chosen)
