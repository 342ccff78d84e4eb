#!/usr/bin/env python3
"""Build the FIS assessment set into media/starter/assessment/pack/.

Reads  media/starter/assessment/assessment.json   the 13 client moments and their voices
Writes media/starter/assessment/pack/<id>.opus     Ogg Opus, mono, 24 kHz, ~32 kbit/s
       media/starter/assessment/pack/manifest.json texts, content notes, durations, sha256
       media/starter/assessment/pack/CREDITS.md    copy of media/starter/assessment/CREDITS.md

Build-time only, in the starter venv (see media/starter/README.md), never the app's .venv:
    nice /opt/starter-venv/bin/python media/starter/build_assessment.py
    nice /opt/starter-venv/bin/python media/starter/build_assessment.py --only hostile-a1
    nice /opt/starter-venv/bin/python media/starter/build_assessment.py --verify --asr

The clips are voiced exactly like the starter exercises (hibari `heart`, festival's HTS voice,
men through Praat's "Change gender"); the code is in media/starter/tools/assessment.py. The app
installs them as assessment-only clips (app/startup/assessment_set.py): never offered in practice.
"""

import argparse
import os
import sys

if not __package__:  # run as a script: make the repository root importable
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


def main(argv: list[str] | None = None) -> int:
    from media.starter.tools.assessment import build, verify

    ap = argparse.ArgumentParser(description="Build the FIS assessment set.")
    ap.add_argument("--only", nargs="+", metavar="ID", help="clip ids to rebuild")
    ap.add_argument("--verify", action="store_true", help="check the built set; build nothing")
    ap.add_argument("--asr", action="store_true", help="with --verify: transcribe with pocketsphinx")
    a = ap.parse_args(argv)
    if a.verify:
        return 0 if verify(a.asr) else 1
    build(set(a.only) if a.only else None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
