"""What the window calls to delete: files to the trash first, then rows in one transaction; a
failure at either step puts everything back and says so plainly. Runs on the DB worker.

Undo is kept for the rest of the session (`undo_last`); `empty_trash` at close and
`purge_leftovers` at the next start make deleted recordings gone from disk."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from app.clinic.file_sync import forget_deleted
from app.deletion.trash import Trash, TrashEntry
from app.paths import DataPaths

if TYPE_CHECKING:
    from practice_db.deletion.records import DeletedRows, ProfileFootprint
    from practice_db.records import AttemptRecord
    from practice_db.store import PracticeStore

log = logging.getLogger(__name__)
T = TypeVar("T")

DISK_PROBLEM = (
    "Nothing was deleted: the data folder could not be changed (is the disk full, read-only or "
    "unplugged?). Everything is as it was."
)


class DeletionFailed(RuntimeError):
    """str(exc) is a plain sentence for the user; nothing was changed."""


@dataclass(frozen=True)
class Deleted:
    """One deletion that Undo can put back."""

    what: str  # "an attempt", "the clip «…» and 3 attempts"
    rows: DeletedRows
    entry: TrashEntry


@dataclass(frozen=True)
class Hidden:
    """A clip hidden instead of deleted; Undo shows it again."""

    what: str
    clip_id: int


class DeletionWorkflow:
    def __init__(self, paths: DataPaths, store: PracticeStore) -> None:
        self.paths = paths
        self.store = store
        self.trash = Trash(paths)
        self.undo_stack: list[Deleted | Hidden] = []

    # -- attempts ----------------------------------------------------------
    def delete_attempts(self, attempt_ids: Sequence[int], by_profile_id: int) -> Deleted:
        files = _with_partials(self.store.deletion.owned_attempts(attempt_ids, by_profile_id))
        uuids = [self.store.attempts.get(i).uuid for i in attempt_ids]
        entry = self._stash(files, uuids, None)
        rows = self._or_put_back(
            entry, lambda: self.store.deletion.remove_attempts(attempt_ids, by_profile_id)
        )
        n = len(rows.attempts)
        return self._remember(Deleted("an attempt" if n == 1 else f"{n} attempts", rows, entry))

    # -- clips -------------------------------------------------------------
    def delete_clip(self, clip_id: int, by_profile_id: int) -> Deleted:
        """An own clip with this person's attempts at it (its file and their recordings)."""
        from practice_db.deletion.repository import OTHERS_KEEP, STARTER_KEPT

        usage = self.store.deletion.clip_usage(clip_id, by_profile_id)
        if usage.starter:  # asked before any file moves; storage checks it again
            raise DeletionFailed(STARTER_KEPT)
        if usage.others:
            raise DeletionFailed(OTHERS_KEEP)
        clip = self.store.clips.get(clip_id)
        mine = self._attempts_of(clip_id, by_profile_id)
        files = _with_partials(tuple(a.recording_path or "" for a in mine))
        shared = clip.media_path and self.store.deletion.clip_media_shared(clip.media_path, clip_id)
        if clip.media_path and not shared:
            files = (*files, clip.media_path)
        entry = self._stash(files, [a.uuid for a in mine], clip.uuid)
        rows = self._or_put_back(entry, lambda: self.store.deletion.remove_clip(clip_id, by_profile_id))
        n = usage.mine
        what = f"the clip «{clip.title}»" + (f" and {n} attempt{'s' if n != 1 else ''}" if n else "")
        return self._remember(Deleted(what, rows, entry))

    def hide_clip(self, clip_id: int, hidden: bool = True) -> Hidden:
        """Keep the clip (and every attempt at it) but out of the Library and sessions."""
        self.store.deletion.set_hidden(clip_id, hidden)
        done = Hidden(f"the clip «{self.store.clips.get(clip_id).title}»", clip_id)
        if hidden:
            self.undo_stack.append(done)
        return done

    # -- profiles ----------------------------------------------------------
    def delete_profile(self, profile_id: int, typed_name: str) -> ProfileFootprint:
        """Final (no undo): recordings to the trash, rows deleted, then the trash entry purged."""
        footprint = self.store.deletion.footprint(profile_id)
        uuids = [a.uuid for a in self.store.attempts.for_profile(profile_id, include_discarded=True)]
        entry = self._stash(_with_partials(footprint.all_recordings), uuids, None)
        done = self._or_put_back(entry, lambda: self.store.deletion.remove_profile(profile_id, typed_name))
        self.trash.purge(entry)
        # Undo of this person's earlier deletions can no longer put anything back.
        for kept in [d for d in self.undo_stack if isinstance(d, Deleted)]:
            if any(a["profile_id"] == profile_id for a in kept.rows.attempts):
                self.undo_stack.remove(kept)
                self.trash.purge(kept.entry)
        return done

    # -- undo and emptying -------------------------------------------------
    def undo_last(self) -> Deleted | Hidden | None:
        """Put the newest deletion back: rows first, then files (a crash between leaves rows whose
        files start-up takes back out of the trash). On failure nothing changes and Undo stays."""
        if not self.undo_stack:
            return None
        last = self.undo_stack[-1]
        if isinstance(last, Hidden):
            self.store.deletion.set_hidden(last.clip_id, False)
            self.undo_stack.pop()
            return last
        try:
            new_ids = self.store.deletion.restore(last.rows)
        except Exception as exc:
            log.exception("Undo could not put the rows back")
            raise DeletionFailed(_plain(exc, "It could not be put back.")) from exc
        try:
            self.trash.unstash(last.entry)
        except OSError as exc:
            log.exception("Undo could not put the files back")
            self._remove_restored(last, new_ids)
            raise DeletionFailed(
                "It could not be put back: the recordings could not be moved back into the data folder "
                "(is the disk full or read-only?). It stays deleted, and Undo is still offered."
            ) from exc
        self.undo_stack.pop()
        return last

    def empty_trash(self) -> None:
        """At close: this session's deletions are final; files go from disk."""
        for deleted in self.undo_stack:
            if isinstance(deleted, Deleted):
                self.trash.purge(deleted.entry)
                forget_deleted(self.store, deleted.rows)  # clinic mode: the server's copies go too
        self.undo_stack.clear()
        self.purge_leftovers()

    def purge_leftovers(self) -> int:
        return self.trash.purge_leftovers(self._still_stored)

    # -- helpers -----------------------------------------------------------
    def _still_stored(self, attempt_uuids: Sequence[str], clip_uuid: str | None) -> bool:
        if any(self.store.attempts.by_uuid(u) is not None for u in attempt_uuids):
            return True
        return clip_uuid is not None and self.store.clips.by_uuid(clip_uuid) is not None

    def _attempts_of(self, clip_id: int, profile_id: int) -> list[AttemptRecord]:
        return [
            a
            for a in self.store.attempts.for_profile(profile_id, include_discarded=True)
            if a.clip_id == clip_id
        ]

    def _stash(self, files: Sequence[str], attempts: Sequence[str], clip: str | None) -> TrashEntry:
        try:
            return self.trash.stash(files, attempts, clip)
        except OSError as exc:
            log.exception("Could not move files to the trash")
            raise DeletionFailed(DISK_PROBLEM) from exc

    def _or_put_back(self, entry: TrashEntry, remove: Callable[[], T]) -> T:
        try:
            return remove()
        except Exception as exc:
            try:
                self.trash.unstash(entry)
            except OSError:
                log.exception("Files of a failed deletion stay in %s until the next start", entry.folder)
            log.exception("Deletion failed; nothing was deleted")
            raise DeletionFailed(_plain(exc, DISK_PROBLEM)) from exc

    def _remember(self, deleted: Deleted) -> Deleted:
        self.undo_stack.append(deleted)
        return deleted

    def _remove_restored(self, deleted: Deleted, new_ids: dict[int, int]) -> None:
        try:
            if deleted.rows.clip is not None:
                clip = self.store.clips.by_uuid(str(deleted.rows.clip["uuid"]))
                if clip is not None:
                    owner = int(deleted.rows.attempts[0]["profile_id"]) if deleted.rows.attempts else 0
                    self.store.deletion.remove_clip(clip.id, owner)
            elif new_ids:
                owner = int(deleted.rows.attempts[0]["profile_id"])
                self.store.deletion.remove_attempts(list(new_ids.values()), owner)
        except Exception:
            log.exception("Rows put back by a failed undo could not be removed again")


def _with_partials(files: Sequence[str]) -> tuple[str, ...]:
    """A take still being written (or recovered) may have its `.partial` beside it."""
    return tuple(p for f in files if f for p in (f, f + ".partial"))


def _plain(exc: BaseException, fallback: str) -> str:
    from practice_db.errors import StorageError

    return str(exc) if isinstance(exc, StorageError) else fallback
