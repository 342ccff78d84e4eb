"""From synthesized segments to one levelled clip, its Opus encoding, and measured durations.

numpy and soundfile are imported inside the functions, as they always were, so that importing
this module needs nothing beyond the standard library."""

import os

from media.starter.tools.common import (
    FFMPEG_WRITE,
    LEAD_IN_S,
    OPUS_BITRATE,
    PAUSE_S,
    PEAK_MAX_DB,
    SR,
    STYLE,
    TAIL_S,
    run,
    stable_unit,
)
from media.starter.tools.text import split_statement
from media.starter.tools.voices import pick_voice


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
    joined = synth.finish(joined, voice, tmp)  # e.g. a male voice from the neural take
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
            *FFMPEG_WRITE,
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


def decode_pcm(path, rate):
    """Mono signed 16-bit samples at `rate` Hz, decoded by ffmpeg as a player would."""
    command = ["ffmpeg", "-nostdin", "-v", "error", "-i", path, "-vn", "-ac", "1", "-ar", str(rate)]
    return run([*command, "-f", "s16le", "-"]).stdout


def decoded_duration(path):
    """Seconds of audio a player actually gets (decoded samples; excludes Opus pre-skip)."""
    return len(decode_pcm(path, 48000)) / 2 / 48000
