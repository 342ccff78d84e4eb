"""UTC time helpers shared by the storage layer."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)


def as_utc(value: datetime) -> datetime:
    """Naive datetimes coming back from SQLite are UTC by our convention."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
