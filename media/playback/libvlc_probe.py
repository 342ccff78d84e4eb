"""Is libvlc usable here? Answers without crashing, for `doctor` and for picking a player backend.

python-vlc can fail in several ways that must not take the app down: its import raises
(NotImplementedError on Linux, OSError elsewhere) or even calls sys.exit() when PYTHON_VLC_LIB_PATH
is wrong; some builds import fine and then raise NameError("no function 'libvlc_new'"); and
vlc.Instance() returns None when the plugins (vlc-plugin-base) are missing.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from media.constants import HEADLESS_VLC_ARGS

INSTALL_HINT = "Debian/Ubuntu: sudo apt-get install libvlc5 vlc-plugin-base vlc-plugin-video-output"


@dataclass(frozen=True)
class LibVlcStatus:
    ok: bool
    version: str | None
    reason: str | None


def prepare_frozen_environment() -> None:
    """In a frozen build (PyInstaller and the like), point libvlc at the bundled copy.

    Must run before `import vlc`: python-vlc looks for the library at import time.
    """
    if not getattr(sys, "frozen", False):
        return
    base = Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    for folder in (base / "vlc", base):
        plugins = folder / "plugins"
        if not plugins.is_dir():
            continue
        os.environ.setdefault("VLC_PLUGIN_PATH", str(plugins))
        for name in ("libvlc.dll", "libvlc.dylib", "libvlc.so.5", "libvlc.so"):
            if (folder / name).is_file():
                os.environ.setdefault("PYTHON_VLC_LIB_PATH", str(folder / name))
                os.environ.setdefault("PYTHON_VLC_MODULE_PATH", str(plugins))
                break
        return


def import_vlc() -> tuple[Any | None, str | None]:
    """Import python-vlc; returns (module, None) or (None, reason)."""
    prepare_frozen_environment()
    try:
        import vlc
    except SystemExit:  # python-vlc calls sys.exit() when PYTHON_VLC_LIB_PATH cannot be loaded
        where = os.environ.get("PYTHON_VLC_LIB_PATH", "")
        return None, f"the VLC library (libvlc) could not be loaded from {where}"
    except Exception as exc:  # noqa: BLE001 - any failure to load libvlc is reported as the reason
        return None, f"the VLC library (libvlc) could not be loaded ({type(exc).__name__}: {exc})"
    return vlc, None


def open_libvlc(instance_args: Sequence[str] = HEADLESS_VLC_ARGS) -> tuple[Any | None, LibVlcStatus]:
    """Create a vlc.Instance if libvlc works; the caller owns (and must release) the instance."""
    vlc, reason = import_vlc()
    if vlc is None:
        return None, LibVlcStatus(False, None, f"{reason}. {INSTALL_HINT}")
    try:
        raw_version = vlc.libvlc_get_version()
        if isinstance(raw_version, bytes):
            version = raw_version.decode("utf-8", "replace")
        else:
            version = str(raw_version)
        instance = vlc.Instance(list(instance_args))
    except (NameError, AttributeError, OSError) as exc:
        return None, LibVlcStatus(False, None, f"libvlc is incomplete ({exc}). {INSTALL_HINT}")
    if instance is None:
        reason = "libvlc loads but could not start: its plugins are missing (vlc-plugin-base)"
        return None, LibVlcStatus(False, version, f"{reason}. {INSTALL_HINT}")
    return instance, LibVlcStatus(True, version, None)


def probe_libvlc(instance_args: Sequence[str] = HEADLESS_VLC_ARGS) -> LibVlcStatus:
    """Check that libvlc loads and that an instance can be created; releases what it made."""
    instance, status = open_libvlc(instance_args)
    if instance is not None:
        instance.release()
    return status
