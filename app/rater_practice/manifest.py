"""Loading and checking the practice anchors' manifest (media/starter/anchors/pack/manifest.json).

A missing or damaged manifest raises AnchorsUnavailable with a sentence a clinician can read; a
single missing or altered recording only leaves that reply without audio (its words still show)."""

from __future__ import annotations

import hashlib
import json
import re
from importlib.resources import files
from pathlib import Path
from types import MappingProxyType
from typing import Any

from app.rater_practice.records import KINDS, AnchorExercise, AnchorReply, AnchorSet
from practice_db.vocabulary import FACET_KEYS, PRESENTATIONS

SCHEMA_VERSION = 1
SAFE_FILE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\.(opus|ogg|wav|mp3|m4a)")
SHA256 = re.compile(r"[0-9a-f]{64}")
REINSTALL = "Reinstalling Practice Room puts them back."


class AnchorsUnavailable(Exception):
    """The anchors can't be used; str(error) is the plain message to show."""


def anchors_folder() -> Path:
    return Path(str(files("media.starter") / "anchors" / "pack"))


def starter_folder() -> Path:
    return Path(str(files("media.starter") / "pack"))


def load_anchor_set(folder: Path | None = None, starter: Path | None = None) -> AnchorSet:
    """Read, check and hash; slow enough (file hashes) to run off the GUI thread."""
    folder = folder or anchors_folder()
    data = _read_json(folder / "manifest.json")
    _check_top(data)
    clips = _starter_clips(starter or starter_folder())
    problems: list[str] = []
    exercises = tuple(_exercise(e, i, folder, clips, problems) for i, e in enumerate(data["exercises"]))
    about = data.get("about")
    rated_by = data.get("rated_by")
    return AnchorSet(
        about=about if isinstance(about, str) else "",
        rated_by=rated_by if isinstance(rated_by, str) else "",
        exercises=exercises,
        problems=tuple(problems),
    )


def _read_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AnchorsUnavailable(
            f"The practice anchors are not installed ({path} is missing). {REINSTALL}"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AnchorsUnavailable(f"The practice anchors could not be read ({exc}). {REINSTALL}") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise AnchorsUnavailable(
            f"The practice anchors' list is damaged (not valid JSON at line {exc.lineno}). {REINSTALL}"
        ) from exc


def _bad(what: str) -> AnchorsUnavailable:
    return AnchorsUnavailable(f"The practice anchors' list is damaged: {what}. {REINSTALL}")


def _check_top(data: Any) -> None:
    if not isinstance(data, dict):
        raise _bad("it is not a JSON object")
    version = data.get("schema_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
        raise AnchorsUnavailable(
            "These practice anchors were made for a newer version of Practice Room; "
            "update the app to use them."
        )
    if version != SCHEMA_VERSION:
        raise _bad(f"unknown schema_version {version!r}")
    if data.get("facets") != list(FACET_KEYS):
        raise _bad("it does not list the eight facets")
    exercises = data.get("exercises")
    if not isinstance(exercises, list) or not exercises:
        raise _bad("it lists no exercises")


def _text(entry: dict[str, Any], key: str, where: str) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _bad(f"{where} has no {key}")
    return value


def _exercise(
    entry: Any, index: int, folder: Path, clips: dict[str, tuple[str, Path]], problems: list[str]
) -> AnchorExercise:
    if not isinstance(entry, dict):
        raise _bad(f"exercise {index + 1} is not an object")
    eid = _text(entry, "exercise_id", f"exercise {index + 1}")
    presentation = _text(entry, "presentation", eid)
    if presentation not in PRESENTATIONS:
        raise _bad(f"{eid} has an unknown presentation {presentation!r}")
    statement = _text(entry, "statement", eid)
    title = entry.get("title") if isinstance(entry.get("title"), str) else eid
    replies = entry.get("replies")
    kinds = [str(r.get("kind")) for r in replies if isinstance(r, dict)] if isinstance(replies, list) else []
    if not isinstance(replies, list) or len(replies) != len(KINDS) or sorted(kinds) != sorted(KINDS):
        raise _bad(f"{eid} needs exactly one weak, one ordinary and one strong reply")
    clip: Path | None = None
    if eid in clips and clips[eid][0] == statement:
        clip = clips[eid][1]
    elif eid in clips:
        problems.append(
            f"{eid}: the client clip has changed since these replies were written; read the statement."
        )
    return AnchorExercise(
        exercise_id=eid,
        presentation=presentation,
        title=str(title),
        statement=statement,
        client_clip=clip,
        replies=tuple(_reply(r, eid, folder, problems) for r in replies),
    )


def _reply(entry: dict[str, Any], eid: str, folder: Path, problems: list[str]) -> AnchorReply:
    where = f"{eid} ({entry.get('kind')})"
    ratings = entry.get("ratings")
    if not isinstance(ratings, dict) or set(ratings) != set(FACET_KEYS):
        raise _bad(f"{where} is not rated on all eight facets")
    for value in ratings.values():
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
            raise _bad(f"{where} has a rating outside 1-5")
    name = _text(entry, "file", where)
    digest = _text(entry, "sha256", where)
    if not SAFE_FILE.fullmatch(name) or not SHA256.fullmatch(digest):
        raise _bad(f"{where} names an unusable file")
    duration = entry.get("duration_s")
    path = folder / name
    audio: Path | None = None
    if not path.is_file():
        problems.append(f"{where}: the recording is missing; its words are shown instead.")
    elif _sha256(path) != digest:
        problems.append(f"{where}: the recording has been altered; its words are shown instead.")
    else:
        audio = path
    return AnchorReply(
        id=_text(entry, "id", where),
        kind=str(entry["kind"]),
        text=_text(entry, "text", where),
        ratings=MappingProxyType({k: int(ratings[k]) for k in FACET_KEYS}),
        note=str(entry.get("note") or ""),
        audio=audio,
        duration_s=float(duration) if isinstance(duration, int | float) else 0.0,
    )


def _starter_clips(folder: Path) -> dict[str, tuple[str, Path]]:
    """exercise id -> (statement, clip file) from the starter pack; empty if it can't be read."""
    try:
        data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        found: dict[str, tuple[str, Path]] = {}
        for clip in data["clips"]:
            path = folder / str(clip["file"])
            if SAFE_FILE.fullmatch(str(clip["file"])) and path.is_file():
                found[str(clip["id"])] = (str(clip["statement"]), path)
        return found
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()
