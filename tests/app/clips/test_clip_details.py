"""Each clip's own details (app layer, no Qt): carried per file at import, edited later for own clips
only, attempts and ratings untouched; duplicates set aside before anyone describes them."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.clips.details import (
    criteria_lines,
    details_of,
    details_problem,
    save_details,
    set_aside_duplicates,
    why_not_editable,
)
from app.clips.importer import ClipImporter
from app.clips.records import ClipDetails, StagedClip
from app.dialog_folders import folder_to_remember, start_folder
from app.paths import DataPaths
from media.playback.media_probe import MediaProber
from practice_db.errors import ValidationError
from practice_db.store import PracticeStore
from tests.app.clips.test_clip_import import prober, write_tone  # noqa: F401  (prober: a fixture)
from tests.support.seeding import add_attempt, at, rate, scores


@pytest.fixture
def importer(data_paths: DataPaths, prober: MediaProber) -> ClipImporter:  # noqa: F811
    return ClipImporter(data_paths, prober)


ANGRY = ClipDetails(
    "Partner on the phone",
    "hostile",
    3,
    "You always take their side!",
    ("rupture_repair",),
    ("Names the anger without defending", "Asks what felt unfair"),
    "It sounds like you felt I sided against you. Tell me more.",
    "Shouting",
)
QUIET = ClipDetails(
    "Teen says nothing",
    "withdrawn",
    1,
    criteria=("Leaves room", "Reflects the silence", "Offers a choice"),
    example_response="We can just sit for a moment.",
    content_note=None,
)


def test_each_file_keeps_its_own_details(
    importer: ClipImporter, store: PracticeStore, tmp_path: Path
) -> None:
    a, b = write_tone(tmp_path / "a.wav", 1.2), write_tone(tmp_path / "b.wav", 1.6)
    outcomes = importer.import_files(store, [(a, ANGRY), (b, QUIET)])
    assert [o.status for o in outcomes] == ["imported", "imported"], [o.message for o in outcomes]
    got = {c.title: c for c in store.clips.list() if c.source == "imported"}
    angry, quiet = got["Partner on the phone"], got["Teen says nothing"]
    assert (angry.presentation, angry.difficulty, quiet.presentation, quiet.difficulty) == (
        "hostile", 3, "withdrawn", 1,
    )  # fmt: skip
    assert angry.criteria == ANGRY.criteria and quiet.criteria == QUIET.criteria
    assert (
        angry.example_response == ANGRY.example_response and quiet.example_response == QUIET.example_response
    )
    assert angry.content_note == "Shouting" and quiet.content_note is None
    assert details_of(angry) == ANGRY


def test_editing_an_own_clip_keeps_its_attempts_and_ratings(
    importer: ClipImporter, store: PracticeStore, tmp_path: Path
) -> None:
    [outcome] = importer.import_files(store, [(write_tone(tmp_path / "a.wav"), ANGRY)])
    assert outcome.clip is not None
    clip_id = outcome.clip.id
    dana = store.profiles.create("Dana", "clinician")
    attempt = add_attempt(store, dana.id, clip_id, at(3))
    rate(store, attempt.id, dana.id, scores(3))
    edited = ClipDetails(
        "Partner, angry on the phone", "confronting", 2, "", (), ("Owns a part",), None, "Raised voices"
    )
    saved = save_details(store, clip_id, edited)
    assert (saved.title, saved.presentation, saved.difficulty) == (
        "Partner, angry on the phone",
        "confronting",
        2,
    )
    assert saved.criteria == ("Owns a part",) and saved.example_response is None
    assert saved.content_note == "Raised voices" and saved.facets == () and saved.statement == ""
    assert saved.media_path == outcome.clip.media_path and saved.content_hash == outcome.clip.content_hash
    [kept] = store.attempts.for_clip(dana.id, clip_id)
    assert kept.id == attempt.id and kept.recording_path == attempt.recording_path
    assert store.ratings.for_attempt(attempt.id)  # the rating is still there


def test_starter_clips_stay_as_written(store: PracticeStore, data_paths: DataPaths) -> None:
    from app.startup.starter_library import install_starter_pack

    install_starter_pack(store, data_paths)
    starter = store.clips.list()[0]
    assert starter.source == "starter"
    reason = why_not_editable(starter)
    assert reason is not None and "comes with Practice Room" in reason
    with pytest.raises(ValidationError, match="comes with Practice Room"):
        save_details(store, starter.id, details_of(starter))
    assert store.clips.get(starter.id) == starter


def test_what_stops_a_save_is_said_plainly() -> None:
    assert details_problem(ANGRY) is None
    assert details_problem(ClipDetails(" ", "hostile", 2)) == "needs a title"
    assert details_problem(ClipDetails("T", "", 2)) is not None
    four = ClipDetails("T", "hostile", 2, criteria=("a", "b", "c", "d"))
    assert details_problem(four) == "has 4 criteria; keep it to 3 at most"
    assert criteria_lines("- Names the feeling\n\n • Owns a part \n") == ("Names the feeling", "Owns a part")


def test_files_already_in_the_library_are_set_aside_before_details(
    importer: ClipImporter, store: PracticeStore, tmp_path: Path
) -> None:
    first = write_tone(tmp_path / "first.wav", 1.0)
    importer.import_files(store, [(first, ANGRY)])
    again = tmp_path / "again.wav"
    again.write_bytes(first.read_bytes())
    new = write_tone(tmp_path / "new.wav", 2.0)
    twin = tmp_path / "new copy.wav"
    twin.write_bytes(new.read_bytes())
    staged = [importer.stage(p) for p in (again, new, twin)]
    assert all(isinstance(s, StagedClip) for s in staged)
    keep, refused = set_aside_duplicates(store, staged)  # type: ignore[arg-type]
    assert [s.source.name for s in keep] == ["new.wav"]
    assert [(o.source.name, o.status) for o in refused] == [
        ("again.wav", "duplicate"),
        ("new copy.wav", "duplicate"),
    ]
    assert "Already in your library as «Partner on the phone»" in refused[0].message
    assert "new.wav" in refused[1].message
    assert [p for p in staged if isinstance(p, StagedClip) and p.staged_path.exists()] == [keep[0]]
    importer.discard(keep[0])


def test_file_dialogs_start_in_the_last_folder_or_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "me"))
    (tmp_path / "me").mkdir()
    assert start_folder(None) == tmp_path / "me"
    assert start_folder(str(tmp_path)) == tmp_path
    assert start_folder(str(tmp_path / "gone")) == tmp_path / "me"  # removed since: home
    assert start_folder("relative/folder") == tmp_path / "me"  # never resolved against the program's folder
    clip = write_tone(tmp_path / "x.wav")
    assert folder_to_remember(clip) == str(tmp_path) and folder_to_remember(tmp_path) == str(tmp_path)
