"""Row-level security for a clinic database: helper functions, grants and one list of policies.

Every table gets ENABLE and FORCE ROW LEVEL SECURITY. A table with no entry below (one a later
migration adds) is closed to members until `clinic init` is run again: no grant, no policy.
Policies name `practice_room_member` only; the owner has an explicit pass so migrations, which
run as the owner, still see every row.

The helper functions run as the caller (SECURITY INVOKER): inside a SECURITY DEFINER function
`current_user` is the function's owner, so it could not tell who is asking. They read only what
the caller may read anyway (every profile; their own assignments), have a fixed search_path and
are owned by the owner role. Policies call them through scalar sub-selects, `(SELECT f())`, so
the server works them out once per statement, not once per row."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from practice_db.clinic.roles import MEMBER, OWNER

ME = "(SELECT public.practice_room_me())"
SUPERVISOR = "(SELECT public.practice_room_is_supervisor())"
# Me and my trainees, as one array worked out once per statement: `x = ANY VISIBLE` can use an
# index on x (an `IN (SELECT …)` filter could not, and read every row).
VISIBLE = "((SELECT public.practice_room_visible_ids())::integer[])"
TRAINEES = "((SELECT public.practice_room_trainee_ids())::integer[])"
BUILT_IN_SOURCES = "('starter', 'assessment')"  # installed by the app at start-up, for everyone

_FIXED = "LANGUAGE sql STABLE SECURITY INVOKER SET search_path = pg_catalog, public"
FUNCTIONS: dict[str, str] = {
    "practice_room_me()": f"""RETURNS integer {_FIXED} AS $$
        SELECT id FROM public.profiles WHERE login_role = current_user $$""",
    "practice_room_is_supervisor()": f"""RETURNS boolean {_FIXED} AS $$
        SELECT EXISTS (SELECT 1 FROM public.profiles
                       WHERE login_role = current_user AND role = 'supervisor') $$""",
    "practice_room_trainees()": f"""RETURNS SETOF integer {_FIXED} AS $$
        SELECT a.trainee_profile_id FROM public.clinic_assignments a
        JOIN public.profiles p ON p.id = a.supervisor_profile_id
        WHERE p.login_role = current_user AND p.role = 'supervisor' $$""",
    "practice_room_visible()": f"""RETURNS SETOF integer {_FIXED} AS $$
        SELECT public.practice_room_me() UNION SELECT public.practice_room_trainees() $$""",
    "practice_room_visible_ids()": f"""RETURNS integer[] {_FIXED} AS $$
        SELECT array(SELECT public.practice_room_visible()) $$""",
    "practice_room_trainee_ids()": f"""RETURNS integer[] {_FIXED} AS $$
        SELECT array(SELECT public.practice_room_trainees()) $$""",
    "practice_room_sees(profile_id integer)": f"""RETURNS boolean {_FIXED} AS $$
        SELECT $1 IN (SELECT public.practice_room_visible()) $$""",
    "practice_room_supervises(profile_id integer)": f"""RETURNS boolean {_FIXED} AS $$
        SELECT $1 IN (SELECT public.practice_room_trainees()) $$""",
}


@dataclass(frozen=True)
class Policy:
    table: str
    name: str
    command: str  # ALL, SELECT, INSERT, UPDATE or DELETE
    using: str | None
    check: str | None = None


def _own_or_read(table: str, owner_column: str) -> list[Policy]:
    """A person's own rows in full; those of whom they see (themselves, their trainees) to read."""
    mine = f"{owner_column} = {ME}"
    return [
        Policy(table, "own", "ALL", mine, mine),
        Policy(table, "read", "SELECT", f"{owner_column} = ANY {VISIBLE}"),
    ]


# Attempts' own policies apply inside. Measured with 200 trainees x 500 attempts: this IN form
# costs the Progress page ~25 ms per ratings query (the ratings are filtered against a hashed
# list of visible attempts), but a correlated EXISTS made the review queue's "no supervisor's
# rating yet" anti-join loop over every visible rating (0.3-0.4 s instead of 0.07 s).
_VISIBLE_ATTEMPT = "attempt_id IN (SELECT id FROM public.attempts)"
# A file's chunks are read one at a time by (file_id, seq): a correlated EXISTS checks that one
# file, where the IN form would hash every visible file's id for each chunk read.
_VISIBLE_FILE = "EXISTS (SELECT 1 FROM public.stored_files f WHERE f.id = stored_file_chunks.file_id)"


_RATING_WRITE = (
    f"rater_profile_id = {ME} AND ("
    f"(rater_role = 'self' AND attempt_id IN (SELECT id FROM public.attempts WHERE profile_id = {ME}))"
    " OR (rater_role = 'supervisor' AND attempt_id IN "
    f"(SELECT id FROM public.attempts WHERE profile_id = ANY {TRAINEES})))"
)
_CLIP_WRITE = f"(owner_profile_id = {ME} OR ({SUPERVISOR} AND source NOT IN {BUILT_IN_SOURCES}))"
_BUILT_IN_CLIP = f"(owner_profile_id IS NULL AND source IN {BUILT_IN_SOURCES})"
_TAKES_OF = (
    "take_id IN (SELECT t.id FROM public.assessment_takes t "
    "JOIN public.assessments s ON s.id = t.assessment_id WHERE s.profile_id {})"
)
_ASSESSMENT_RATING_WRITE = (
    f"rater_profile_id = {ME} AND ("
    f"(rater_role = 'self' AND {_TAKES_OF.format('= ' + ME)})"
    f" OR (rater_role = 'rater' AND {_TAKES_OF.format('= ANY ' + TRAINEES)}))"
)
_FILE_WRITE = f"(profile_id = {ME} OR (profile_id IS NULL AND {SUPERVISOR}))"

POLICIES: list[Policy] = [
    Policy("alembic_version", "read", "SELECT", "true"),
    # People are added by the admin (`clinic add-person`); a person may rename themselves only
    # (the column grant below allows the name only, never role, login_role or a password hash).
    Policy("profiles", "read", "SELECT", "true"),
    Policy("profiles", "update_own", "UPDATE", "login_role = current_user", "login_role = current_user"),
    Policy("profile_aliases", "read", "SELECT", "true"),
    Policy(
        "clinic_assignments",
        "read_own",
        "SELECT",
        f"supervisor_profile_id = {ME} OR trainee_profile_id = {ME}",
    ),
    Policy("clips", "read", "SELECT", "true"),
    Policy("clips", "write", "ALL", _CLIP_WRITE, _CLIP_WRITE),
    Policy("clips", "install_built_in", "INSERT", None, _BUILT_IN_CLIP),
    Policy("clip_facets", "read", "SELECT", "true"),
    Policy(
        "clip_facets",
        "write",
        "ALL",
        f"clip_id IN (SELECT id FROM public.clips WHERE {_CLIP_WRITE})",
        f"clip_id IN (SELECT id FROM public.clips WHERE {_CLIP_WRITE})",
    ),
    Policy(
        "clip_facets",
        "install_built_in",
        "INSERT",
        None,
        f"clip_id IN (SELECT id FROM public.clips WHERE {_BUILT_IN_CLIP})",
    ),
    *_own_or_read("practice_sessions", "profile_id"),
    *_own_or_read("attempts", "profile_id"),
    Policy("ratings", "read", "SELECT", _VISIBLE_ATTEMPT),
    Policy("ratings", "write", "ALL", _RATING_WRITE, _RATING_WRITE),
    Policy("comments", "read", "SELECT", _VISIBLE_ATTEMPT),
    Policy(
        "comments",
        "write",
        "ALL",
        f"author_profile_id = {ME} AND {_VISIBLE_ATTEMPT}",
        f"author_profile_id = {ME} AND {_VISIBLE_ATTEMPT}",
    ),
    Policy("goals", "read", "SELECT", f"owner_profile_id = ANY {VISIBLE}"),
    Policy(
        "goals",
        "write",
        "ALL",
        f"owner_profile_id = {ME} OR owner_profile_id = ANY {TRAINEES}",
        f"owner_profile_id = {ME} OR owner_profile_id = ANY {TRAINEES}",
    ),
    Policy("assessment_sets", "read", "SELECT", "true"),
    Policy("assessment_sets", "write", "ALL", SUPERVISOR, SUPERVISOR),
    Policy("assessment_sets", "install_built_in", "INSERT", None, "builtin"),
    Policy("assessment_set_clips", "read", "SELECT", "true"),
    Policy("assessment_set_clips", "write", "ALL", SUPERVISOR, SUPERVISOR),
    Policy(
        "assessment_set_clips",
        "install_built_in",
        "INSERT",
        None,
        "set_id IN (SELECT id FROM public.assessment_sets WHERE builtin)",
    ),
    *_own_or_read("assessments", "profile_id"),
    Policy(
        "assessment_takes",
        "own",
        "ALL",
        f"assessment_id IN (SELECT id FROM public.assessments WHERE profile_id = {ME})",
        f"assessment_id IN (SELECT id FROM public.assessments WHERE profile_id = {ME})",
    ),
    Policy("assessment_takes", "read", "SELECT", "assessment_id IN (SELECT id FROM public.assessments)"),
    Policy("assessment_ratings", "read", "SELECT", "take_id IN (SELECT id FROM public.assessment_takes)"),
    Policy("assessment_ratings", "write", "ALL", _ASSESSMENT_RATING_WRITE, _ASSESSMENT_RATING_WRITE),
    # Clip files are read by everyone, as clips are; recordings by whom they belong to and those
    # who supervise them.
    Policy(
        "stored_files",
        "read",
        "SELECT",
        f"profile_id IS NULL OR kind = 'clip' OR profile_id = ANY {VISIBLE}",
    ),
    Policy("stored_files", "write", "ALL", _FILE_WRITE, _FILE_WRITE),
    Policy("stored_file_chunks", "read", "SELECT", _VISIBLE_FILE),
    Policy(
        "stored_file_chunks",
        "write",
        "ALL",
        f"file_id IN (SELECT id FROM public.stored_files WHERE {_FILE_WRITE})",
        f"file_id IN (SELECT id FROM public.stored_files WHERE {_FILE_WRITE})",
    ),
]

READ_ONLY_TABLES = ("alembic_version", "profile_aliases", "clinic_assignments")
# Columns a person may change on their own profile row (role and login_role stay the admin's; no
# password hash: on a server the login is the password, and a hash there is readable by members).
PROFILE_COLUMNS = ("name",)


def tables(conn: psycopg.Connection[Any]) -> list[str]:
    rows = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
    return [str(row[0]) for row in rows]


def install_functions(conn: psycopg.Connection[Any]) -> None:
    for signature, body in FUNCTIONS.items():
        conn.execute(f"CREATE OR REPLACE FUNCTION public.{signature} {body}".encode())  # our constant text
        conn.execute(f"ALTER FUNCTION public.{signature} OWNER TO {OWNER}".encode())
        conn.execute(f"REVOKE ALL ON FUNCTION public.{signature} FROM PUBLIC".encode())
        conn.execute(f"GRANT EXECUTE ON FUNCTION public.{signature} TO {MEMBER}".encode())


def apply_grants(conn: psycopg.Connection[Any], present: list[str]) -> None:
    member, owner = sql.Identifier(MEMBER), sql.Identifier(OWNER)
    conn.execute(sql.SQL("REVOKE CREATE ON SCHEMA public FROM PUBLIC"))
    conn.execute(sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(member))
    conn.execute(sql.SQL("GRANT USAGE, CREATE ON SCHEMA public TO {}").format(owner))
    conn.execute(sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC, {}").format(member))
    conn.execute(sql.SQL("REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM PUBLIC, {}").format(member))
    covered = {p.table for p in POLICIES}
    for table in present:
        if table not in covered:
            continue  # closed until a policy is written for it
        name = sql.Identifier(table)
        if table in READ_ONLY_TABLES or table == "profiles":
            conn.execute(sql.SQL("GRANT SELECT ON {} TO {}").format(name, member))
        else:
            conn.execute(sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON {} TO {}").format(name, member))
    if "profiles" in present:
        columns = sql.SQL(", ").join(sql.Identifier(c) for c in PROFILE_COLUMNS)
        conn.execute(sql.SQL("GRANT UPDATE ({}) ON profiles TO {}").format(columns, member))
    conn.execute(sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(member))


def apply_policies(conn: psycopg.Connection[Any], present: list[str]) -> None:
    """Drop every policy on our tables and create the list above: re-running gives the same set."""
    rows = conn.execute("SELECT tablename, policyname FROM pg_policies WHERE schemaname = 'public'")
    for table, policy in rows.fetchall():
        conn.execute(sql.SQL("DROP POLICY {} ON {}").format(sql.Identifier(policy), sql.Identifier(table)))
    for table in present:
        name = sql.Identifier(table)
        conn.execute(sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(name))
        conn.execute(sql.SQL("ALTER TABLE {} FORCE ROW LEVEL SECURITY").format(name))
        conn.execute(
            sql.SQL(
                "CREATE POLICY owner_all ON {} AS PERMISSIVE FOR ALL TO {} USING (true) WITH CHECK (true)"
            ).format(name, sql.Identifier(OWNER))
        )
    for policy in POLICIES:
        if policy.table not in present:
            continue
        parts = [
            sql.SQL("CREATE POLICY {} ON {} AS PERMISSIVE FOR {} TO {}").format(
                sql.Identifier(policy.name),
                sql.Identifier(policy.table),
                sql.SQL(policy.command),
                sql.Identifier(MEMBER),
            )
        ]
        if policy.using is not None:
            parts.append(sql.SQL("USING ({})").format(sql.SQL(policy.using)))  # our constant text
        if policy.check is not None:
            parts.append(sql.SQL("WITH CHECK ({})").format(sql.SQL(policy.check)))
        conn.execute(sql.SQL(" ").join(parts))
