"""the yardstick: criteria verdicts on ratings, content notes on clips, the challenge-level goal

- `ratings.criteria_verdicts` (JSON): the exercise's criteria, each judged "met", "partly" or
  "not_met" by this rater, as a list of {"criterion": text, "verdict": ...}; the criterion's own
  words are kept so a later edit of the exercise can't re-point an old verdict.
- `clips.content_note` (text): a short note on heavy themes, shown before the clip plays.
- The goal kind `no_too_hard` rewarded under-reporting distress. Such goals become
  `challenge_level` ("reach a level with good-challenge check-ins"), same presentation, at least
  intermediate, same number of recent attempts. SQLite can't alter a CHECK, so `goals` is rebuilt
  (nothing references it).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 23:20:00
"""

from __future__ import annotations

import json
from typing import Literal

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_OLD_KINDS = "kind IN ('facet_share', 'practice_frequency', 'no_too_hard', 'mean_score')"
_NEW_KINDS = "kind IN ('facet_share', 'practice_frequency', 'challenge_level', 'mean_score')"
_BOTH_KINDS = "kind IN ('facet_share', 'practice_frequency', 'no_too_hard', 'challenge_level', 'mean_score')"


def _set_goal_kinds(check: str) -> None:
    # SQLite can only rebuild the table to change a CHECK; PostgreSQL alters it in place.
    recreate: Literal["always", "auto"] = "always" if op.get_bind().dialect.name == "sqlite" else "auto"
    with op.batch_alter_table("goals", schema=None, recreate=recreate) as batch_op:
        batch_op.drop_constraint(op.f("ck_goals_kind"), type_="check")
        batch_op.create_check_constraint(op.f("ck_goals_kind"), check)


def _rewrite_goals(old_kind: str, new_kind: str) -> None:
    conn = op.get_bind()
    goals = sa.table(
        "goals", sa.column("id", sa.Integer), sa.column("kind", sa.String), sa.column("params", sa.JSON)
    )
    rows = conn.execute(sa.select(goals.c.id, goals.c.params).where(goals.c.kind == old_kind)).all()
    for goal_id, params in rows:
        old = params if isinstance(params, dict) else json.loads(params or "{}")
        new: dict[str, object] = {"presentation": old.get("presentation"), "recent": old.get("recent", 3)}
        if new_kind == "challenge_level":
            new["level"] = max(2, int(old.get("difficulty") or 2))
        else:
            new["difficulty"] = old.get("level")
        conn.execute(sa.update(goals).where(goals.c.id == goal_id).values(kind=new_kind, params=new))


def upgrade() -> None:
    with op.batch_alter_table("clips", schema=None) as batch_op:
        batch_op.add_column(sa.Column("content_note", sa.Text(), nullable=True))
    with op.batch_alter_table("ratings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("criteria_verdicts", sa.JSON(), nullable=True))
    _set_goal_kinds(_BOTH_KINDS)
    _rewrite_goals("no_too_hard", "challenge_level")
    _set_goal_kinds(_NEW_KINDS)


def downgrade() -> None:
    _set_goal_kinds(_BOTH_KINDS)
    _rewrite_goals("challenge_level", "no_too_hard")
    _set_goal_kinds(_OLD_KINDS)
    with op.batch_alter_table("ratings", schema=None) as batch_op:
        batch_op.drop_column("criteria_verdicts")
    with op.batch_alter_table("clips", schema=None) as batch_op:
        batch_op.drop_column("content_note")
