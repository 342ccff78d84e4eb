"""The doctor's sentence about the database's schema revision (practice_db/schema_check.py)."""

from __future__ import annotations

from app.cli.finding import Finding
from app.paths import DataPaths
from practice_db.integrity import list_backups
from practice_db.schema_check import SchemaDifference, SchemaReport, SchemaState

LABEL = "Schema revision"


def schema_finding(report: SchemaReport, paths: DataPaths) -> Finding:
    revision, head = report.revision, report.head
    if report.state is SchemaState.EMPTY:
        return Finding(LABEL, f"none yet (created on first start; code expects {head})")
    if report.state is SchemaState.CURRENT:
        return Finding(LABEL, f"{revision} (current)")
    if report.state is SchemaState.OLDER:
        return Finding(LABEL, f"{revision} (will be upgraded to {head} at start, after a backup)")
    if report.state is SchemaState.NEWER:
        return Finding(
            LABEL,
            f"{revision}: made by a newer Practice Room (this one knows up to {head})",
            False,
            True,
            "This version can't open it. Install the newer Practice Room that saved it; "
            "nothing in your data will be changed until then.",
        )
    return Finding(
        LABEL,
        f"{revision or 'none'} recorded, but the tables don't match it (an update stopped halfway?)",
        False,
        True,
        "\n".join([*differences(report.difference), restore_advice(paths)]),
    )


def differences(diff: SchemaDifference) -> list[str]:
    named = (
        ("Missing tables", diff.missing_tables),
        ("Unexpected tables", diff.extra_tables),
        ("Missing columns", diff.missing_columns),
        ("Unexpected columns", diff.extra_columns),
        ("Missing indexes", diff.missing_indexes),
        ("Unexpected indexes", diff.extra_indexes),
    )
    return [f"{label}: {', '.join(names)}" for label, names in named if names]


def restore_advice(paths: DataPaths) -> str:
    backups = list_backups(paths.backups)
    if not backups:
        return (
            "Practice Room may fail when it saves. Keep a copy of the whole data folder, "
            "and don't delete anything, before asking for help."
        )
    newest = backups[0]
    return (
        "Practice Room may fail when it saves. Keep a copy of the whole data folder; the newest "
        f"backup ({newest.created:%d %b %Y %H:%M} UTC) is {newest.path}."
    )
