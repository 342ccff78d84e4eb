"""Choosing a voice for an exercise and running the three synthesizers behind one call.

hibari-tts is imported lazily: it lives only in the build venv, never in the app's."""

import os
import re

from media.starter.tools.common import SR, STYLE, run, stable_unit


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
