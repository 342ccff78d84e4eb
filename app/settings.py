"""User settings: a small JSON file written atomically; a damaged file never stops the app.

Every field is checked against its rule (app/settings_rules.py); what had to be corrected is
logged and summed up in one plain line the window shows once.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import asdict, dataclass, fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.settings_rules import RULES, as_kind, fault

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Settings:
    last_profile_uuid: str | None = None
    input_device_name: str | None = None
    microphone_checked: bool = False  # the microphone check was offered once, after the first profile
    response_window_s: int = 90
    show_statement: bool = True
    player_backend: str = "auto"  # auto | vlc | qt
    database_url: str | None = None
    clinic_server: str | None = None  # postgresql+psycopg://NAME@HOST:PORT/DB, never a password
    session_clip_count: int = 5
    hide_content_note_clips: bool = False  # clips with a content note stay out of suggested sessions
    window_geometry: str | None = None  # Qt's saveGeometry(), base64: size and place on screen
    last_clip_folder: str | None = None  # where clip files were last chosen (file dialogs start there)
    last_bundle_folder: str | None = None  # where a bundle was last saved or opened
    clip_consent_noted: bool = False  # the note on clients' consent was shown at a first import

    @property
    def configured_database_url(self) -> str | None:
        """The clinic's server when one is set, else an explicit database URL, else None (SQLite)."""
        return self.clinic_server or self.database_url

    def updated(self, **changes: Any) -> Settings:
        return replace(self, **changes)


# Far more than any real settings file; a bigger one is damage, not settings.
MAX_FILE_BYTES = 256 * 1024


@dataclass(frozen=True)
class SettingsLoad:
    """What reading the settings file gave, and what had to be corrected on the way."""

    settings: Settings
    problems: tuple[str, ...] = ()  # one per correction, for the log and `doctor`
    notice: str | None = None  # one plain line for the user; None when nothing was corrected
    kept_as: Path | None = None  # where a damaged file was set aside


def _check_fields(raw: dict[str, Any]) -> SettingsLoad:
    """Each known key checked on its own: a bad value falls back to its default, the rest is kept.
    Unknown keys are ignored (a newer version may add some)."""
    defaults = Settings()
    values: dict[str, Any] = {}
    problems: list[str] = []
    labels: list[str] = []
    for f in fields(Settings):
        if f.name not in raw:
            continue
        rule = RULES[f.name]
        value = as_kind(rule, raw[f.name])
        why = fault(rule, value)
        if why is None:
            values[f.name] = value
        else:
            problems.append(f"{f.name} {why}, so {getattr(defaults, f.name)!r} is used")
            labels.append(rule.label)
    return SettingsLoad(replace(defaults, **values), tuple(problems), _fields_notice(labels))


def _fields_notice(labels: list[str]) -> str | None:
    if not labels:
        return None
    if len(labels) == 1:
        return f"One setting could not be used and is back to its usual value: {labels[0]}."
    return f"Some settings could not be used and are back to their usual values: {', '.join(labels)}."


def _set_aside(path: Path) -> Path | None:
    """Rename a damaged file out of the way (never over an earlier copy) so the next save
    doesn't overwrite what the user had."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    for n in range(1, 100):
        target = path.with_name(f"{path.name}.damaged-{stamp}" + (f"-{n}" if n > 1 else ""))
        if target.exists():
            continue
        try:
            path.replace(target)
        except OSError as exc:
            log.warning("Could not keep the damaged settings file %s aside (%s)", path, exc)
            return None
        return target
    return None


def read_settings(path: Path, *, set_aside: bool = True) -> SettingsLoad:
    """Never raises: a missing file gives the defaults, a damaged one the defaults and a notice.
    set_aside=False (for `doctor`) leaves a damaged file where it is."""
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return SettingsLoad(Settings())
    except OSError as exc:
        log.warning("Could not read settings %s (%s); using defaults", path, exc)
        notice = "Your settings file could not be opened, so the usual settings are in use for now."
        why = exc.strerror or type(exc).__name__  # plain words: doctor prints the problems
        return SettingsLoad(Settings(), (f"could not read {path.name} ({why})",), notice)
    try:
        if len(data) > MAX_FILE_BYTES:
            raise ValueError(f"larger than {MAX_FILE_BYTES} bytes")
        raw = json.loads(data.decode("utf-8-sig"))  # Windows editors may add a byte-order mark
        if not isinstance(raw, dict):
            raise ValueError(f"holds a JSON {type(raw).__name__}, not an object")
    except (ValueError, RecursionError) as exc:  # RecursionError: absurdly deep nesting
        problem = f"{path.name} is damaged ({exc})"
        kept = _set_aside(path) if set_aside else None
        log.warning("Settings file %s is damaged (%s); using defaults, kept as %s", path, exc, kept)
        if kept is not None:
            notice = (
                "Your settings file could not be read, so the usual settings are in use; "
                f"the old file was kept as {kept.name}."
            )
        elif not set_aside:
            notice = (
                "Your settings file could not be read; Practice Room will use its usual settings "
                "and keep a copy of the file when it next starts."
            )
        else:
            notice = "Your settings file could not be read, so the usual settings are in use."
        return SettingsLoad(Settings(), (problem,), notice, kept)
    loaded = _check_fields(raw)
    for problem in loaded.problems:
        log.warning("Setting in %s corrected: %s", path, problem)
    return loaded


def load_settings(path: Path) -> Settings:
    return read_settings(path).settings


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
        loaded = read_settings(path)
        self._current = loaded.settings
        self.notice = loaded.notice  # what had to be corrected, for the window to say once
        self._lock = threading.Lock()
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="settings")

    @property
    def current(self) -> Settings:
        return self._current

    def update(self, **changes: Any) -> None:
        """A value the rules refuse is logged and not kept, so the saved file always reads back whole."""
        for name, value in list(changes.items()):
            why = fault(RULES[name], value) if name in RULES else None  # unknown: replace() raises
            if why is not None:
                log.warning("Not keeping setting %s: %s", name, why)
                del changes[name]
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
