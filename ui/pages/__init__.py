"""The four pages of the main window."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.context import UiContext
from ui.pages.library import LibraryPage
from ui.pages.progress import ProgressPage
from ui.pages.rehearse import RehearsePage
from ui.pages.review import ReviewPage


def build_pages(ctx: UiContext) -> dict[str, QWidget]:
    return {
        "library": LibraryPage(ctx),
        "rehearse": RehearsePage(ctx),
        "review": ReviewPage(ctx),
        "progress": ProgressPage(ctx),
    }
