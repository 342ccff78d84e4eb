"""Caption-card videos: the clip's audio under a dark card with the words timed as subtitles."""

import os
import textwrap

from media.starter.tools.audio import ffprobe_duration
from media.starter.tools.common import FFMPEG_WRITE, FONT_FILE, FONT_FILE_BOLD, SR, VIDEO_FPS, VIDEO_SIZE, run


def _dt_escape_path(p):
    return p.replace("\\", "/").replace(":", "\\:").replace("'", "\\'")


def encode_caption_video(ex, wav, captions, out, tmp):
    """A tiny 640x360 'caption card': dark background, title and client at the top, the words
    as subtitles timed to the speech."""
    duration = ffprobe_duration(wav)
    w, h = VIDEO_SIZE
    font = FONT_FILE if os.path.exists(FONT_FILE) else None
    bold = FONT_FILE_BOLD if os.path.exists(FONT_FILE_BOLD) else font

    def dt(textfile, fontfile, size, color, x, y, enable=None):
        parts = [
            f"textfile='{_dt_escape_path(textfile)}'",
            "expansion=none",
            f"fontsize={size}",
            f"fontcolor={color}",
            f"x={x}",
            f"y={y}",
            "line_spacing=8",
        ]
        parts.insert(0, f"fontfile='{_dt_escape_path(fontfile)}'" if fontfile else "font='DejaVu Sans'")
        if enable:
            parts.append(f"enable='{enable}'")
        return "drawtext=" + ":".join(parts)

    def tfile(name, text):
        p = os.path.join(tmp, name)
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)
        return p

    level = {1: "beginner", 2: "intermediate", 3: "advanced"}.get(ex["difficulty"], "")
    head = tfile("head.txt", ex["title"])
    sub = tfile("sub.txt", f"{ex['presentation']} · {level} · client: {ex['client']}")
    filters = [
        f"drawbox=x=0:y=0:w={w}:h=4:color=0x5b8def@1:t=fill",
        dt(head, bold, 26, "0xe8edf2", 32, 28),
        dt(sub, font, 16, "0x8a97a6", 32, 66),
    ]
    for i, c in enumerate(captions):
        start = 0.0 if i == 0 else c["start_s"]
        end = captions[i + 1]["start_s"] if i + 1 < len(captions) else duration + 1
        lines = textwrap.wrap(c["text"], 44)[:4]
        y0 = h - 40 - 30 * len(lines)
        f = tfile(f"cap{i}.txt", "\n".join(lines))
        filters.append(
            dt(f, font, 22, "0xf5f5f5", "(w-text_w)/2", y0, enable=f"between(t,{start:.3f},{end:.3f})")
        )
    run(
        [
            *FFMPEG_WRITE,
            "-f",
            "lavfi",
            "-i",
            f"color=c=0x1b2129:s={w}x{h}:r={VIDEO_FPS}",
            "-i",
            wav,
            "-t",
            f"{duration:.3f}",
            "-vf",
            ",".join(filters),
            "-map",
            "0:v",
            "-map",
            "1:a",
            "-map_metadata",
            "-1",
            "-fflags",
            "+bitexact",
            "-flags",
            "+bitexact",
            "-c:v",
            "libx264",
            "-preset",
            "veryslow",
            "-tune",
            "stillimage",
            "-crf",
            "32",
            "-pix_fmt",
            "yuv420p",
            "-g",
            str(VIDEO_FPS * 10),
            "-x264-params",
            "threads=1",
            "-c:a",
            "aac",
            "-b:a",
            "40k",
            "-ac",
            "1",
            "-ar",
            str(SR),
            "-movflags",
            "+faststart",
            out,
        ]
    )
