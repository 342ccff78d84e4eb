"""Remote supervision from the File menu: real windows on real data folders, real bundles, offscreen Qt.

A native file dialog cannot be driven offscreen, so tests whose names say "fake_file_dialog" replace
QFileDialog's static getSaveFileName/getOpenFileName with one that returns a path in tmp. Everything
else is real: the menu actions, the dialogs, the workers, the zip files and both databases.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from app.paths import DataPaths
from app.settings import SettingsFile
from practice_db import models
from practice_db.records import RatingInput, TakeFacts
from practice_db.store import PracticeStore
from practice_db.timeutil import utcnow
from tests.support.bundle_world import (
    World,
    listing,
    members,
    open_world,
    own_clip,
    record_attempt,
    repack,
    row_counts,
)
from tests.support.bundle_world import write_take as write_wav
from tests.ui.shell.test_app_shell import open_window
from ui.bundles.dialogs import REVIEW_PRIVACY
from ui.bundles.flow import BundleFlow
from ui.library.page import LibraryPage
from ui.shell.main_window import MainWindow


@dataclass
class Computer:
    paths: DataPaths
    profile_uuid: str
    attempt_ids: list[int]  # recent, not yet reviewed
    old_id: int | None = None  # recorded two months ago
    reviewed_id: int | None = None  # already rated by a supervisor on this computer


def take(world: World, profile_id: int, clip_id: int, seed: int, seconds: float, rate: int = 16000) -> int:
    """A finished attempt with a real WAV of that length."""
    attempt = world.store.attempts.begin(profile_id, clip_id, None, "pending")
    relative = f"recordings/{attempt.uuid}.wav"
    write_wav(world.paths.home / relative, seconds=seconds, rate=rate, seed=seed)
    world.store.attempts.finish(attempt.id, TakeFacts(relative, int(seconds * 1000), response_latency_ms=800))
    return attempt.id


def prepare(
    root: Path,
    template_db: Path,
    name: str,
    role: str,
    attempts: int = 0,
    own: bool = False,
    long_s: float = 0,
    history: bool = False,
) -> Computer:
    """A data folder with one profile (chosen at start-up) and some finished attempts with real WAVs."""
    world = open_world(root, template_db)
    profile = world.store.profiles.create(name, role)
    clips = [c.id for c in world.store.clips.list(sort="title")[:attempts]]
    if own:
        clips.append(own_clip(world, "Quiet client, own recording"))
    ids = [take(world, profile.id, clip, seed=i, seconds=2 + 1.5 * i) for i, clip in enumerate(clips)]
    if long_s:  # one long take, so copying it takes several chunks (for cancelling)
        ids.append(take(world, profile.id, clips[0], seed=3, seconds=long_s, rate=48000))
    computer = Computer(world.paths, profile.uuid, ids)
    if history:
        computer.old_id = take(world, profile.id, clips[0], seed=6, seconds=3)
        with Session(world.store.engine) as s:  # as if recorded two months ago
            row = s.get(models.Attempt, computer.old_id)
            assert row is not None
            row.started_at = utcnow() - timedelta(days=60)
            s.commit()
        computer.reviewed_id = take(world, profile.id, clips[0], seed=7, seconds=4)
        local_supervisor = world.store.profiles.create("Ruth on this computer", "supervisor")
        world.store.ratings.save(computer.reviewed_id, local_supervisor.id, RatingInput(scores={"hope": 3}))
    world.close()
    settings = SettingsFile(world.paths.settings_file)
    settings.update(last_profile_uuid=profile.uuid)
    settings.flush()
    return computer


def ready_window(qtbot: QtBot, computer: Computer) -> tuple[MainWindow, BundleFlow]:
    window = open_window(qtbot, computer.paths)
    flow = window.bundle_flow
    assert flow is not None
    qtbot.waitUntil(lambda: flow.store is not None and flow.profile is not None, timeout=20000)
    assert window.profile is not None and window.profile.uuid == computer.profile_uuid
    return window, flow


def fake_file_dialogs(
    monkeypatch: pytest.MonkeyPatch, save: Path | None = None, open_: Path | None = None
) -> None:
    def answer(path: Path | None) -> object:
        return lambda *args, **kwargs: (str(path) if path else "", "")

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer(save))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", answer(open_))


def message(qtbot: QtBot, flow: BundleFlow, timeout: int = 30000) -> QMessageBox:
    qtbot.waitUntil(lambda: flow.message_box is not None and flow.message_box.isVisible(), timeout=timeout)
    box = flow.message_box
    assert box is not None
    assert not flow.busy and flow.job is None
    return box


def close(box: QMessageBox, flow: BundleFlow) -> str:
    text = box.text()
    assert "Traceback" not in text and "Error:" not in text
    box.close()
    flow.message_box = None
    return text


def save_shot(widget: object, name: str, tmp_path: Path) -> Path:
    """Grabbed for a look; PRACTICE_ROOM_SCREENSHOTS=<dir> keeps copies (docs/bundle-export.png)."""
    path = tmp_path / name
    assert widget.grab().save(str(path))  # type: ignore[attr-defined]
    if target := os.environ.get("PRACTICE_ROOM_SCREENSHOTS"):
        shutil.copy(path, Path(target) / name)
    return path


@pytest.fixture
def trainee(tmp_path: Path, template_db: Path) -> Computer:
    return prepare(tmp_path / "A", template_db, "Dana Lee", "clinician", attempts=2, own=True, history=True)


@pytest.fixture
def supervisor(tmp_path: Path, template_db: Path) -> Computer:
    return prepare(tmp_path / "B", template_db, "Sam Okafor", "supervisor")


@pytest.fixture
def review_bundle(tmp_path: Path, template_db: Path) -> Iterator[Path]:
    """A real review bundle written by the core from a third computer (no window needed)."""
    from app.bundles.export import export_review_bundle

    world = open_world(tmp_path / "C", template_db)
    kim = world.store.profiles.create("Kim Ito", "clinician").id
    clip = world.store.clips.list(sort="title")[0].id
    ids = [record_attempt(world, kim, clip, seed=s) for s in range(2)]
    bundle = tmp_path / "kim.prbundle"
    export_review_bundle(world.store, world.paths, kim, ids, bundle)
    world.close()
    yield bundle


def test_round_trip_through_all_four_menu_entries_with_fake_file_dialog(
    qtbot: QtBot, trainee: Computer, supervisor: Computer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 1. Trainee: send attempts for review.
    window_a, flow_a = ready_window(qtbot, trainee)
    assert flow_a.actions["send_review"].isEnabled() and not flow_a.actions["open_review"].isVisible()
    bundle = tmp_path / "out" / "for Sam"
    bundle.parent.mkdir()
    fake_file_dialogs(monkeypatch, save=bundle)
    flow_a.actions["send_review"].trigger()
    qtbot.waitUntil(lambda: flow_a.send_dialog is not None and flow_a.send_dialog.isVisible(), timeout=10000)
    dialog = flow_a.send_dialog
    assert dialog is not None
    assert dialog.table.rowCount() == 5
    assert REVIEW_PRIVACY in [w.text() for w in dialog.findChildren(type(dialog.size_label))]
    # Preselected: the recent ones no supervisor has rated (not the old one, not the reviewed one).
    assert sorted(dialog.chosen_ids()) == sorted(trainee.attempt_ids)
    qtbot.waitUntil(
        lambda: dialog.estimated_size is not None and dialog.save_button.isEnabled(), timeout=10000
    )
    assert dialog.size_label.text().startswith("3 attempts chosen · about")
    dialog.resize(720, 560)
    save_shot(dialog, "bundle-export.png", tmp_path)
    three = dialog.estimated_size
    assert three is not None

    row = [a.attempt_id for a in dialog.attempts].index(trainee.attempt_ids[0])
    dialog.table.item(row, 0).setCheckState(Qt.CheckState.Unchecked)  # type: ignore[union-attr]
    qtbot.waitUntil(
        lambda: dialog.estimated_size is not None and dialog.estimated_size < three, timeout=10000
    )
    two = dialog.estimated_size
    dialog.include_media.setChecked(True)  # the exercise clips make it larger
    qtbot.waitUntil(lambda: dialog.estimated_size is not None and dialog.estimated_size > two, timeout=10000)
    dialog.include_media.setChecked(False)
    dialog.since.setDate(dialog.since.date().addDays(-60))  # reach back to the old attempt
    qtbot.mouseClick(dialog.select_since, Qt.MouseButton.LeftButton)
    assert trainee.old_id is not None and trainee.reviewed_id is not None
    assert sorted(dialog.chosen_ids()) == sorted([*trainee.attempt_ids, trainee.old_id])
    qtbot.waitUntil(
        lambda: dialog.estimated_size is not None and dialog.estimated_size > three, timeout=10000
    )
    four = dialog.estimated_size
    assert four is not None
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    text = close(message(qtbot, flow_a), flow_a)
    written = bundle.with_name("for Sam.prbundle")  # the extension is added when the user leaves it off
    assert text.startswith("Saved for Sam.prbundle") and written.is_file()
    # the estimate shown was honest: an upper bound, not far above (takes are compressed on the way)
    assert four * 0.6 < written.stat().st_size <= four
    assert len([m for m in members(written) if m.startswith("recordings/")]) == 4
    assert flow_a.chooser().last_folder == written.parent
    window_a.close()

    # 2. Supervisor: open the review bundle; the attempts join the review queue.
    window_b, flow_b = ready_window(qtbot, supervisor)
    mine, theirs = ("open_review", "send_feedback"), ("send_review", "import_feedback")
    assert all(flow_b.actions[k].isVisible() and flow_b.actions[k].isEnabled() for k in mine)
    assert not any(flow_b.actions[k].isVisible() for k in theirs)  # a supervisor's menu has no trainee items
    fake_file_dialogs(monkeypatch, open_=written)
    with qtbot.waitSignal(window_b.bundles_imported, timeout=30000):
        flow_b.actions["open_review"].trigger()
    text = close(message(qtbot, flow_b), flow_b)
    assert text == "Added 4 attempts by Dana Lee to the review queue."
    store_b = window_b.store
    assert store_b is not None
    queue = store_b.transfer.awaiting_review()
    assert len(queue) == 4 and {q.trainee_name for q in queue} == {"Dana Lee"}

    # The own clip came without its media file: the Library says so instead of failing.
    library = window_b.pages["library"]
    assert isinstance(library, LibraryPage)
    library.search.setText("I don't really know why I'm here")
    qtbot.waitUntil(lambda: library.model.rowCount() == 1, timeout=10000)
    library.table.selectRow(0)
    assert library.model.clips[0].media_path == ""
    assert "(statement only; no clip file)" in library.details.text()

    # 3. Supervisor: rate one attempt, send the feedback back.
    dana_b = next(p for p in store_b.profiles.list() if p.name == "Dana Lee")
    sam_b = next(p for p in store_b.profiles.list() if p.name == "Sam Okafor")
    rated = queue[0].attempt_id
    store_b.ratings.save(rated, sam_b.id, RatingInput(scores={"empathy": 4}, went_well="Calm, warm opening"))
    feedback = tmp_path / "out" / "feedback.prbundle"
    fake_file_dialogs(monkeypatch, save=feedback)
    flow_b.actions["send_feedback"].trigger()
    qtbot.waitUntil(
        lambda: flow_b.trainee_dialog is not None and flow_b.trainee_dialog.isVisible(), timeout=10000
    )
    chooser = flow_b.trainee_dialog
    assert chooser is not None and chooser.list.count() == 1
    assert chooser.list.item(0).text().startswith("Dana Lee — 1 attempt rated")
    assert chooser.chosen() is not None and chooser.chosen().profile_id == dana_b.id  # type: ignore[union-attr]
    qtbot.mouseClick(chooser.save_button, Qt.MouseButton.LeftButton)
    text = close(message(qtbot, flow_b), flow_b)
    assert text.startswith("Saved feedback.prbundle") and "1 rating and 0 comments" in text
    window_b.close()

    # 4. Trainee: import the feedback; the rating is on the attempt.
    window_a, flow_a = ready_window(qtbot, trainee)
    fake_file_dialogs(monkeypatch, open_=feedback)
    with qtbot.waitSignal(window_a.bundles_imported, timeout=30000):
        flow_a.actions["import_feedback"].trigger()
    text = close(message(qtbot, flow_a), flow_a)
    assert text.startswith("Feedback from Sam Okafor: 1 new rating")
    store_a = window_a.store
    assert store_a is not None
    got = [
        r for a in trainee.attempt_ids for r in store_a.ratings.for_attempt(a) if r.rater_role == "supervisor"
    ]
    assert len(got) == 1 and got[0].went_well == "Calm, warm opening"

    # Importing it again changes nothing and does not ask the lists to reload.
    with qtbot.assertNotEmitted(window_a.bundles_imported, wait=200):
        flow_a.actions["import_feedback"].trigger()
        text = close(message(qtbot, flow_a), flow_a)
    assert text.startswith("Nothing changed")


@pytest.mark.parametrize("kind", ["garbage", "escaping_name"])
def test_bad_bundle_is_refused_plainly_and_changes_nothing_with_fake_file_dialog(
    qtbot: QtBot,
    supervisor: Computer,
    review_bundle: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
) -> None:
    bad = tmp_path / f"{kind}.prbundle"
    if kind == "garbage":
        bad.write_bytes(os.urandom(4096))
        expected = "This file is not a Practice Room bundle (it is not a zip archive)."
    else:
        items = members(review_bundle)
        name = next(n for n in items if n.startswith("recordings/"))
        items["../" + name] = items.pop(name)  # tries to write outside the data folder
        repack(bad, items)
        expected = "This bundle tries to write outside its folder"
    window, flow = ready_window(qtbot, supervisor)
    assert window.store is not None
    qtbot.waitUntil(lambda: window.ctx.tasks.pending == 0, timeout=10000)
    before_rows, before_files = row_counts(window.store), listing(supervisor.paths)
    fake_file_dialogs(monkeypatch, open_=bad)
    with qtbot.assertNotEmitted(window.bundles_imported, wait=100):
        flow.actions["open_review"].trigger()
        box = message(qtbot, flow)
    assert box.icon() == QMessageBox.Icon.Warning and box.windowTitle() == "Open a review bundle"
    assert close(box, flow).startswith(expected)
    assert row_counts(window.store) == before_rows and data_files(supervisor) == data_files(before_files)


def test_cancel_export_leaves_no_file_with_fake_file_dialog(
    qtbot: QtBot, tmp_path: Path, template_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    computer = prepare(tmp_path / "A", template_db, "Dana Lee", "clinician", attempts=1, long_s=40)
    window, flow = ready_window(qtbot, computer)
    target = tmp_path / "out.prbundle"
    fake_file_dialogs(monkeypatch, save=target)
    flow.actions["send_review"].trigger()
    qtbot.waitUntil(lambda: flow.send_dialog is not None and flow.send_dialog.isVisible(), timeout=10000)
    dialog = flow.send_dialog
    assert dialog is not None
    qtbot.waitUntil(
        lambda: dialog.save_button.isEnabled() and " KB</b>" in dialog.size_label.text(), timeout=10000
    )
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert flow.busy and flow.job is not None
    flow.job.progress.findChild(QPushButton).click()  # Cancel, while the 40 s take is still being compressed
    box = message(qtbot, flow)
    assert close(box, flow) == "Export cancelled; no bundle was written."
    assert not target.exists() and not list(tmp_path.glob("*.part"))
    window.close()


def data_files(computer: Computer | list[tuple[str, int]]) -> list[tuple[str, int]]:
    """The data folder's files but settings.json, which remembers the folder a bundle came from."""
    found = listing(computer.paths) if isinstance(computer, Computer) else computer
    return [f for f in found if f[0] != "settings.json"]


def big_review_bundle(tmp_path: Path, template_db: Path) -> Path:
    from app.bundles.export import export_review_bundle

    source = prepare(tmp_path / "A", template_db, "Dana Lee", "clinician", attempts=1, long_s=40)
    store = PracticeStore.open(f"sqlite:///{source.paths.database}", source.paths.backups)
    bundle = tmp_path / "big.prbundle"
    dana = store.profiles.by_uuid(source.profile_uuid)
    assert dana is not None
    export_review_bundle(store, source.paths, dana.id, source.attempt_ids, bundle)
    store.close()
    return bundle


def test_cancel_import_changes_nothing_with_fake_file_dialog(
    qtbot: QtBot, tmp_path: Path, template_db: Path, supervisor: Computer, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = big_review_bundle(tmp_path, template_db)
    window, flow = ready_window(qtbot, supervisor)
    assert window.store is not None
    qtbot.waitUntil(lambda: window.ctx.tasks.pending == 0, timeout=10000)
    before_rows, before_files = row_counts(window.store), listing(supervisor.paths)
    fake_file_dialogs(monkeypatch, open_=bundle)
    flow.actions["open_review"].trigger()
    assert flow.busy and flow.job is not None
    flow.job.progress.findChild(QPushButton).click()
    assert close(message(qtbot, flow), flow) == "Import cancelled; nothing was changed."
    assert row_counts(window.store) == before_rows and data_files(supervisor) == data_files(before_files)


def test_closing_the_window_stops_an_import_with_fake_file_dialog(
    qtbot: QtBot, tmp_path: Path, template_db: Path, supervisor: Computer, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = big_review_bundle(tmp_path, template_db)
    window, flow = ready_window(qtbot, supervisor)
    assert window.store is not None
    qtbot.waitUntil(lambda: window.ctx.tasks.pending == 0, timeout=10000)
    before_rows, before_files = row_counts(window.store), listing(supervisor.paths)
    fake_file_dialogs(monkeypatch, open_=bundle)
    flow.actions["open_review"].trigger()
    job = flow.job
    assert flow.busy and job is not None
    window.close()  # waits for the database worker, which stops at its next chunk
    assert job.cancel_event.is_set() and not window.isVisible()
    qtbot.waitUntil(lambda: not flow.busy, timeout=10000)
    assert flow.message_box is None  # nothing pops up over a closed window
    store = PracticeStore.open(f"sqlite:///{supervisor.paths.database}", supervisor.paths.backups)
    try:
        assert row_counts(store) == before_rows
    finally:
        store.close()
    # Closing saves the window's size in settings.json; nothing else in the data folder changes.
    unchanged = [entry for entry in before_files if entry[0] != "settings.json"]
    assert [entry for entry in listing(supervisor.paths) if entry[0] != "settings.json"] == unchanged


def test_roles_and_empty_cases_are_explained(qtbot: QtBot, tmp_path: Path, template_db: Path) -> None:
    computer = prepare(tmp_path / "A", template_db, "New Trainee", "clinician")
    window, flow = ready_window(qtbot, computer)
    flow.actions["send_review"].trigger()  # nothing recorded yet
    box = message(qtbot, flow)
    assert box.windowTitle() == "Nothing to send yet" and "New Trainee has no finished attempts" in close(
        box, flow
    )
    flow.open_review_bundle()  # hidden from a clinician's menu; called anyway, it explains
    box = message(qtbot, flow)
    assert box.windowTitle() == "Supervisor profile needed"
    close(box, flow)
    assert window.store is not None
    boss = window.store.profiles.create("Sam Okafor", "supervisor")
    window.set_profile(boss)
    assert flow.actions["open_review"].isVisible() and flow.actions["send_feedback"].isVisible()
    assert not flow.actions["send_review"].isVisible() and not flow.actions["import_feedback"].isVisible()
    flow.actions["send_feedback"].trigger()  # has rated nobody yet
    box = message(qtbot, flow)
    assert box.windowTitle() == "No feedback to send yet"
    close(box, flow)
    assert flow.send_dialog is None and flow.trainee_dialog is None


def test_the_bundle_menus_need_no_bundle_code_until_a_bundle_is_used() -> None:
    # The window builds its File menu from BundleWorkflow at start-up; jsonschema and the zip
    # checks must wait until a bundle is sent or opened.
    code = (
        "import sys; from app.bundles.workflow import BundleWorkflow; "
        "print(BundleWorkflow.suffix, 'jsonschema' in sys.modules, 'app.bundles.safe_zip' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == [".prbundle", "False", "False"]
