"""User settings: a small JSON file written atomically; a damaged file never stops the app."""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settings:
    last_profile_uuid: str | None = None
    input_device_name: str | None = None
    response_window_s: int = 90
    show_statement: bool = True
    player_backend: str = "auto"  # auto | vlc | qt
    database_url: str | None = None
    session_clip_count: int = 5
    window_geometry: str | None = None  # Qt's saveGeometry(), base64: size and place on screen

    def updated(self, **changes: Any) -> Settings:
        return replace(self, **changes)


def _coerce(raw: dict[str, Any]) -> Settings:
    """Keep the known keys with the right types; ignore the rest (a newer version may add keys)."""
    defaults = Settings()
    values: dict[str, Any] = {}
    for f in fields(Settings):
        if f.name not in raw:
            continue
        value, default = raw[f.name], getattr(defaults, f.name)
        expected = type(default) if default is not None else str
        if value is None or isinstance(value, expected) and not (expected is int and isinstance(value, bool)):
            values[f.name] = value
        else:
            log.warning("Ignoring setting %s with unexpected value %r", f.name, value)
    if not 15 <= values.get("response_window_s", defaults.response_window_s) <= 600:
        values.pop("response_window_s")
    return replace(defaults, **values)


def load_settings(path: Path) -> Settings:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        log.warning("Could not read settings %s (%s); using defaults", path, exc)
        return Settings()
    try:
        raw = json.loads(data.decode("utf-8"))
        if not isinstance(raw, dict):
            raise ValueError("not a JSON object")
    except ValueError as exc:
        log.warning("Settings file %s is damaged (%s); using defaults and keeping a copy", path, exc)
        try:
            path.replace(path.with_suffix(".damaged.json"))
        except OSError:
            pass
        return Settings()
    return _coerce(raw)


def save_settings(path: Path, settings: Settings) -> None:
    """Temp file + fsync + rename: a crash leaves either the old or the new file, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = json.dumps(asdict(settings), indent=2, sort_keys=True).encode("utf-8")
    fd, tmp = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    try:  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


class SettingsFile:
    """The live settings object handed to the UI. Saves happen off the caller's thread."""

    def __init__(self, path: Path) -> None:
        import threading
        from concurrent.futures import ThreadPoolExecutor

        self.path = path
        self._current = load_settings(path)
        self._lock = threading.Lock()
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="settings")

    @property
    def current(self) -> Settings:
        return self._current

    def update(self, **changes: Any) -> None:
        with self._lock:
            self._current = self._current.updated(**changes)
            snapshot = self._current
        self._writer.submit(self._save, snapshot)

    def _save(self, snapshot: Settings) -> None:
        try:
            save_settings(self.path, snapshot)
        except OSError:
            log.exception("Could not save settings to %s", self.path)

    def flush(self) -> None:
        """Wait for pending writes (at exit and in tests)."""
        self._writer.submit(lambda: None).result()
