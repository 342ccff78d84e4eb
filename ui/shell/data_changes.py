"""One way for pages to learn that stored data changed.

Whatever writes announces what it changed once its storage task has finished
(`ctx.changes.announce(ATTEMPTS)`); each page keeps a `StaleWatch` for the topics it shows and
reloads at once if it is on screen, otherwise the next time it is shown. Hidden pages therefore
never query storage for changes nobody is looking at.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QWidget

ATTEMPTS = "attempts"  # an attempt was begun, finished, discarded or restored
RATINGS = "ratings"  # a self or supervisor rating was saved
REVIEWS = "reviews"  # a supervisor's rating, comment or feedback arrived or changed
CLIPS = "clips"  # exercises were added (clip import, review bundle)
ASSESSMENTS = "assessments"  # a sitting ended, or an assessment rating was saved
PROFILE = "profile"  # another person is using the app (pages get the record by set_profile)
BUNDLE_TOPICS = frozenset({CLIPS, ATTEMPTS, RATINGS, REVIEWS})  # what an imported bundle may bring


class DataChanges(QObject):
    changed = Signal(object)  # frozenset[str] of topics

    def announce(self, *topics: str) -> None:
        self.changed.emit(frozenset(topics))


class StaleWatch(QObject):
    """Calls `reload` when one of `topics` changes: now if `page` is visible, else when next shown."""

    def __init__(
        self, page: QWidget, changes: DataChanges, topics: Iterable[str], reload: Callable[[], None]
    ) -> None:
        super().__init__(page)  # dies with the page, and with it the connection
        self._page = page
        self._topics = frozenset(topics)
        self._reload = reload
        self.stale = False
        page.installEventFilter(self)
        changes.changed.connect(self._changed)

    def _changed(self, topics: frozenset[str]) -> None:
        if not self._topics & topics:
            return
        if self._page.isVisible():
            self.stale = False
            self._reload()
        else:
            self.stale = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Show arrives before the page's own showEvent, once the page already counts as visible.
        if watched is self._page and event.type() == QEvent.Type.Show and self.stale:
            self.stale = False
            self._reload()
        return False
