"""Clip import throughput: copy + hash + parse + whole-file decode of a 5-minute phone-like video.

The video (1280x720, 30 fps H.264, AAC) is made with ffmpeg in the run's temporary folder; --tiny
makes it 10 s. Figures:
  import_throughput_mb_per_s   file size / time of ClipImporter.stage (what the user waits for);
                               goal 2 MB/s: a 100 MB clip in under a minute
  import_decode_x_realtime     video length / time of the decode alone (MediaProber.probe)
  import_decode_vs_ffmpeg      decode time against `ffmpeg -f null` of the same file, the floor a
                               separate decoder library could reach at best (same libavcodec)
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import time
from pathlib import Path

from app.clips.importer import ClipImporter
from app.clips.records import StagedClip
from app.paths import DataPaths
from benchmarks.common import report, report_vs_floor
from media.playback.media_probe import MediaProber

FULL_S, TINY_S = 300, 10


def make_video(path: Path, seconds: int) -> Path:
    ff = ("ffmpeg", "-nostdin", "-loglevel", "error", "-y")
    subprocess.run(
        [*ff, "-f", "lavfi", "-i", "testsrc2=s=1280x720:r=30", "-f", "lavfi", "-i", "sine=f=220:r=48000",
         "-t", str(seconds), "-c:v", "libx264", "-preset", "veryfast", "-crf", "26", "-pix_fmt", "yuv420p",
         "-c:a", "aac", "-b:a", "96k", str(path)],
        check=True,
    )  # fmt: skip
    return path


def cpu_s(who: int) -> float:
    used = resource.getrusage(who)
    return used.ru_utime + used.ru_stime


def ffmpeg_decode_s(path: Path) -> tuple[float, float]:
    """Wall and CPU seconds of `ffmpeg -f null` (all its threads)."""
    t0, c0 = time.perf_counter(), cpu_s(resource.RUSAGE_CHILDREN)
    cmd = ["ffmpeg", "-nostdin", "-loglevel", "error", "-i", str(path), "-f", "null", "-"]
    subprocess.run(cmd, check=True)
    return time.perf_counter() - t0, cpu_s(resource.RUSAGE_CHILDREN) - c0


def bench_import(folder: Path, tiny: bool = False, video: Path | None = None) -> None:
    """video: an already made file of the same kind (saves the 2-3 minutes of making it)."""
    if shutil.which("ffmpeg") is None:
        print("# import: ffmpeg is needed to make the test video (apt-get install ffmpeg)", flush=True)
        return
    seconds = TINY_S if tiny else FULL_S
    t0 = time.perf_counter()
    if video is None:
        video = make_video(folder / "five-minutes.mp4", seconds)
    size_mb = video.stat().st_size / 1e6
    print(f"# import: {seconds} s 720p30 video, {size_mb:.1f} MB, made in {time.perf_counter() - t0:.0f} s")
    paths = DataPaths(folder / "import-home")
    paths.clips.mkdir(parents=True, exist_ok=True)
    prober = MediaProber()
    try:
        prober.probe(video)  # warm: libvlc instances and plugins, the file in the page cache
        t0, c0 = time.perf_counter(), cpu_s(resource.RUSAGE_SELF)
        info = prober.probe(video)
        decode_s, decode_cpu = time.perf_counter() - t0, cpu_s(resource.RUSAGE_SELF) - c0
        importer = ClipImporter(paths, prober)
        t0 = time.perf_counter()
        staged = importer.stage(video)
        stage_s = time.perf_counter() - t0
        assert isinstance(staged, StagedClip), staged
        importer.discard(staged)
    finally:
        prober.close()
    ffmpeg_s, ffmpeg_cpu = ffmpeg_decode_s(video)
    print(
        f"# import: decoded length {info.duration_ms} ms; "
        f"decode {decode_s:.1f} s wall, {decode_cpu:.1f} s CPU; "
        f"ffmpeg -f null {ffmpeg_s:.1f} s wall, {ffmpeg_cpu:.1f} s CPU; whole stage {stage_s:.1f} s",
        flush=True,
    )
    report("import_throughput_mb_per_s", size_mb / stage_s, 2, floor=True)
    report("import_decode_x_realtime", seconds / decode_s, 10, floor=True)
    report_vs_floor("import_decode_vs_ffmpeg_s", decode_s, ffmpeg_s, 2.0, fmt=".1f")
