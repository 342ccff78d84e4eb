"""`practice-room clinic …`: the admin's commands for a clinic's PostgreSQL server.

    practice-room clinic init        --db ADMIN_URL
    practice-room clinic add-person  --name "Dana Lee" --role clinician --login dlee [--password-stdin]
    practice-room clinic assign      --supervisor sup1 --trainee dlee
    practice-room clinic unassign    --supervisor sup1 --trainee dlee
    practice-room clinic people
    practice-room clinic import      --from DIR

The admin address comes from --db or PRACTICE_ROOM_ADMIN_DB_URL. Every command can be run again
safely. Never imports Qt."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Protocol

ADMIN_URL_ENV = "PRACTICE_ROOM_ADMIN_DB_URL"


class _Summary(Protocol):
    def summary(self) -> str: ...


class ClinicCommandError(Exception):
    """What the admin asked can't be done; str() is the sentence to show."""


def add_clinic_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "clinic",
        help="set up a clinic's PostgreSQL server: people, roles, supervisors (for the admin)",
        description="Set up a clinic's shared PostgreSQL server. Run with the server administrator's "
        f"address (--db, or {ADMIN_URL_ENV}). Every command is safe to run again.",
    )
    actions = p.add_subparsers(dest="clinic_command", required=True, metavar="COMMAND")

    def action(name: str, text: str) -> argparse.ArgumentParser:
        a = actions.add_parser(name, help=text, description=text)
        a.add_argument(
            "--db",
            dest="clinic_db",
            metavar="URL",
            help=f"the administrator's address, postgresql+psycopg://… (also: {ADMIN_URL_ENV})",
        )
        return a

    action("init", "create the roles, bring the tables up to date and switch on row-level security")
    person = action("add-person", "give a person their own sign-in and profile (again: update them)")
    person.add_argument("--name", required=True, help="the name shown in the app")
    person.add_argument("--role", required=True, choices=("clinician", "supervisor"))
    person.add_argument("--login", required=True, help="their sign-in name on the server, e.g. dlee")
    secret = person.add_mutually_exclusive_group()
    secret.add_argument(
        "--password-stdin", action="store_true", help="read the password from the first line of stdin"
    )
    secret.add_argument(
        "--keep-password", action="store_true", help="leave the sign-in's current password as it is"
    )
    for name, text in (
        ("assign", "let a supervisor review a trainee"),
        ("unassign", "end a supervisor's review of a trainee"),
    ):
        pair = action(name, text)
        pair.add_argument("--supervisor", required=True, metavar="LOGIN")
        pair.add_argument("--trainee", required=True, metavar="LOGIN")
    action("people", "list everyone with their sign-in and supervisors")
    moving = action("import", "copy a solo computer's data folder into the clinic (again: no duplicates)")
    moving.add_argument("--from", dest="source", required=True, metavar="DIR", help="the solo data folder")


def run_clinic(args: argparse.Namespace) -> int:
    from practice_db.clinic.connection import ClinicSetupError

    try:
        url = _admin_url(args)
        return _COMMANDS[args.clinic_command](args, url)
    except (ClinicCommandError, ClinicSetupError) as exc:
        print(str(exc), file=sys.stderr)
        return 2
    except Exception as exc:  # the server's own words beat a traceback for an admin
        import psycopg

        if isinstance(exc, psycopg.Error):
            print(f"The server refused: {str(exc).strip()}", file=sys.stderr)
            return 1
        raise


def _admin_url(args: argparse.Namespace) -> str:
    url = args.clinic_db or getattr(args, "db", None) or os.environ.get(ADMIN_URL_ENV)
    if not url:
        raise ClinicCommandError(
            f"Which server? Give the administrator's address with --db or {ADMIN_URL_ENV}, "
            "e.g. postgresql+psycopg://admin@db.clinic.example/practice_room"
        )
    return str(url)


def _init(_args: argparse.Namespace, url: str) -> int:
    from app.clinic.built_ins import install_built_ins
    from practice_db.clinic.admin import init_clinic

    report = init_clinic(url)
    print(f"The clinic database is ready: schema {report.revision}, {report.tables} tables protected.")
    print(install_built_ins(url).summary())
    return 0


def _password(args: argparse.Namespace) -> str | None:
    if args.keep_password:
        return None
    if args.password_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise ClinicCommandError("No password came on stdin (one line is read).")
        return line
    first = getpass.getpass(f"Password for {args.login}: ")
    if first != getpass.getpass("The same password again: "):
        raise ClinicCommandError("The two passwords differ; nothing was changed.")
    if not first:
        raise ClinicCommandError("An empty password can't be used; nothing was changed.")
    return first


def _add_person(args: argparse.Namespace, url: str) -> int:
    from practice_db.clinic.admin import add_person
    from practice_db.clinic.roles import check_login

    check_login(args.login)  # before asking for a password
    person = add_person(url, args.name, args.role, args.login, _password(args))
    print(f"{person.name} ({person.role}) signs in as '{person.login}'.")
    return 0


def _assign(args: argparse.Namespace, url: str) -> int:
    from practice_db.clinic.admin import assign

    made = assign(url, args.supervisor, args.trainee)
    state = "now reviews" if made else "already reviewed"
    print(f"'{args.supervisor}' {state} '{args.trainee}'.")
    return 0


def _unassign(args: argparse.Namespace, url: str) -> int:
    from practice_db.clinic.admin import unassign

    gone = unassign(url, args.supervisor, args.trainee)
    state = "no longer reviews" if gone else "was not reviewing"
    print(f"'{args.supervisor}' {state} '{args.trainee}'.")
    return 0


def _people(_args: argparse.Namespace, url: str) -> int:
    from practice_db.clinic.admin import list_people

    people = list_people(url)
    if not people:
        print("Nobody yet: add people with `practice-room clinic add-person`.")
        return 0
    rows = [("SIGN-IN", "NAME", "ROLE", "SUPERVISED BY / REVIEWS")]
    for p in people:
        links = ", ".join(p.trainees if p.role == "supervisor" else p.supervisors) or "-"
        rows.append((p.login or "(no sign-in)", p.name, p.role, links))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    for r in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(r[:3], widths, strict=True)) + "  " + r[3])
    return 0


def _import(args: argparse.Namespace, url: str) -> int:
    from app.clinic.solo_import import import_solo_folder
    from app.clinic.solo_import_report import SoloImportError

    source = Path(args.source).expanduser()
    if not source.is_dir():
        raise ClinicCommandError(f"There is no folder {source}.")

    def progress(what: str, done: int, total: int) -> None:
        if total and (done == total or done % 500 == 0):
            print(f"  {what}: {done} of {total}", file=sys.stderr)

    try:
        result = import_solo_folder(source.resolve(), url, on_progress=progress)
    except SoloImportError as exc:
        raise ClinicCommandError(str(exc)) from exc
    print(result.summary())
    return 0


_COMMANDS = {
    "init": _init,
    "add-person": _add_person,
    "assign": _assign,
    "unassign": _unassign,
    "people": _people,
    "import": _import,
}
