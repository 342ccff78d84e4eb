"""The assessment set is installed at start-up but the Library, its search and its level filter
never show its clips (real window, real start-up, offscreen Qt)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from app.startup.assessment_set import load_manifest
from tests.ui.library.test_library_import import STARTER, library, save_shot


def test_library_never_shows_assessment_clips(qtbot: QtBot, data_paths: DataPaths, tmp_path: Path) -> None:
    window, page = library(qtbot, data_paths)  # waits for exactly the starter pack's rows
    store = window.store
    assert store is not None
    sets = store.assessment_sets.list()
    assert len(sets) == 1 and sets[0].builtin and len(sets[0].clip_ids) == 13  # installed at start-up
    assessment_titles = {c["title"] for c in load_manifest()["clips"]}
    assert not {c.title for c in page.model.clips} & assessment_titles
    assert all(not c.assessment_only for c in page.model.clips)
    page.search.setText("custody hearing")  # words only an assessment clip says
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=5000)
    page.search.setText("")
    qtbot.waitUntil(lambda: page.model.rowCount() == STARTER, timeout=5000)
    assert store.clips.count() == STARTER and store.clips.count(include_assessment=True) == STARTER + 13
    save_shot(page, "acontent-library.png", Path("/tmp"))
