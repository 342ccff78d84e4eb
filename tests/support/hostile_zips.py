"""Hostile zip archives made from a good one's members: shared by the bundle and clip-pack tests,
which refuse the same kinds of damage (paths that escape, links, bombs, bad manifests)."""

from __future__ import annotations

import json
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.support.bundle_world import repack

Items = dict[str, bytes]


def with_manifest(items: Items, change: Callable[[dict[str, Any]], None]) -> Items:
    """The members with manifest.json edited by `change`."""
    data = json.loads(items["manifest.json"])
    change(data)
    return items | {"manifest.json": json.dumps(data).encode()}


def escaping_member(items: Items, out: Path, name: str) -> Path:
    """An extra member whose name leaves the folder (`../x`) or is absolute (`/etc/x`)."""
    return repack(out, items | {name: b"escape"})


def symlink_member(items: Items, out: Path, name: str) -> Path:
    repack(out, items)
    with zipfile.ZipFile(out, "a") as zf:
        info = zipfile.ZipInfo(name)
        info.create_system = 3
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    return out


def zip_bomb_member(items: Items, out: Path, name: str) -> Path:
    repack(out, items)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(name, bytes(64 << 20))  # 64 MB of zeros in about 64 KB
    return out


def text_not_zip(out: Path, line: str) -> Path:
    out.write_text(line * 40)
    return out


def cut_short(items: Items, out: Path) -> Path:
    whole = repack(out, items).read_bytes()
    out.write_bytes(whole[: len(whole) * 2 // 3])  # a copy that stopped two thirds of the way
    return out
