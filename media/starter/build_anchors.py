#!/usr/bin/env python3
"""Build the practice anchors (reference replies for rater practice) into media/starter/anchors/pack/.

Reads  media/starter/anchors/anchors.json   the replies, the author's ratings, the therapist voices
Writes media/starter/anchors/pack/<exercise>-<weak|ordinary|strong>.opus
       media/starter/anchors/pack/manifest.json  texts, ratings, notes, durations, sha256
       media/starter/anchors/pack/CREDITS.md     copy of media/starter/anchors/CREDITS.md

Build-time only, in the starter venv (see media/starter/README.md), never the app's .venv:
    nice /opt/starter-venv/bin/python media/starter/build_anchors.py
    nice /opt/starter-venv/bin/python media/starter/build_anchors.py --only hostile-2
    nice /opt/starter-venv/bin/python media/starter/build_anchors.py --verify --asr

Voices: hibari-tts `heart` (seed, speed and pitch scale per therapist) and festival's HTS voice
cmu_us_slt_arctic_hts. Levelling, limiting and Opus encoding are the starter pack's own steps
(media/starter/tools/audio.py); the code is in media/starter/tools/anchors.py.
"""

import argparse
import os
import sys

if not __package__:  # run as a script: make the repository root importable
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def main(argv: list[str] | None = None) -> int:
    from media.starter.tools.anchors import build, verify

    ap = argparse.ArgumentParser(description="Build the practice anchors for rater practice.")
    ap.add_argument("--only", nargs="+", metavar="ID", help="exercise or reply ids to rebuild")
    ap.add_argument("--verify", action="store_true", help="check the built anchors; build nothing")
    ap.add_argument("--asr", action="store_true", help="with --verify: transcribe with pocketsphinx")
    a = ap.parse_args(argv)
    if a.verify:
        return 0 if verify(a.asr) else 1
    build(set(a.only) if a.only else None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
