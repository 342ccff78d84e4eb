"""The clip pack's file name, format and version: plain constants, light enough for the window."""

from __future__ import annotations

FORMAT = "practice-room-clip-pack"
MAJOR, MINOR = 1, 0
FORMAT_VERSION = f"{MAJOR}.{MINOR}"
MANIFEST_NAME = "manifest.json"
MAX_MANIFEST_BYTES = 16 << 20
SUFFIX = ".prpack"
SOURCE = "clip_pack"  # clips.source of an exercise that arrived in a pack
