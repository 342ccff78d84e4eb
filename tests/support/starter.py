"""How many exercises the starter pack installs at start-up (tests wait for the library to show them)."""

from __future__ import annotations

from app.startup.starter_library import load_manifest

STARTER_CLIPS = len(load_manifest())
