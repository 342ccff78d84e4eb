"""Open a database safely: integrity check, verified backup, then Alembic upgrade.

Alembic is imported only when the stored revision differs from head, which keeps
start-up fast on the common path. The whole upgrade is one transaction (engine.schema_change):
if it fails, the file keeps the revision and schema it had, and the error names a backup to
restore. Old backups are pruned only after an upgrade succeeded, so failed starts never
push out the copy made before the first attempt.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from practice_db.engine import schema_change, sqlite_file
from practice_db.errors import DatabaseDamagedError, DatabaseTooNewError, DatabaseUpgradeFailedError
from practice_db.integrity import (
    BackupError,
    BackupInfo,
    backup_database,
    list_backups,
    prune_backups,
    quick_check,
    remove_unfinished_backups,
    remove_unfinished_restore,
    verify_backup,
)
from practice_db.schema_version import HEAD_REVISION

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Failures a restore can't fix: the caller reports them as they are.
_NOT_THE_UPGRADES_FAULT = ("database or disk is full", "readonly database", "disk i/o error")

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OpenReport:
    revision_before: str | None
    revision_after: str
    backup: Path | None


def alembic_config(engine: Engine | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        # configparser treats % as interpolation; a socket path in the URL is percent-encoded
        url = engine.url.render_as_string(hide_password=False)
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    return None if row is None else str(row[0])


def _has_user_tables(engine: Engine) -> bool:
    with engine.connect() as conn:
        return bool([t for t in inspect(conn).get_table_names() if t != "alembic_version"])


def upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    cfg = alembic_config(engine)
    with schema_change(engine) as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    cfg = alembic_config(engine)
    with schema_change(engine) as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revision)


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def open_database(engine: Engine, backup_dir: Path) -> OpenReport:
    """Check, back up if needed, and migrate to head. Raises the errors in practice_db.errors."""
    db_file = sqlite_file(engine.url.render_as_string(hide_password=False))
    remove_unfinished_backups(backup_dir)
    if db_file is not None:
        remove_unfinished_restore(db_file)
    if db_file is not None and db_file.exists() and db_file.stat().st_size > 0:
        ok, detail = quick_check(db_file)
        if not ok:
            whole = [b for b in list_backups(backup_dir) if verify_backup(b.path) is None]
            raise DatabaseDamagedError(db_file, detail, whole)
    before = current_revision(engine)
    if before == HEAD_REVISION:
        return OpenReport(before, HEAD_REVISION, None)
    if before is not None and before not in known_revisions():
        raise DatabaseTooNewError(
            "This practice database was saved by a newer version of Practice Room "
            f"(schema {before}). Please update Practice Room to open it; nothing was changed."
        )
    backup = None
    if db_file is not None and db_file.exists() and _has_user_tables(engine):
        engine.dispose()  # release pooled connections so the backup sees committed WAL pages
        # An unchanged file (a start that failed before) reuses its backup instead of adding one.
        try:
            backup = backup_database(db_file, backup_dir, f"before-{HEAD_REVISION}")
        except BackupError as exc:
            log.error("No backup before the upgrade, so no upgrade: %s", exc.detail)
            raise
    try:
        upgrade(engine)
    except Exception as exc:
        engine.dispose()
        if any(words in str(exc).lower() for words in _NOT_THE_UPGRADES_FAULT):
            raise
        log.error("Upgrading the database from %s to %s failed", before, HEAD_REVISION, exc_info=exc)
        raise _upgrade_failed(db_file, before, backup_dir) from exc
    prune_backups(backup_dir)
    return OpenReport(before, HEAD_REVISION, backup)


def _upgrade_failed(db_file: Path | None, before: str | None, backup_dir: Path) -> DatabaseUpgradeFailedError:
    from practice_db.schema_check import matches_revision  # only on this rare path

    half_updated = db_file is not None and before is not None and not matches_revision(db_file, before)
    return DatabaseUpgradeFailedError(db_file, before, _restorable_backup(backup_dir), half_updated)


def _restorable_backup(backup_dir: Path) -> BackupInfo | None:
    """The newest backup that is whole and whose schema is what its revision says (a backup of
    a half-updated file is skipped: restoring it would fail the same way)."""
    from practice_db.schema_check import matches_revision

    known = known_revisions()
    for info in list_backups(backup_dir):
        if info.revision not in known or info.revision is None:
            continue
        if matches_revision(info.path, info.revision) and verify_backup(info.path) is None:
            return info
    return None
