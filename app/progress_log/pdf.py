"""The progress log as a PDF: QTextDocument laid out on A4 by QPdfWriter, charts embedded as images.

Needs a QGuiApplication (fonts); `ensure_gui_app` makes an offscreen one for command-line use.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QMarginsF, QUrl
from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from app.progress_log import charts
from app.progress_log.collect import ProgressCallback, ProgressReport
from app.progress_log.html import FACET_CHART, VOLUME_CHART, render_html


def ensure_gui_app() -> QGuiApplication:
    """Reuse the running app (the GUI); otherwise start an offscreen one (the CLI, no display needed)."""
    existing = QGuiApplication.instance()
    if isinstance(existing, QGuiApplication):
        return existing
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return QGuiApplication([])


def build_document(report: ProgressReport) -> QTextDocument:
    doc = QTextDocument()
    weeks = [w.week_start for w in report.weeks]
    facets = charts.facet_chart(report.series, weeks)
    doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(FACET_CHART), facets)
    doc.addResource(
        QTextDocument.ResourceType.ImageResource, QUrl(VOLUME_CHART), charts.volume_chart(report.weeks)
    )
    doc.setHtml(render_html(report))
    return doc


def write_pdf(report: ProgressReport, path: Path, progress: ProgressCallback | None = None) -> None:
    ensure_gui_app()
    if progress is not None:
        progress(0, 3, "Drawing charts")
    doc = build_document(report)
    if progress is not None:
        progress(1, 3, "Laying out pages")
    writer = QPdfWriter(str(path))
    writer.setTitle(f"Practice log: {report.profile.name}")
    writer.setCreator("Practice Room")
    writer.setResolution(300)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    # No printer margins: QTextDocument adds its own 2 cm all round and numbers the pages in it.
    writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    doc.print_(writer)
    del writer  # the file is finished when the writer goes away
    if progress is not None:
        progress(3, 3, "Written")
