"""Practice Room application wiring: start-up, settings, CLI, cross-part workflows."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

APP_NAME = "Practice Room"
try:
    __version__ = version("practice-room")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
