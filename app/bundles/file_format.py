"""The bundle file's name, format and version: plain constants, light enough for the window's menus."""

from __future__ import annotations

FORMAT = "practice-room-bundle"
MAJOR, MINOR = 1, 2  # 1.1: ratings carry criteria_verdicts; 1.2: takes travel as Ogg Opus or FLAC
FORMAT_VERSION = f"{MAJOR}.{MINOR}"
MANIFEST_NAME = "manifest.json"
MAX_MANIFEST_BYTES = 16 << 20
SUFFIX = ".prbundle"
