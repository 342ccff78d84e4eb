"""Charts for the PDF, drawn with QPainter onto QImages (no widgets, so they work offscreen).

Facet scores move by tenths of a point, so each facet panel zooms its y-axis to the data and
draws a grid line every 0.1 (or 0.2/0.5 when the spread is wide), labelled with one decimal.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen

from app.progress_log import fmt
from app.progress_log.collect import ProgressReport
from practice_db.progress_records import FacetSeries, WeekVolume

SELF_COLOUR = QColor("#2f6db5")
SUPERVISOR_COLOUR = QColor("#d9822b")
INK, GRID, MUTED = QColor("#222222"), QColor("#e3e3e3"), QColor("#6b6b6b")
BAR = QColor("#5c8f6b")


RATIO = 3  # drawn at 3x the logical size: sharp in print (about 290 dpi at the PDF's 640 px width)


def _font(px: float, bold: bool = False) -> QFont:
    font = QFont("DejaVu Sans")
    font.setPointSizeF(px * 72 / 96)  # logical pixels at 96 dpi; fractional sizes stay exact
    font.setBold(bold)
    return font


def _image(width: int, height: int) -> tuple[QImage, QPainter]:
    """A white image `RATIO` times the logical size, with a painter working in logical pixels."""
    image = QImage(width * RATIO, height * RATIO, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.scale(RATIO, RATIO)
    return image, painter


def y_range(values: Sequence[float]) -> tuple[float, float, float]:
    """(low, high, grid step) in tenths: hugs the data, at least 0.6 tall, within 1-5."""
    if not values:
        return 2.5, 3.5, 0.1
    low = math.floor((min(values) - 0.15) * 10) / 10
    high = math.ceil((max(values) + 0.15) * 10) / 10
    if high - low < 0.6:
        mid = (high + low) / 2
        low, high = round(mid - 0.3, 1), round(mid + 0.3, 1)
    low, high = max(1.0, low), min(5.0, high)
    span = high - low
    step = 0.1 if span <= 1.2 else 0.2 if span <= 2.4 else 0.5
    low = math.floor(round(low / step, 6)) * step
    high = math.ceil(round(high / step, 6)) * step
    return low, high, step


def _panel(p: QPainter, box: QRectF, series: FacetSeries, weeks: list[date]) -> None:
    p.setFont(_font(10.5, bold=True))
    p.setPen(INK)
    p.drawText(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, fmt.facet(series.facet))
    plot = box.adjusted(30, 20, -8, -16)
    means = [w.mean for w in series.weekly]
    low, high, step = y_range(means)

    def y(v: float) -> float:
        return plot.bottom() - (v - low) / (high - low) * plot.height()

    def x(week: date) -> float:
        if len(weeks) <= 1:
            return plot.center().x()
        return plot.left() + 6 + weeks.index(week) / (len(weeks) - 1) * (plot.width() - 12)

    p.setFont(_font(8))
    ticks = int(round((high - low) / step))
    label_every = max(1, math.ceil(ticks * 12 / plot.height()))  # keep labels 12 px apart
    for i in range(ticks + 1):
        value = low + i * step
        p.setPen(QPen(GRID, 0.6))
        p.drawLine(QPointF(plot.left(), y(value)), QPointF(plot.right(), y(value)))
        if i % label_every == 0:
            p.setPen(MUTED)
            label = QRectF(box.left(), y(value) - 6, 26, 12)
            p.drawText(label, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{value:.1f}")
    p.setPen(MUTED)
    shown = max(1, math.ceil(len(weeks) / 6))
    for i, week in enumerate(weeks):
        if i % shown == 0:
            rect = QRectF(x(week) - 30, plot.bottom() + 3, 60, 12)
            p.drawText(
                rect, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, f"{week.day} {week:%b}"
            )
    for role, colour in (("self", SELF_COLOUR), ("supervisor", SUPERVISOR_COLOUR)):
        points = [QPointF(x(w.week_start), y(w.mean)) for w in series.weekly if w.rater_role == role]
        p.setPen(QPen(colour, 1.6))
        for a, b in zip(points, points[1:], strict=False):
            p.drawLine(a, b)
        p.setBrush(colour)
        for pt in points:
            if role == "self":
                p.drawEllipse(pt, 2.6, 2.6)
            else:
                p.drawRect(QRectF(pt.x() - 2.6, pt.y() - 2.6, 5.2, 5.2))
        p.setBrush(Qt.BrushStyle.NoBrush)
    if not means:
        p.setPen(MUTED)
        p.drawText(plot, Qt.AlignmentFlag.AlignCenter, "no ratings")


def _legend(p: QPainter, left: float, top: float) -> None:
    p.setFont(_font(9))
    x = left
    for label, colour in (("Self", SELF_COLOUR), ("Supervisor", SUPERVISOR_COLOUR)):
        p.setPen(QPen(colour, 2))
        p.drawLine(QPointF(x, top + 6), QPointF(x + 18, top + 6))
        p.setPen(INK)
        p.drawText(QPointF(x + 23, top + 10), label)
        x += 90
    p.setPen(MUTED)
    p.drawText(QPointF(x + 10, top + 10), "weekly mean per facet; each axis is zoomed to its data")


def facet_chart(report: ProgressReport, width: int = 640) -> QImage:
    """Eight small panels (two columns), weekly mean per facet, self against supervisor."""
    cols, rows = 2, math.ceil(len(report.series) / 2)
    panel_w, panel_h = width / cols, 128.0
    image, p = _image(width, int(22 + rows * panel_h))
    try:
        _legend(p, 4, 2)
        weeks = [w.week_start for w in report.weeks]
        for i, series in enumerate(report.series):
            box = QRectF((i % cols) * panel_w + 2, 24 + (i // cols) * panel_h, panel_w - 14, panel_h - 10)
            _panel(p, box, series, weeks)
    finally:
        p.end()
    return image


def volume_chart(weeks: Sequence[WeekVolume], width: int = 640, height: int = 150) -> QImage:
    """Attempts per week as bars, each labelled with its minutes spoken."""
    image, p = _image(width, height)
    try:
        plot = QRectF(28, 34, width - 36, height - 54)
        top = max([w.attempts for w in weeks] + [1])
        step = max(1, math.ceil(top / 4))
        top = step * math.ceil(top / step)
        p.setFont(_font(10.5, bold=True))
        p.setPen(INK)
        title = "Attempts per week"
        p.drawText(QPointF(2, 12), title)
        after_title = 2 + p.fontMetrics().horizontalAdvance(title) + 8
        p.setFont(_font(8.5))
        p.setPen(MUTED)
        p.drawText(QPointF(after_title, 12), "(minutes spoken above each bar)")
        p.setFont(_font(8))
        for value in range(0, top + 1, step):
            yy = plot.bottom() - value / top * plot.height()
            p.setPen(QPen(GRID, 0.6))
            p.drawLine(QPointF(plot.left(), yy), QPointF(plot.right(), yy))
            p.setPen(MUTED)
            label = QRectF(0, yy - 6, 22, 12)
            p.drawText(label, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(value))
        slot = plot.width() / max(len(weeks), 1)
        shown = max(1, math.ceil(len(weeks) / 12))
        for i, w in enumerate(weeks):
            bar_h = w.attempts / top * plot.height()
            bar = QRectF(plot.left() + i * slot + slot * 0.22, plot.bottom() - bar_h, slot * 0.56, bar_h)
            p.fillRect(bar, BAR)
            if w.attempts and slot > 34:
                p.setPen(INK)
                above = QRectF(bar.center().x() - 30, bar.top() - 13, 60, 12)
                p.drawText(above, Qt.AlignmentFlag.AlignHCenter, f"{w.minutes_spoken:.1f} min")
            if i % shown == 0:
                p.setPen(MUTED)
                below = QRectF(bar.center().x() - 30, plot.bottom() + 4, 60, 12)
                p.drawText(below, Qt.AlignmentFlag.AlignHCenter, f"{w.week_start.day} {w.week_start:%b}")
    finally:
        p.end()
    return image
