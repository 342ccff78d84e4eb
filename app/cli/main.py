"""The `practice-room` command line: everything that needs no window (`export`, `doctor`).

With no sub-command it opens the window through `run_window`, which the Qt shell passes in
(ui/launcher.py): this module never imports Qt, so `export` and `doctor` run without it."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable

from app import __version__
from app.cli.clinic import add_clinic_parser
from app.cli.export import add_export_parser
from app.logging_setup import setup_logging
from app.paths import DB_URL_ENV, HOME_ENV, DataPaths, resolve_home


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="practice-room",
        description="Practice Room: rehearse difficult therapy moments and get feedback.",
    )
    parser.add_argument("--version", action="version", version=f"Practice Room {__version__}")
    parser.add_argument(
        "--home",
        metavar="DIR",
        help=f"keep all data in DIR instead of the usual per-user folder (also: {HOME_ENV})",
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        help="use this database instead of the one in the data folder, e.g. a clinic's server: "
        f"postgresql+psycopg://NAME@HOST:5432/DATABASE (also: {DB_URL_ENV})",
    )
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("doctor", help="check this computer: Qt, libvlc, microphones, database")
    add_export_parser(sub)
    add_clinic_parser(sub)
    return parser


def main(argv: list[str] | None = None, run_window: Callable[[DataPaths], int] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.db is not None:
        problem = check_db_option(args.db)
        if problem:
            print(problem, file=sys.stderr)
            return 2
        # Through the environment: every part that chooses the database (window, doctor) reads it.
        os.environ[DB_URL_ENV] = args.db
    paths = resolve_home(args.home)
    try:
        paths.ensure()
        setup_logging(paths.log_file)
    except OSError:
        # Full, read-only or not ours: the window and the doctor explain it in plain words. The
        # log belongs in the data folder only, so without one it is dropped (not sent to stderr).
        logging.getLogger().addHandler(logging.NullHandler())
        usable = False
    else:
        usable = True
        logging.getLogger(__name__).info("Practice Room %s starting (%s)", __version__, args.command or "gui")
    if args.command == "doctor":
        from app.cli.doctor import run_doctor

        return run_doctor(paths)
    if args.command == "clinic":
        from app.cli.clinic import run_clinic

        return run_clinic(args)
    if args.command == "export":
        if not usable:
            return explain_data_folder(paths)
        from app.cli.export import run_export

        return run_export(args, paths)
    if run_window is None:
        print("This is the command line only; open the window with `practice-room`.", file=sys.stderr)
        return 2
    return run_window(paths)


def check_db_option(url: str) -> str | None:
    """A plain sentence when `--db` is not a database URL Practice Room can use."""
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme.split("+", 1)[0] not in ("sqlite", "postgresql", "postgres"):
        return (
            "--db needs a database address such as postgresql+psycopg://NAME@HOST:5432/DATABASE "
            "(or sqlite:///FILE)."
        )
    return None


def explain_data_folder(paths: DataPaths) -> int:
    from app.startup.data_folder import check_data_folder

    problem = check_data_folder(paths).blocking
    detail = problem.message if problem is not None else "It could not be opened; please try again."
    print(f"Practice Room cannot use the data folder {paths.home}.\n{detail}", file=sys.stderr)
    return 2
