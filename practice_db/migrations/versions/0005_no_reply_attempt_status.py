"""attempt status no_reply: a take interrupted before any audio was recorded

Start-up recovery resolves an attempt left `recording` with no audio to `no_reply`, so it shows in
the exercise's history as "no reply recorded" but is never counted, reviewed or exported.

SQLite cannot alter a CHECK constraint, so batch mode rebuilds `attempts`. Dropping the old table
runs an implicit DELETE, which (with foreign keys on) cascades to its ratings and comments; they are
copied aside first and put back afterwards.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 21:00:00
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_CHILDREN = ("ratings", "comments")  # rows that ON DELETE CASCADE from attempts would remove
_OLD = "status IN ('recording', 'complete', 'recovered', 'discarded')"
_NEW = "status IN ('recording', 'complete', 'recovered', 'discarded', 'no_reply')"


def _rebuild_attempts(check: str) -> None:
    if op.get_bind().dialect.name != "sqlite":  # PostgreSQL alters a CHECK constraint in place
        op.drop_constraint(op.f("ck_attempts_status"), "attempts", type_="check")
        op.create_check_constraint(op.f("ck_attempts_status"), "attempts", check)
        return
    for table in _CHILDREN:
        op.execute(f"CREATE TABLE _keep_{table} AS SELECT * FROM {table}")
    with op.batch_alter_table("attempts", schema=None, recreate="always") as batch_op:
        batch_op.drop_constraint(op.f("ck_attempts_status"), type_="check")
        batch_op.create_check_constraint(op.f("ck_attempts_status"), check)
    for table in _CHILDREN:
        op.execute(
            f"INSERT INTO {table} SELECT * FROM _keep_{table} WHERE id NOT IN (SELECT id FROM {table})"
        )
        op.execute(f"DROP TABLE _keep_{table}")


def upgrade() -> None:
    _rebuild_attempts(_NEW)


def downgrade() -> None:
    # Older versions know no `no_reply`: such a take becomes `discarded` (kept, never counted).
    op.execute("UPDATE attempts SET status = 'discarded' WHERE status = 'no_reply'")
    _rebuild_attempts(_OLD)
