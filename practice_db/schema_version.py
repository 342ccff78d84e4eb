"""The schema revision this code expects; a test keeps it equal to Alembic's head."""

from __future__ import annotations

HEAD_REVISION = "0009"
