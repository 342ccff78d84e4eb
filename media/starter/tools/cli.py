"""Build the Practice Room starter pack: one spoken "client" clip per exercise.

The command line behind media/starter/build.py (see its docstring for set-up and usage)."""

import argparse

from media.starter.tools.pack import build
from media.starter.tools.verify import verify


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
