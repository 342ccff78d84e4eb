"""Helpers for the clip pack tests: a trainer's library with exercises that carry every field."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import numpy as np
import soundfile as sf

from app.startup.starter_library import pack_folder
from media.playback.media_probe import MediaProber
from practice_db.records import NewClip
from tests.support.bundle_world import World

STARTER_MP4 = pack_folder() / "hostile-3.mp4"


def tone(path: Path, hz: float, seconds: float = 1.2) -> Path:
    t = np.arange(int(48000 * seconds)) / 48000
    sf.write(str(path), (0.2 * np.sin(2 * np.pi * hz * t)).astype("float32"), 48000)
    return path


_PROBER: list[MediaProber] = []


def measured_ms(path: Path) -> int | None:
    """What libvlc says the file lasts, as the clip import measures it."""
    if not _PROBER:
        _PROBER.append(MediaProber())
    return _PROBER[0].probe(path).duration_ms


def add_file_clip(world: World, source: Path, **fields: object) -> int:
    """Put `source` in the world's library as clips/<sha256>.<ext> with the given fields."""
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    target = world.paths.clips / f"{digest}{source.suffix.lower()}"
    shutil.copy(source, target)
    values: dict[str, object] = {
        "title": source.stem,
        "presentation": "hostile",
        "difficulty": 2,
        "media_path": f"clips/{target.name}",
        "content_hash": digest,
        "duration_ms": measured_ms(source),
        "source": "imported",
    } | fields
    return world.store.clips.add(NewClip(**values)).id  # type: ignore[arg-type]


def trainer_library(world: World, scratch: Path) -> list[int]:
    """Four exercises: two audio clips, a video clip and one with words only (no file)."""
    scratch.mkdir(parents=True, exist_ok=True)
    ids = [
        add_file_clip(
            world,
            tone(scratch / "partner.wav", 330),
            title="Partner, angry on the phone",
            presentation="hostile",
            difficulty=3,
            statement="You never call me back, why would I trust you now?",
            facets=("rupture_repair", "empathy"),
            criteria=("Name the anger without defending", "Offer one concrete next step"),
            example_response="You're right that I didn't call back, and that hurt. Can we start there?",
            content_note="Raised voices",
        ),
        add_file_clip(
            world,
            tone(scratch / "quiet.wav", 196, seconds=1.6),
            title="Long silence after a loss",
            presentation="withdrawn",
            difficulty=1,
            statement="…",
            facets=("warmth",),
            criteria=("Let the silence be",),
            example_response=None,
            content_note="Bereavement",
        ),
    ]
    video = scratch / "Confronting intake.MP4"
    shutil.copy(STARTER_MP4, video)
    ids.append(
        add_file_clip(
            world,
            video,
            title="Why should I tell you anything?",
            presentation="confronting",
            difficulty=2,
            statement="Why should I tell you anything? You're just like the last one.",
            facets=("alliance_bond", "persuasiveness", "hope"),
            criteria=(),
            example_response="It makes sense to hold back after that.",
        )
    )
    ids.append(
        world.store.clips.add(
            NewClip(
                title="Words only: ambivalent about coming",
                presentation="ambivalent",
                difficulty=2,
                media_path="",
                content_hash="a" * 64,
                statement="Part of me wants this and part of me wants to leave.",
                facets=("empathy",),
                criteria=("Reflect both sides",),
                example_response="Both are here today.",
                source="bundle",
            )
        ).id
    )
    return ids
