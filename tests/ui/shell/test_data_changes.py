"""StaleWatch on a real (offscreen) widget: only its topics count; on screen it reloads at once,
hidden it reloads once, when next shown."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from ui.shell.data_changes import ATTEMPTS, CLIPS, RATINGS, DataChanges, StaleWatch


def test_a_page_reloads_for_its_topics_now_if_visible_else_once_when_shown(qtbot: QtBot) -> None:
    changes = DataChanges()
    page = QWidget()
    qtbot.addWidget(page)
    reloads: list[str] = []
    watch = StaleWatch(page, changes, (ATTEMPTS, RATINGS), lambda: reloads.append("reload"))

    changes.announce(CLIPS)  # not a topic this page shows
    changes.announce(ATTEMPTS)  # hidden: only marked
    changes.announce(RATINGS, CLIPS)
    assert reloads == [] and watch.stale

    page.show()
    qtbot.waitExposed(page)
    assert reloads == ["reload"] and not watch.stale  # two changes, one reload

    changes.announce(CLIPS)
    assert reloads == ["reload"]
    changes.announce(RATINGS)  # on screen: at once
    assert reloads == ["reload", "reload"] and not watch.stale

    page.hide()
    page.show()  # shown again with nothing new: no reload
    assert reloads == ["reload", "reload"]


def test_a_destroyed_page_stops_listening(qtbot: QtBot) -> None:
    changes = DataChanges()
    page = QWidget()
    reloads: list[int] = []
    StaleWatch(page, changes, (ATTEMPTS,), lambda: reloads.append(1))
    page.show()
    changes.announce(ATTEMPTS)
    assert reloads == [1]
    with qtbot.waitSignal(page.destroyed, timeout=2000):
        page.deleteLater()
    changes.announce(ATTEMPTS)  # the watch went with its page: no call into a deleted widget
    assert reloads == [1]
