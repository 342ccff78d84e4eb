"""Child process for the kill -9 test: records from a device until killed (or time is up)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from media.recording.recorder import Recorder


def main() -> None:
    path, device, max_seconds = Path(sys.argv[1]), sys.argv[2], float(sys.argv[3])
    recorder = Recorder(device)
    recorder.arm()
    recorder.start_take(path, max_seconds)
    while recorder.poll_level() is None:  # the first block has arrived: audio is flowing
        time.sleep(0.005)
    print(f"RECORDING {time.monotonic():.6f}", flush=True)
    while recorder.poll_finished() is None:
        time.sleep(0.05)


if __name__ == "__main__":
    main()
