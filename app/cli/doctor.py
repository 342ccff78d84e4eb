"""`practice-room doctor`: say plainly what this computer has and what is missing."""

from __future__ import annotations

import json
import platform
import subprocess
import sys
from typing import Any, TextIO

from app import __version__
from app.cli.doctor_data import check_data
from app.cli.finding import Finding
from app.paths import DataPaths


def check_python() -> Finding:
    ok = sys.version_info >= (3, 11)
    return Finding(
        "Python",
        platform.python_version(),
        ok,
        True,
        "" if ok else "Practice Room needs Python 3.11 or newer.",
    )


# Run in a child process: the doctor itself never loads Qt (a broken Qt install can crash the
# process that imports it), and it answers with one line of JSON.
QT_PROBE = """
import json
out = {}
try:
    from PySide6 import __version__ as pyside
    from PySide6.QtCore import qVersion
    out["qt"] = f"{qVersion()} (PySide6 {pyside})"
except ImportError as exc:
    out["qt_error"] = str(exc)
try:
    import PySide6.QtMultimedia
    out["multimedia"] = True
except ImportError as exc:
    out["multimedia_error"] = str(exc)
print(json.dumps(out))
"""


def probe_qt() -> dict[str, Any]:
    try:
        done = subprocess.run(
            [sys.executable, "-c", QT_PROBE], capture_output=True, text=True, timeout=60, check=False
        )
        answer = json.loads(done.stdout.strip().splitlines()[-1])
    except (OSError, subprocess.SubprocessError, ValueError, IndexError):
        return {"qt_error": "the check could not run (Qt may have crashed while loading)"}
    return answer if isinstance(answer, dict) else {"qt_error": "the check gave no answer"}


def check_qt(probe: dict[str, Any]) -> Finding:
    if "qt" not in probe:
        return Finding(
            "Qt",
            f"not available ({probe.get('qt_error', 'unknown')})",
            False,
            True,
            "Install the Python package PySide6-Essentials.",
        )
    return Finding("Qt", str(probe["qt"]), True, True)


def check_libvlc() -> Finding:
    from media.playback.libvlc_probe import probe_libvlc

    status = probe_libvlc()
    if status.ok:
        return Finding("libvlc", f"loads, version {status.version}")
    return Finding(
        "libvlc",
        f"not usable: {status.reason}",
        False,
        False,
        "Clips will play through Qt Multimedia instead. For the best playback install VLC "
        "(Debian/Ubuntu: sudo apt-get install libvlc5 vlc-plugin-base vlc-plugin-video-output).",
    )


def check_qt_multimedia(probe: dict[str, Any]) -> Finding:
    if not probe.get("multimedia"):
        return Finding(
            "Qt Multimedia",
            f"not available ({probe.get('multimedia_error', probe.get('qt_error', 'unknown'))})",
            False,
            False,
            "Install PySide6-Addons and libpulse0 to have a fallback player.",
        )
    return Finding("Qt Multimedia", "available (fallback player)")


def check_microphones() -> Finding:
    from media.recording.devices import list_input_devices

    try:
        devices = list_input_devices()
    except Exception as exc:  # noqa: BLE001 - any PortAudio failure is reported, not raised
        return Finding("Microphones", f"PortAudio failed: {exc}", False, True, "Install libportaudio2.")
    if not devices:
        return Finding(
            "Microphones",
            "none found",
            False,
            False,
            "Plug in a microphone or headset to record replies; the rest of Practice Room still works.",
        )
    names = "; ".join(f"{d.name}{' (default)' if d.is_default else ''}" for d in devices)
    return Finding("Microphones", f"{len(devices)} found: {names}")


def run_doctor(paths: DataPaths, out: TextIO = sys.stdout) -> int:
    qt = probe_qt()
    findings = [check_python(), check_qt(qt), check_libvlc(), check_qt_multimedia(qt), check_microphones()]
    findings += check_data(paths)
    print(f"Practice Room {__version__}", file=out)
    for f in findings:
        mark = "ok " if f.ok else ("!! " if f.essential else "-- ")
        print(f"{mark}{f.label}: {f.value}", file=out)
        for line in f.advice.splitlines():
            if line:
                print(f"     {line}", file=out)
    playable = any(f.ok for f in findings if f.label in ("libvlc", "Qt Multimedia"))
    missing = [f for f in findings if f.essential and not f.ok]
    if not playable:
        print("Practice Room cannot play clips: neither libvlc nor Qt Multimedia works here.", file=out)
        return 1
    if missing:
        names = ", ".join(dict.fromkeys(f.label.lower() for f in missing))
        print(f"Not everything essential is in place: see {names} (marked !! above).", file=out)
        return 1
    print("Everything essential is in place.", file=out)
    return 0
