"""The FIS assessment set: 13 client moments written for assessment (never practice), rendered with
the starter pack's voices and steps, and listed in assessment/pack/manifest.json. Entry point:
media/starter/build_assessment.py.

Build-time only, like the rest of tools/: the app reads only the manifest and the Opus files."""

import json
import os
import re

from media.starter.tools.audio import ffprobe_duration, render_audio
from media.starter.tools.common import HERE, log, run, sha256_file
from media.starter.tools.pack_files import (
    audio_format,
    build_entries,
    encode_entry,
    finish_pack,
    previous_entries,
    tool_versions,
)
from media.starter.tools.voices import Synth

ASSESSMENT_DIR = os.path.join(HERE, "assessment")
SOURCE = os.path.join(ASSESSMENT_DIR, "assessment.json")
PACK = os.path.join(ASSESSMENT_DIR, "pack")
CREDITS = os.path.join(ASSESSMENT_DIR, "CREDITS.md")
SCHEMA_VERSION = 1
PRESENTATIONS = ("hostile", "withdrawn", "confused", "demoralized", "confronting", "boundaries", "ambivalent")
CLIP_COUNT = 13
# what the manifest carries for each clip: no criteria and no example reply, by design
FIELDS = ("id", "title", "presentation", "difficulty", "client", "statement", "content_note", "voice")


def load_source():
    """assessment.json, checked: 13 clips over all presentations and levels, ids <presentation>-a<n>."""
    with open(SOURCE, encoding="utf-8") as f:
        data = json.load(f)
    problems = []
    if data.get("schema_version") != SCHEMA_VERSION:
        problems.append(f"schema_version {data.get('schema_version')!r}, expected {SCHEMA_VERSION}")
    clips = data["clips"]
    ids = [c["id"] for c in clips]
    if len(set(ids)) != len(ids) or len(ids) != CLIP_COUNT:
        problems.append(f"{CLIP_COUNT} clips with distinct ids expected, got {len(ids)}")
    for c in clips:
        if not re.fullmatch(re.escape(c["presentation"]) + r"-a[1-9][0-9]*", c["id"]):
            problems.append(f"{c['id']}: an id is <presentation>-a<number>")
        if c["presentation"] not in PRESENTATIONS or c["difficulty"] not in (1, 2, 3):
            problems.append(f"{c['id']}: unknown presentation or a difficulty outside 1-3")
        if set(c) & {"criteria", "example_response"}:
            problems.append(f"{c['id']}: assessment clips carry no criteria or example reply")
        note = c.get("content_note")
        if note is not None and not (isinstance(note, str) and 0 < len(note.strip()) <= 200):
            problems.append(f"{c['id']}: content_note is a short sentence, or null")
    if {c["presentation"] for c in clips} != set(PRESENTATIONS):
        problems.append("every presentation needs at least one clip")
    if {c["difficulty"] for c in clips} != {1, 2, 3}:
        problems.append("every level needs at least one clip")
    if problems:
        raise SystemExit("assessment.json: " + "; ".join(problems))
    return data


def _render_clip(src, tmp, synth):
    wav, captions, info, voice = render_audio(src, synth, tmp)
    audio, fields = encode_entry(wav, tmp, f"{src['id']}.opus")
    clip = {k: src.get(k) for k in FIELDS}
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
        }
    )
    line = (
        f"{src['id']:16s} {clip['duration_s']:5.2f} s  {clip['bytes'] / 1024:5.1f} KiB  "
        f"level {info['level_db']:6.1f} dB  {voice['engine']}"
    )
    return clip, [(audio, fields["file"])], line


def build(only=None):
    data = load_source()
    os.makedirs(PACK, exist_ok=True)
    old = previous_entries(os.path.join(PACK, "manifest.json"), lambda m: m.get("clips", []))
    synth = Synth()
    clips = build_entries(
        data["clips"],
        PACK,
        lambda src, tmp: _render_clip(src, tmp, synth),
        item_id=lambda src: src["id"],
        old=old,
        only=only,
        what="clip of the set",
    )
    manifest = {
        "schema_version": SCHEMA_VERSION,
        "pack": "practice-room-fis-assessment",
        "set_name": data["set_name"],
        "description": "Client moments written for the FIS assessment: heard once, answered once, "
        "never offered in practice.",
        "generated_by": "media/starter/build_assessment.py from media/starter/assessment/assessment.json",
        "credits": "CREDITS.md",
        "presentations": data["presentations"],
        "difficulty_levels": data["difficulty_levels"],
        "audio_format": audio_format(),
        "tools": tool_versions(),
        "clip_count": len(clips),
        "media_bytes": sum(c["bytes"] for c in clips),
        "clips": clips,
    }
    finish_pack(
        PACK,
        CREDITS,
        {c["file"] for c in clips},
        manifest,
        stale_suffixes=("opus", "ogg", "wav", "json", "md"),
    )
    log(f"{len(clips)} clips, media {manifest['media_bytes'] / 1024:.0f} KiB")
    return manifest


def verify(asr=False):
    """Hashes, decoding, durations, levels, median pitch (men 100-130 Hz) and, with asr, the WER."""
    import numpy as np

    from media.starter.tools.audio import active_level_db, peak_db
    from media.starter.tools.verify import ASR_MAX_WER, FEMALE_F0_HZ, MALE_F0_HZ, decode, median_f0, wer

    with open(os.path.join(PACK, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    decoder = None
    if asr:
        from pocketsphinx import Decoder

        decoder = Decoder(loglevel="FATAL")
    problems, wers = [], []
    for c in manifest["clips"]:
        path = os.path.join(PACK, c["file"])
        if not os.path.exists(path):
            problems.append(f"{c['file']}: missing")
            continue
        if sha256_file(path) != c["sha256"]:
            problems.append(f"{c['file']}: sha256 differs from manifest")
        p = run(["ffmpeg", "-nostdin", "-v", "error", "-i", path, "-f", "null", "-"])
        if p.stderr.strip():
            problems.append(f"{c['file']}: decoder messages")
        if abs(ffprobe_duration(path) - c["duration_s"]) > 0.05:
            problems.append(f"{c['file']}: duration differs from manifest")
        x = decode(path)
        lvl, pk = active_level_db(x, 16000), peak_db(x)
        if abs(lvl - c["voice"].get("level_db", -21)) > 1.5 and pk < -1.5:
            problems.append(f"{c['id']}: level {lvl:.1f} dB")
        f0 = median_f0(x, 16000)
        male = bool(c["voice"].get("change_gender"))
        low, high = MALE_F0_HZ if male else FEMALE_F0_HZ
        if not low <= f0 <= high:
            problems.append(f"{c['id']}: median f0 {f0:.0f} Hz outside {low:.0f}-{high:.0f} Hz")
        sex = "male" if male else "female"
        line = f"{c['id']:16s} {len(x) / 16000:5.2f} s  level {lvl:6.1f} dB  f0 {f0:5.1f} Hz ({sex})"
        if decoder:
            pcm = (np.clip(x, -1, 1) * 32767).astype("<i2").tobytes()
            decoder.start_utt()
            decoder.process_raw(pcm, full_utt=True)
            decoder.end_utt()
            hyp = decoder.hyp().hypstr if decoder.hyp() else ""
            e = wer(c["statement"], hyp)
            wers.append(e)
            if e > ASR_MAX_WER:
                problems.append(f"{c['id']}: pocketsphinx word error rate {e:.0%} (above {ASR_MAX_WER:.0%})")
            line += f"  WER {e:4.0%}\n{'':18s}heard: {hyp}"
        print(line)
    print(
        f"{len(manifest['clips'])} clips"
        + (f"; mean WER {sum(wers) / len(wers):.0%} (pocketsphinx)" if wers else "")
    )
    for p in problems:
        print("PROBLEM:", p)
    return not problems
