"""A take with no voice in it (a muted microphone, only room noise) is stored and shown as "no
voice heard": no latency, no pause count (not "0 pauses"), and it stays out of the weekly medians."""

from __future__ import annotations

import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from media.recording.recorder import TakeResult
from practice_db.store import PracticeStore
from tests.support.fakemic import synthesize
from tests.support.seeding import add_clip
from ui.progress.data import preset_period, weekly_timings
from ui.rehearse.session_summary import BEGAN_COLUMN, HEADERS, NO_SPEECH, NO_SPEECH_TIP, SessionSummary
from ui.rehearse.take_workers import store_take


def _take(path: Path, seconds: float) -> TakeResult:
    return TakeResult(path, int(seconds * 48_000), 48_000, seconds, 0, 5.0, "stopped", None, 0.2)


def test_silent_take_is_no_speech_everywhere(
    store: PracticeStore, data_paths: DataPaths, qtbot: QtBot
) -> None:
    recordings = data_paths.home / "recordings"
    recordings.mkdir(exist_ok=True)
    noise = recordings / "noise.wav"
    subprocess.run(["sox", "-n", "-r", "48000", "-c", "1", "-b", "16", str(noise), "synth", "6", "pinknoise",
                    "tremolo", "0.7", "90"], check=True)  # fmt: skip
    said = synthesize("I hear you.", recordings / "said.wav")
    spoken = recordings / "spoken.wav"  # 1.0 s | words | 1.5 s pause | words | 0.5 s
    subprocess.run(["sox", str(said), str(recordings / "a.wav"), "pad", "1.0", "1.5"], check=True)
    subprocess.run(["sox", str(recordings / "a.wav"), str(said), str(spoken), "pad", "0", "0.5"], check=True)

    me = store.profiles.create("Sam", "clinician")
    clip = add_clip(store, "Clip 1", "hostile", 2)
    session = store.attempts.start_session(me.id)
    stored = []
    for path in (noise, spoken):
        begun = store.attempts.begin(me.id, clip, session.id, f"recordings/{path.name}")
        stored.append(store_take(store, data_paths.home, begun.id, _take(path, 6.0)))
    silent, reply = stored
    assert silent.no_speech and silent.speaking_ms == 0
    assert silent.response_latency_ms is None and silent.pause_count is None and silent.pause_total_ms is None
    assert not reply.no_speech and reply.pause_count == 1
    assert reply.response_latency_ms is not None and abs(reply.response_latency_ms - 800) < 80

    summary = SessionSummary()
    qtbot.addWidget(summary)
    summary.resize(1100, 400)
    summary.show_entries(store.attempts.session_entries(session.id))
    pauses_column = HEADERS.index("Pauses")
    first_began = summary.table.item(0, BEGAN_COLUMN)
    assert (
        first_began is not None and first_began.text() == NO_SPEECH and first_began.toolTip() == NO_SPEECH_TIP
    )
    assert summary.table.item(0, pauses_column).text() == "–"  # type: ignore[union-attr]
    second_began = summary.table.item(1, BEGAN_COLUMN)
    assert second_began is not None and second_began.text() == "0.8 s" and second_began.toolTip() == ""
    assert summary.table.item(1, pauses_column).text().startswith("1 (1.")  # type: ignore[union-attr]
    summary.show()
    summary.grab().save("/tmp/timing-summary.png")

    today = datetime.now(UTC).date()
    period = preset_period("4w", today, UTC)
    board = store.progress.dashboard(me.id, period, goals_as_of=today)
    (week,) = weekly_timings(board.timings, period)
    assert week.n == 2
    assert week.pauses == 1.0  # the silent take is not "0 pauses"
    assert week.latency_s == pytest.approx(0.8, abs=0.08)
