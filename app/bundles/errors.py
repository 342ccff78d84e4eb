"""The one error the bundle workflows raise: its text is a plain sentence to show the user."""

from __future__ import annotations


class BundleError(Exception):
    """A bundle could not be written or read. str(exc) is safe to show as it is."""


class BundleCancelled(BundleError):
    """The user stopped the export or import; nothing was written or changed."""
