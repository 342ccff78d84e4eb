"""`practice-room export`: write a progress log for one profile and period to a file."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import TextIO, cast

from app.clinic.urls import is_clinic_url
from app.local_time import local_zone
from app.paths import DataPaths, database_url
from app.settings import load_settings
from practice_db.errors import DatabaseDamagedError, DatabaseTooNewError, DatabaseUpgradeFailedError

SUFFIXES = {".md": "md", ".markdown": "md", ".pdf": "pdf", ".csv": "csv", ".txt": "txt"}


class ExportError(Exception):
    """A problem with what the user asked for; str() is the sentence to show them."""


def add_export_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "export",
        help="write a progress log (Markdown, PDF, CSV or text) for one profile and period",
        description="Write a progress log for supervision notes. It holds ratings, notes and goals, "
        "never recordings.",
    )
    p.add_argument("--profile", required=True, metavar="NAME", help="whose practice to report")
    p.add_argument(
        "--from", dest="date_from", required=True, metavar="DATE", help="first day, e.g. 2026-03-02"
    )
    p.add_argument("--to", dest="date_to", required=True, metavar="DATE", help="last day, included")
    p.add_argument("--format", choices=("md", "pdf", "csv", "txt"), help="default: from the --out file name")
    p.add_argument("--out", required=True, metavar="FILE", help="the file to write")


def _date(text: str, flag: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ExportError(
            f"{flag} needs a date written like 2026-03-02 (year-month-day); got {text!r}."
        ) from None


def _format(args: argparse.Namespace, out: Path) -> str:
    if args.format:
        return str(args.format)
    guessed = SUFFIXES.get(out.suffix.lower())
    if guessed is None:
        raise ExportError("Please choose --format md, pdf, csv or txt (the file name does not say which).")
    return guessed


def _check_out(out: Path) -> Path:
    out = out.expanduser().resolve()
    if out.is_dir():
        raise ExportError(f"{out} is a folder; please give a file name to write the log to.")
    if not out.parent.is_dir():
        raise ExportError(f"Cannot write {out}: the folder {out.parent} does not exist.")
    if not os.access(out.parent, os.W_OK) or (out.exists() and not os.access(out, os.W_OK)):
        raise ExportError(f"Cannot write {out}: you do not have permission to write there.")
    return out


def run_export(args: argparse.Namespace, paths: DataPaths, out_stream: TextIO = sys.stdout) -> int:
    try:
        start, last = _date(args.date_from, "--from"), _date(args.date_to, "--to")
        if start > last:
            raise ExportError(f"The start date {start} is after the end date {last}; please swap them.")
        out = _check_out(Path(args.out))
        fmt = _format(args, out)
        return _export(paths, args.profile, start, last, fmt, out, out_stream)
    except ExportError as exc:
        print(f"practice-room export: {exc}", file=sys.stderr)
        return 2
    except (DatabaseDamagedError, DatabaseTooNewError, DatabaseUpgradeFailedError) as exc:
        print(f"practice-room export: {exc}", file=sys.stderr)
        return 1


def _export(paths: DataPaths, name: str, start: date, last: date, fmt: str, out: Path, stream: TextIO) -> int:
    from app.progress_log.export import Format, export_progress_log
    from practice_db.errors import StorageError
    from practice_db.progress.records import Period
    from practice_db.store import PracticeStore
    from practice_db.text_fold import fold, name_key

    url = database_url(paths, load_settings(paths.settings_file).configured_database_url)
    if is_clinic_url(url):  # a person signed in to the clinic never migrates its server
        from app.clinic.storage import open_clinic_store

        store = open_clinic_store(url)
    else:
        store = PracticeStore.open(url, paths.backups)
    try:
        profiles = store.profiles.list()
        match = [p for p in profiles if name_key(p.name) == name_key(name)]
        if not match:  # typed without accents ('Zoe' for 'Zoë'): only if that picks out one person
            loose = [p for p in profiles if fold(p.name) == fold(name)]
            match = loose if len(loose) == 1 else []
        if not match:
            known = ", ".join(p.name for p in profiles) or "none yet"
            raise ExportError(f"There is no profile called {name!r}. Known profiles: {known}.")
        # the computer's zone with its clock changes: days and weeks as the user lived them
        period = Period(start, last + timedelta(days=1), local_zone())
        try:
            written = export_progress_log(store, match[0].id, period, cast(Format, fmt), out, date.today())
        except (OSError, StorageError) as exc:
            detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise ExportError(f"Could not write {out}: {detail}. Nothing was written.") from exc
    finally:
        store.close()
    print(f"Wrote the progress log for {match[0].name} ({start} to {last}) to {written}", file=stream)
    return 0
