"""Where Practice Room keeps its files: one folder per user, overridable for tests and portable use."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

HOME_ENV = "PRACTICE_ROOM_HOME"
DB_URL_ENV = "PRACTICE_ROOM_DB_URL"


@dataclass(frozen=True)
class DataPaths:
    home: Path

    @property
    def database(self) -> Path:
        return self.home / "practice.sqlite3"

    @property
    def recordings(self) -> Path:
        return self.home / "recordings"

    @property
    def clips(self) -> Path:
        return self.home / "clips"

    @property
    def backups(self) -> Path:
        return self.home / "backups"

    @property
    def cache(self) -> Path:
        """Clinic mode: recordings fetched from the server to be played here (app/clinic/file_cache.py)."""
        return self.home / "cache"

    @property
    def logs(self) -> Path:
        return self.home / "logs"

    @property
    def log_file(self) -> Path:
        return self.logs / "practice-room.log"

    @property
    def settings_file(self) -> Path:
        return self.home / "settings.json"

    @property
    def lock_file(self) -> Path:
        return self.home / "practice-room.lock"

    def ensure(self) -> DataPaths:
        """Create the folders, private to this user (0700): they hold recordings of their voice."""
        for folder in (self.home, self.recordings, self.clips, self.backups, self.logs):
            folder.mkdir(parents=True, exist_ok=True)
            try:
                folder.chmod(0o700)
            except OSError:  # e.g. a FAT USB stick for portable use: permissions don't exist there
                pass
        return self


def default_home() -> Path:
    from platformdirs import user_data_path

    return user_data_path("practice-room", appauthor=False, roaming=False)


def resolve_home(cli_home: str | os.PathLike[str] | None = None) -> DataPaths:
    """`--home` beats PRACTICE_ROOM_HOME beats the platform's per-user data folder."""
    chosen = cli_home or os.environ.get(HOME_ENV) or None
    home = Path(chosen).expanduser().resolve() if chosen else default_home()
    return DataPaths(home)


def database_url(paths: DataPaths, configured: str | None = None) -> str:
    """An explicit URL (settings or PRACTICE_ROOM_DB_URL) wins; default is SQLite in the data folder."""
    url = os.environ.get(DB_URL_ENV) or configured
    return url or f"sqlite:///{paths.database}"
