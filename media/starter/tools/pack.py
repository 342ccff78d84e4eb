"""Building pack/: every exercise rendered, encoded, hashed, and listed in manifest.json."""

import json
import os
import re

from media.starter.tools.audio import ffprobe_duration, render_audio
from media.starter.tools.common import (
    CREDITS,
    EXERCISES,
    PACK,
    VIDEO_FPS,
    VIDEO_IDS,
    VIDEO_SIZE,
    log,
    sha256_file,
)
from media.starter.tools.pack_files import (
    audio_format,
    build_entries,
    encode_entry,
    finish_pack,
    previous_entries,
    tool_versions,
)
from media.starter.tools.video import encode_caption_video
from media.starter.tools.voices import Synth


def load_exercises():
    with open(EXERCISES, encoding="utf-8") as f:
        data = json.load(f)
    ids = [e["id"] for e in data["exercises"]]
    dup = {i for i in ids if ids.count(i) > 1}
    if dup:
        raise SystemExit(f"duplicate exercise ids: {sorted(dup)}")
    facets = set(data.get("facets", []))
    for e in data["exercises"]:
        bad = [f for f in e["facets"] if facets and f not in facets]
        if bad or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", e["id"]):
            raise SystemExit(f"{e['id']}: bad id or unknown facets {bad}")
        # ids are "<presentation>-<n>" and stable: stored attempts point to them
        if not re.fullmatch(re.escape(e["presentation"]) + r"-[1-9][0-9]*", e["id"]):
            raise SystemExit(f"{e['id']}: an id is <presentation>-<number>")
        if e["difficulty"] not in (1, 2, 3) or not 2 <= len(e["criteria"]) <= 3:
            raise SystemExit(f"{e['id']}: difficulty 1-3 and 2-3 criteria")
        note = e.get("content_note")
        if note is not None and not (isinstance(note, str) and 0 < len(note.strip()) <= 200):
            raise SystemExit(f"{e['id']}: content_note is a short sentence, or absent")
    return data


def _render_exercise(ex, tmp, synth):
    wav, captions, info, voice = render_audio(ex, synth, tmp)
    audio, fields = encode_entry(wav, tmp, f"{ex['id']}.opus")
    clip = dict(ex)
    clip.setdefault("content_note", None)  # the app shows it before the clip plays
    clip["voice"] = voice
    clip.update(
        {
            "file": fields["file"],
            "media_type": "audio",
            "mime": "audio/ogg; codecs=opus",
            "duration_s": fields["duration_s"],
            "sha256": fields["sha256"],
            "bytes": fields["bytes"],
            "level_db": info["level_db"],
            "peak_db": info["peak_db"],
            "captions": captions,
            "video": None,
        }
    )
    files = [(audio, fields["file"])]
    if ex["id"] in VIDEO_IDS:
        vname = f"{ex['id']}.mp4"
        vtmp = os.path.join(tmp, vname)
        encode_caption_video(ex, wav, captions, vtmp, tmp)
        clip["video"] = {
            "file": vname,
            "media_type": "video",
            "mime": "video/mp4",
            "width": VIDEO_SIZE[0],
            "height": VIDEO_SIZE[1],
            "fps": VIDEO_FPS,
            "duration_s": round(ffprobe_duration(vtmp), 3),
            "sha256": sha256_file(vtmp),
            "bytes": os.path.getsize(vtmp),
        }
        files.append((vtmp, vname))
    line = (
        f"{ex['id']:15s} {clip['duration_s']:5.2f} s  {clip['bytes'] / 1024:5.1f} KiB  "
        f"level {info['level_db']:6.1f} dB  peak {info['peak_db']:5.1f} dB  "
        f"{voice['engine']}/{voice.get('voice')}"
    )
    return clip, files, line


def build(only=None):
    data = load_exercises()
    os.makedirs(PACK, exist_ok=True)
    old = previous_entries(os.path.join(PACK, "manifest.json"), lambda m: m.get("clips", []))
    synth = Synth()
    clips = build_entries(
        data["exercises"],
        PACK,
        lambda ex, tmp: _render_exercise(ex, tmp, synth),
        item_id=lambda ex: ex["id"],
        old=old,
        only=only,
        what="exercise",
    )
    keep = {c["file"] for c in clips} | {c["video"]["file"] for c in clips if c.get("video")}
    media_bytes = sum(c["bytes"] + (c["video"]["bytes"] if c.get("video") else 0) for c in clips)
    manifest = {
        "schema_version": 1,
        "pack": "practice-room-starter",
        "description": "Starter exercises for Practice Room: synthetic client statements written for "
        "this project, one audio clip each (a few also as caption-card videos).",
        "generated_by": "media/starter/build.py from media/starter/exercises.json",
        "credits": "CREDITS.md",
        "presentations": data.get("presentations", {}),
        "difficulty_levels": data.get("difficulty_levels", {}),
        "facets": data.get("facets", []),
        "audio_format": audio_format(),
        "tools": tool_versions(),
        "clip_count": len(clips),
        "media_bytes": media_bytes,
        "clips": clips,
    }
    finish_pack(PACK, CREDITS, keep, manifest, stale_suffixes=("opus", "ogg", "mp4", "wav", "json", "md"))
    log(
        f"{len(clips)} clips, media {media_bytes / 1024:.0f} KiB, "
        f"pack dir {sum(os.path.getsize(os.path.join(PACK, n)) for n in os.listdir(PACK)) / 1024:.0f} KiB"
    )
    return manifest
