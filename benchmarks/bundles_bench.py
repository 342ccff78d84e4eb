"""Compact review bundles. Ten one-minute takes of synthesized speech (espeak-ng, several
voices and sentences, short pauses: not silence, which compresses unrealistically well) go from a
trainee's data folder into a review bundle and into a supervisor's, through the app's own export
and import (app/bundles/). Reported: the bundle's size per minute of speech (goal <= 1 MB/min, so
ten one-minute takes fit a 10 MB e-mail limit), its whole size, and the export and import times.
The same takes as WAV (format 1.1's way) are measured too, as `#` lines: the ratio says what
compressing bought and what it costs in time.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import time
import zipfile
from pathlib import Path

import numpy as np
import soundfile

from app.bundles.export import export_review_bundle
from app.bundles.file_format import MANIFEST_NAME
from app.bundles.import_review import import_review_bundle
from app.paths import DataPaths
from app.startup.starter_library import install_starter_pack
from benchmarks.common import report
from media.analysis.speech_timing import analyze_speech
from practice_db.records import TakeFacts
from practice_db.store import PracticeStore
from tests.support.fakemic import SAMPLERATE, synthesize

REPLIES = (
    "I can hear how angry you are, and given what happened last week that makes sense to me.",
    "Can we slow down for a moment and look at what you need from me right now?",
    "It sounds like part of you wants to stop coming, and part of you is still here. Both matter.",
    "I got that wrong last time, and I am sorry. I would like to understand what it was like for you.",
    "You said nothing will ever change. I wonder what it would mean if one small thing did.",
)
VOICES = ("en-us+f3", "en-us+m3", "en+f2", "en-gb+m1")
MB = 1_000_000


def speech_take(seconds: float, folder: Path, seed: int) -> np.ndarray:
    """int16 mono 48 kHz: sentences in turn, voices in turn, 0.2-0.9 s pauses (a reply, not a pause)."""
    rng = random.Random(seed)
    cache: dict[tuple[int, str], np.ndarray] = {}
    parts: list[np.ndarray] = [np.zeros(int(0.7 * SAMPLERATE), np.int16)]  # the latency
    total, target, i = len(parts[0]), int(seconds * SAMPLERATE), seed
    while total < target:
        key = (i % len(REPLIES), VOICES[(i // 2) % len(VOICES)])
        if key not in cache:
            wav = synthesize(REPLIES[key[0]], folder / f"line-{key[0]}-{key[1]}.wav", voice=key[1])
            cache[key] = soundfile.read(str(wav), dtype="int16")[0]
        for part in (cache[key], np.zeros(int(rng.uniform(0.2, 0.9) * SAMPLERATE), np.int16)):
            parts.append(part)
            total += len(part)
        i += 1
    return np.concatenate(parts)[:target]


def open_folder(home: Path) -> tuple[DataPaths, PracticeStore]:
    paths = DataPaths(home).ensure()
    store = PracticeStore.open(f"sqlite:///{paths.database}", paths.backups)
    install_starter_pack(store, paths)
    return paths, store


def as_wav_bundle(bundle: Path, target: Path, takes: dict[str, Path]) -> Path:
    """The same bundle as format 1.1 wrote it: the WAV takes, stored (for the comparison)."""
    with zipfile.ZipFile(bundle) as zf:
        manifest = json.loads(zf.read(MANIFEST_NAME))
    manifest["format_version"] = "1.1"
    for entry in manifest["attempts"]:
        entry["recording"] = f"recordings/{entry['uuid']}.wav"
    with zipfile.ZipFile(target, "w") as out:
        out.writestr(MANIFEST_NAME, json.dumps(manifest, indent=1), zipfile.ZIP_DEFLATED)
        for entry in manifest["attempts"]:
            out.write(takes[entry["uuid"]], entry["recording"])
    return target


def bench_bundles(folder: Path, takes: int = 10, seconds: float = 60.0) -> None:
    work = folder / "bundles"
    work.mkdir()
    a_paths, a = open_folder(work / "trainee")
    b_paths, b = open_folder(work / "supervisor")
    wav_folder = work / "wav"
    wav_folder.mkdir()
    try:
        dana = a.profiles.create("Dana Lee", "clinician").id
        clips = a.clips.list(sort="title")
        ids, sources, speech_s = [], {}, 0.0
        for n in range(takes):
            samples = speech_take(seconds, wav_folder, seed=n)
            speech_s += analyze_speech(samples, SAMPLERATE).speaking_s
            attempt = a.attempts.begin(dana, clips[n % len(clips)].id, None, "pending")
            relative = f"recordings/{attempt.uuid}.wav"
            soundfile.write(str(a_paths.home / relative), samples, SAMPLERATE, subtype="PCM_16")
            a.attempts.finish(attempt.id, TakeFacts(relative, round(seconds * 1000), response_latency_ms=700))
            ids.append(attempt.id)
            sources[attempt.uuid] = a_paths.home / relative
        minutes = takes * seconds / 60
        wav_bytes = sum(p.stat().st_size for p in sources.values())

        t0, c0 = time.perf_counter(), time.process_time()  # CPU time of every thread of ours
        bundle = export_review_bundle(a, a_paths, dana, ids, work / "review.prbundle").path
        export_s, export_cpu = time.perf_counter() - t0, time.process_time() - c0
        t0, c0 = time.perf_counter(), time.process_time()
        outcome = import_review_bundle(b, b_paths, bundle).outcome
        import_s, import_cpu = time.perf_counter() - t0, time.process_time() - c0
        assert outcome.attempts_added == takes, outcome
        size = bundle.stat().st_size

        old = as_wav_bundle(bundle, work / "review-1.1.prbundle", sources)
        b.close()
        shutil.rmtree(b_paths.home)
        b_paths, b = open_folder(work / "supervisor-wav")
        t0 = time.perf_counter()
        assert import_review_bundle(b, b_paths, old).outcome.attempts_added == takes
        wav_import_s = time.perf_counter() - t0
        wav_size = old.stat().st_size
        print(
            f"# {takes} takes x {seconds:g} s of synthesized speech ({speech_s / (takes * seconds):.0%} "
            f"speaking), {wav_bytes / MB:.1f} MB of WAV; as WAV (format 1.1) the bundle was "
            f"{wav_size / MB:.1f} MB ({wav_size / MB / minutes:.2f} MB/min) and imported in "
            f"{wav_import_s:.2f} s; compressed it is {size / wav_size:.1%} of that",
            flush=True,
        )
        print(
            f"# CPU time: export {export_cpu:.2f} s over {export_s:.2f} s, import {import_cpu:.2f} s over "
            f"{import_s:.2f} s (load {os.getloadavg()[0]:.2f}: on a shared computer wall time is longer)",
            flush=True,
        )
        report("review_bundle_mb_per_min", size / MB / minutes, 1.0, fmt=".2f")
        report("review_bundle_mb", size / MB, 10.0, fmt=".2f")  # the e-mail limit
        # Goals: well under the time it takes to attach the file to an e-mail, on this 2-core VM.
        report("bundle_export_s", export_s, 15.0, fmt=".2f")
        report("bundle_import_s", import_s, 10.0, fmt=".2f")
    finally:
        a.close()
        b.close()
