"""The computer's time zone with its daylight-saving rules, so a day or week is the one the user
lived: a fixed UTC offset taken today puts a late-evening attempt from the other side of a
clock change on the wrong day.

Found as the C library finds it: the TZ variable if it names a zone, else the zone /etc/localtime
points to (or is a copy of). If none of that works (Windows without tzdata, an unusual TZ rule),
today's fixed offset is used, as before.
"""

from __future__ import annotations

import functools
import logging
import os
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

log = logging.getLogger(__name__)

LOCALTIME = Path("/etc/localtime")
TIMEZONE_FILE = Path("/etc/timezone")  # Debian's plain-text zone name


def local_zone() -> tzinfo:
    zone = _zone_from_env() if os.environ.get("TZ") else _zone_from_system()
    now = datetime.now().astimezone()
    fixed = now.tzinfo or UTC
    if zone is None:
        return fixed
    if now.astimezone(zone).utcoffset() != now.utcoffset():
        # Disagrees with the clock the rest of the process uses (date.today(), time.localtime):
        # the found zone is not the one in effect.
        log.warning("Time zone %s does not match the system clock's offset; using a fixed offset", zone)
        return fixed
    return zone


def _zone_from_env() -> ZoneInfo | None:
    """TZ=Europe/Berlin, TZ=:Europe/Berlin or TZ=/usr/share/zoneinfo/Europe/Berlin."""
    name = os.environ.get("TZ", "").removeprefix(":")
    if name.startswith("/"):
        return _zone_from_path(Path(name))
    return _named(name)


def _zone_from_system() -> ZoneInfo | None:
    try:
        target = LOCALTIME.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    zone = _zone_from_path(target)
    if zone is None and TIMEZONE_FILE.is_file():
        try:
            zone = _named(TIMEZONE_FILE.read_text(encoding="utf-8").strip())
        except (OSError, UnicodeDecodeError):
            zone = None
    return zone


def _zone_from_path(path: Path) -> ZoneInfo | None:
    """By name when the path lies in a zoneinfo folder (macOS and most Linux), else from the file."""
    parts = path.parts
    if "zoneinfo" in parts:
        zone = _named("/".join(parts[len(parts) - parts[::-1].index("zoneinfo") :]))
        if zone is not None:
            return zone
    try:
        return _from_file(path, path.stat().st_mtime_ns)
    except (OSError, ValueError):
        return None


@functools.lru_cache(maxsize=4)
def _from_file(path: Path, mtime_ns: int) -> ZoneInfo:
    """One object per file version, as ZoneInfo(name) caches by name: periods built at different
    times then still compare equal."""
    with path.open("rb") as fh:
        return ZoneInfo.from_file(fh, key=str(path))


def _named(name: str) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None
