"""Choosing a voice for an exercise and running the synthesizers behind one call.

Two engines, both female voices: hibari-tts's neural `heart` and festival's HTS voice
(cmu_us_slt_arctic_hts). Male clients are `heart` takes made male with Praat's "Change gender"
(through praat-parselmouth) on the joined clip: a lower pitch median and formants, then the
input's RMS restored. hibari and parselmouth are imported lazily: they live only in the build
venv, never in the app's (parselmouth is GPL-3 and must never ship)."""

import os
import re

from media.starter.tools.common import SR, STYLE, run, stable_unit

# Male pitch medians by decade (Hz), inside the 100-130 Hz the clips aim for; a few Hz of
# per-client variation is added so that no two men sound alike.
MALE_PITCH_HZ = {20: 125, 30: 119, 40: 114, 50: 109, 60: 105}
# Praat "Change gender": pitch floor/ceiling used to analyse the heart take (Hz).
ANALYSIS_FLOOR_HZ, ANALYSIS_CEILING_HZ = 75, 600


def pick_voice(exercise):
    """A voice for an exercise that has none, from its client descriptor and presentation."""
    client = exercise.get("client", "").lower()
    key = exercise.get("id", client)
    age = re.search(r"(\d)0s", client)
    decade = int(age.group(1)) * 10 if age else 30
    style = STYLE.get(exercise.get("presentation"), {})
    speed = style.get("speed", 1.0)
    # withdrawn or hopeless clients speak flatter, angry ones more animated
    animation = round(min(1.25, max(0.65, 1.0 + (speed - 1.0) * 2.5)), 2)
    seed = int(stable_unit(key, "seed") * 1000)
    if re.search(r"\b(woman|female|girl)\b", client):
        if stable_unit(key, "engine") < 0.7:
            return {
                "engine": "hibari",
                "voice": "heart",
                "seed": seed,
                "speed": speed,
                "f0_scale": 1.0 if decade < 40 else (0.9 if decade < 60 else 0.8),
                "f0_range": animation,
            }
        return {
            "engine": "festival",
            "voice": "cmu_us_slt_arctic_hts",
            "rate": speed,
            "pitch_cents": -120 if decade >= 50 else 0,
        }
    base = MALE_PITCH_HZ[min(60, max(20, decade))]
    return {
        "engine": "hibari",
        "voice": "heart",
        "seed": seed,
        "speed": speed,
        "f0_range": animation,
        "change_gender": {
            "pitch_median_hz": base + round(6 * stable_unit(key, "pitch") - 3),
            "formant_shift": round(0.83 + 0.04 * stable_unit(key, "formant"), 2),
            "pitch_range": round(min(1.0, animation), 2),
        },
    }


class Synth:
    """The engines behind two calls: synth(text, voice, segment_index, tmpdir) -> wav path for
    one segment, finish(wav, voice, tmpdir) -> wav path for the joined clip."""

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
        else:  # flite's diphone voices were dropped: clients meant to press a clinician sounded like machines
            raise ValueError(f"unknown engine {eng!r} (use hibari or festival)")
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

    def finish(self, wav, voice, tmp):
        """Whole-clip processing after the segments are joined: "Change gender" for male
        clients (on the whole clip, so the pitch steps between sentences stay natural)."""
        cg = voice.get("change_gender")
        if not cg:
            return wav
        import numpy as np
        import parselmouth
        from parselmouth.praat import call, run

        snd = parselmouth.Sound(wav)
        # Praat's overlap-add draws random numbers (unvoiced stretches): seed it, or every
        # build would give new bytes
        run(f"random_initializeWithSeedUnsafelyButPredictably ({int(voice.get('seed', 0)) + 1})")
        out = call(
            snd,
            "Change gender",
            ANALYSIS_FLOOR_HZ,
            ANALYSIS_CEILING_HZ,
            float(cg.get("formant_shift", 0.85)),
            float(cg["pitch_median_hz"]),
            float(cg.get("pitch_range", 0.8)),
            1.0,  # duration factor: keep timing, so the captions stay in step
        )
        run("random_initializeSafelyAndUnpredictably ()")
        before, after = float(snd.get_rms()), float(out.get_rms())
        samples = out.values[0] * (before / after if after > 0 else 1.0)  # it loses ~2.5 dB
        path = os.path.join(tmp, "gender.wav")
        import soundfile as sf

        rate = int(out.sampling_frequency)
        sf.write(path, np.clip(samples, -1.0, 1.0).astype(np.float32), rate, subtype="FLOAT")
        return path

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
