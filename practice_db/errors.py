"""Storage errors whose messages can be shown to a user as they are."""

from __future__ import annotations


class StorageError(RuntimeError):
    """Base class; str(exc) is a plain sentence."""


class NotFoundError(StorageError):
    pass


class ValidationError(StorageError):
    pass


class PermissionDeniedError(StorageError):
    pass


class DuplicateError(StorageError):
    pass
