"""Which recording file each attempt points to, for checking that the files are still there."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, text


@dataclass(frozen=True)
class RecordingRef:
    attempt_uuid: str
    recording_path: str  # relative to the data folder, as stored
    status: str


def recording_refs(engine: Engine) -> list[RecordingRef]:
    """Every attempt with a recording file name. Plain SQL on columns every revision has, so it
    works on an older or half-migrated schema too."""
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT uuid, recording_path, status FROM attempts "
                "WHERE recording_path IS NOT NULL AND recording_path != '' ORDER BY started_at"
            )
        ).all()
    return [RecordingRef(str(r[0]), str(r[1]), str(r[2])) for r in rows]
