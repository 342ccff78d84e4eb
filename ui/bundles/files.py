"""Save As / Open for bundle files: start where the user saved or opened one last (remembered in
the settings across runs), else the home folder; never the program's own folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from app.dialog_folders import start_folder
from ui.shell.context import SettingsHandle


class BundleFileChooser:
    def __init__(self, window: QWidget, suffix: str, settings: SettingsHandle | None = None) -> None:
        self.window, self.suffix, self.settings = window, suffix, settings
        self.last_folder: Path | None = None

    def _start_folder(self) -> Path:
        if self.last_folder is not None:
            return self.last_folder
        remembered = self.settings.current.last_bundle_folder if self.settings is not None else None
        return start_folder(remembered)

    def _remember(self, folder: Path) -> None:
        self.last_folder = folder
        if self.settings is not None:
            self.settings.update(last_bundle_folder=str(folder))

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
        self._remember(path.parent)
        return path

    def open_path(self, title: str) -> Path | None:
        chosen, _ = QFileDialog.getOpenFileName(self.window, title, str(self._start_folder()), self._filter())
        if not chosen:
            return None
        self._remember(Path(chosen).parent)
        return Path(chosen)
