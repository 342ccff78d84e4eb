"""Alembic environment: always driven programmatically by practice_db.migrate."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from sqlalchemy import Connection

from practice_db.models import Base, UTCDateTime

config = context.config
target_metadata = Base.metadata


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    # Migrations must not import our models: render our UTC wrapper as its plain impl.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


def run_with_connection(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite can't ALTER most things; batch mode rebuilds tables.
        compare_type=True,
        render_item=render_item,
        # The caller's connection holds one transaction (engine.schema_change) for the whole
        # upgrade: a failure or a kill at any step leaves the revision it started from.
        transactional_ddl=True,
        transaction_per_migration=False,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Run migrations through practice_db.migrate, which supplies a connection.")
run_with_connection(connection)
