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
    /opt/starter-venv/bin/pip install hibari-tts numpy soundfile praat-parselmouth pocketsphinx
    apt-get install -y festival festvox-us-slt-hts sox ffmpeg fonts-dejavu-core
    (pocketsphinx: --asr only; praat-parselmouth is GPL-3: a build-time tool, never shipped)

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
     Either engine may add pitch_cents (sox pitch) and tempo (sox tempo). Male clients are hibari
     takes with change_gender: Praat's "Change gender" (praat-parselmouth) on the joined clip,
     pitch_median_hz (100-130), formant_shift and pitch_range, then the input's RMS restored.
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

The code lives in media/starter/tools/ (one module per step); this file is the entry point.
"""

import os
import sys

if __package__:  # imported as media.starter.build
    from .tools.cli import main
else:  # run as a script: make the repository root importable so media.starter.tools resolves
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    from media.starter.tools.cli import main

if __name__ == "__main__":
    sys.exit(main())
