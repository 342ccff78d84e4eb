"""The outbox: saves made while the server is down are kept on disk and land once when it is back."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.clinic.link import ClinicLink
from app.clinic.outbox import Outbox, registered_kinds
from app.clinic.outbox_kinds import FINISH_TAKE, RATING
from app.paths import DataPaths
from practice_db.clinic_session import is_connection_lost
from practice_db.records import NewClip, RatingInput, TakeFacts
from practice_db.store import PracticeStore
from tests.support.clinic_logins import Login, database_of, make_durable, make_login
from tests.support.pg_cluster import Cluster


@pytest.fixture
def world(
    pg_cluster: Cluster, pg_url: str, data_paths: DataPaths
) -> Iterator[tuple[PracticeStore, Login, int]]:
    admin = PracticeStore.open(pg_url, data_paths.backups)
    clip = admin.clips.add(
        NewClip(
            title="Anger at the start",
            presentation="hostile",
            difficulty=2,
            media_path="clips/a.mp4",
            content_hash="a" * 64,
        )
    )
    admin.close()
    login = make_login(pg_cluster, database_of(pg_url), person="Sam")
    link = ClinicLink.from_url(pg_cluster.url(login.database, login.role), data_paths.home)
    store = link.open_store()
    yield store, login, clip.id
    store.close()


def test_kinds_are_registered_for_other_parts_to_add_to() -> None:
    assert {FINISH_TAKE, RATING} <= registered_kinds()


def test_saves_while_the_server_is_down_land_once_when_it_is_back(
    pg_cluster: Cluster, data_paths: DataPaths, world: tuple[PracticeStore, Login, int]
) -> None:
    store, login, clip_id = world
    assert login.profile_id is not None
    outbox = Outbox.in_data_folder(data_paths.home)
    attempt = store.attempts.begin(login.profile_id, clip_id, None, "recordings/take-1.wav")
    wav = data_paths.recordings / "take-1.wav"
    wav.write_bytes(b"RIFF" + bytes(100))
    facts = TakeFacts(recording_path="recordings/take-1.wav", duration_ms=4200, speaking_ms=3000)
    rating = RatingInput(scores={"empathy": 4}, reaction="good_challenge", note="Kept my voice low")
    make_durable(pg_cluster)
    pg_cluster.stop_server_only()
    try:
        finished = store.attempts.finish(attempt.id, facts)
        assert finished.status == "complete" and finished.duration_ms == 4200  # the page carries on
        saved = store.ratings.save(attempt.id, login.profile_id, rating)
        assert saved.rater_role == "self" and saved.scores["empathy"] == 4
        assert outbox.count() == 2 and wav.exists()
        files = sorted(outbox.folder.glob("*.json"))
        assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
        assert "Kept my voice low" in files[1].read_text()
        still_down = outbox.replay(store, is_connection_lost)
        assert (still_down.sent, still_down.waiting, still_down.reachable) == (0, 2, False)
    finally:
        pg_cluster.start_again()
    kept = [f.read_bytes() for f in sorted(outbox.folder.glob("*.json"))]
    back = outbox.replay(store, is_connection_lost)
    assert (back.sent, back.waiting, back.reachable) == (2, 0, True)
    on_server = store.attempts.get(attempt.id)
    assert on_server.status == "complete" and on_server.duration_ms == 4200 and on_server.speaking_ms == 3000
    ratings = store.ratings.for_attempt(attempt.id)
    assert len(ratings) == 1 and ratings[0].scores["empathy"] == 4 and ratings[0].note == "Kept my voice low"
    # A replay of saves that already landed (a crash before the files were removed) changes nothing.
    for n, data in enumerate(kept):
        (outbox.folder / f"{n:020d}-again.json").write_bytes(data)
    again = outbox.replay(store, is_connection_lost)
    assert (again.sent, again.waiting) == (2, 0)
    assert store.ratings.for_attempt(attempt.id) == ratings
    assert store.attempts.get(attempt.id) == on_server


def test_a_save_the_server_refuses_is_set_aside_not_lost(
    data_paths: DataPaths, world: tuple[PracticeStore, Login, int]
) -> None:
    store, _login, _clip = world
    outbox = Outbox.in_data_folder(data_paths.home)
    outbox.add(RATING, {"attempt_id": 999999, "attempt_uuid": "no-such-attempt", "rater_profile_id": 1})
    result = outbox.replay(store, is_connection_lost)
    assert (result.sent, result.waiting, result.reachable) == (0, 0, True)
    assert [p.name.endswith(".json") for p in (outbox.folder / "not-sent").iterdir()] == [True]


def test_unknown_kind_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="Unknown outbox kind"):
        Outbox(tmp_path).add("no_such_kind", {})


def test_a_newer_save_never_lands_before_an_older_one_still_waiting(
    pg_cluster: Cluster, data_paths: DataPaths, world: tuple[PracticeStore, Login, int]
) -> None:
    store, login, clip_id = world
    assert login.profile_id is not None
    outbox = Outbox.in_data_folder(data_paths.home)
    attempt = store.attempts.begin(login.profile_id, clip_id, None, "recordings/take-2.wav")
    make_durable(pg_cluster)
    pg_cluster.stop_server_only()
    try:
        store.ratings.save(attempt.id, login.profile_id, RatingInput(scores={"hope": 2}, note="first"))
    finally:
        pg_cluster.start_again()
    assert outbox.count() == 1
    # The server is back but the retry hasn't run yet: the older save is sent first, then this one.
    store.ratings.save(attempt.id, login.profile_id, RatingInput(scores={"hope": 4}, note="second"))
    assert outbox.count() == 0
    [rating] = store.ratings.for_attempt(attempt.id)
    assert (rating.scores["hope"], rating.note) == (4, "second")


def test_another_part_can_add_a_kind_of_save(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """E.g. uploading a recording: its part registers a handler; the outbox keeps and replays it."""
    from app.clinic import outbox as outbox_module

    monkeypatch.setattr(outbox_module, "_KINDS", dict(outbox_module._KINDS))
    sent: list[dict[str, object]] = []
    outbox_module.register_kind("upload_recording", lambda _store, payload: sent.append(payload))
    box = Outbox(tmp_path / "outbox")
    box.add("upload_recording", {"attempt_uuid": "u-1", "path": "recordings/t.wav"})
    result = box.replay(None, is_connection_lost)  # type: ignore[arg-type]  # the handler needs no store
    assert (result.sent, result.waiting) == (1, 0)
    assert sent == [{"attempt_uuid": "u-1", "path": "recordings/t.wav"}]
