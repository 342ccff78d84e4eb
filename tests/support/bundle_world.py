"""Helpers for the bundle tests: a second (third...) real data folder, real WAV takes, snapshots."""

from __future__ import annotations

import hashlib
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import soundfile as sf
from sqlalchemy import text

from app.paths import DataPaths
from app.startup.starter_library import install_starter_pack
from practice_db.models import Base
from practice_db.records import NewClip, TakeFacts
from practice_db.store import PracticeStore


@dataclass
class World:
    """One computer: a data folder with its own migrated database."""

    paths: DataPaths
    store: PracticeStore

    def close(self) -> None:
        self.store.close()


def open_world(root: Path, template_db: Path, starter: bool = True, url: str | None = None) -> World:
    """`url`: a migrated database elsewhere (PostgreSQL); else a copy of the SQLite template."""
    paths = DataPaths(root).ensure()
    if url is None:
        shutil.copy(template_db, paths.database)
    store = PracticeStore.open(url or f"sqlite:///{paths.database}", paths.backups)
    if starter:
        install_starter_pack(store, paths)
    return World(paths, store)


def write_take(path: Path, seconds: float = 0.3, rate: int = 16000, seed: int = 0) -> None:
    """A short real WAV: a tone plus noise, like a voice would give (does not compress to nothing)."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * rate)) / rate
    signal = 0.3 * np.sin(2 * np.pi * (220 + 40 * seed) * t) + 0.05 * rng.standard_normal(t.size)
    path.parent.mkdir(parents=True, exist_ok=True)
    sf.write(str(path), signal.astype(np.float32), rate, subtype="PCM_16")


def own_clip(world: World, title: str = "My own clip", content_note: str | None = None) -> int:
    """A clip only this computer has, with a real media file named by its hash."""
    source = world.paths.home / "own-source.wav"
    write_take(source, seconds=0.2, seed=9)
    data = source.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    target = world.paths.clips / f"{digest}.wav"
    target.write_bytes(data)
    source.unlink()
    return world.store.clips.add(
        NewClip(
            title=title,
            presentation="withdrawn",
            difficulty=2,
            media_path=f"clips/{target.name}",
            content_hash=digest,
            statement="I don't really know why I'm here.",
            facets=("warmth", "hope"),
            criteria=("Stay with the silence",),
            example_response="It sounds hard to even be here today.",
            content_note=content_note,
        )
    ).id


def record_attempt(world: World, profile_id: int, clip_id: int, seed: int = 0) -> int:
    attempt = world.store.attempts.begin(profile_id, clip_id, None, "pending")
    relative = f"recordings/{attempt.uuid}.wav"
    write_take(world.paths.home / relative, seed=seed)
    world.store.attempts.finish(attempt.id, TakeFacts(relative, 300, response_latency_ms=700, pause_count=1))
    return attempt.id


def row_counts(store: PracticeStore) -> dict[str, int]:
    with store.engine.connect() as conn:
        return {
            name: int(conn.execute(text(f"SELECT COUNT(*) FROM {name}")).scalar_one())
            for name in Base.metadata.tables
        }


def listing(paths: DataPaths) -> list[tuple[str, int]]:
    """Every file in the data folder with its size (the database files themselves left out, and
    settings.json's temporary twin, which exists only while the window saves its size)."""
    return sorted(
        (str(p.relative_to(paths.home)), p.stat().st_size)
        for p in paths.home.rglob("*")
        if p.is_file()
        and not p.name.startswith(paths.database.name)
        and not (p.name.startswith(".settings-") and p.name.endswith(".tmp"))
    ) + sorted(("dir:" + str(p.relative_to(paths.home)), 0) for p in paths.home.rglob("*") if p.is_dir())


def members(bundle: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(bundle) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def repack(target: Path, items: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in items.items():
            zf.writestr(name, data)
    return target
