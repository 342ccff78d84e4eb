"""Child process on a real X server: embed libvlc in a VideoView, play the test video and print the
colour at the centre of our window (the clip is a flat 0x334455), and at the top-left corner of
the screen, where libvlc would open a window of its own if embedding failed. Usage: embed_child CLIP"""

from __future__ import annotations

import json
import sys
import time

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from media.playback.playback_qt import create_playback
from media.playback.video_qt import VideoView


def main() -> None:
    app = QApplication([])
    controller = create_playback("vlc", ["--aout=dummy", "--no-xlib", "--quiet"])
    view = VideoView()
    view.setGeometry(700, 450, 320, 240)  # away from (0, 0)
    view.show()
    view.attach(controller)
    result: dict[str, object] = {}

    def grab() -> None:
        image = view.screen().grabWindow(view.winId()).toImage()
        result["centre"] = image.pixelColor(image.width() // 2, image.height() // 2).name()
        corner = view.screen().grabWindow(0, 0, 0, 320, 240).toImage()
        result["corner"] = corner.pixelColor(160, 120).name()

    controller.started.connect(lambda: QTimer.singleShot(800, grab))
    controller.ended.connect(lambda: result.setdefault("outcome", "ended"))
    controller.error.connect(lambda message: result.setdefault("outcome", message))
    controller.play_clip(sys.argv[1])
    deadline = time.monotonic() + 15
    while "outcome" not in result and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    controller.close()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
