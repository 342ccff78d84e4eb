"""A labelled microphone level: "Microphone: ready" beside a bar that moves with the voice, so it
never passes for a progress bar. Used by the microphone check and the Rehearse page."""

from __future__ import annotations

import math

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

# The bar shows -60..0 dBFS: linear peaks would leave normal speech at a sliver of the bar.
FLOOR_DB = -60.0


def level_percent(peak: float) -> int:
    """Peak 0..1 to 0..100 on a decibel scale."""
    if peak <= 0.0:
        return 0
    db = 20.0 * math.log10(min(peak, 1.0))
    return round(max(0.0, (db - FLOOR_DB) / -FLOOR_DB) * 100)


class LevelMeter(QWidget):
    def __init__(self, bar_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel("Microphone")
        self.label.setObjectName(f"{bar_name}Label")
        row.addWidget(self.label)
        self.bar = QProgressBar()
        self.bar.setObjectName(bar_name)
        self.bar.setRange(0, 100)
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(12)
        self.bar.setAccessibleName("Microphone level")
        # Green, like a sound meter, rather than the style's progress colour.
        self.bar.setStyleSheet(
            "QProgressBar { border: 1px solid #b8c2c9; border-radius: 3px; background: #f3f5f7; }"
            "QProgressBar::chunk { background: #4f9d69; border-radius: 2px; }"
        )
        self.bar.setMaximumWidth(280)  # a short meter, not a bar across the page
        row.addWidget(self.bar, 1)
        row.addStretch(1)
        self.label.setBuddy(self.bar)

    def set_state(self, state: str) -> None:
        """A short word after "Microphone": ready, recording, listening, off…"""
        self.label.setText(f"Microphone: {state}" if state else "Microphone")

    def set_level(self, peak: float) -> None:
        self.bar.setValue(level_percent(peak))

    def state_text(self) -> str:
        return self.label.text()
