"""What the widgets are handed at start-up (no global app object to import)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # the ports' modules define many dataclasses: not worth importing at start-up
    from practice_db.store import PracticeStore
    from ui.bundle_port import BundlePort
    from ui.import_port import ClipImportPort
    from ui.progress_port import ProgressExportPort
    from ui.tasks import TaskRunner


class SettingsHandle(Protocol):
    """The app's settings as the UI sees them: read attributes, save changes."""

    @property
    def current(self) -> Any: ...

    def update(self, **changes: Any) -> None: ...


@dataclass
class UiContext:
    version: str
    data_folder: Path
    recordings_folder: Path
    clips_folder: Path
    backups_folder: Path
    log_file: Path
    database_url: str
    settings: SettingsHandle
    tasks: TaskRunner
    open_store: Callable[[], PracticeStore]
    # Runs on the worker after opening; a returned string is shown to the user once.
    after_store_opened: Callable[[PracticeStore], str | None] | None = None
    # Importing the user's own clips (app/clip_import.py); None hides the Import button.
    clip_import: ClipImportPort | None = None
    # Review and feedback bundles (app/bundle_port.py); None leaves the File menu without them.
    bundles: BundlePort | None = None
    # Progress-log export (app/progress_log); None hides the export buttons.
    progress_export: ProgressExportPort | None = None
