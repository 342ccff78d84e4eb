"""The four pages of the main window, as factories: each page's code is imported when it is built
(ui/lazy_pages.py), so start-up loads only the Library's."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.context import UiContext
from ui.lazy_pages import PageFactory


def library_page(ctx: UiContext) -> QWidget:
    from ui.pages.library import LibraryPage

    return LibraryPage(ctx)


def rehearse_page(ctx: UiContext) -> QWidget:
    from ui.pages.rehearse import RehearsePage

    return RehearsePage(ctx)


def review_page(ctx: UiContext) -> QWidget:
    from ui.pages.review import ReviewPage

    return ReviewPage(ctx)


def progress_page(ctx: UiContext) -> QWidget:
    from ui.pages.progress import ProgressPage

    return ProgressPage(ctx)


def page_factories(ctx: UiContext) -> dict[str, PageFactory]:
    return {
        "library": lambda: library_page(ctx),
        "rehearse": lambda: rehearse_page(ctx),
        "review": lambda: review_page(ctx),
        "progress": lambda: progress_page(ctx),
    }
