"""What the Library's clip pack actions call: a size estimate, the export, a preview and the import.

Every call may be slow, so the UI decides which worker runs it (ui/library/pack_flow.py). The pack
code (jsonschema, zip checks, libvlc for the clip checks) is imported inside each method, when a
pack is first used. Errors are `ClipPackError` (a plain sentence) and `ClipPackCancelled`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from app.clip_packs.file_format import SUFFIX
from app.paths import DataPaths

if TYPE_CHECKING:
    from app.clip_packs.importer import PackPreview
    from app.clips.importer import ClipImporter
    from practice_db.records import ClipRecord
    from practice_db.store import PracticeStore

Progress = Callable[[int, int], None]  # (done, total), called from the worker thread
Cancel = Callable[[], bool]


@dataclass(frozen=True)
class PackResult:
    message: str  # what happened, in a sentence or two
    changed: bool  # an import added exercises (the Library should reload)


def suggested_name(day: date | None = None) -> str:
    return f"practice-room-clips-{(day or date.today()).isoformat()}{SUFFIX}"


class ClipPackWorkflow:
    suffix = SUFFIX

    def __init__(self, paths: DataPaths) -> None:
        self.paths = paths
        self._importer: ClipImporter | None = None

    def suggested_name(self) -> str:
        return suggested_name()

    def estimate(self, clips: Sequence[ClipRecord]) -> int:
        """Bytes of clip files the pack will hold (the manifest adds a few KB)."""
        from app.clip_packs.export import plan_pack

        return plan_pack(clips, self.paths).size()

    def export(
        self,
        store: PracticeStore,
        clip_ids: Sequence[int],
        destination: Path,
        progress: Progress,
        cancel: Cancel,
    ) -> PackResult:
        from app.clip_packs.export import export_pack, human_size

        done = export_pack(store, self.paths, clip_ids, destination, progress=progress, cancel=cancel)
        n = done.exercises
        text = f"Saved {done.path.name} ({human_size(done.size)}): {n} exercise{'s' if n != 1 else ''}."
        if done.without_file:
            text += (
                f" {len(done.without_file)} of them had no clip file on this computer and travel as "
                "words only."
            )
        return PackResult(text, changed=False)

    def inspect(self, store: PracticeStore, pack: Path) -> PackPreview:
        from app.clip_packs.importer import inspect_pack

        return inspect_pack(store, pack)

    def import_pack(self, store: PracticeStore, pack: Path, progress: Progress, cancel: Cancel) -> PackResult:
        from app.clip_packs.importer import import_pack

        if self._importer is None:  # one libvlc instance for the clip checks, made on first use
            from app.clips.importer import ClipImporter

            self._importer = ClipImporter(self.paths)
        done = import_pack(store, self.paths, pack, self._importer, progress=progress, cancel=cancel)
        return PackResult(done.message(), done.changed)
