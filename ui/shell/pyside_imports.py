"""Stop PySide6 from reading the source of every library imported after it.

Once PySide6 is loaded it wraps `__import__`. After each import it reads the new module's whole
source (`inspect.getsource`) to see whether the module uses PySide6's optional `__feature__`
switches, and linecache keeps that text for the life of the process. For SQLAlchemy, numpy and
the audio stack, which storage and the recorder import after the window is up, that costs
~150 ms and ~24 MB (benchmarks/RESULTS.md). Practice Room uses no `__feature__` switch, and
libraries outside our packages never import PySide6 here. So only our own modules are scanned,
by reading their file's bytes (nothing is kept in linecache); every other module is reported as
"does not use PySide6", which is what the scan would say.
"""

from __future__ import annotations

import logging
import sys
from types import ModuleType

log = logging.getLogger(__name__)

OWN_PACKAGES = frozenset({"app", "ui", "media", "practice_db", "benchmarks", "tests", "__main__"})
_MARK = "_practice_room_own_modules_only"
_SCAN = "_mod_uses_pyside"  # the hook in shibokensupport.feature that is replaced


def scan_own_modules_only() -> bool:
    """Call after importing PySide6. True if the scan is now limited; False (and harmless) when
    this PySide6 has no such scan or was already changed."""
    feature = sys.modules.get("shibokensupport.feature")
    scan = getattr(feature, _SCAN, None)
    if feature is None or not callable(scan) or getattr(scan, _MARK, False):
        return False

    def uses_pyside(module: ModuleType) -> bool:
        name = getattr(module, "__name__", "") or ""
        if name.partition(".")[0] not in OWN_PACKAGES:
            return False
        origin = getattr(getattr(module, "__spec__", None), "origin", None)
        if isinstance(origin, str) and origin.endswith(".py"):
            try:  # the same test as PySide6's, without keeping the text in linecache
                with open(origin, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass
        return bool(scan(module))

    setattr(uses_pyside, _MARK, True)
    setattr(feature, _SCAN, uses_pyside)
    log.debug("PySide6's source scan limited to our own modules")
    return True
