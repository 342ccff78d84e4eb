"""clinic mode: people as server logins, assignments, versions, recordings and clips in the database

- `profiles.login_role`: the PostgreSQL login role a person signs in with on a clinic's server
  (null on a solo computer). Row-level security matches `current_user` against it.
- `clinic_assignments`: which supervisor reviews which trainee.
- `clips.owner_profile_id`: who added an own clip (null: the starter pack, a programme's clips
  from before this revision); on a server a trainee may change only their own clips.
- `version` on ratings, assessment ratings, goals and clips: each save says which version it
  changed, so a second person's save over a newer row is refused and shown, never silent.
- `assessment_ratings.revealed_at`: set when a blind rater's batch is revealed (names, dates,
  occasions shown); from then on storage refuses changes to those ratings, so what a rater scored
  blind stays blind.
- `stored_files` and `stored_file_chunks`: recordings and clip media kept in the database itself
  (compressed takes, in chunks), so one server is all a clinic runs. A file counts only once
  `complete` is set, after its last chunk.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 02:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_VERSIONED = ("ratings", "assessment_ratings", "goals", "clips")


def upgrade() -> None:
    with op.batch_alter_table("profiles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("login_role", sa.String(length=63), nullable=True))
        batch_op.create_unique_constraint(batch_op.f("uq_profiles_login_role"), ["login_role"])
    with op.batch_alter_table("clips", schema=None) as batch_op:
        batch_op.add_column(sa.Column("owner_profile_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_clips_owner_profile_id_profiles"),
            "profiles",
            ["owner_profile_id"],
            ["id"],
            ondelete="SET NULL",
        )
    for table in _VERSIONED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    with op.batch_alter_table("assessment_ratings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revealed_at", sa.DateTime(), nullable=True))
    op.create_table(
        "clinic_assignments",
        sa.Column("supervisor_profile_id", sa.Integer(), nullable=False),
        sa.Column("trainee_profile_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["supervisor_profile_id"],
            ["profiles.id"],
            name=op.f("fk_clinic_assignments_supervisor_profile_id_profiles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["trainee_profile_id"],
            ["profiles.id"],
            name=op.f("fk_clinic_assignments_trainee_profile_id_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "supervisor_profile_id", "trainee_profile_id", name=op.f("pk_clinic_assignments")
        ),
    )
    with op.batch_alter_table("clinic_assignments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_clinic_assignments_trainee_profile_id"), ["trainee_profile_id"], unique=False
        )
    op.create_table(
        "stored_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=True),
        sa.Column("media_type", sa.String(length=60), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("size_bytes", sa.BigInteger(), nullable=False),
        sa.Column("chunk_count", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("complete", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('attempt', 'assessment_take', 'clip')", name=op.f("ck_stored_files_kind")
        ),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["profiles.id"],
            name=op.f("fk_stored_files_profile_id_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stored_files")),
        sa.UniqueConstraint("key", name=op.f("uq_stored_files_key")),
    )
    with op.batch_alter_table("stored_files", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stored_files_profile_id"), ["profile_id"], unique=False)
    op.create_table(
        "stored_file_chunks",
        sa.Column("file_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["file_id"],
            ["stored_files.id"],
            name=op.f("fk_stored_file_chunks_file_id_stored_files"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("file_id", "seq", name=op.f("pk_stored_file_chunks")),
    )


def downgrade() -> None:
    # An older version has no clinic mode: files kept only in the database are lost to it, so a
    # downgrade is for solo computers (whose recordings are on disk anyway).
    op.drop_table("stored_file_chunks")
    with op.batch_alter_table("stored_files", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stored_files_profile_id"))
    op.drop_table("stored_files")
    with op.batch_alter_table("clinic_assignments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clinic_assignments_trainee_profile_id"))
    op.drop_table("clinic_assignments")
    with op.batch_alter_table("assessment_ratings", schema=None) as batch_op:
        batch_op.drop_column("revealed_at")
    for table in reversed(_VERSIONED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("version")
    with op.batch_alter_table("clips", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_clips_owner_profile_id_profiles"), type_="foreignkey")
        batch_op.drop_column("owner_profile_id")
    with op.batch_alter_table("profiles", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_profiles_login_role"), type_="unique")
        batch_op.drop_column("login_role")
