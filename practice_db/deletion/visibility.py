"""Hidden clips, without a schema change: the clip's `source` gets a prefix.

A clip whose attempts are kept (clips.id is ON DELETE RESTRICT from attempts), or a starter clip
(put back at every start), is hidden rather than deleted: it leaves the Library and every
session's pool, while its attempts keep their exercise for review, history and progress."""

from __future__ import annotations

HIDDEN_PREFIX = "hidden:"
STARTER = "starter"


def is_hidden(source: str) -> bool:
    return source.startswith(HIDDEN_PREFIX)


def hidden(source: str) -> str:
    return source if is_hidden(source) else HIDDEN_PREFIX + source


def original(source: str) -> str:
    """The clip's origin ("starter", "imported", "bundle"), hidden or not."""
    return source.removeprefix(HIDDEN_PREFIX)
