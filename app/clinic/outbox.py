"""Saves that could not reach the clinic's server, kept on this computer until it is back.

One JSON file per save (0600, written atomically) in the data folder's `outbox` folder, named
so that sorting the names gives the order they were made in. Each entry has a kind; the kinds
are registered with a handler that applies the save to a store (app/clinic/outbox_kinds.py has
a finished take and a rating; recordings' upload can register its own). Handlers must be
idempotent: replaying a save that already reached the server changes nothing, so an entry is
removed only after its handler returned, and a crash in between is harmless."""

from __future__ import annotations

import json
import logging
import os
import tempfile
import threading
import time
import uuid as uuid_mod
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.private_files import PRIVATE_FILE

if TYPE_CHECKING:
    from practice_db.store import PracticeStore

log = logging.getLogger(__name__)

FOLDER_NAME = "outbox"
SET_ASIDE = "not-sent"  # entries the server refused (not a lost connection): kept for a person to see

Handler = Callable[["PracticeStore", dict[str, Any]], None]
_KINDS: dict[str, Handler] = {}


def register_kind(kind: str, handler: Handler) -> None:
    """Another part (e.g. uploading recordings) adds its kind of save here."""
    _KINDS[kind] = handler


def registered_kinds() -> frozenset[str]:
    return frozenset(_KINDS)


@dataclass(frozen=True)
class OutboxEntry:
    uuid: str
    kind: str
    created_at: str
    payload: dict[str, Any]
    path: Path


@dataclass(frozen=True)
class ReplayResult:
    sent: int
    waiting: int
    reachable: bool  # False: the server went away again during the replay


class Outbox:
    """Thread-safe: the save path (storage worker) and the retry (the same worker) share it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lock = threading.Lock()

    @classmethod
    def in_data_folder(cls, home: Path) -> Outbox:
        return cls(home / FOLDER_NAME)

    def add(self, kind: str, payload: dict[str, Any], entry_uuid: str | None = None) -> OutboxEntry:
        if kind not in _KINDS:
            raise ValueError(f"Unknown outbox kind {kind!r}")
        entry_uuid = entry_uuid or str(uuid_mod.uuid4())
        created = datetime.now(UTC).isoformat()
        data = {"uuid": entry_uuid, "kind": kind, "created_at": created, "payload": payload}
        with self._lock:
            self.folder.mkdir(parents=True, exist_ok=True)
            try:
                self.folder.chmod(0o700)
            except OSError:
                pass
            path = self.folder / f"{time.time_ns():020d}-{entry_uuid}.json"
            _write_atomically(path, json.dumps(data, sort_keys=True).encode("utf-8"))
        log.info("Kept a %s save in the outbox (%s)", kind, entry_uuid)
        return OutboxEntry(entry_uuid, kind, created, payload, path)

    def entries(self) -> list[OutboxEntry]:
        if not self.folder.is_dir():
            return []
        found = []
        for path in sorted(self.folder.glob("*.json")):
            try:
                raw = json.loads(path.read_text(encoding="utf-8"))
                found.append(OutboxEntry(raw["uuid"], raw["kind"], raw["created_at"], raw["payload"], path))
            except (OSError, ValueError, KeyError, TypeError):
                log.exception("Outbox entry %s can't be read; set aside", path)
                self._set_aside(path)
        return found

    def count(self) -> int:
        return len(list(self.folder.glob("*.json"))) if self.folder.is_dir() else 0

    def replay(self, store: PracticeStore, lost: Callable[[BaseException], bool]) -> ReplayResult:
        """Apply the waiting saves in order; stop at the first lost connection (order matters:
        a rating follows its take). A save the server refuses is set aside, not retried forever."""
        sent = 0
        with self._lock:
            for entry in self.entries():
                handler = _KINDS.get(entry.kind)
                try:
                    if handler is None:
                        raise ValueError(f"no handler for {entry.kind!r}")
                    handler(store, entry.payload)
                except Exception as exc:
                    if lost(exc):
                        return ReplayResult(sent, self.count(), False)
                    log.exception("Outbox entry %s (%s) was refused; set aside", entry.uuid, entry.kind)
                    self._set_aside(entry.path)
                    continue
                entry.path.unlink(missing_ok=True)
                sent += 1
        return ReplayResult(sent, self.count(), True)

    def _set_aside(self, path: Path) -> None:
        target = self.folder / SET_ASIDE
        target.mkdir(exist_ok=True)
        try:
            path.replace(target / path.name)
        except OSError:
            log.exception("Could not set %s aside", path)


def _write_atomically(path: Path, data: bytes) -> None:
    """Temp file (0600) + fsync + rename: a crash leaves the entry whole or absent."""
    fd, tmp = tempfile.mkstemp(prefix=".entry-", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, PRIVATE_FILE)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
