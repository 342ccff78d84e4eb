"""Constants shared by media modules. No imports of Qt, libvlc or audio libraries here, on purpose:
pure modules import this, and it must never drag a heavy dependency in."""

from __future__ import annotations

from typing import Final

# Lower-case suffixes with the dot, as Path.suffix.lower() gives them.
AUDIO_EXTENSIONS: Final[frozenset[str]] = frozenset({".wav", ".flac", ".ogg", ".mp3", ".m4a", ".opus"})
VIDEO_EXTENSIONS: Final[frozenset[str]] = frozenset({".mp4", ".mkv", ".webm", ".mov", ".m4v", ".avi"})

# Environment variable that forces the clip player backend: "vlc" or "qt".
PLAYER_BACKEND_ENV: Final = "PRACTICE_ROOM_PLAYER"

# libvlc options for machines with no screen and no sound card (tests, CI).
HEADLESS_VLC_ARGS: Final[tuple[str, ...]] = ("--aout=dummy", "--vout=dummy", "--no-xlib")
# Normal app: real outputs; --no-xlib because Qt owns X and VLC must not call XInitThreads.
DEFAULT_VLC_ARGS: Final[tuple[str, ...]] = ("--no-xlib", "--quiet")
