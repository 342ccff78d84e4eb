"""Where a clip is seen: libvlc draws into a native child window, Qt Multimedia into a QVideoWidget,
and an audio-only clip shows the client's words in large type instead of a black box."""

from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QLabel, QSizePolicy, QStackedLayout, QWidget

from media.playback.playback_qt import QtPlaybackController
from media.playback.player import is_audio_only


class VideoView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 180)
        self._stack = QStackedLayout(self)
        self._stack.setContentsMargins(0, 0, 0, 0)
        self._surface: QWidget = self._black_widget()
        self._stack.addWidget(self._surface)
        self._caption = QLabel(self)
        self._caption.setObjectName("clipCaption")
        self._caption.setWordWrap(True)
        self._caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._caption.setTextFormat(Qt.TextFormat.PlainText)
        self._caption.setMargin(24)
        font = QFont(self._caption.font())
        font.setPointSizeF(max(font.pointSizeF(), 10.0) * 1.8)
        self._caption.setFont(font)
        self._stack.addWidget(self._caption)
        self._controller: QtPlaybackController | None = None

    def attach(self, controller: QtPlaybackController) -> None:
        """Give the controller a surface to draw on; call once, before the first clip plays."""
        self.detach()
        self._controller = controller
        if controller.backend_name == "qt":
            from PySide6.QtMultimediaWidgets import QVideoWidget

            surface: QWidget = QVideoWidget(self)
            self._replace_surface(surface)
            controller.set_video_output(surface)
        else:
            surface = self._black_widget()
            # libvlc needs a real native window of its own, without making every ancestor native.
            surface.setAttribute(Qt.WidgetAttribute.WA_NativeWindow)
            surface.setAttribute(Qt.WidgetAttribute.WA_DontCreateNativeAncestors)
            self._replace_surface(surface)
            controller.set_video_window(int(surface.winId()))

    def controller(self) -> QtPlaybackController | None:
        """The player drawing here, if any (a page that borrows the surface gives it back)."""
        return self._controller

    def detach(self) -> None:
        if self._controller is None:
            return
        if self._controller.backend_name == "qt":
            self._controller.set_video_output(None)
        else:
            self._controller.set_video_window(None)
        self._controller = None

    def set_caption_text(self, text: str) -> None:
        self._caption.setText(text)

    def caption_text(self) -> str:
        return str(self._caption.text())

    def show_caption(self, show: bool) -> None:
        self._stack.setCurrentWidget(self._caption if show else self._surface)

    def is_caption_shown(self) -> bool:
        return self._stack.currentWidget() is self._caption

    def prepare_clip(self, path: str | os.PathLike[str], caption: str = "") -> None:
        """Show the caption instead of video for an audio-only clip, the video surface otherwise."""
        self.set_caption_text(caption)
        self.show_caption(is_audio_only(path))

    def video_surface(self) -> QWidget:
        return self._surface

    def _replace_surface(self, surface: QWidget) -> None:
        showing_caption = self.is_caption_shown()
        old = self._surface
        self._stack.insertWidget(0, surface)
        self._stack.removeWidget(old)
        old.deleteLater()
        self._surface = surface
        self.show_caption(showing_caption)

    def _black_widget(self) -> QWidget:
        widget = QWidget(self)
        widget.setAutoFillBackground(True)
        palette = widget.palette()
        palette.setColor(QPalette.ColorRole.Window, Qt.GlobalColor.black)
        widget.setPalette(palette)
        return widget
