"""Paths, constants and small helpers shared by the starter-pack build steps."""

import hashlib
import os
import subprocess
import sys

# media/starter: this file is media/starter/tools/common.py
HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
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
# Every file the build writes: quiet, overwrite, one thread (the output is then byte-reproducible).
FFMPEG_WRITE = ("ffmpeg", "-nostdin", "-v", "error", "-y", "-threads", "1")

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
