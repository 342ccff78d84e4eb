"""The six pages of the main window, as factories: each page's code is imported when it is built
(ui/shell/lazy_pages.py), so start-up loads only the Library's."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ui.shell.context import UiContext
from ui.shell.lazy_pages import PageFactory


def library_page(ctx: UiContext) -> QWidget:
    from ui.library.page import LibraryPage

    return LibraryPage(ctx)


def rehearse_page(ctx: UiContext) -> QWidget:
    from ui.rehearse.page import RehearsePage

    return RehearsePage(ctx)


def review_page(ctx: UiContext) -> QWidget:
    from ui.review.page import ReviewPage

    return ReviewPage(ctx)


def progress_page(ctx: UiContext) -> QWidget:
    from ui.progress.page import ProgressPage

    return ProgressPage(ctx)


def assessment_page(ctx: UiContext) -> QWidget:
    from ui.assessment.page import AssessmentPage

    return AssessmentPage(ctx)


def programme_page(ctx: UiContext) -> QWidget:
    from ui.programme.page import ProgrammePage

    return ProgrammePage(ctx)


def page_factories(ctx: UiContext) -> dict[str, PageFactory]:
    return {
        "library": lambda: library_page(ctx),
        "rehearse": lambda: rehearse_page(ctx),
        "review": lambda: review_page(ctx),
        "progress": lambda: progress_page(ctx),
        "assessment": lambda: assessment_page(ctx),
        "programme": lambda: programme_page(ctx),
    }
