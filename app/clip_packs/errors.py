"""Clip pack errors: plain sentences for the user, in the words of packs rather than bundles."""

from __future__ import annotations

import re

from app.bundles.errors import BundleCancelled, BundleError


class ClipPackError(BundleError):
    """A pack could not be written or read. str(exc) is safe to show as it is."""


class ClipPackCancelled(ClipPackError, BundleCancelled):
    """The user stopped; nothing was written or changed."""


_BUNDLE = re.compile(r"\b([Bb])undle\b")


def pack_words(text: str) -> str:
    """The shared zip and schema checks speak of "bundles"; a pack's user reads "clip pack"."""
    return _BUNDLE.sub(lambda m: "Clip pack" if m.group(1) == "B" else "clip pack", text)


def as_pack_error(exc: BundleError) -> ClipPackError:
    """The same refusal, reworded for a clip pack (a cancel stays a cancel)."""
    if isinstance(exc, ClipPackError):
        return exc
    kind = ClipPackCancelled if isinstance(exc, BundleCancelled) else ClipPackError
    return kind(pack_words(str(exc)))
