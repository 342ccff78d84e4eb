"""identity: another computer's id for the same person, and a password on a profile

- `profile_aliases`: ids from other computers that mean a local profile, recorded when the user
  answered "the same person" to a name clash during a bundle import. Bundles then match the
  person by either id, so their ratings stay with one profile (no "Dr Lee (2)").
- `profiles.password_hash` (text, null = no password): the argon2 hash of the profile's password;
  the password itself is never stored.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05 00:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "profile_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("profile_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["profile_id"],
            ["profiles.id"],
            name=op.f("fk_profile_aliases_profile_id_profiles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_profile_aliases")),
        sa.UniqueConstraint("uuid", name=op.f("uq_profile_aliases_uuid")),
    )
    with op.batch_alter_table("profile_aliases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_profile_aliases_profile_id"), ["profile_id"], unique=False)
    with op.batch_alter_table("profiles", schema=None) as batch_op:
        batch_op.add_column(sa.Column("password_hash", sa.String(length=255), nullable=True))


def downgrade() -> None:
    # An older version knows neither: the profiles open without a password again, and linked ids
    # are forgotten (a later bundle from that computer asks about the name once more).
    with op.batch_alter_table("profiles", schema=None) as batch_op:
        batch_op.drop_column("password_hash")
    with op.batch_alter_table("profile_aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_profile_aliases_profile_id"))
    op.drop_table("profile_aliases")
