"""A recording's waveform with a playhead, the time and comment pins; a click asks to seek there.
One widget in two places: listening back on the Rehearse page and reviewing."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from media.analysis.waveform import Waveform, WaveformError, compute_waveform

WAVE = QColor("#4f7a94")
PLAYED = QColor("#2f4d60")
PIN = QColor("#c0702a")
CURSOR = QColor("#b03030")


def clock(ms: int) -> str:
    seconds = max(0, ms) // 1000
    return f"{seconds // 60}:{seconds % 60:02d}"


class WaveformView(QWidget):
    seek_requested = Signal(int)  # milliseconds

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("waveform")
        self.setMinimumHeight(90)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.waveform: Waveform | None = None
        self.message = "No recording selected."
        self.position_ms = 0
        self.pins: list[int] = []
        self.setToolTip("Click to jump there")

    def show_message(self, message: str) -> None:
        self.waveform, self.message = None, message
        self.update()

    def set_waveform(self, waveform: Waveform) -> None:
        self.waveform, self.message = waveform, ""
        self.update()

    def set_position(self, ms: int) -> None:
        self.position_ms = ms
        self.update()

    def set_pins(self, offsets_ms: Sequence[int]) -> None:
        self.pins = list(offsets_ms)
        self.update()

    def duration_ms(self) -> int:
        return self.waveform.duration_ms if self.waveform else 0

    def x_for(self, ms: int) -> float:
        total = self.duration_ms()
        return 0.0 if total <= 0 else min(1.0, max(0.0, ms / total)) * (self.width() - 1)

    def ms_at(self, x: float) -> int:
        width = max(1, self.width() - 1)
        return round(min(1.0, max(0.0, x / width)) * self.duration_ms())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.waveform is not None and event.button() == Qt.MouseButton.LeftButton:
            self.seek_requested.emit(self.ms_at(event.position().x()))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#f7f9fa"))
        if self.waveform is None:
            painter.setPen(QColor("#666"))
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap  # long file names wrap
            painter.drawText(self.rect().adjusted(8, 4, -8, -4), int(flags), self.message)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        height, middle = self.height() - 14, (self.height() - 14) / 2 + 10
        peaks, width = self.waveform.peaks, self.width()
        played_x = self.x_for(self.position_ms)
        for x in range(width):
            peak = peaks[min(len(peaks) - 1, x * len(peaks) // max(1, width))]
            half = max(0.5, peak * height / 2)
            painter.setPen(PLAYED if x <= played_x else WAVE)
            painter.drawLine(QPointF(x, middle - half), QPointF(x, middle + half))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(PIN)
        for offset in self.pins:
            pin_x = self.x_for(offset)
            painter.drawPolygon(QPolygonF([QPointF(pin_x - 5, 0), QPointF(pin_x + 5, 0), QPointF(pin_x, 9)]))
        painter.setPen(QPen(CURSOR, 2))
        painter.drawLine(QPointF(played_x, 0), QPointF(played_x, self.height()))
        painter.setPen(QColor("#333"))
        label = f"{clock(self.position_ms)} / {clock(self.duration_ms())}"
        painter.drawText(QRectF(0, self.height() - 14, width - 4, 14), Qt.AlignmentFlag.AlignRight, label)


def load_waveform(path: Path) -> Waveform | str:
    """File worker: the waveform, or a plain reason it can't be drawn."""
    if not path.is_file():
        return f"The recording {path.name} is missing from the data folder, so it can't be played."
    try:
        return compute_waveform(path)
    except WaveformError as exc:
        return str(exc)
