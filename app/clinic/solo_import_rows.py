"""Copy a solo database's rows into a clinic's PostgreSQL database, matched by uuid.

Rows already on the server (same uuid) are left exactly as they are and only counted; new rows
get the server's own ids (its sequences: no explicit primary key is ever inserted) and every
reference is translated through `Ids`. Each batch is one transaction holding whole rows with
their dependent parts (a clip with its facets, a profile with its linked ids), and parents are
copied before children, so a run cut short leaves consistent rows and the next run completes it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, RowMapping, Table, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert

from app.clinic.solo_import_report import Tally
from practice_db import models
from practice_db.deletion.visibility import original
from practice_db.profiles import MAX_NAME
from practice_db.text_fold import name_key
from practice_db.timeutil import utcnow

BATCH = 500
BUILT_IN_SOURCES = ("starter", "assessment")  # every computer installs these clips itself

Row = RowMapping
Step = Callable[[int, int], None]  # (done, total) of one kind, for a progress line
IdMap = dict[int, int]  # source id -> target id


def table(model: type[models.Base]) -> Table:
    found = model.__table__
    assert isinstance(found, Table)
    return found


@dataclass
class Ids:
    """Per table name: the source's ids and the server's ids of the same rows."""

    maps: dict[str, IdMap] = field(default_factory=dict)

    def of(self, name: str) -> IdMap:
        return self.maps.setdefault(name, {})


# After a batch's new rows are in, add their dependent rows (same transaction).
# Arguments: source connection, target connection, {source id: target id} of the rows just added.
Children = Callable[[Connection, Connection, IdMap, Ids], None]


@dataclass(frozen=True)
class Spec:
    model: type[models.Base]
    refs: Mapping[str, str]  # column -> name of the table its ids point into
    children: Children | None = None


def _quiet(done: int, total: int) -> None:
    pass


def _batches(source: Engine, tbl: Table, progress: Step) -> Iterable[tuple[Connection, Sequence[Row]]]:
    """The source's rows in id order, BATCH at a time (keyset paging: no OFFSET rescans); after
    each batch is handled, `progress(rows done, rows in all)`."""
    with source.connect() as conn:
        total = int(conn.execute(select(func.count()).select_from(tbl)).scalar_one())
    last, done = 0, 0
    while True:
        with source.connect() as conn:
            query = select(tbl).where(tbl.c.id > last).order_by(tbl.c.id).limit(BATCH)
            rows = conn.execute(query).mappings().all()
            if not rows:
                return
            last = int(rows[-1]["id"])
            yield conn, rows
        done += len(rows)
        progress(done, total)


def _remapped(row: Row, tbl: Table, refs: Mapping[str, str], ids: Ids) -> dict[str, Any] | None:
    """The row's values for the server, or None when a required parent isn't there."""
    values = {k: v for k, v in row.items() if k != "id"}
    for column, target_table in refs.items():
        old = values.get(column)
        if old is None:
            continue
        new = ids.of(target_table).get(int(old))
        if new is None and not tbl.c[column].nullable:
            return None
        values[column] = new  # an optional reference to something not copied becomes empty
    return values


def _existing(conn: Connection, tbl: Table, uuids: Sequence[str]) -> dict[str, int]:
    return {
        str(u): int(i) for u, i in conn.execute(select(tbl.c.uuid, tbl.c.id).where(tbl.c.uuid.in_(uuids)))
    }


def _insert(conn: Connection, tbl: Table, values: Sequence[dict[str, Any]]) -> dict[str, int]:
    """Insert, skipping rows that clash with a unique rule; {uuid: new id} of the rows that went in."""
    if not values:
        return {}
    stmt = pg_insert(tbl).on_conflict_do_nothing().returning(tbl.c.uuid, tbl.c.id)
    return {str(u): int(i) for u, i in conn.execute(stmt, list(values))}


def copy_table(
    source: Engine, target: Engine, spec: Spec, ids: Ids, tally: Tally, progress: Step = _quiet
) -> None:
    tbl = table(spec.model)
    mapped = ids.of(tbl.name)
    for src_conn, rows in _batches(source, tbl, progress):
        with target.begin() as conn:
            there = _existing(conn, tbl, [str(r["uuid"]) for r in rows])
            fresh: dict[str, tuple[int, dict[str, Any]]] = {}
            for row in rows:
                if row["uuid"] in there:
                    mapped[int(row["id"])] = there[str(row["uuid"])]
                    tally.already_there += 1
                    continue
                values = _remapped(row, tbl, spec.refs, ids)
                if values is None:
                    tally.skipped += 1
                else:
                    fresh[str(row["uuid"])] = (int(row["id"]), values)
            made = _insert(conn, tbl, [v for _, v in fresh.values()])
            added: IdMap = {fresh[u][0]: new_id for u, new_id in made.items()}
            mapped.update(added)
            tally.added += len(added)
            tally.skipped += len(fresh) - len(made)  # e.g. a second rating by the same rater
            if spec.children is not None and added:
                spec.children(src_conn, conn, added, ids)


# -- dependent rows ---------------------------------------------------------------------------


def clip_facets(src: Connection, dst: Connection, added: IdMap, ids: Ids) -> None:
    facets = table(models.ClipFacet)
    rows = src.execute(select(facets).where(facets.c.clip_id.in_(list(added)))).all()
    if rows:
        dst.execute(
            pg_insert(facets).on_conflict_do_nothing(), [{"clip_id": added[c], "facet": f} for c, f in rows]
        )


def set_clips(src: Connection, dst: Connection, added: IdMap, ids: Ids) -> None:
    parts = table(models.AssessmentSetClip)
    clips = ids.of("clips")
    rows = src.execute(select(parts).where(parts.c.set_id.in_(list(added)))).mappings().all()
    values = [
        {"set_id": added[int(r["set_id"])], "position": r["position"], "clip_id": clips[int(r["clip_id"])]}
        for r in rows
        if int(r["clip_id"]) in clips
    ]
    if values:
        dst.execute(pg_insert(parts).on_conflict_do_nothing(), values)


SPECS: dict[str, Spec] = {
    "practice_sessions": Spec(models.PracticeSession, {"profile_id": "profiles"}),
    "attempts": Spec(
        models.Attempt, {"profile_id": "profiles", "clip_id": "clips", "session_id": "practice_sessions"}
    ),
    "ratings": Spec(models.Rating, {"attempt_id": "attempts", "rater_profile_id": "profiles"}),
    "comments": Spec(models.Comment, {"attempt_id": "attempts", "author_profile_id": "profiles"}),
    "goals": Spec(models.Goal, {"owner_profile_id": "profiles", "set_by_profile_id": "profiles"}),
    "assessment_sets": Spec(models.AssessmentSet, {"created_by_profile_id": "profiles"}, set_clips),
    "assessments": Spec(models.Assessment, {"profile_id": "profiles", "set_id": "assessment_sets"}),
    "assessment_takes": Spec(models.AssessmentTake, {"assessment_id": "assessments", "clip_id": "clips"}),
    "assessment_ratings": Spec(
        models.AssessmentRating, {"take_id": "assessment_takes", "rater_profile_id": "profiles"}
    ),
}


# -- clips: the same file is the same clip, whatever its uuid --------------------------------------


def copy_clips(source: Engine, target: Engine, ids: Ids, tally: Tally, progress: Step = _quiet) -> None:
    """Match by content hash, then uuid, then a starter clip's external id; else add with facets."""
    tbl = table(models.Clip)
    mapped = ids.of("clips")
    profiles = ids.of("profiles")
    sole = sole_profile(source)
    for src_conn, rows in _batches(source, tbl, progress):
        with target.begin() as conn:
            by_hash, by_uuid, by_external = _clips_there(conn, tbl, rows)
            fresh: dict[str, tuple[int, dict[str, Any]]] = {}
            for row in rows:
                found = (
                    by_hash.get(str(row["content_hash"]))
                    or by_uuid.get(str(row["uuid"]))
                    or (by_external.get(str(row["external_id"])) if row["external_id"] else None)
                )
                if found is not None:
                    mapped[int(row["id"])] = found
                    tally.already_there += 1
                    continue
                values = {k: v for k, v in row.items() if k != "id"}
                values["owner_profile_id"] = clip_owner(row, sole, profiles)
                fresh[str(row["uuid"])] = (int(row["id"]), values)
            made = _insert(conn, tbl, [v for _, v in fresh.values()])
            added: IdMap = {fresh[u][0]: new_id for u, new_id in made.items()}
            mapped.update(added)
            tally.added += len(added)
            tally.skipped += len(fresh) - len(made)
            if added:
                clip_facets(src_conn, conn, added, ids)


def sole_profile(source: Engine) -> int | None:
    """The folder's only profile, if it has just one: then its own clips were surely added by them."""
    people = table(models.Profile)
    with source.connect() as conn:
        found = conn.execute(select(people.c.id).limit(2)).scalars().all()
    return int(found[0]) if len(found) == 1 else None


def clip_owner(row: Row, sole: int | None, profiles: IdMap) -> int | None:
    """Who owns the clip on the server (a clinic lets the owner edit its details). A solo folder
    records no owner; with one profile in it, an own clip is theirs. Built-in clips have none."""
    owner = row["owner_profile_id"]
    if owner is None and original(str(row["source"])) not in BUILT_IN_SOURCES:
        owner = sole
    return None if owner is None else profiles.get(int(owner))


def _clips_there(
    conn: Connection, tbl: Table, rows: Sequence[Row]
) -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    hashes = [str(r["content_hash"]) for r in rows]
    uuids = [str(r["uuid"]) for r in rows]
    externals = [str(r["external_id"]) for r in rows if r["external_id"]]
    found = conn.execute(
        select(tbl.c.id, tbl.c.content_hash, tbl.c.uuid, tbl.c.external_id).where(
            tbl.c.content_hash.in_(hashes) | tbl.c.uuid.in_(uuids) | tbl.c.external_id.in_(externals)
        )
    ).all()
    by_hash = {str(h): int(i) for i, h, _, _ in found}
    by_uuid = {str(u): int(i) for i, _, u, _ in found}
    by_external = {str(e): int(i) for i, _, _, e in found if e}
    return by_hash, by_uuid, by_external


# -- profiles: a person is their uuid or an id linked to them -------------------------------------


def copy_profiles(source: Engine, target: Engine, ids: Ids, tally: Tally) -> list[tuple[str, str]]:
    """Match by uuid or linked id (either side's); else add, renaming on a clash of names with a
    different person ("Dana" -> "Dana (2)", as bundles do). Returns the renames. A computer holds a
    handful of profiles and a clinic a few hundred, so all of them are read at once."""
    people, aliases = table(models.Profile), table(models.ProfileAlias)
    with source.connect() as conn:
        rows = conn.execute(select(people).order_by(people.c.id)).mappings().all()
        linked: dict[int, list[str]] = {}
        linked_at: dict[str, Any] = {}
        query = select(aliases.c.uuid, aliases.c.profile_id, aliases.c.created_at).order_by(aliases.c.uuid)
        for uuid, profile_id, created_at in conn.execute(query):
            linked.setdefault(int(profile_id), []).append(str(uuid))
            linked_at[str(uuid)] = created_at
    mapped = ids.of("profiles")
    renamed: list[tuple[str, str]] = []
    for row in rows:
        with target.begin() as conn:
            known = _known_ids(conn)
            own = [str(row["uuid"]), *linked.get(int(row["id"]), [])]
            match = next((known[u] for u in own if u in known), None)
            if match is not None:
                tally.already_there += 1
            else:
                name = _distinct_name(conn, str(row["name"]))
                if name != row["name"]:
                    renamed.append((str(row["name"]), name))
                # On a server each person signs in with their own login: a profile password's hash
                # would only be readable by every member there, so it stays on the solo computer.
                values = {k: v for k, v in row.items() if k not in ("id", "login_role", "password_hash")}
                values["name"] = name
                match = int(
                    conn.execute(pg_insert(people).values(values).returning(people.c.id)).scalar_one()
                )
                known[str(row["uuid"])] = match
                tally.added += 1
            new_links = [u for u in own if u not in known]  # ids nobody on the server has yet
            if new_links:
                conn.execute(
                    pg_insert(aliases),
                    [
                        {"uuid": u, "profile_id": match, "created_at": linked_at.get(u, utcnow())}
                        for u in new_links
                    ],
                )
            mapped[int(row["id"])] = match
    return renamed


def _known_ids(conn: Connection) -> dict[str, int]:
    people, aliases = table(models.Profile), table(models.ProfileAlias)
    known = {str(u): int(i) for u, i in conn.execute(select(people.c.uuid, people.c.id))}
    known.update({str(u): int(i) for u, i in conn.execute(select(aliases.c.uuid, aliases.c.profile_id))})
    return known


def _distinct_name(conn: Connection, name: str) -> str:
    people = table(models.Profile)
    taken = {name_key(str(n)) for n in conn.execute(select(people.c.name)).scalars()}
    candidate, n = name, 1
    while name_key(candidate) in taken:
        n += 1
        suffix = f" ({n})"
        candidate = name[: MAX_NAME - len(suffix)] + suffix
    return candidate
