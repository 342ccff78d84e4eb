"""What the three packs (starter exercises, rater-practice anchors, assessment set) build alike:
the render-encode-measure loop over items, the Opus entry fields, and writing the pack folder."""

import importlib.metadata as md
import json
import os
import re
import shutil
import subprocess
import tempfile

from media.starter.tools.audio import decoded_duration, encode_opus
from media.starter.tools.common import LEAD_IN_S, OPUS_BITRATE, SR, TAIL_S, log, sha256_file

DEFAULT_PACKAGES = ("hibari-tts", "onnxruntime", "numpy", "praat-parselmouth")


def replace_if_changed(src, dst):
    """Move src over dst unless the bytes are identical (keeps mtimes and git quiet)."""
    if os.path.exists(dst) and sha256_file(src) == sha256_file(dst):
        os.remove(src)
        return False
    os.replace(src, dst)
    return True


def tool_versions(packages=DEFAULT_PACKAGES):
    versions = {}
    for pkg in packages:
        try:
            versions[pkg] = md.version(pkg)
        except md.PackageNotFoundError:
            pass
    for name, cmd in (
        ("ffmpeg", ["ffmpeg", "-version"]),
        ("sox", ["sox", "--version"]),
        ("festival", ["festival", "--version"]),
    ):
        try:
            p = subprocess.run(cmd, capture_output=True, text=True)
        except OSError:
            continue
        m = re.search(r"(?:version:? |SoX v|System: ?)\s*([0-9][^\s:,]*)", p.stdout + p.stderr)
        versions[name] = m.group(1) if m else ""
    return versions


def audio_format():
    return {
        "container": "ogg",
        "codec": "opus",
        "channels": 1,
        "sample_rate": SR,
        "bitrate": OPUS_BITRATE,
        "lead_in_s": LEAD_IN_S,
        "tail_s": TAIL_S,
    }


def encode_entry(wav, tmp, name):
    """Encode `wav` as `name` in `tmp`; returns the encoded path and its manifest fields."""
    out = os.path.join(tmp, name)
    encode_opus(wav, out)
    fields = {
        "file": name,
        "duration_s": round(decoded_duration(out), 3),
        "sha256": sha256_file(out),
        "bytes": os.path.getsize(out),
    }
    return out, fields


def build_entries(items, out_dir, render, *, item_id, old, only=None, what="item"):
    """Each item rendered by `render(item, tmp) -> (entry, [(tmp_file, name), ...], log_line)` in a
    temporary folder, its files moved into `out_dir` only when their bytes changed. With `only`,
    the other items keep their `old` manifest entries (they must have been built before)."""
    entries = []
    for item in items:
        key = item_id(item)
        if only and key not in only:
            if key not in old:
                raise SystemExit(f"--only: {key} has never been built; build every {what} first")
            entries.append(old[key])
            continue
        with tempfile.TemporaryDirectory(prefix="pack-") as tmp:
            entry, files, line = render(item, tmp)
            changed = False
            for path, name in files:
                changed |= replace_if_changed(path, os.path.join(out_dir, name))
        log(f"{line}{'  (changed)' if changed else ''}")
        entries.append(entry)
    return entries


def previous_entries(manifest_path, entries_of):
    """The entries of the manifest already built, by id (for --only builds)."""
    if not os.path.exists(manifest_path):
        return {}
    with open(manifest_path, encoding="utf-8") as f:
        return {e["id"]: e for e in entries_of(json.load(f))}


def finish_pack(pack_dir, credits, keep, manifest, stale_suffixes=None):
    """Remove files no entry names, copy the credits, write manifest.json atomically."""
    keep = set(keep) | {"manifest.json", "CREDITS.md"}
    for name in sorted(os.listdir(pack_dir)):
        if name in keep or (stale_suffixes and name.rsplit(".", 1)[-1] not in stale_suffixes):
            continue
        os.remove(os.path.join(pack_dir, name))
        log(f"removed stale {name}")
    if os.path.exists(credits):
        tmpc = os.path.join(pack_dir, ".CREDITS.md.tmp")
        shutil.copyfile(credits, tmpc)
        replace_if_changed(tmpc, os.path.join(pack_dir, "CREDITS.md"))
    manifest_path = os.path.join(pack_dir, "manifest.json")
    tmpm = manifest_path + ".tmp"
    with open(tmpm, "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2, ensure_ascii=False)
        f.write("\n")
    replace_if_changed(tmpm, manifest_path)
