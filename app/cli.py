"""The `practice-room` command."""

from __future__ import annotations

import argparse
import logging
import sys

from app import __version__
from app.export_cli import add_export_parser
from app.logging_setup import setup_logging
from app.paths import HOME_ENV, resolve_home


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
    sub = parser.add_subparsers(dest="command")
    sub.add_parser("doctor", help="check this computer: Qt, libvlc, microphones, database")
    add_export_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    paths = resolve_home(args.home)
    try:
        paths.ensure()
    except OSError as exc:
        print(
            f"Practice Room cannot use the data folder {paths.home}: {exc.strerror or exc}.", file=sys.stderr
        )
        return 2
    setup_logging(paths.log_file)
    logging.getLogger(__name__).info("Practice Room %s starting (%s)", __version__, args.command or "gui")
    if args.command == "doctor":
        from app.doctor import run_doctor

        return run_doctor(paths)
    if args.command == "export":
        from app.export_cli import run_export

        return run_export(args, paths)
    from app.gui import run_gui

    return run_gui(paths)


if __name__ == "__main__":
    sys.exit(main())
