"""Chart widgets of the Progress page; they keep their data so tests can check what is drawn."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.progress_log import charts
from practice_db.progress.records import FacetSeries, WeekVolume
from ui.progress.data import WeekTiming

LATENCY_COLOUR = QColor("#6a5aa8")
PAUSE_COLOUR = QColor("#3f8f8a")


class _Chart(QWidget):
    def __init__(self, height: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._height = height
        self.setMinimumHeight(height)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._picture: QPixmap | None = None
        self._picture_key: tuple[int, int, float] = (0, 0, 0.0)

    def sizeHint(self) -> QSize:
        return QSize(640, self._height)

    def refresh(self) -> None:
        """New data: draw again on the next paint."""
        self._picture = None
        self.update()

    @property
    def drawn(self) -> bool:
        """The picture for the current data and size is ready (the next paint only copies it)."""
        ratio = self.devicePixelRatioF()
        return self._picture is not None and self._picture_key == (self.width(), self.height(), ratio)

    def draw_now(self) -> None:
        """Draw the picture now if the chart is on screen, so the page is complete when it says it
        is loaded, and the paint that follows only copies it."""
        if self.isVisible() and not self.visibleRegion().isEmpty():
            self._drawn()

    def _drawn(self) -> QPixmap:
        # Drawn once per data and size, then copied: the page repaints for unrelated reasons (the
        # "Loading…" line, scrolling), and a year's facet grid costs ~10 ms of Python to draw.
        ratio = self.devicePixelRatioF()
        key = (self.width(), self.height(), ratio)
        if self._picture is None or self._picture_key != key:
            picture = QPixmap(QSize(round(self.width() * ratio), round(self.height() * ratio)))
            picture.setDevicePixelRatio(ratio)
            picture.fill(QColor("white"))
            p = QPainter(picture)
            try:
                self.paint(p, QRectF(self.rect()).adjusted(4, 4, -4, -4))
            finally:
                p.end()
            self._picture, self._picture_key = picture, key
        return self._picture

    def paintEvent(self, _event: QPaintEvent) -> None:
        picture = self._drawn()
        p = QPainter(self)
        try:
            p.drawPixmap(0, 0, picture)
        finally:
            p.end()

    def paint(self, p: QPainter, rect: QRectF) -> None:
        raise NotImplementedError


class FacetCharts(_Chart):
    """Eight small panels, four to a row: weekly means, self and supervisor apart."""

    COLS = 4

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(24 + 2 * 150, parent)
        self.series: tuple[FacetSeries, ...] = ()
        self.weeks: list[date] = []
        self.scales: list[tuple[float, float, float]] = []  # each panel's y axis, as last drawn

    def set_data(self, series: Sequence[FacetSeries], weeks: Sequence[date]) -> None:
        self.series, self.weeks = tuple(series), list(weeks)
        self.refresh()

    def lines(self, facet: str) -> tuple[charts.Line, ...]:
        """The series drawn in one facet's panel."""
        return next((charts.facet_lines(s) for s in self.series if s.facet == facet), ())

    def paint(self, p: QPainter, rect: QRectF) -> None:
        self.scales = charts.paint_facet_grid(p, rect, self.series, self.weeks, self.COLS)


class VolumeChart(_Chart):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(190, parent)
        self.weeks: tuple[WeekVolume, ...] = ()

    def set_data(self, weeks: Sequence[WeekVolume]) -> None:
        self.weeks = tuple(weeks)
        self.refresh()

    def paint(self, p: QPainter, rect: QRectF) -> None:
        charts.paint_volume(p, rect, self.weeks)


class TimingCharts(_Chart):
    """Time to first word and pauses per attempt, weekly medians, side by side."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(170, parent)
        self.timings: tuple[WeekTiming, ...] = ()
        self.weeks: list[date] = []

    def set_data(self, timings: Sequence[WeekTiming], weeks: Sequence[date]) -> None:
        self.timings, self.weeks = tuple(timings), list(weeks)
        self.refresh()

    def latency_line(self) -> charts.Line:
        points = tuple((t.week_start, t.latency_s) for t in self.timings if t.latency_s is not None)
        return charts.Line("Seconds to first word", LATENCY_COLOUR, points)

    def pause_line(self) -> charts.Line:
        points = tuple((t.week_start, t.pauses) for t in self.timings if t.pauses is not None)
        return charts.Line("Pauses per attempt", PAUSE_COLOUR, points, square=True)

    def paint(self, p: QPainter, rect: QRectF) -> None:
        charts.prepare(p)
        half = rect.width() / 2
        for i, (title, line) in enumerate(
            (
                ("Seconds before your first word", self.latency_line()),
                ("Pauses per attempt", self.pause_line()),
            )
        ):
            box = QRectF(rect.left() + i * half + 2, rect.top() + 2, half - 16, rect.height() - 6)
            scale = charts.zero_range([v for _, v in line.points])
            charts.paint_line_panel(p, box, title, self.weeks, [line], scale, 1, "no timings")
