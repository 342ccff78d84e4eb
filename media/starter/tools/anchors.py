"""Practice anchors: three therapist replies (weak, ordinary, strong) per exercise, rendered with
the therapist voices, levelled and encoded with the starter pack's own steps, and listed in
anchors/pack/manifest.json with the author's ratings. Entry point: media/starter/build_anchors.py.

Build-time only, like the rest of tools/: the app reads only the manifest and the Opus files."""

import json
import os

from media.starter.tools.anchor_voices import TherapistSynth
from media.starter.tools.audio import (
    active_level_db,
    ffprobe_duration,
    limit_peaks,
    peak_db,
    read_wav,
    trim_segment,
)
from media.starter.tools.common import (
    EXERCISES,
    HERE,
    LEAD_IN_S,
    PAUSE_S,
    PEAK_MAX_DB,
    TAIL_S,
    log,
    run,
    sha256_file,
    stable_unit,
)
from media.starter.tools.pack_files import (
    audio_format,
    build_entries,
    encode_entry,
    finish_pack,
    previous_entries,
    tool_versions,
)
from media.starter.tools.text import split_statement

ANCHORS_DIR = os.path.join(HERE, "anchors")
SOURCE = os.path.join(ANCHORS_DIR, "anchors.json")
PACK = os.path.join(ANCHORS_DIR, "pack")
CREDITS = os.path.join(ANCHORS_DIR, "CREDITS.md")
FACETS = (
    "verbal_fluency",
    "hope",
    "persuasiveness",
    "emotional_expression",
    "warmth",
    "empathy",
    "alliance_bond",
    "rupture_repair",
)
KINDS = ("weak", "ordinary", "strong")
LEVEL_DB = -21.0  # every therapist at the same speech level: loudness must not give a reply away
DURATION_RANGE_S = (8.0, 32.0)
SCHEMA_VERSION = 1


def load_source():
    """anchors.json, checked: known exercises, the statement each was written for, 3 kinds, 8 ratings."""
    with open(SOURCE, encoding="utf-8") as f:
        data = json.load(f)
    with open(EXERCISES, encoding="utf-8") as f:
        exercises = {e["id"]: e for e in json.load(f)["exercises"]}
    problems = []
    if data.get("schema_version") != SCHEMA_VERSION:
        problems.append(f"schema_version {data.get('schema_version')!r}, expected {SCHEMA_VERSION}")
    if tuple(data.get("facets", ())) != FACETS:
        problems.append("facets must list the eight FIS facet keys in order")
    for entry in data["exercises"]:
        eid = entry["exercise_id"]
        ex = exercises.get(eid)
        if ex is None:
            problems.append(f"{eid}: no such exercise in exercises.json")
            continue
        if ex["statement"] != entry["written_for_statement"]:
            problems.append(
                f"{eid}: the client statement changed since these replies were written; re-read the "
                "replies against the new statement, then update written_for_statement"
            )
        entry["title"] = ex["title"]
        if ex["presentation"] != entry["presentation"]:
            problems.append(f"{eid}: presentation {entry['presentation']!r} != {ex['presentation']!r}")
        voice = data["therapists"].get(entry["therapist"])
        if voice is None or voice.get("engine") not in ("hibari", "festival"):
            problems.append(f"{eid}: therapist {entry['therapist']!r} unknown or not hibari/festival")
        if [r["kind"] for r in entry["replies"]] != list(KINDS):
            problems.append(f"{eid}: replies must be weak, ordinary, strong (in that order)")
        for reply in entry["replies"]:
            ratings = reply.get("ratings", {})
            if set(ratings) != set(FACETS) or not all(
                isinstance(v, int) and 1 <= v <= 5 for v in ratings.values()
            ):
                problems.append(f"{eid}/{reply['kind']}: ratings need all eight facets, each 1-5")
            if not reply.get("text", "").strip() or not reply.get("note", "").strip():
                problems.append(f"{eid}/{reply['kind']}: text and note are required")
    presentations = [e["presentation"] for e in data["exercises"]]
    if len(set(presentations)) != len(presentations):
        problems.append("one exercise per presentation")
    if problems:
        raise SystemExit("anchors.json:\n  " + "\n  ".join(problems))
    return data


def pause_scale(fluency):
    """A halting reply (fluency 1-2) gets longer hesitations, so the delivery fits its rating."""
    return 1.0 + 0.25 * max(0, 3 - int(fluency))


def render_reply(reply_id, text, voice, fluency, synth, tmp):
    """Segments -> trimmed, paused, padded, levelled, limited WAV; returns (path, level, peak)."""
    scale = pause_scale(fluency)
    padded = []
    for i, (_shown, spoken, pause_kind) in enumerate(split_statement(text)):
        trimmed = os.path.join(tmp, f"trim{i}.wav")
        trim_segment(synth.synth(spoken, voice, i, tmp), trimmed)
        pause = 0.0
        if pause_kind:
            jitter = 0.85 + 0.3 * stable_unit(reply_id, i)
            pause = round(PAUSE_S[pause_kind] * scale * jitter, 3)
        p = os.path.join(tmp, f"pad{i}.wav")
        run(["sox", "-R", "-V1", trimmed, p, "pad", "0", f"{pause:.3f}"])
        padded.append(p)
    joined = os.path.join(tmp, "joined.wav")
    run(["sox", "-R", "-V1", *padded, joined, "pad", f"{LEAD_IN_S}", f"{TAIL_S}"])
    x, sr = read_wav(joined)
    gain = LEVEL_DB - active_level_db(x, sr)
    leveled = os.path.join(tmp, "leveled.wav")
    run(["sox", "-R", "-V1", joined, "-e", "floating-point", "-b", "32", leveled, "gain", f"{gain:.2f}"])
    y, _ = read_wav(leveled)
    y = limit_peaks(y, sr, 10 ** (PEAK_MAX_DB / 20))
    import soundfile as sf

    final = os.path.join(tmp, "final.wav")
    sf.write(final, y, sr, subtype="PCM_16")
    return final, round(active_level_db(y, sr), 1), round(peak_db(y), 1)


def _render_reply(pair, tmp, data, synth):
    entry, reply = pair
    rid = f"{entry['exercise_id']}-{reply['kind']}"
    voice = data["therapists"][entry["therapist"]]
    fluency = reply["ratings"]["verbal_fluency"]
    wav, level, peak = render_reply(rid, reply["text"], voice, fluency, synth, tmp)
    audio, fields = encode_entry(wav, tmp, f"{rid}.opus")
    item = {
        "id": rid,
        "kind": reply["kind"],
        "text": reply["text"],
        "ratings": {k: reply["ratings"][k] for k in FACETS},
        "note": reply["note"],
        "therapist": entry["therapist"],
        "voice": dict(voice, level_db=LEVEL_DB, pause_scale=pause_scale(fluency)),
        **fields,
        "level_db": level,
        "peak_db": peak,
    }
    line = (
        f"{rid:24s} {item['duration_s']:5.2f} s  {item['bytes'] / 1024:5.1f} KiB  level {level:6.1f}"
        f" dB  peak {peak:5.1f} dB  {voice['engine']}"
    )
    return item, [(audio, fields["file"])], line


def build(only=None):
    data = load_source()
    os.makedirs(PACK, exist_ok=True)
    old = previous_entries(
        os.path.join(PACK, "manifest.json"), lambda m: [r for e in m["exercises"] for r in e["replies"]]
    )
    synth = TherapistSynth()
    pairs = [(entry, reply) for entry in data["exercises"] for reply in entry["replies"]]
    # --only names an exercise (all its replies) or one reply
    wanted = None
    if only:
        wanted = {f"{e['exercise_id']}-{r['kind']}" for e, r in pairs if e["exercise_id"] in only}
        wanted |= set(only)
    built = build_entries(
        pairs,
        PACK,
        lambda pair, tmp: _render_reply(pair, tmp, data, synth),
        item_id=lambda pair: f"{pair[0]['exercise_id']}-{pair[1]['kind']}",
        old=old,
        only=wanted,
        what="reply",
    )
    by_id = {r["id"]: r for r in built}
    entries = [
        {
            "exercise_id": entry["exercise_id"],
            "presentation": entry["presentation"],
            "title": entry["title"],
            "statement": entry["written_for_statement"],
            "replies": [by_id[f"{entry['exercise_id']}-{r['kind']}"] for r in entry["replies"]],
        }
        for entry in data["exercises"]
    ]
    manifest = {
        "schema_version": SCHEMA_VERSION,
        "kind": "practice-room-anchors",
        "about": data["about"],
        "rated_by": data["rated_by"],
        "generated_by": "media/starter/build_anchors.py from media/starter/anchors/anchors.json",
        "credits": "CREDITS.md",
        "facets": list(FACETS),
        "audio_format": audio_format(),
        "tools": tool_versions(("hibari-tts", "onnxruntime", "numpy")),
        "reply_count": len(built),
        "exercises": entries,
    }
    finish_pack(PACK, CREDITS, {r["file"] for r in built}, manifest)
    log(f"{manifest['reply_count']} replies in {len(entries)} exercises")
    return manifest


def verify(asr=False):
    """Hashes, clean decoding, durations, levels; with asr, a rough pocketsphinx transcript."""
    import numpy as np

    from media.starter.tools.verify import decode, wer

    with open(os.path.join(PACK, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    decoder = None
    if asr:
        from pocketsphinx import Decoder

        decoder = Decoder(loglevel="FATAL")
    problems, wers = [], []
    for entry in manifest["exercises"]:
        for r in entry["replies"]:
            path = os.path.join(PACK, r["file"])
            if not os.path.exists(path):
                problems.append(f"{r['file']}: missing")
                continue
            if sha256_file(path) != r["sha256"]:
                problems.append(f"{r['file']}: sha256 differs from the manifest")
            p = run(["ffmpeg", "-nostdin", "-v", "error", "-i", path, "-f", "null", "-"])
            if p.stderr.strip():
                problems.append(f"{r['file']}: decoder messages: {p.stderr.decode()[:200]}")
            dur = ffprobe_duration(path)
            if not DURATION_RANGE_S[0] <= dur <= DURATION_RANGE_S[1]:
                problems.append(f"{r['file']}: {dur:.1f} s, outside {DURATION_RANGE_S}")
            x = decode(path)
            lvl, pk = active_level_db(x, 16000), peak_db(x)
            if abs(lvl - LEVEL_DB) > 1.5 and pk < PEAK_MAX_DB - 0.5:
                problems.append(f"{r['id']}: level {lvl:.1f} dB, target {LEVEL_DB}")
            line = f"{r['id']:24s} {dur:5.2f} s  level {lvl:6.1f} dB  peak {pk:5.1f} dB"
            if decoder:
                pcm = (np.clip(x, -1, 1) * 32767).astype("<i2").tobytes()
                decoder.start_utt()
                decoder.process_raw(pcm, full_utt=True)
                decoder.end_utt()
                hyp = decoder.hyp().hypstr if decoder.hyp() else ""
                e = wer(r["text"], hyp)
                wers.append(e)
                if e > 0.6:
                    problems.append(f"{r['id']}: transcript far from the text (WER {e:.0%})")
                line += f"  WER {e:4.0%}\n{'':26s}heard: {hyp}"
            print(line)
    if wers:
        print(f"mean WER {sum(wers) / len(wers):.0%} (pocketsphinx, rough)")
    for p in problems:
        print("PROBLEM:", p)
    return not problems
