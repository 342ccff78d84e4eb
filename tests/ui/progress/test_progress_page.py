"""The Progress page on a real, migrated SQLite store seeded with ten weeks of practice (offscreen Qt)."""

from __future__ import annotations

import csv
import os
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QLabel
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from app.progress_log.charts import FACET_SCALE
from app.settings import SettingsFile
from practice_db.store import PracticeStore
from practice_db.vocabulary import FACET_LABELS
from tests.support.keys import activate, press
from tests.support.practice_weeks import PracticeWorld, seed_practice_weeks
from tests.ui.shell.test_app_shell import open_window
from ui.common.tasks import TaskRunner
from ui.progress.goal_dialog import KIND_LABELS, GoalDialog
from ui.progress.goals import STATE_LABELS
from ui.progress.page import ProgressPage
from ui.shell.context import UiContext


@pytest.fixture
def world(store: PracticeStore) -> PracticeWorld:
    return seed_practice_weeks(store)


def make_page(qtbot: QtBot, store: PracticeStore, paths: DataPaths, today: date) -> ProgressPage:
    ctx = UiContext(
        version="test",
        paths=paths,
        database_url="",
        settings=SettingsFile(paths.settings_file),
        tasks=TaskRunner(),
        open_store=lambda: store,
    )
    page = ProgressPage(ctx)
    page.today = lambda: today
    qtbot.addWidget(page)
    page.resize(1100, 800)
    page.show()
    page.set_store(store)
    page.destroyed.connect(lambda: ctx.tasks.shutdown(wait=True))
    return page


def open_as(qtbot: QtBot, page: ProgressPage, store: PracticeStore, profile_id: int) -> None:
    with qtbot.waitSignal(page.loaded, timeout=15000):
        page.set_profile(store.profiles.get(profile_id))


def keep_shot(widget: object, name: str, tmp_path: Path) -> Path:
    """Grabbed for a look; PRACTICE_ROOM_SCREENSHOTS=docs keeps copies (docs/progress-page.png)."""
    path = tmp_path / name
    assert widget.grab().save(str(path))  # type: ignore[attr-defined]
    if target := os.environ.get("PRACTICE_ROOM_SCREENSHOTS"):
        shutil.copy(path, Path(target) / name)
    return path


def test_supervisor_sees_trainee_facet_averages_as_storage_computes_them(
    qtbot: QtBot, store: PracticeStore, data_paths: DataPaths, world: PracticeWorld, tmp_path: Path
) -> None:
    page = make_page(qtbot, store, data_paths, world.today)
    open_as(qtbot, page, store, world.sam)
    assert page.filters.trainee.isVisible()
    names = [page.filters.trainee.itemText(i) for i in range(page.filters.trainee.count())]
    assert names == ["Dana", "Lee", "Yourself (Sam)"]
    assert page.data is not None and page.data.profile_id == world.dana  # first trainee by default
    period = page.data.period
    assert period.days == 28 and period.end == world.today + timedelta(days=1)  # "last 4 weeks"
    expected = store.progress.facet_averages(world.dana, period)
    for row, average in enumerate(expected):
        assert page.facet_table.cell(row, 0) == FACET_LABELS[average.facet]
        assert average.self_mean is not None and average.supervisor_mean is not None
        assert page.facet_table.cell(row, 1) == f"{average.self_mean:.1f}"  # one decimal
        assert page.facet_table.cell(row, 3) == f"{average.supervisor_mean:.1f}"
        assert page.facet_table.cell(row, 5) == f"{average.self_n} / {average.supervisor_n}"
    totals = store.progress.volume_totals(world.dana, period)
    assert page.summary.values["Attempts"].text() == str(totals.attempts) and totals.attempts > 5
    assert page.calibration.cell(0, 0) == "Total"  # the total leads, then the eight facets
    lead = page.calibration_lead.text()
    assert lead.startswith("Dana rates their overall score")  # spoken about, not to, the trainee
    total = page.data.calibration[0]
    assert (
        f"n = {total.n})" in lead and "95% interval" in lead and page.calibration.cell(0, 1) == str(total.n)
    )
    assert page.calibration.cell(0, 2).startswith(("+", "-", "0.0")) and "(" in page.calibration.cell(0, 2)
    if total.n >= 15:
        assert "Agreement: ICC " in lead and page.calibration.cell(0, 4).count(" to ") == 1
    else:
        assert f"Too few pairs to judge agreement ({total.n} of the 15 needed)." in lead
    assert "0.7" not in page.calibration_card.findChild(QLabel, "cardNote").text()
    with qtbot.waitSignal(page.loaded, timeout=15000):
        page.filters.choose_period("3m")
    assert page.data.period.days == 91
    with qtbot.waitSignal(page.loaded, timeout=15000):
        page.filters.set_custom(world.period.start, world.today)  # the ten seeded weeks
    page.content.setMinimumWidth(1060)
    keep_shot(page.content, "progress-page.png", tmp_path)
    keep_shot(page, "progress-page-window.png", tmp_path)


def test_charts_hold_weekly_self_and_supervisor_series(
    qtbot: QtBot, store: PracticeStore, data_paths: DataPaths, world: PracticeWorld
) -> None:
    page = make_page(qtbot, store, data_paths, world.today)
    open_as(qtbot, page, store, world.dana)
    with qtbot.waitSignal(page.loaded, timeout=15000):
        page.filters.set_custom(world.period.start, world.today)
    assert page.data is not None
    weeks = store.progress.weekly_volume(world.dana, page.data.period)
    assert page.facet_charts.weeks == [w.week_start for w in weeks] and len(weeks) == 10
    empathy = next(
        s for s in store.progress.facet_series(world.dana, page.data.period) if s.facet == "empathy"
    )
    own, supervisor = page.facet_charts.lines("empathy")
    assert (own.label, supervisor.label) == ("Self", "Supervisor")
    assert own.points == tuple((w.week_start, w.mean) for w in empathy.weekly if w.rater_role == "self")
    assert supervisor.points == tuple(
        (w.week_start, w.mean) for w in empathy.weekly if w.rater_role == "supervisor"
    )
    assert len(own.points) == 10 and len(supervisor.points) >= 8
    assert [w.attempts for w in page.volume_chart.weeks] == [w.attempts for w in weeks]
    latency = page.timing_charts.latency_line().points
    assert len(latency) == 10 and latency[0][1] > latency[-1][1]  # replies start sooner (seeded)
    image = page.facet_charts.grab().toImage()
    assert len({image.pixel(x, image.height() // 3) for x in range(0, image.width(), 5)}) > 3
    # Every facet drawn on the same fixed 1-5 axis, however its weekly means spread.
    assert page.facet_charts.scales == [FACET_SCALE] * 8 and FACET_SCALE[:2] == (1.0, 5.0)


def test_clinician_sees_only_their_own_progress_without_a_chooser(
    qtbot: QtBot, store: PracticeStore, data_paths: DataPaths, world: PracticeWorld
) -> None:
    page = make_page(qtbot, store, data_paths, world.today)
    open_as(qtbot, page, store, world.lee)
    assert not page.filters.trainee.isVisible() and not page.filters.trainee_label.isVisible()
    assert page.data is not None and page.data.profile_id == world.lee
    open_as(qtbot, page, store, world.sam)
    assert page.filters.trainee.isVisible()
    page.filters.choose(world.lee)
    qtbot.waitUntil(lambda: page.data is not None and page.data.profile_id == world.lee, timeout=15000)


def test_a_goal_added_through_the_dialog_shows_its_measured_status(
    qtbot: QtBot, store: PracticeStore, data_paths: DataPaths, world: PracticeWorld, tmp_path: Path
) -> None:
    page = make_page(qtbot, store, data_paths, world.today)
    open_as(qtbot, page, store, world.sam)
    goals = page.goals
    assert goals.table.rowCount() == 3
    qtbot.mouseClick(goals.add_button, Qt.MouseButton.LeftButton)
    dialog = goals.dialog
    assert isinstance(dialog, GoalDialog) and dialog.isVisible()
    assert "identify a client" in dialog.findChild(type(dialog.preview), "privacyHint").text()
    assert [dialog.kind.itemData(i) for i in range(dialog.kind.count())] == list(KIND_LABELS)
    dialog.kind.setCurrentIndex(dialog.kind.findData("mean_score"))
    dialog.mean_facet.setCurrentIndex(dialog.mean_facet.findData("all"))
    dialog.min_mean.setValue(3.0)
    dialog.starts.setDate(QDate(2026, 4, 1))
    dialog.note.setPlainText("Overall first; facets later.")
    assert "Overall score averaging 3.0 or more by your supervisor" in dialog.preview.text()
    keep_shot(dialog, "goal-dialog.png", tmp_path)
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: goals.table.rowCount() == 4, timeout=15000)
    statuses = store.goals.statuses(world.dana, world.today)
    new = next(s for s in statuses if s.goal.kind == "mean_score" and s.goal.params["facet"] == "all")
    assert new.goal.set_by_profile_id == world.sam and new.goal.note == "Overall first; facets later."
    row = next(r for r in range(goals.table.rowCount()) if "Overall score" in goals.table.cell(r, 0))
    assert goals.table.cell(row, 1) == STATE_LABELS[new.state]
    assert new.measured is not None and goals.table.cell(row, 2) == f"{new.measured:.1f}"
    assert new.detail in goals.table.cell(row, 0) and new.n > 5
    assert not dialog.isVisible()


def test_a_challenge_level_goal_is_made_from_the_keyboard(
    qtbot: QtBot, store: PracticeStore, data_paths: DataPaths, world: PracticeWorld, tmp_path: Path
) -> None:
    page = make_page(qtbot, store, data_paths, world.today)
    open_as(qtbot, page, store, world.sam)
    goals = page.goals
    goals.add_goal()
    dialog = goals.dialog
    assert isinstance(dialog, GoalDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    activate(qtbot, dialog)
    assert dialog.focusWidget() is dialog.kind
    press(dialog, Qt.Key.Key_End)  # the last kind: reach a level with good-challenge check-ins
    assert dialog.kind_key() == "challenge_level"
    press(dialog, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.presentation
    press(dialog, Qt.Key.Key_Down)  # Any presentation -> the first one
    press(dialog, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.level
    press(dialog, Qt.Key.Key_Down)  # Intermediate -> Advanced
    press(dialog, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.recent
    press(dialog, Qt.Key.Key_Up)  # 3 -> 4 attempts
    preview = dialog.preview.text()
    assert "Reach advanced on hostile / angry clips: 4 good challenges at advanced" in preview
    assert "never counts against" in dialog.challenge_hint.text() and dialog.challenge_hint.isVisible()
    keep_shot(dialog, "goal-dialog-challenge.png", tmp_path)
    press(dialog, Qt.Key.Key_Return)  # Save
    qtbot.waitUntil(lambda: goals.table.rowCount() == 4, timeout=15000)
    new = next(s for s in store.goals.statuses(world.dana, world.today) if s.goal.params.get("level") == 3)
    assert new.goal.kind == "challenge_level" and new.goal.set_by_profile_id == world.sam
    assert new.goal.params == {"presentation": "hostile", "level": 3, "recent": 4}
    row = next(r for r in range(goals.table.rowCount()) if "Reach advanced" in goals.table.cell(r, 0))
    assert goals.table.cell(row, 3) == "4 good" and new.detail in goals.table.cell(row, 0)
    assert not dialog.isVisible()
    qtbot.wait(300)  # the card grows to its new row once the layout has run
    keep_shot(goals, "progress-challenge-goal.png", tmp_path)
    goals.table.selectRow(row)
    goals.edit_goal()  # opened again, it shows what was saved
    again = goals.dialog
    assert again is not None and again is not dialog and again.params() == new.goal.params


def test_storage_refusals_show_in_plain_words(
    qtbot: QtBot, store: PracticeStore, data_paths: DataPaths, world: PracticeWorld
) -> None:
    ana = store.profiles.create("Ana", "supervisor")  # another supervisor: may not change Sam's goal
    page = make_page(qtbot, store, data_paths, world.today)
    open_as(qtbot, page, store, ana.id)
    goals = page.goals
    row = next(r for r, s in enumerate(goals.statuses) if s.goal.kind == "mean_score")
    goals.table.selectRow(row)
    goals.edit_goal()
    dialog = goals.dialog
    assert dialog is not None and not dialog.kind.isEnabled()  # a goal keeps its kind
    dialog.min_mean.setValue(4.0)
    dialog._submit()
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=15000)
    assert dialog.error.text() == "Only the trainee or the supervisor who set a goal can change it."
    assert dialog.isVisible() and dialog.buttons.isEnabled()  # nothing typed is lost
    dialog.reject()
    goals.add_goal()
    fresh = goals.dialog
    assert fresh is not None
    fresh.ends.setDate(fresh.starts.date().addDays(-3))
    fresh._submit()
    qtbot.waitUntil(lambda: fresh.error.isVisible(), timeout=15000)
    assert fresh.error.text() == "A goal's end date must not be before its start date."


def test_removing_a_goal_asks_first(
    qtbot: QtBot, store: PracticeStore, data_paths: DataPaths, world: PracticeWorld
) -> None:
    page = make_page(qtbot, store, data_paths, world.today)
    open_as(qtbot, page, store, world.dana)
    goals = page.goals
    goals.table.selectRow(0)
    goals.delete_goal()
    assert goals.confirm is not None and goals.confirm.isVisible()
    qtbot.mouseClick(goals.confirm.button(goals.confirm.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: goals.table.rowCount() == 2, timeout=15000)
    assert len(store.goals.for_profile(world.dana)) == 2


@pytest.mark.parametrize("fmt", ["md", "pdf", "csv"])
def test_export_with_faked_save_dialog_writes_each_format(
    qtbot: QtBot,
    store: PracticeStore,
    data_paths: DataPaths,
    world: PracticeWorld,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fmt: str,
) -> None:
    target = tmp_path / "out" / "dana-log"  # no suffix typed: the page adds it
    target.parent.mkdir()
    asked: list[str] = []

    def fake_save_dialog(_parent: object, _title: str, suggested: str, _filter: str) -> tuple[str, str]:
        asked.append(suggested)
        return str(target), _filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_save_dialog)
    page = make_page(qtbot, store, data_paths, world.today)
    open_as(qtbot, page, store, world.dana)
    with qtbot.waitSignal(page.export_flow.finished, timeout=30000) as done:  # type: ignore[union-attr]
        qtbot.mouseClick(page.export_buttons[fmt], Qt.MouseButton.LeftButton)
    out = target.with_name(f"dana-log.{fmt}")
    assert done.args == [f"Saved the progress log to {out}."] and page.status.text() == done.args[0]
    assert asked[0].endswith(f"practice-log-dana-{page.data.period.start.isoformat()}-to-2026-05-10.{fmt}")  # type: ignore[union-attr]
    if fmt == "pdf":
        assert out.read_bytes()[:5] == b"%PDF-"
    elif fmt == "md":
        assert out.read_text(encoding="utf-8").startswith("# Practice log: Dana")
    else:
        rows = list(csv.reader(out.open(encoding="utf-8")))
        assert len(rows) > 10
    assert list(out.parent.iterdir()) == [out]  # no temporary file left behind


def test_export_to_an_unwritable_folder_says_so_plainly(
    qtbot: QtBot,
    store: PracticeStore,
    data_paths: DataPaths,
    world: PracticeWorld,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    missing = tmp_path / "no-such-folder" / "log.md"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(missing), ""))
    page = make_page(qtbot, store, data_paths, world.today)
    open_as(qtbot, page, store, world.dana)
    flow = page.export_flow
    assert flow is not None
    qtbot.mouseClick(page.export_buttons["md"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.error_box is not None and flow.error_box.isVisible(), timeout=15000)
    assert flow.error_box is not None
    assert (
        flow.error_box.text() == f"Could not save {missing}: No such file or directory. Nothing was written."
    )
    assert not flow.busy and not missing.exists()


def test_copy_as_text_puts_the_log_on_the_clipboard(
    qtbot: QtBot, store: PracticeStore, data_paths: DataPaths, world: PracticeWorld
) -> None:
    QGuiApplication.clipboard().setText("something else")
    page = make_page(qtbot, store, data_paths, world.today)
    open_as(qtbot, page, store, world.dana)
    with qtbot.waitSignal(page.export_flow.finished, timeout=15000):  # type: ignore[union-attr]
        qtbot.mouseClick(page.export_buttons["copy"], Qt.MouseButton.LeftButton)
    text = QGuiApplication.clipboard().text()
    assert text.startswith("Practice log: Dana\n") and "Empathy" in text and "no recordings" in text
    assert "Copied" in page.status.text()


def test_a_period_without_practice_shows_a_friendly_empty_state(
    qtbot: QtBot, store: PracticeStore, data_paths: DataPaths, world: PracticeWorld
) -> None:
    page = make_page(qtbot, store, data_paths, world.today)
    open_as(qtbot, page, store, world.dana)
    assert not page.empty_state.isVisible() and page.facet_card.isVisible()
    with qtbot.waitSignal(page.loaded, timeout=15000):
        page.filters.set_custom(date(2025, 1, 6), date(2025, 2, 2))
    assert page.empty_state.isVisible() and not page.facet_card.isVisible()
    assert not page.summary.isVisible()
    text = page.empty_text.text()
    assert "No practice was recorded for you from 6 Jan 2025 to 2 Feb 2025" in text
    assert page.goals_card.isVisible()  # goals have their own dates and still show


def test_back_to_front_custom_dates_are_explained_not_loaded(
    qtbot: QtBot, store: PracticeStore, data_paths: DataPaths, world: PracticeWorld
) -> None:
    page = make_page(qtbot, store, data_paths, world.today)
    open_as(qtbot, page, store, world.dana)
    before = page.data
    page.filters.set_custom(date(2026, 4, 10), date(2026, 4, 1))
    assert page.filters.error.text() == "The first day is after the last day."
    qtbot.wait(200)
    assert page.data is before


def test_in_the_main_window_the_page_loads_when_first_shown(qtbot: QtBot, data_paths: DataPaths) -> None:
    window = open_window(qtbot, data_paths)
    page = window.pages["progress"]
    assert isinstance(page, ProgressPage)
    qtbot.waitUntil(lambda: window.store is not None, timeout=15000)
    assert window.store is not None
    me = window.store.profiles.create("Robin", "clinician")
    window.set_profile(me)
    qtbot.wait(300)
    assert page.data is None  # not on screen yet: start-up does not pay for it
    with qtbot.waitSignal(page.loaded, timeout=15000):
        window.show_page("progress")
    assert page.data is not None and page.data.empty and page.load_seconds is not None
    assert not page.filters.trainee.isVisible()


def test_pdf_export_runs_off_the_gui_thread_with_progress_shown(
    qtbot: QtBot,
    store: PracticeStore,
    data_paths: DataPaths,
    world: PracticeWorld,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "log.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(out), ""))
    page = make_page(qtbot, store, data_paths, world.today)
    open_as(qtbot, page, store, world.dana)
    flow = page.export_flow
    assert flow is not None
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    steps: list[str] = []
    flow.progress_signal.step.connect(lambda _d, _t, what: steps.append(what))
    with qtbot.waitSignal(flow.finished, timeout=30000):
        qtbot.mouseClick(page.export_buttons["pdf"], Qt.MouseButton.LeftButton)
        assert flow.busy and flow.progress is not None  # the click returned at once
    timer.stop()
    assert len(ticks) >= 3  # the event loop kept turning while the PDF was written
    assert "Drawing charts" in steps and flow.progress is None and out.read_bytes()[:5] == b"%PDF-"


def test_charts_on_screen_are_drawn_before_the_page_says_loaded(
    qtbot: QtBot, store: PracticeStore, data_paths: DataPaths, world: PracticeWorld
) -> None:
    page = make_page(qtbot, store, data_paths, world.today)
    open_as(qtbot, page, store, world.dana)
    seen: list[tuple[bool, bool]] = []
    page.loaded.connect(lambda: seen.append((page.facet_charts.drawn, page.timing_charts.drawn)))
    with qtbot.waitSignal(page.loaded, timeout=15000):
        page.filters.set_custom(world.period.start, world.today)
    # The facet grid is on screen: drawn with the data before `loaded`. The timing charts are
    # scrolled out of view, so they wait for their first paint.
    assert seen == [(True, False)]
    page.scroller.ensureWidgetVisible(page.timing_charts)
    qtbot.waitUntil(lambda: page.timing_charts.drawn, timeout=5000)
    image = page.facet_charts.grab().toImage()
    assert len({image.pixel(x, image.height() // 3) for x in range(0, image.width(), 5)}) > 3
    # Every facet drawn on the same fixed 1-5 axis, however its weekly means spread.
    assert page.facet_charts.scales == [FACET_SCALE] * 8 and FACET_SCALE[:2] == (1.0, 5.0)
