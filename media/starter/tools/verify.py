"""Checking a built pack against its manifest: hashes, clean decoding, durations, levels, the
median pitch (male clients 100-130 Hz, measured with praat-parselmouth) and (with --asr) a rough
offline transcription. pocketsphinx is imported only for --asr."""

import json
import os
import re

from media.starter.tools.audio import active_level_db, decode_pcm, ffprobe_duration, peak_db
from media.starter.tools.common import DURATION_RANGE_S, PACK, PEAK_MAX_DB, run, sha256_file

MALE_F0_HZ = (100.0, 130.0)  # median f0 a male client's clip must land in
FEMALE_F0_HZ = (140.0, 260.0)  # plausible for the female voices (older clients sit low)
ASR_MAX_WER = 0.35  # pocketsphinx is rough: a clip above this is probably mumbled or garbled


def decode(path):
    """Decode any pack file to mono float32 at 16 kHz through ffmpeg (what a player would do)."""
    import numpy as np

    return np.frombuffer(decode_pcm(path, 16000), dtype="<i2").astype("float32") / 32768.0


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


def median_f0(x, sr):
    """Median pitch (Hz) of the voiced frames, measured with Praat (praat-parselmouth)."""
    import numpy as np
    import parselmouth

    pitch = parselmouth.Sound(x.astype("float64"), sampling_frequency=sr).to_pitch(
        pitch_floor=60.0, pitch_ceiling=400.0
    )
    f = pitch.selected_array["frequency"]
    return float(np.median(f[f > 0])) if (f > 0).any() else 0.0


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
        f0 = median_f0(x, 16000)
        male = bool(c["voice"].get("change_gender"))
        low, high = MALE_F0_HZ if male else FEMALE_F0_HZ
        if not low <= f0 <= high:
            problems.append(f"{c['id']}: median f0 {f0:.0f} Hz outside {low:.0f}-{high:.0f} Hz")
        line = (
            f"{c['id']:15s} {len(x) / 16000:5.2f} s  level {lvl:6.1f} dB (target {target})  peak {pk:5.1f} dB"
            f"  f0 {f0:5.1f} Hz ({'male' if male else 'female'})"
        )
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
