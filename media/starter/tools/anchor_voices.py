"""Therapist voices for the practice anchors: hibari-tts `heart` (seed, speed and a rescaled pitch
curve per therapist) and festival's HTS voice cmu_us_slt_arctic_hts. No flite.

Kept apart from voices.py (the client voices) on purpose: the anchors need only these two engines
and should not change when the client voices do. hibari is imported lazily (build venv only)."""

import os

from media.starter.tools.common import SR, run

ENGINES = ("hibari", "festival")


class TherapistSynth:
    """synth(text, voice, index, tmpdir) -> path of a 24 kHz mono 16-bit WAV of one segment."""

    def __init__(self):
        self._hibari = None

    def synth(self, text, voice, index, tmp):
        engine = voice.get("engine")
        if engine not in ENGINES:
            raise ValueError(f"anchors use hibari or festival only, not {engine!r}")
        raw = os.path.join(tmp, f"raw{index}.wav")
        if engine == "hibari":
            self._hibari_synth(text, voice, index, raw)
        else:
            self._festival_synth(text, voice, index, raw, tmp)
        out = os.path.join(tmp, f"seg{index}.wav")
        fx = ["highpass", "60"]
        if voice.get("pitch_cents"):
            fx += ["pitch", str(int(voice["pitch_cents"]))]
        fx += ["rate", "-v", str(SR)]
        run(["sox", "-R", "-V1", raw, "-r", str(SR), "-c", "1", "-b", "16", out, *fx])
        return out

    def _festival_synth(self, text, voice, index, raw, tmp):
        txt = os.path.join(tmp, f"seg{index}.txt")
        with open(txt, "w", encoding="utf-8") as f:
            f.write(text + "\n")
        name = voice.get("voice", "cmu_us_slt_arctic_hts")
        if name != "cmu_us_slt_arctic_hts":
            raise ValueError(f"festival voice {name!r}: only the HTS voice cmu_us_slt_arctic_hts is used")
        rate = float(voice.get("rate", 1.0))
        params = f'(set! hts_engine_params (append hts_engine_params (list \'("-r" {rate}))))'
        run(["text2wave", "-o", raw, "-eval", f"(voice_{name})", "-eval", params, txt])

    def _hibari_synth(self, text, voice, index, path):
        """Run the acoustic model, rescale its f0 around the median (pitch and range), vocode."""
        import numpy as np
        from hibari import Hibari, dsp
        from hibari.tts import write_wav

        if self._hibari is None:
            self._hibari = Hibari(voice="heart", threads=1)  # one thread: reproducible bytes
        t = self._hibari
        speed = float(voice.get("speed", 1.0))
        scale, spread = float(voice.get("f0_scale", 1.0)), float(voice.get("f0_range", 1.0))
        rng = np.random.default_rng(int(voice.get("seed", 0)) * 101 + index)
        parts = []
        for phonemes in t.phonemize(text):
            ids = np.asarray([t.ids(phonemes)], np.int64)
            feeds = {"ids": ids, "speed": np.asarray([speed], np.float32)}
            lh, th, ln, lr, phi, f0 = (o[0] for o in t.sess.run(None, feeds))
            voiced = f0 > 40.0
            if voiced.any() and (scale != 1.0 or spread != 1.0):
                med = float(np.median(f0[voiced]))
                f0 = f0.copy()
                f0[voiced] = np.maximum(med * scale * (f0[voiced] / med) ** spread, 45.0)
            parts.append(dsp.synth(lh, th, ln, lr, phi, f0, rng))
        write_wav(path, np.concatenate(parts) if parts else np.zeros(SR // 10, np.float32), dsp.SR)
