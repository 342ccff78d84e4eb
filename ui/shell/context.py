"""What the widgets are handed at start-up (no global app object to import)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from app.paths import DataPaths
from ui.shell.data_changes import DataChanges

if TYPE_CHECKING:
    from app.clinic.link import ClinicLink
    from practice_db.store import PracticeStore
    from ui.common.tasks import TaskRunner


class SettingsHandle(Protocol):
    """The app's settings as the UI sees them: read attributes, save changes."""

    @property
    def current(self) -> Any: ...

    @property
    def notice(self) -> str | None: ...  # what loading had to correct, shown once

    def update(self, **changes: Any) -> None: ...


@dataclass
class UiContext:
    version: str
    paths: DataPaths  # the data folder; app's workflows (clip import, bundles) are built from it
    database_url: str
    settings: SettingsHandle
    tasks: TaskRunner
    open_store: Callable[[], PracticeStore]
    # Runs on the worker after opening; a returned string is shown to the user once.
    after_store_opened: Callable[[PracticeStore], str | None] | None = None
    # Writers announce what they changed; pages reload what they show (ui/shell/data_changes.py).
    changes: DataChanges = field(default_factory=DataChanges)
    clinic: ClinicLink | None = None  # clinic mode: the server, its password (memory only), the outbox
