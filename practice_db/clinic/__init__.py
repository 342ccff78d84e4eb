"""Clinic mode on a PostgreSQL server: group roles, row-level security and the admin's commands.

Nothing here runs for a solo (SQLite) database. The server, not the app, enforces who may read
and write what: each person signs in as their own login role, a member of `practice_room_member`,
and every table is owned by `practice_room_owner`, which nobody signs in as."""
