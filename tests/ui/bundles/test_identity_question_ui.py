""" "Is this the same Dr Lee?" in the real window, answered from the keyboard: asked once when
feedback comes from a namesake with another id, nothing changes until it is answered, Esc
imports nothing, Alt+Y links the ids (one Dr Lee), Alt+N keeps a second, told-apart profile.

The file dialog can't be driven offscreen (tests named "fake_file_dialog" replace it, as in
test_bundle_ui.py); everything else is real: window, workers, bundles, both databases."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.bundles.export import export_feedback_bundle, export_review_bundle
from app.bundles.import_review import import_review_bundle
from app.settings import SettingsFile
from practice_db.records import RatingInput
from tests.support.bundle_world import open_world, own_clip, record_attempt, row_counts
from tests.support.keys import activate, press, type_text
from tests.ui.bundles.test_bundle_ui import close, fake_file_dialogs, message, ready_window, save_shot
from ui.bundles.identity_question import IdentityQuestionDialog

Computer = __import__("tests.ui.bundles.test_bundle_ui", fromlist=["Computer"]).Computer


@dataclass
class Setup:
    dana: Computer
    local_lee_id: int
    feedback: list[Path]  # from Dr Lee at home (another id), two bundles
    other_feedback: Path  # from a different Dr Lee


def _feedback(root: Path, template_db: Path, review: Path, name: str, attempts: int, tmp: Path) -> list[Path]:
    world = open_world(root, template_db, starter=False)
    lee = world.store.profiles.create("Dr Lee", "supervisor")
    import_review_bundle(world.store, world.paths, review, identities=None)
    dana = world.store.profiles.list()[0]
    assert dana.name == "Dana Lee"
    out = []
    for i, attempt in enumerate(world.store.attempts.for_profile(dana.id)[:attempts]):
        world.store.ratings.save(
            attempt.id, lee.id, RatingInput(scores={"empathy": 4}, corrective_point=f"Point {name}{i}")
        )
        bundle = tmp / f"{name}-{i}.prbundle"
        export_feedback_bundle(world.store, lee.id, dana.id, bundle)
        out.append(bundle)
    world.close()
    return out


@pytest.fixture
def setup(tmp_path: Path, template_db: Path) -> Setup:
    world = open_world(tmp_path / "A", template_db, starter=False)
    dana = world.store.profiles.create("Dana Lee", "clinician")
    lee = world.store.profiles.create("Dr Lee", "supervisor")  # once rated on Dana's computer
    clip = own_clip(world)
    ids = [record_attempt(world, dana.id, clip, seed=i) for i in range(2)]
    review = tmp_path / "review.prbundle"
    export_review_bundle(world.store, world.paths, dana.id, ids, review)
    world.close()
    settings = SettingsFile(world.paths.settings_file)
    settings.update(last_profile_uuid=dana.uuid)
    settings.flush()
    home = _feedback(tmp_path / "B", template_db, review, "home", 2, tmp_path)
    other = _feedback(tmp_path / "C", template_db, review, "other", 1, tmp_path)[0]
    return Setup(Computer(world.paths, dana.uuid, ids), lee.id, home, other)


def _question(qtbot: QtBot, flow: object) -> IdentityQuestionDialog:
    qtbot.waitUntil(
        lambda: flow.identity_dialog is not None and flow.identity_dialog.isVisible(),  # type: ignore[attr-defined]
        timeout=30000,
    )
    dialog = flow.identity_dialog  # type: ignore[attr-defined]
    assert isinstance(dialog, IdentityQuestionDialog)
    activate(qtbot, dialog)
    return dialog


def test_same_dr_lee_is_asked_once_by_keys_with_fake_file_dialog(
    qtbot: QtBot, setup: Setup, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window, flow = ready_window(qtbot, setup.dana)
    store = window.store
    assert store is not None
    before = row_counts(store)

    # Esc: nothing is imported, and nothing changed while the question was open
    fake_file_dialogs(monkeypatch, open_=setup.feedback[0])
    flow.actions["import_feedback"].trigger()
    dialog = _question(qtbot, flow)
    assert row_counts(store) == before
    press(dialog, Qt.Key.Key_Escape)
    assert close(message(qtbot, flow), flow) == "Nothing was imported."
    assert row_counts(store) == before

    # asked again (nothing was kept): Alt+Y, the same person
    flow.actions["import_feedback"].trigger()
    dialog = _question(qtbot, flow)
    assert dialog.findChild(type(dialog.error), "identityQuestionText").text() == "Is this the same Dr Lee?"
    dialog.resize(560, dialog.sizeHint().height())
    shot = save_shot(dialog, "identity-question.png", tmp_path)
    assert shot.stat().st_size > 1000
    with qtbot.waitSignal(window.bundles_imported, timeout=30000):
        press(dialog, Qt.Key.Key_Y, Qt.KeyboardModifier.AltModifier)
    text = close(message(qtbot, flow), flow)
    assert text.startswith("Feedback from Dr Lee: 1 new rating") and "(2)" not in text
    assert [p.name for p in store.profiles.list()] == ["Dana Lee", "Dr Lee"]

    # the second bundle from the same Dr Lee: no question
    fake_file_dialogs(monkeypatch, open_=setup.feedback[1])
    with qtbot.waitSignal(window.bundles_imported, timeout=30000):
        flow.actions["import_feedback"].trigger()
    assert close(message(qtbot, flow), flow).startswith("Feedback from Dr Lee: 1 new rating")
    assert flow.identity_dialog is None or not flow.identity_dialog.isVisible()
    dana = store.profiles.by_uuid(setup.dana.profile_uuid)
    assert dana is not None
    rated = [a for a in store.attempts.for_profile(dana.id) if store.ratings.for_attempt(a.id)]
    assert {r.rater_profile_id for a in rated for r in store.ratings.for_attempt(a.id)} == {
        setup.local_lee_id
    }

    # a different Dr Lee: Alt+N with a name typed over the suggestion
    fake_file_dialogs(monkeypatch, open_=setup.other_feedback)
    flow.actions["import_feedback"].trigger()
    dialog = _question(qtbot, flow)
    assert dialog.other_name.text() == "Dr Lee (Dana Lee's supervisor)"
    press(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # to the name field, text selected
    qtbot.waitUntil(dialog.other_name.hasFocus, timeout=5000)
    press(dialog, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(dialog, "Dr Lee")  # the same name as the one here: refused plainly
    press(dialog, Qt.Key.Key_Return)
    assert "tells them apart" in dialog.error.text() and dialog.isVisible()
    type_text(dialog, " (Leeds)")
    with qtbot.waitSignal(window.bundles_imported, timeout=30000):
        press(dialog, Qt.Key.Key_Return)
    assert "Dr Lee (Leeds)" in close(message(qtbot, flow), flow)
    assert [p.name for p in store.profiles.list()] == ["Dana Lee", "Dr Lee", "Dr Lee (Leeds)"]
    window.close()
