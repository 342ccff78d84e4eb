"""Format 1.2: takes travel compressed (Ogg Opus, or FLAC for rates Opus lacks) and are stored as
WAV again on import; a 1.1 bundle (WAV inside) still imports. Real speech (espeak-ng), real files."""

from __future__ import annotations

import json
import shutil
import stat
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile as sf

from app.bundles.errors import BundleCancelled, BundleError
from app.bundles.export import estimate_size, export_review_bundle
from app.bundles.file_format import FORMAT_VERSION
from app.bundles.import_review import import_review_bundle
from app.bundles.safe_zip import Limits
from media.analysis.speech_timing import analyze_file
from media.analysis.waveform import compute_waveform
from practice_db.records import TakeFacts
from tests.support.bundle_world import World, listing, members, open_world, repack, row_counts
from tests.support.fakemic import synthesize
from tests.support.sound_compare import assert_same_sound, similarity

LINES = (
    "I can hear how angry you are, and it makes sense after last week.",
    "Can we slow down for a moment and look at what you need from me right now?",
)


@pytest.fixture
def worlds(tmp_path: Path, template_db: Path) -> Iterator[tuple[World, World]]:
    trainee, supervisor = open_world(tmp_path / "A", template_db), open_world(tmp_path / "B", template_db)
    yield trainee, supervisor
    trainee.close()
    supervisor.close()


@pytest.fixture(scope="module")
def spoken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 8 s of a reply: 0.8 s before the first word, two sentences with a pause between."""
    folder = tmp_path_factory.mktemp("speech")
    parts = [synthesize(line, folder / f"line{i}.wav") for i, line in enumerate(LINES)]
    gap, out = folder / "gap.wav", folder / "reply.wav"
    subprocess.run(
        ["sox", "-n", "-r", "48000", "-c", "1", "-b", "16", str(gap), "trim", "0", "0.9"], check=True
    )
    subprocess.run(["sox", str(parts[0]), str(gap), str(parts[1]), str(out), "pad", "0.8", "0.4"], check=True)
    return out


def _take(world: World, profile_id: int, clip_id: int, source: Path) -> int:
    attempt = world.store.attempts.begin(profile_id, clip_id, None, "pending")
    relative = f"recordings/{attempt.uuid}.wav"
    shutil.copyfile(source, world.paths.home / relative)
    timing = analyze_file(world.paths.home / relative)
    world.store.attempts.finish(
        attempt.id,
        TakeFacts(
            relative,
            round(timing.duration_s * 1000),
            response_latency_ms=None if timing.latency_s is None else round(timing.latency_s * 1000),
            pause_count=timing.pause_count,
        ),
    )
    return attempt.id


def _path(world: World, attempt_id: int) -> Path:
    relative = world.store.attempts.get(attempt_id).recording_path
    assert relative is not None
    return world.paths.home / relative


def _resampled(source: Path, target: Path, rate: int) -> Path:
    subprocess.run(["sox", str(source), "-r", str(rate), str(target)], check=True)
    return target


def test_speech_travels_as_opus_and_comes_back_as_the_same_take(
    worlds: tuple[World, World], spoken: Path, tmp_path: Path
) -> None:
    a, b = worlds
    dana = a.store.profiles.create("Dana", "clinician").id
    clips = a.store.clips.list(sort="title")
    ids = [_take(a, dana, clips[i].id, spoken) for i in range(2)]
    wav_bytes = sum(_path(a, i).stat().st_size for i in ids)

    bundle = tmp_path / "review.prbundle"
    estimate = estimate_size(a.store, a.paths, dana, ids)
    summary = export_review_bundle(a.store, a.paths, dana, ids, bundle)
    size = bundle.stat().st_size
    assert size <= estimate <= 1.3 * size  # "about" in the dialog, never less than what is written
    assert size < wav_bytes / 8, (size, wav_bytes)  # 48 kHz WAV is 768 kb/s; Opus here is 56 kb/s
    assert summary.message() == f"Saved review.prbundle ({round(size / 1000)} KB)."
    items = members(bundle)
    manifest = json.loads(items["manifest.json"])
    assert manifest["format_version"] == FORMAT_VERSION == "1.2"
    for entry in manifest["attempts"]:
        packed = items[entry["recording"]]
        assert (
            entry["recording"].endswith(".ogg") and packed.startswith(b"OggS") and b"OpusHead" in packed[:80]
        )
    for attempt_id in ids:  # the trainee's own take is untouched, lossless WAV
        assert _path(a, attempt_id).read_bytes() == spoken.read_bytes()

    result = import_review_bundle(b.store, b.paths, bundle)
    assert result.outcome.attempts_added == 2
    for attempt_id in ids:
        original = a.store.attempts.get(attempt_id)
        copy = b.store.attempts.by_uuid(original.uuid)
        assert copy is not None and copy.recording_path == f"recordings/{original.uuid}.wav"
        stored = b.paths.home / copy.recording_path
        assert sf.info(str(stored)).format == "WAV" and sf.info(str(stored)).subtype == "PCM_16"
        assert stat.S_IMODE(stored.stat().st_mode) == 0o600  # someone's voice
        corr, snr = similarity(spoken, stored)  # same rate, channels and number of frames
        assert corr > 0.99 and snr > 17, (corr, snr)
        # what the Review page draws and measures works on it, and agrees with the original
        before, after = analyze_file(spoken), analyze_file(stored)
        assert after.duration_s == before.duration_s
        assert before.latency_s is not None and after.latency_s == pytest.approx(before.latency_s, abs=0.03)
        assert after.pause_count == before.pause_count >= 1
        assert after.speaking_s == pytest.approx(before.speaking_s, abs=0.1)
        drawn, ours = compute_waveform(stored, 400), compute_waveform(spoken, 400)
        assert drawn.duration_ms == ours.duration_ms
        assert np.corrcoef(drawn.peaks, ours.peaks)[0, 1] > 0.98
    assert not list(b.paths.home.glob(".bundle-import-*")) and not list(b.paths.recordings.glob("*.ogg"))

    counts, files = row_counts(b.store), listing(b.paths)  # twice: nothing changes
    assert not import_review_bundle(b.store, b.paths, bundle).outcome.changed_anything
    assert row_counts(b.store) == counts and listing(b.paths) == files


def test_a_rate_opus_lacks_travels_as_flac_without_loss(
    worlds: tuple[World, World], spoken: Path, tmp_path: Path
) -> None:
    a, b = worlds
    dana = a.store.profiles.create("Dana", "clinician").id
    take = _resampled(spoken, tmp_path / "44k.wav", 44_100)
    attempt_id = _take(a, dana, a.store.clips.list()[0].id, take)
    bundle = export_review_bundle(a.store, a.paths, dana, [attempt_id], tmp_path / "r.prbundle").path
    [member] = [n for n in members(bundle) if n.startswith("recordings/")]
    assert member.endswith(".flac") and members(bundle)[member].startswith(b"fLaC")
    import_review_bundle(b.store, b.paths, bundle)
    copy = b.store.attempts.by_uuid(a.store.attempts.get(attempt_id).uuid)
    assert copy is not None and copy.recording_path is not None
    got, rate = sf.read(str(b.paths.home / copy.recording_path), dtype="int16")
    want, _ = sf.read(str(take), dtype="int16")
    assert rate == 44_100 and np.array_equal(got, want)  # lossless


def test_a_format_1_1_bundle_with_wav_inside_still_imports(
    worlds: tuple[World, World], spoken: Path, tmp_path: Path
) -> None:
    """What Practice Room wrote before 1.2: WAV members, stored; the WAV is kept byte for byte."""
    a, b = worlds
    dana = a.store.profiles.create("Dana", "clinician").id
    take = _resampled(spoken, tmp_path / "16k.wav", 16_000)
    ids = [_take(a, dana, c.id, take) for c in a.store.clips.list(sort="title")[:2]]
    new = export_review_bundle(a.store, a.paths, dana, ids, tmp_path / "new.prbundle").path
    items = members(new)
    manifest = json.loads(items["manifest.json"])
    manifest["format_version"] = "1.1"
    for entry in manifest["attempts"]:
        del items[entry["recording"]]
        entry["recording"] = f"recordings/{entry['uuid']}.wav"
        items[entry["recording"]] = take.read_bytes()
    items["manifest.json"] = json.dumps(manifest).encode()
    old = repack(tmp_path / "old.prbundle", items)

    result = import_review_bundle(b.store, b.paths, old)
    assert result.outcome.attempts_added == 2
    for attempt_id in ids:
        copy = b.store.attempts.by_uuid(a.store.attempts.get(attempt_id).uuid)
        assert copy is not None and copy.recording_path == f"recordings/{copy.uuid}.wav"
        assert (b.paths.home / copy.recording_path).read_bytes() == take.read_bytes()
    assert_same_sound(take, b.paths.home / copy.recording_path)


def test_compressed_takes_that_lie_or_do_not_decode_are_refused_whole(
    worlds: tuple[World, World], spoken: Path, tmp_path: Path
) -> None:
    a, b = worlds
    dana = a.store.profiles.create("Dana", "clinician").id
    silence = tmp_path / "silence.wav"  # a minute of silence is a few KB of Opus, 5.8 MB of WAV
    sf.write(str(silence), np.zeros(60 * 48_000, dtype=np.int16), 48_000, subtype="PCM_16")
    clips = a.store.clips.list(sort="title")
    ids = [_take(a, dana, clips[0].id, spoken), _take(a, dana, clips[1].id, silence)]
    bundle = export_review_bundle(a.store, a.paths, dana, ids, tmp_path / "r.prbundle").path
    items = members(bundle)
    [quiet] = [n for n, data in items.items() if n.startswith("recordings/") and len(data) < 40_000]
    counts, files = row_counts(b.store), listing(b.paths)

    # a small member that unpacks far beyond the caps (an "audio bomb") stops the import
    with pytest.raises(BundleError, match="unpacks to far more sound than it should"):
        import_review_bundle(b.store, b.paths, bundle, limits=Limits(max_member_bytes=2 << 20))
    assert row_counts(b.store) == counts and listing(b.paths) == files

    # a member that is not audio at all, or is cut short, is refused in plain words
    for name, damage in (("noise.prbundle", bytes(range(256)) * 40), ("cut.prbundle", items[quiet][:300])):
        broken = repack(tmp_path / name, items | {quiet: damage})
        with pytest.raises(BundleError, match=r"cannot be played|holds no sound"):
            import_review_bundle(b.store, b.paths, broken)
        assert row_counts(b.store) == counts and listing(b.paths) == files

    assert import_review_bundle(b.store, b.paths, bundle).outcome.attempts_added == 2  # the real one is fine


def test_cancelling_while_takes_compress_leaves_no_file_and_no_thread(
    worlds: tuple[World, World], spoken: Path, tmp_path: Path
) -> None:
    a, _ = worlds
    dana = a.store.profiles.create("Dana", "clinician").id
    long_take = tmp_path / "long.wav"  # 40 s: many blocks, so the cancel lands mid-encode
    subprocess.run(["sox", *[str(spoken)] * 5, str(long_take)], check=True)
    ids = [_take(a, dana, c.id, long_take) for c in a.store.clips.list(sort="title")[:3]]
    seen: list[int] = []

    def cancel() -> bool:
        return len(seen) >= 3  # after a few progress steps, from whichever thread reports

    target = tmp_path / "out.prbundle"
    with pytest.raises(BundleCancelled, match="no bundle was written"):
        export_review_bundle(
            a.store, a.paths, dana, ids, target, progress=lambda d, t: seen.append(d), cancel=cancel
        )
    assert 3 <= len(seen) and seen == sorted(seen)
    assert not target.exists() and not list(tmp_path.glob("*.part"))
    assert not [t for t in threading.enumerate() if t.name.startswith("bundle-encode")]
