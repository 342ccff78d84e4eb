"""Progress charts painted with QPainter: onto widgets (the Progress page) or QImages (the PDF log).

One drawing code for screen and paper, so a supervisor sees the same picture in both. Every facet
panel uses the same fixed 1-5 axis (FACET_SCALE): an axis zoomed to each panel's data made 3.86
against 4.00 look like a cliff, and made panels impossible to compare with one another.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen, QPolygonF

from practice_db.progress.records import FacetSeries, WeekVolume
from practice_db.vocabulary import FACET_LABELS

SELF_COLOUR = QColor("#2f6db5")
SUPERVISOR_COLOUR = QColor("#d9822b")
INK, GRID, MUTED = QColor("#222222"), QColor("#e3e3e3"), QColor("#6b6b6b")
BAR = QColor("#5c8f6b")
RATIO = 3  # images are drawn at 3x the logical size: sharp in print (about 290 dpi at 640 px)
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop
RIGHT_MID = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CENTRE_TOP = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop


@dataclass(frozen=True)
class Line:
    """One series of a line panel: a value for some of the weeks (missing weeks are skipped)."""

    label: str
    colour: QColor
    points: tuple[tuple[date, float], ...]
    square: bool = False  # square markers tell the series apart in grey print too


@cache
def font(px: float, bold: bool = False) -> QFont:
    """Cached: a chart asks for the same few fonts over and over (setFont copies it)."""
    f = QFont("DejaVu Sans")
    f.setPointSizeF(px * 72 / 96)  # logical pixels at 96 dpi; fractional sizes stay exact
    f.setBold(bold)
    return f


def _marker_pen(colour: QColor, square: bool) -> QPen:
    """Markers drawn as points of a wide pen: a disc (round cap) or a square (square cap) 6.8 px
    across, the size of the old 5.2 px marker with its 1.6 px outline."""
    cap = Qt.PenCapStyle.SquareCap if square else Qt.PenCapStyle.RoundCap
    return QPen(colour, 6.8, Qt.PenStyle.SolidLine, cap)


def _image(width: int, height: int) -> tuple[QImage, QPainter]:
    """A white image `RATIO` times the logical size, with a painter working in logical pixels."""
    image = QImage(width * RATIO, height * RATIO, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.scale(RATIO, RATIO)
    return image, painter


def prepare(p: QPainter) -> None:
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)


FACET_SCALE = (1.0, 5.0, 0.5)  # (low, high, grid step): the whole rating scale, for every facet


def zero_range(values: Sequence[float]) -> tuple[float, float, float]:
    """(0, high, step) for counts and seconds: about four grid lines at round numbers."""
    top = max(list(values) + [0.0])
    if top <= 0:
        return 0.0, 1.0, 0.25
    raw = top / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    return 0.0, step * math.ceil(top / step), step


def week_label(week: date) -> str:
    return f"{week.day} {week:%b}"


def paint_line_panel(
    p: QPainter,
    box: QRectF,
    title: str,
    weeks: Sequence[date],
    lines: Sequence[Line],
    scale: tuple[float, float, float],
    decimals: int = 1,
    empty_text: str = "no ratings",
    label_every: int = 1,
) -> None:
    """A titled panel: y grid at `scale`'s step (labelled at every `label_every`-th line at least),
    one x position per week, a polyline per Line."""
    p.setFont(font(10.5, bold=True))
    p.setPen(INK)
    p.drawText(box, LEFT, title)
    plot = box.adjusted(32, 20, -8, -16)
    low, high, step = scale
    slots = {w: i for i, w in enumerate(weeks)}

    # Hoisted out of the loops below: a year's facet grid places ~1,700 points.
    bottom, height, span = plot.bottom(), plot.height(), high - low
    left, inner, last = plot.left() + 6, plot.width() - 12, max(len(weeks) - 1, 1)
    centre = plot.center().x() if len(weeks) <= 1 else None

    def y(v: float) -> float:
        return bottom - (v - low) / span * height

    def x(week: date) -> float:
        return centre if centre is not None else left + slots[week] / last * inner

    p.setFont(font(8))
    ticks = int(round((high - low) / step))
    label_every = max(label_every, math.ceil(ticks * 12 / max(plot.height(), 1)))  # labels 12 px apart
    levels = [(i, low + i * step) for i in range(ticks + 1)]
    p.setPen(QPen(GRID, 0.6))
    p.drawLines([QLineF(plot.left(), y(value), plot.right(), y(value)) for _, value in levels])
    p.setPen(MUTED)
    for i, value in levels:
        if i % label_every == 0:
            p.drawText(QRectF(box.left(), y(value) - 6, 28, 12), RIGHT_MID, f"{value:.{decimals}f}")
    shown = max(1, math.ceil(len(weeks) * 60 / max(plot.width(), 1)))  # labels about 60 px apart
    for i, week in enumerate(weeks):
        if i % shown == 0:
            p.drawText(QRectF(x(week) - 30, plot.bottom() + 3, 60, 12), CENTRE_TOP, week_label(week))
    for line in lines:
        at = [QPointF(x(w), y(v)) for w, v in line.points if w in slots]
        p.setPen(QPen(line.colour, 1.6))
        p.drawLines([QLineF(a, b) for a, b in zip(at, at[1:], strict=False)])  # faster than a polyline
        points = QPolygonF(at)
        p.setPen(_marker_pen(line.colour, line.square))
        p.drawPoints(points)  # one call for every marker: a dot is the wide pen's cap
    if not any(line.points for line in lines):
        p.setPen(MUTED)
        p.drawText(plot, Qt.AlignmentFlag.AlignCenter, empty_text)


def facet_lines(series: FacetSeries) -> tuple[Line, Line]:
    """Weekly means, self and supervisor apart."""

    def role(name: str) -> tuple[tuple[date, float], ...]:
        return tuple((w.week_start, w.mean) for w in series.weekly if w.rater_role == name)

    return (
        Line("Self", SELF_COLOUR, role("self")),
        Line("Supervisor", SUPERVISOR_COLOUR, role("supervisor"), square=True),
    )


def paint_legend(p: QPainter, left: float, top: float, note: str) -> None:
    p.setFont(font(9))
    x = left
    for label, colour, square in (("Self", SELF_COLOUR, False), ("Supervisor", SUPERVISOR_COLOUR, True)):
        p.setPen(QPen(colour, 2))
        p.drawLine(QPointF(x, top + 6), QPointF(x + 18, top + 6))
        p.setBrush(colour)
        if square:
            p.drawRect(QRectF(x + 6.4, top + 3.4, 5.2, 5.2))
        else:
            p.drawEllipse(QPointF(x + 9, top + 6), 2.6, 2.6)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.setPen(INK)
        p.drawText(QPointF(x + 23, top + 10), label)
        x += 90
    p.setPen(MUTED)
    p.drawText(QPointF(x + 10, top + 10), note)


FACET_NOTE = "weekly mean per facet, all on the same 1-5 scale"


def paint_facet_grid(
    p: QPainter, rect: QRectF, series: Sequence[FacetSeries], weeks: Sequence[date], cols: int
) -> list[tuple[float, float, float]]:
    """The legend, then one small panel per facet in `cols` columns; returns each panel's y scale
    (so tests can see that every facet is drawn on the same one)."""
    scales = []
    prepare(p)
    paint_legend(p, rect.left() + 4, rect.top() + 2, FACET_NOTE)
    rows = max(1, math.ceil(len(series) / cols))
    panel_w, panel_h = rect.width() / cols, (rect.height() - 24) / rows
    for i, s in enumerate(series):
        left = rect.left() + (i % cols) * panel_w + 2
        box = QRectF(left, rect.top() + 24 + (i // cols) * panel_h, panel_w - 14, panel_h - 10)
        lines = facet_lines(s)
        title = FACET_LABELS.get(s.facet, s.facet)
        paint_line_panel(p, box, title, weeks, lines, FACET_SCALE, label_every=2)  # labels 1, 2, ... 5
        scales.append(FACET_SCALE)
    return scales


def facet_chart(series: Sequence[FacetSeries], weeks: Sequence[date], width: int = 640) -> QImage:
    """Eight small panels (two columns), weekly mean per facet, self against supervisor."""
    rows = math.ceil(len(series) / 2)
    image, p = _image(width, int(24 + rows * 128))
    try:
        paint_facet_grid(p, QRectF(0, 0, width, 24 + rows * 128), series, weeks, cols=2)
    finally:
        p.end()
    return image


def paint_volume(p: QPainter, rect: QRectF, weeks: Sequence[WeekVolume]) -> None:
    """Attempts per week as bars, each labelled with its minutes spoken when there is room."""
    prepare(p)
    plot = QRectF(rect.left() + 28, rect.top() + 34, rect.width() - 36, rect.height() - 54)
    top = max([w.attempts for w in weeks] + [1])
    step = max(1, math.ceil(top / 4))
    top = step * math.ceil(top / step)
    p.setFont(font(10.5, bold=True))
    p.setPen(INK)
    title = "Attempts per week"
    p.drawText(QPointF(rect.left() + 2, rect.top() + 12), title)
    after_title = rect.left() + 2 + p.fontMetrics().horizontalAdvance(title) + 8
    p.setFont(font(8.5))
    p.setPen(MUTED)
    p.drawText(QPointF(after_title, rect.top() + 12), "(minutes spoken above each bar)")
    p.setFont(font(8))
    for value in range(0, top + 1, step):
        yy = plot.bottom() - value / top * plot.height()
        p.setPen(QPen(GRID, 0.6))
        p.drawLine(QPointF(plot.left(), yy), QPointF(plot.right(), yy))
        p.setPen(MUTED)
        p.drawText(QRectF(rect.left(), yy - 6, 22, 12), RIGHT_MID, str(value))
    slot = plot.width() / max(len(weeks), 1)
    shown = max(1, math.ceil(len(weeks) * 60 / max(plot.width(), 1)))
    for i, w in enumerate(weeks):
        bar_h = w.attempts / top * plot.height()
        bar_w = min(slot * 0.56, 56.0)  # a few weeks must not make slabs
        bar = QRectF(plot.left() + (i + 0.5) * slot - bar_w / 2, plot.bottom() - bar_h, bar_w, bar_h)
        p.fillRect(bar, BAR)
        if w.attempts and slot > 34:
            p.setPen(INK)
            above = QRectF(bar.center().x() - 30, bar.top() - 13, 60, 12)
            p.drawText(above, Qt.AlignmentFlag.AlignHCenter, f"{w.minutes_spoken:.1f} min")
        if i % shown == 0:
            p.setPen(MUTED)
            below = QRectF(bar.center().x() - 30, plot.bottom() + 4, 60, 12)
            p.drawText(below, Qt.AlignmentFlag.AlignHCenter, week_label(w.week_start))


def volume_chart(weeks: Sequence[WeekVolume], width: int = 640, height: int = 150) -> QImage:
    image, p = _image(width, height)
    try:
        paint_volume(p, QRectF(0, 0, width, height), weeks)
    finally:
        p.end()
    return image
