"""Building pack/: every exercise rendered, encoded, hashed, and listed in manifest.json."""

import json
import os
import re
import shutil
import subprocess
import tempfile

from media.starter.tools.audio import decoded_duration, encode_opus, ffprobe_duration, render_audio
from media.starter.tools.common import (
    CREDITS,
    EXERCISES,
    LEAD_IN_S,
    OPUS_BITRATE,
    PACK,
    SR,
    TAIL_S,
    VIDEO_FPS,
    VIDEO_IDS,
    VIDEO_SIZE,
    log,
    sha256_file,
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


def replace_if_changed(src, dst):
    """Move src over dst unless the bytes are identical (keeps mtimes and git quiet)."""
    if os.path.exists(dst) and sha256_file(src) == sha256_file(dst):
        os.remove(src)
        return False
    os.replace(src, dst)
    return True


def tool_versions():
    import importlib.metadata as md

    v = {}
    for pkg in ("hibari-tts", "onnxruntime", "numpy", "praat-parselmouth"):
        try:
            v[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            pass
    for name, cmd in (
        ("ffmpeg", ["ffmpeg", "-version"]),
        ("sox", ["sox", "--version"]),
        ("festival", ["festival", "--version"]),
    ):
        try:
            p = subprocess.run(cmd, capture_output=True, text=True)
            m = re.search(r"(?:version:? |SoX v|System: ?)\s*([0-9][^\s:,]*)", p.stdout + p.stderr)
            v[name] = m.group(1) if m else ""
        except OSError:
            pass
    return v


def build(only=None):
    data = load_exercises()
    os.makedirs(PACK, exist_ok=True)
    manifest_path = os.path.join(PACK, "manifest.json")
    old = {}
    if os.path.exists(manifest_path):
        with open(manifest_path, encoding="utf-8") as f:
            old = {c["id"]: c for c in json.load(f).get("clips", [])}
    synth = Synth()
    clips = []
    for ex in data["exercises"]:
        if only and ex["id"] not in only:
            if ex["id"] not in old:
                raise SystemExit(f"--only: {ex['id']} has never been built; build the whole pack first")
            clips.append(old[ex["id"]])
            continue
        with tempfile.TemporaryDirectory(prefix="starter-") as tmp:
            wav, captions, info, voice = render_audio(ex, synth, tmp)
            audio_name = f"{ex['id']}.opus"
            tmp_out = os.path.join(tmp, audio_name)
            encode_opus(wav, tmp_out)
            clip = dict(ex)
            clip.setdefault("content_note", None)  # the app shows it before the clip plays
            clip["voice"] = voice
            clip.update(
                {
                    "file": audio_name,
                    "media_type": "audio",
                    "mime": "audio/ogg; codecs=opus",
                    "duration_s": round(decoded_duration(tmp_out), 3),
                    "sha256": sha256_file(tmp_out),
                    "bytes": os.path.getsize(tmp_out),
                    "level_db": info["level_db"],
                    "peak_db": info["peak_db"],
                    "captions": captions,
                    "video": None,
                }
            )
            changed = replace_if_changed(tmp_out, os.path.join(PACK, audio_name))
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
                changed |= replace_if_changed(vtmp, os.path.join(PACK, vname))
            log(
                f"{ex['id']:15s} {clip['duration_s']:5.2f} s  {clip['bytes'] / 1024:5.1f} KiB  "
                f"level {info['level_db']:6.1f} dB  peak {info['peak_db']:5.1f} dB  "
                f"{voice['engine']}/{voice.get('voice')}{'  (changed)' if changed else ''}"
            )
            clips.append(clip)

    keep = {"manifest.json", "CREDITS.md"}
    for c in clips:
        keep.add(c["file"])
        if c.get("video"):
            keep.add(c["video"]["file"])
    for name in sorted(os.listdir(PACK)):
        if name not in keep and name.rsplit(".", 1)[-1] in ("opus", "ogg", "mp4", "wav", "json", "md"):
            os.remove(os.path.join(PACK, name))
            log(f"removed stale {name}")
    if os.path.exists(CREDITS):
        tmpc = os.path.join(PACK, ".CREDITS.md.tmp")
        shutil.copyfile(CREDITS, tmpc)
        replace_if_changed(tmpc, os.path.join(PACK, "CREDITS.md"))

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
        "audio_format": {
            "container": "ogg",
            "codec": "opus",
            "channels": 1,
            "sample_rate": SR,
            "bitrate": OPUS_BITRATE,
            "lead_in_s": LEAD_IN_S,
            "tail_s": TAIL_S,
        },
        "tools": tool_versions(),
        "clip_count": len(clips),
        "media_bytes": media_bytes,
        "clips": clips,
    }
    tmpm = manifest_path + ".tmp"
    with open(tmpm, "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2, ensure_ascii=False)
        f.write("\n")
    replace_if_changed(tmpm, manifest_path)
    log(
        f"{len(clips)} clips, media {media_bytes / 1024:.0f} KiB, "
        f"pack dir {sum(os.path.getsize(os.path.join(PACK, n)) for n in os.listdir(PACK)) / 1024:.0f} KiB"
    )
    return manifest
