""" "Export all my data": one folder with a person's recordings and their data as CSV and JSON.

Written beside its final place as a hidden `.partial` folder and renamed when complete, so a
failure half way leaves no half export; every file 0600 and the folder 0700 (they hold a voice
and words about it)."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from app.paths import DataPaths
from app.private_files import create_private

if TYPE_CHECKING:
    from practice_db.personal_data import PersonalData
    from practice_db.store import PracticeStore

README = """Practice Room: all the data of {name}, exported {when}.

PRIVATE: these files hold recordings of your voice and what you and your supervisors wrote about
them. Keep them somewhere only you can open, and never share them by e-mail without encryption.

What is here:
- recordings/: your takes, named by attempt (the attempt_uuid in attempts.csv) or, for the FIS
  assessment, by take (the take_uuid in assessment_takes.csv).
- attempts.csv: each reply you recorded (times in UTC, lengths in milliseconds).
- ratings_given.csv: ratings you gave (your own self-ratings and any you gave as a supervisor).
- ratings_received.csv: ratings others gave your attempts.
- comments.csv: comments you wrote, and comments others pinned to your attempts.
- goals.csv: your goals.
- profile.csv: your profile.
- data.json: all of the tables above in one file.
{missing}"""


class ExportFailed(RuntimeError):
    """str(exc) is a plain sentence; no export folder was left behind."""


@dataclass(frozen=True)
class ExportResult:
    folder: Path
    recordings: int
    missing: tuple[str, ...]  # recordings the database names but the disk no longer has


def export_all(store: PracticeStore, paths: DataPaths, profile_id: int, into: Path) -> ExportResult:
    data = store.personal_data.read(profile_id)
    stamp = datetime.now().astimezone()
    final = _free_name(into, f"Practice Room data - {_safe(data.profile.name)} - {stamp:%Y-%m-%d}")
    partial = into / f".{final.name}.partial-{os.getpid()}"
    try:
        result = _write(data, paths, partial, stamp)
        os.rename(partial, final)
        _fsync(into)
    except OSError as exc:
        shutil.rmtree(partial, ignore_errors=True)
        why = exc.strerror or "the folder could not be written"
        raise ExportFailed(
            f"Your data could not be exported to {into} ({why}). "
            "Nothing was left there; please choose another folder."
        ) from exc
    return ExportResult(final, result[0], result[1])


def _write(
    data: PersonalData, paths: DataPaths, folder: Path, stamp: datetime
) -> tuple[int, tuple[str, ...]]:
    folder.mkdir(mode=0o700)
    (folder / "recordings").mkdir(mode=0o700)
    copied, missing = 0, []
    for rec in data.recordings:
        source = paths.home / rec.path
        if not source.is_file():
            missing.append(rec.path)
            continue
        with (
            source.open("rb") as src,
            create_private(
                folder / "recordings" / f"{rec.attempt_uuid}{source.suffix}", exclusive=True
            ) as dst,
        ):
            shutil.copyfileobj(src, dst, 1 << 20)
            dst.flush()
            os.fsync(dst.fileno())
        copied += 1
    everything: dict[str, object] = {"exported_at": stamp.isoformat(), "format": 1}
    for table in data.tables:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(table.columns)
        writer.writerows(table.rows)
        _write_text(folder / f"{table.name}.csv", buffer.getvalue())
        everything[table.name] = [dict(zip(table.columns, row, strict=True)) for row in table.rows]
    _write_text(folder / "data.json", json.dumps(everything, ensure_ascii=False, indent=2))
    note = (
        f"\nNot included: {len(missing)} recording(s) no longer on disk (see attempts.csv).\n"
        if missing
        else ""
    )
    _write_text(
        folder / "README.txt",
        README.format(name=data.profile.name, when=stamp.strftime("%d %B %Y, %H:%M"), missing=note),
    )
    _fsync(folder / "recordings")
    _fsync(folder)
    return copied, tuple(missing)


def _write_text(path: Path, text: str) -> None:
    with create_private(path, exclusive=True) as fh:
        fh.write(text.encode("utf-8"))
        fh.flush()
        os.fsync(fh.fileno())


def _safe(name: str) -> str:
    """A file-name-safe version of a person's name."""
    kept = "".join(ch if ch.isalnum() or ch in " -_." else "_" for ch in name).strip(" .")
    return kept[:60] or "profile"


def _free_name(into: Path, stem: str) -> Path:
    candidate, n = into / stem, 2
    while candidate.exists():
        candidate, n = into / f"{stem} ({n})", n + 1
    return candidate


def _fsync(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
