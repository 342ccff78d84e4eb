#!/usr/bin/env python3
"""Build the Practice Room starter pack: one spoken "client" clip per exercise.

Reads  media/starter/exercises.json
Writes media/starter/pack/<id>.opus        Ogg Opus, mono, 24 kHz, ~32 kbit/s
       media/starter/pack/<id>.mp4         caption-card videos for a few ids (VIDEO_IDS)
       media/starter/pack/manifest.json    everything the app needs: every exercise field plus
                                           file, duration_s (measured), sha256, bytes, captions
       media/starter/pack/CREDITS.md       copy of media/starter/CREDITS.md

This is a build-time tool. The app never runs it and never needs the synthesizers; it only
loads pack/manifest.json and the files it lists.

Set-up (once; keep it out of the app's .venv):
    python3 -m venv /opt/starter-venv
    /opt/starter-venv/bin/pip install hibari-tts numpy soundfile pocketsphinx   # pocketsphinx: --asr only
    apt-get install -y festival festvox-us-slt-hts flite sox ffmpeg fonts-dejavu-core

Run from anywhere:
    /opt/starter-venv/bin/python media/starter/build.py              # (re)build the whole pack
    /opt/starter-venv/bin/python media/starter/build.py --only hostile-3 withdrawn-1
    /opt/starter-venv/bin/python media/starter/build.py --verify     # check the pack, build nothing
    /opt/starter-venv/bin/python media/starter/build.py --verify --asr   # plus offline transcription

How a clip is made:
  1. The statement is cut into segments at "..." (a hesitation) and at sentence ends. A segment
     that trails off with "..." is spoken with a comma so the voice does not drop into a final
     cadence.
  2. Each segment is synthesized with the exercise's "voice" settings:
       hibari   neural US female voice "heart" (hibari-tts); seed, speed, and f0_scale/f0_range,
                which rescale the model's predicted pitch curve before the vocoder (lower,
                flatter or more animated voice without resampling artefacts)
       festival festvox cmu_us_slt_arctic_hts (HTS, US female); rate = HTS engine speed (-r)
       flite    rms (US male) or awb (Scottish male); duration_stretch, and for awb
                f0_mean/f0_stddev (flite's intonation targets)
     Any engine may add pitch_cents (sox pitch) and tempo (sox tempo).
  3. Segment edges are trimmed, then joined with sox, padding each with a pause (hesitations
     longer than sentence breaks, scaled by pause_scale, with a small fixed per-clip variation),
     then padded with a 0.3 s lead-in and a 0.4 s tail.
  4. Loudness: active-speech RMS is set to level_db dBFS (about -21 normally, -19 for angry
     clients, -24 for withdrawn or hopeless ones); a look-ahead limiter keeps peaks under -1 dBFS.
  5. Encoded with ffmpeg/libopus in bit-exact mode. Durations and hashes are measured on the
     encoded files.

Deterministic and idempotent: hibari runs single-threaded with fixed seeds, sox runs with -R,
ffmpeg with +bitexact and one thread, the manifest has no timestamps, and a file is only rewritten
when its bytes change. Files in pack/ that no longer belong to an exercise are removed.
Exercises without a "voice" get one from their client descriptor and presentation (pick_voice).
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap

HERE = os.path.dirname(os.path.abspath(__file__))
EXERCISES = os.path.join(HERE, "exercises.json")
PACK = os.path.join(HERE, "pack")
CREDITS = os.path.join(HERE, "CREDITS.md")

SR = 24000  # working and output sample rate
LEAD_IN_S, TAIL_S = 0.3, 0.4
PEAK_MAX_DB = -1.0
OPUS_BITRATE = "32k"
VIDEO_IDS = ("hostile-3", "withdrawn-3", "confronting-3")
VIDEO_SIZE, VIDEO_FPS = (640, 360), 5
FONT_FILE = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_FILE_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
PAUSE_S = {"hesitation": 0.65, "sentence": 0.32, "dash": 0.22}
DURATION_RANGE_S = (2.0, 20.0)

# Delivery defaults per presentation, used when an exercise's voice omits a setting.
STYLE = {
    "hostile": {"level_db": -19, "pause_scale": 0.8, "speed": 1.10},
    "confronting": {"level_db": -20, "pause_scale": 0.9, "speed": 1.04},
    "boundaries": {"level_db": -21, "pause_scale": 0.9, "speed": 1.00},
    "confused": {"level_db": -21, "pause_scale": 1.1, "speed": 1.02},
    "ambivalent": {"level_db": -21, "pause_scale": 1.0, "speed": 1.00},
    "demoralized": {"level_db": -24, "pause_scale": 1.35, "speed": 0.88},
    "withdrawn": {"level_db": -24, "pause_scale": 1.45, "speed": 0.86},
}


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def run(cmd, **kw):
    """Run a command; raise with its stderr if it fails."""
    p = subprocess.run(cmd, capture_output=True, **kw)
    if p.returncode != 0:
        raise RuntimeError(f"{cmd[0]} failed ({p.returncode}): {p.stderr.decode(errors='replace')[-800:]}")
    return p


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            h.update(block)
    return h.hexdigest()


def stable_unit(*parts):
    """A number in [0, 1) fixed by its inputs (for small deterministic variations)."""
    return int(hashlib.sha256("/".join(map(str, parts)).encode()).hexdigest()[:8], 16) / 2**32


# ---------------------------------------------------------------------------------------------
# text


def split_statement(text):
    """[(display_text, tts_text, pause_kind_after)] for one statement.

    Cuts after "..."/"…" (hesitation) and after . ? ! followed by a space (sentence). The last
    segment has pause None."""
    text = re.sub(r"\s+", " ", text.replace("…", "...")).strip()
    pieces = re.split(r"(?<=\.\.\.)\s*|(?<=[^.][.?!])\s+|(?<=[^.][.?!]['\"’”])\s+", text)
    out = []
    for piece in (p.strip() for p in pieces):
        if not piece:
            continue
        if piece.endswith("..."):
            body = piece[:-3].rstrip(" ,")
            if not body:
                continue
            out.append([piece, body + ",", "hesitation"])
        else:
            out.append([piece, piece, "sentence"])
    if out:
        out[-1][2] = None
        if out[-1][1].endswith(","):  # a statement that trails off: keep it unresolved
            out[-1][1] = out[-1][1][:-1] + "..."
    return [tuple(o) for o in out]


# ---------------------------------------------------------------------------------------------
# voices


def pick_voice(exercise):
    """A voice for an exercise that has none, from its client descriptor and presentation."""
    client = exercise.get("client", "").lower()
    key = exercise.get("id", client)
    age = re.search(r"(\d)0s", client)
    decade = int(age.group(1)) * 10 if age else 35
    style = STYLE.get(exercise.get("presentation"), {})
    if re.search(r"\b(woman|female|girl)\b", client):
        if stable_unit(key, "engine") < 0.7:
            return {
                "engine": "hibari",
                "voice": "heart",
                "seed": int(stable_unit(key, "seed") * 1000),
                "speed": style.get("speed", 1.0),
                "f0_scale": 1.0 if decade < 40 else (0.9 if decade < 60 else 0.8),
                "f0_range": 1.0,
            }
        return {
            "engine": "festival",
            "voice": "cmu_us_slt_arctic_hts",
            "rate": style.get("speed", 1.0),
            "pitch_cents": -120 if decade >= 50 else 0,
        }
    stretch = round(1.0 / style.get("speed", 1.0), 2)
    if stable_unit(key, "engine") < 0.5:
        return {
            "engine": "flite",
            "voice": "rms",
            "duration_stretch": stretch,
            "pitch_cents": 150 if decade < 30 else (-100 if decade >= 60 else 0),
        }
    return {"engine": "flite", "voice": "awb", "duration_stretch": stretch}


class Synth:
    """The three engines behind one call: synth(text, voice, segment_index, tmpdir) -> wav path."""

    def __init__(self):
        self._hibari = None

    def hibari(self):
        if self._hibari is None:
            from hibari import Hibari

            self._hibari = Hibari(voice="heart", threads=1)
        return self._hibari

    def synth(self, text, voice, index, tmp):
        eng = voice["engine"]
        raw = os.path.join(tmp, f"raw{index}.wav")
        if eng == "hibari":
            self._hibari_synth(text, voice, index, raw)
        elif eng == "festival":
            txt = os.path.join(tmp, f"seg{index}.txt")
            with open(txt, "w", encoding="utf-8") as f:
                f.write(text + "\n")
            name = voice.get("voice", "cmu_us_slt_arctic_hts")
            rate = float(voice.get("rate", 1.0))
            params = f'(set! hts_engine_params (append hts_engine_params (list \'("-r" {rate}))))'
            run(["text2wave", "-o", raw, "-eval", f"(voice_{name})", "-eval", params, txt])
        elif eng == "flite":
            cmd = [
                "flite",
                "-voice",
                voice.get("voice", "rms"),
                "--setf",
                f"duration_stretch={float(voice.get('duration_stretch', 1.0))}",
            ]
            if "f0_mean" in voice:
                cmd += ["--setf", f"int_f0_target_mean={float(voice['f0_mean'])}"]
            if "f0_stddev" in voice:
                cmd += ["--setf", f"int_f0_target_stddev={float(voice['f0_stddev'])}"]
            run(cmd + ["-t", text, "-o", raw])
        else:
            raise ValueError(f"unknown engine {eng!r}")
        # to 24 kHz mono 16-bit, with optional pitch/tempo change and a gentle high-pass
        out = os.path.join(tmp, f"seg{index}.wav")
        fx = ["highpass", "60"]
        if voice.get("pitch_cents"):
            fx += ["pitch", str(int(voice["pitch_cents"]))]
        if voice.get("tempo") and float(voice["tempo"]) != 1.0:
            fx += ["tempo", "-s", str(float(voice["tempo"]))]
        fx += ["rate", "-v", str(SR)]
        run(["sox", "-R", "-V1", raw, "-r", str(SR), "-c", "1", "-b", "16", out, *fx])
        return out

    def _hibari_synth(self, text, voice, index, path):
        import numpy as np
        from hibari import dsp
        from hibari.tts import write_wav

        t = self.hibari()
        speed = float(voice.get("speed", 1.0))
        scale, rng_k = float(voice.get("f0_scale", 1.0)), float(voice.get("f0_range", 1.0))
        rng = np.random.default_rng(int(voice.get("seed", 0)) * 101 + index)
        parts = []
        for ps in t.phonemize(text):
            ids = np.asarray([t.ids(ps)], np.int64)
            lh, th, ln, lr, phi, f0 = (
                o[0] for o in t.sess.run(None, {"ids": ids, "speed": np.asarray([speed], np.float32)})
            )
            voiced = f0 > 40.0
            if voiced.any() and (scale != 1.0 or rng_k != 1.0):
                med = float(np.median(f0[voiced]))
                f0 = f0.copy()
                f0[voiced] = np.maximum(med * scale * (f0[voiced] / med) ** rng_k, 45.0)
            parts.append(dsp.synth(lh, th, ln, lr, phi, f0, rng))
        write_wav(path, np.concatenate(parts) if parts else np.zeros(SR // 10, np.float32), dsp.SR)


# ---------------------------------------------------------------------------------------------
# audio


def read_wav(path):
    import soundfile as sf

    x, sr = sf.read(path, dtype="float32", always_2d=True)
    return x.mean(axis=1), sr


def frame_db(x, sr, win_s=0.02):
    import numpy as np

    n = max(1, int(sr * win_s))
    m = len(x) // n
    if m == 0:
        return np.array([-120.0])
    fr = x[: m * n].reshape(m, n)
    return 20 * np.log10(np.sqrt((fr.astype("float64") ** 2).mean(axis=1)) + 1e-9)


def trim_segment(path, out):
    """Cut leading/trailing silence the synthesizer adds (keeping short margins), 8 ms fades."""
    import numpy as np
    import soundfile as sf

    x, sr = read_wav(path)
    db = frame_db(x, sr, 0.01)
    active = np.nonzero(db > db.max() - 40)[0]
    if len(active):
        a = max(0, int((active[0] * 0.01 - 0.04) * sr))
        b = min(len(x), int(((active[-1] + 1) * 0.01 + 0.08) * sr))
        x = x[a:b]
    n = min(len(x) // 2, int(0.008 * sr))
    if n:
        ramp = np.linspace(0.0, 1.0, n, dtype=np.float32)
        x[:n] *= ramp
        x[-n:] *= ramp[::-1]
    sf.write(out, x, sr, subtype="PCM_16")
    return len(x) / sr


def active_level_db(x, sr):
    """RMS (dBFS) over 20 ms frames within 35 dB of the loudest frame: speech level, not pauses."""
    import numpy as np

    db = frame_db(x, sr)
    sel = db[db > db.max() - 35]
    return float(10 * np.log10(np.mean(10 ** (sel / 10))))


def peak_db(x):
    import numpy as np

    return float(20 * np.log10(np.max(np.abs(x)) + 1e-9))


def limit_peaks(x, sr, ceiling):
    """Look-ahead peak limiter: the rare synthesizer transient is turned down over ~10 ms
    instead of lowering the whole clip. Returns float32 samples never above the ceiling."""
    import numpy as np

    a = np.abs(x)
    if a.max() <= ceiling:
        return x
    half = int(0.003 * sr)
    pad = np.pad(a, half)
    env = np.lib.stride_tricks.sliding_window_view(pad, 2 * half + 1).max(axis=1)
    g = np.minimum(1.0, ceiling / np.maximum(env, 1e-9))
    k = int(0.004 * sr)  # smooth the gain curve, keeping its minima
    gp = np.pad(g, k, mode="edge")
    g = np.lib.stride_tricks.sliding_window_view(gp, 2 * k + 1).min(axis=1)
    kernel = np.hanning(2 * k + 1)
    g = np.convolve(np.pad(g, k, mode="edge"), kernel / kernel.sum(), mode="valid")
    y = (x * g).astype(np.float32)
    return np.clip(y, -ceiling, ceiling)


def render_audio(ex, synth, tmp):
    """Synthesize, pause, pad and level one exercise -> (wav path, captions, info)."""
    voice = dict(ex.get("voice") or pick_voice(ex))
    style = STYLE.get(ex["presentation"], {})
    level = float(voice.get("level_db", style.get("level_db", -21)))
    pscale = float(voice.get("pause_scale", style.get("pause_scale", 1.0)))
    segs = split_statement(ex["statement"])
    padded, captions, t = [], [], LEAD_IN_S
    for i, (shown, spoken, pause_kind) in enumerate(segs):
        raw = synth.synth(spoken, voice, i, tmp)
        trimmed = os.path.join(tmp, f"trim{i}.wav")
        dur = trim_segment(raw, trimmed)
        pause = 0.0
        if pause_kind:
            jitter = 0.85 + 0.3 * stable_unit(ex["id"], i)  # +-15 %, fixed per clip
            pause = round(PAUSE_S[pause_kind] * pscale * jitter, 3)
        p = os.path.join(tmp, f"pad{i}.wav")
        run(["sox", "-R", "-V1", trimmed, p, "pad", "0", f"{pause:.3f}"])
        padded.append(p)
        captions.append({"start_s": round(t, 3), "end_s": round(t + dur, 3), "text": shown})
        t += dur + pause
    joined = os.path.join(tmp, "joined.wav")
    run(["sox", "-R", "-V1", *padded, joined, "pad", f"{LEAD_IN_S}", f"{TAIL_S}"])
    x, sr = read_wav(joined)
    gain = level - active_level_db(x, sr)
    leveled = os.path.join(tmp, "leveled.wav")
    run(["sox", "-R", "-V1", joined, "-e", "floating-point", "-b", "32", leveled, "gain", f"{gain:.2f}"])
    y, _ = read_wav(leveled)
    y = limit_peaks(y, sr, 10 ** (PEAK_MAX_DB / 20))
    final = os.path.join(tmp, "final.wav")
    import soundfile as sf

    sf.write(final, y, sr, subtype="PCM_16")
    info = {
        "level_db": round(active_level_db(y, sr), 1),
        "peak_db": round(peak_db(y), 1),
        "target_level_db": level,
    }
    voice.setdefault("level_db", level)
    voice.setdefault("pause_scale", pscale)
    return final, captions, info, voice


def encode_opus(wav, out):
    run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-y",
            "-threads",
            "1",
            "-i",
            wav,
            "-map_metadata",
            "-1",
            "-fflags",
            "+bitexact",
            "-flags:a",
            "+bitexact",
            "-ac",
            "1",
            "-ar",
            str(SR),
            "-c:a",
            "libopus",
            "-b:a",
            OPUS_BITRATE,
            "-vbr",
            "on",
            "-application",
            "audio",
            "-frame_duration",
            "20",
            out,
        ]
    )


def ffprobe_duration(path):
    p = run(["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", path])
    return float(p.stdout.decode().strip())


def decoded_duration(path):
    """Seconds of audio a player actually gets (decoded samples; excludes Opus pre-skip)."""
    p = run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-i",
            path,
            "-vn",
            "-ac",
            "1",
            "-ar",
            "48000",
            "-f",
            "s16le",
            "-",
        ]
    )
    return len(p.stdout) / 2 / 48000


def _dt_escape_path(p):
    return p.replace("\\", "/").replace(":", "\\:").replace("'", "\\'")


def encode_caption_video(ex, wav, captions, out, tmp):
    """A tiny 640x360 'caption card': dark background, title and client at the top, the words
    as subtitles timed to the speech."""
    duration = ffprobe_duration(wav)
    w, h = VIDEO_SIZE
    font = FONT_FILE if os.path.exists(FONT_FILE) else None
    bold = FONT_FILE_BOLD if os.path.exists(FONT_FILE_BOLD) else font

    def dt(textfile, fontfile, size, color, x, y, enable=None):
        parts = [
            f"textfile='{_dt_escape_path(textfile)}'",
            "expansion=none",
            f"fontsize={size}",
            f"fontcolor={color}",
            f"x={x}",
            f"y={y}",
            "line_spacing=8",
        ]
        parts.insert(0, f"fontfile='{_dt_escape_path(fontfile)}'" if fontfile else "font='DejaVu Sans'")
        if enable:
            parts.append(f"enable='{enable}'")
        return "drawtext=" + ":".join(parts)

    def tfile(name, text):
        p = os.path.join(tmp, name)
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)
        return p

    level = {1: "beginner", 2: "intermediate", 3: "advanced"}.get(ex["difficulty"], "")
    head = tfile("head.txt", ex["title"])
    sub = tfile("sub.txt", f"{ex['presentation']} · {level} · client: {ex['client']}")
    filters = [
        f"drawbox=x=0:y=0:w={w}:h=4:color=0x5b8def@1:t=fill",
        dt(head, bold, 26, "0xe8edf2", 32, 28),
        dt(sub, font, 16, "0x8a97a6", 32, 66),
    ]
    for i, c in enumerate(captions):
        start = 0.0 if i == 0 else c["start_s"]
        end = captions[i + 1]["start_s"] if i + 1 < len(captions) else duration + 1
        lines = textwrap.wrap(c["text"], 44)[:4]
        y0 = h - 40 - 30 * len(lines)
        f = tfile(f"cap{i}.txt", "\n".join(lines))
        filters.append(
            dt(f, font, 22, "0xf5f5f5", "(w-text_w)/2", y0, enable=f"between(t,{start:.3f},{end:.3f})")
        )
    run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-y",
            "-threads",
            "1",
            "-f",
            "lavfi",
            "-i",
            f"color=c=0x1b2129:s={w}x{h}:r={VIDEO_FPS}",
            "-i",
            wav,
            "-t",
            f"{duration:.3f}",
            "-vf",
            ",".join(filters),
            "-map",
            "0:v",
            "-map",
            "1:a",
            "-map_metadata",
            "-1",
            "-fflags",
            "+bitexact",
            "-flags",
            "+bitexact",
            "-c:v",
            "libx264",
            "-preset",
            "veryslow",
            "-tune",
            "stillimage",
            "-crf",
            "32",
            "-pix_fmt",
            "yuv420p",
            "-g",
            str(VIDEO_FPS * 10),
            "-x264-params",
            "threads=1",
            "-c:a",
            "aac",
            "-b:a",
            "40k",
            "-ac",
            "1",
            "-ar",
            str(SR),
            "-movflags",
            "+faststart",
            out,
        ]
    )


# ---------------------------------------------------------------------------------------------
# pack


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
    for pkg in ("hibari-tts", "onnxruntime", "numpy"):
        try:
            v[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            pass
    for name, cmd in (
        ("ffmpeg", ["ffmpeg", "-version"]),
        ("sox", ["sox", "--version"]),
        ("flite", ["flite", "--version"]),
        ("festival", ["festival", "--version"]),
    ):
        try:
            p = subprocess.run(cmd, capture_output=True, text=True)
            m = re.search(r"(?:version:? (?:flite-)?|SoX v|System: ?)\s*([0-9][^\s:,]*)", p.stdout + p.stderr)
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


# ---------------------------------------------------------------------------------------------
# verification


def decode(path):
    """Decode any pack file to mono float32 at 16 kHz through ffmpeg (what a player would do)."""
    import numpy as np

    p = run(
        [
            "ffmpeg",
            "-nostdin",
            "-v",
            "error",
            "-i",
            path,
            "-vn",
            "-ac",
            "1",
            "-ar",
            "16000",
            "-f",
            "s16le",
            "-",
        ]
    )
    return np.frombuffer(p.stdout, dtype="<i2").astype("float32") / 32768.0


def words(s):
    return re.sub(r"[^a-z' ]+", " ", s.lower().replace("’", "'")).split()


def wer(ref, hyp):
    r, h = words(ref), words(hyp)
    d = list(range(len(h) + 1))
    for i in range(1, len(r) + 1):
        prev, d[0] = d[0], i
        for j in range(1, len(h) + 1):
            cur = min(d[j] + 1, d[j - 1] + 1, prev + (r[i - 1] != h[j - 1]))
            prev, d[j] = d[j], cur
    return d[len(h)] / max(1, len(r))


def verify(asr=False):
    import numpy as np

    with open(os.path.join(PACK, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    decoder = None
    if asr:
        from pocketsphinx import Decoder

        decoder = Decoder(loglevel="FATAL")
    problems, levels, wers = [], [], []
    for c in manifest["clips"]:
        files = [(c["file"], c)] + ([(c["video"]["file"], c["video"])] if c.get("video") else [])
        for name, meta in files:
            path = os.path.join(PACK, name)
            if not os.path.exists(path):
                problems.append(f"{name}: missing")
                continue
            if sha256_file(path) != meta["sha256"]:
                problems.append(f"{name}: sha256 differs from manifest")
            try:  # every stream decodes without error
                p = run(["ffmpeg", "-nostdin", "-v", "error", "-i", path, "-f", "null", "-"])
                if p.stderr.strip():
                    problems.append(f"{name}: decoder messages: {p.stderr.decode()[:200]}")
            except RuntimeError as e:
                problems.append(f"{name}: does not decode: {e}")
            dur = ffprobe_duration(path)
            if abs(dur - meta["duration_s"]) > 0.05:
                problems.append(f"{name}: duration {dur:.2f} s, manifest says {meta['duration_s']}")
            if not DURATION_RANGE_S[0] <= dur <= DURATION_RANGE_S[1]:
                problems.append(f"{name}: duration {dur:.2f} s outside {DURATION_RANGE_S}")
        x = decode(os.path.join(PACK, c["file"]))
        lvl, pk = active_level_db(x, 16000), peak_db(x)
        levels.append(lvl)
        target = c["voice"].get("level_db", -21)
        if abs(lvl - target) > 1.5 and pk < PEAK_MAX_DB - 0.5:
            problems.append(f"{c['id']}: level {lvl:.1f} dB, target {target}")
        if pk > -0.1:
            problems.append(f"{c['id']}: clipping (peak {pk:.1f} dB)")
        line = (
            f"{c['id']:15s} {len(x) / 16000:5.2f} s  level {lvl:6.1f} dB (target {target})  peak {pk:5.1f} dB"
        )
        if decoder:
            pcm = (np.clip(x, -1, 1) * 32767).astype("<i2").tobytes()
            decoder.start_utt()
            decoder.process_raw(pcm, full_utt=True)
            decoder.end_utt()
            hyp = decoder.hyp().hypstr if decoder.hyp() else ""
            e = wer(c["statement"], hyp)
            wers.append(e)
            line += f"  WER {e:4.0%}\n{'':17s}heard: {hyp}"
        print(line)
    total = sum(os.path.getsize(os.path.join(PACK, n)) for n in os.listdir(PACK))
    print(
        f"{len(manifest['clips'])} clips; pack {total / 1024:.0f} KiB; "
        f"levels {min(levels):.1f}..{max(levels):.1f} dB"
        + (f"; mean WER {sum(wers) / len(wers):.0%} (pocketsphinx, rough)" if wers else "")
    )
    for p in problems:
        print("PROBLEM:", p)
    return not problems


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--only", nargs="+", metavar="ID", help="rebuild only these exercises")
    ap.add_argument(
        "--verify", action="store_true", help="check the pack against its manifest; build nothing"
    )
    ap.add_argument("--asr", action="store_true", help="with --verify: transcribe clips with pocketsphinx")
    a = ap.parse_args(argv)
    if a.verify:
        return 0 if verify(a.asr) else 1
    build(set(a.only) if a.only else None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
