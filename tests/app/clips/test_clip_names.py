"""File names as users bring them, imported through the real importer into a real store:
decomposed (macOS) letters, spaces as typed, very long names, bytes that aren't UTF-8."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import soundfile

from app.clips.importer import ClipImporter
from app.clips.records import ClipDetails
from app.clips.titles import display_name, fit_title, tidy_title
from app.paths import DataPaths
from media.playback.media_probe import MediaProber
from practice_db.clips import MAX_TITLE
from practice_db.records import ClipFilter
from practice_db.store import PracticeStore

REPLACEMENT = "\ufffd"


@pytest.fixture(scope="module")
def prober() -> Iterator[MediaProber]:
    made = MediaProber()
    yield made
    made.close()


@pytest.fixture
def importer(data_paths: DataPaths, prober: MediaProber) -> ClipImporter:
    return ClipImporter(data_paths, prober)


def tone(frequency: float) -> np.ndarray:
    t = np.arange(int(48000 * 1.0)) / 48000
    return (0.2 * np.sin(2 * np.pi * frequency * t)).astype("float32")


def write_tone_at(path: bytes | Path, frequency: float) -> Path:
    """A 1 s tone (its pitch makes every file's content, and so its hash, different)."""
    with open(path, "wb") as fh:  # bytes paths: names the file system holds but UTF-8 can't spell
        soundfile.write(fh, tone(frequency), 48000, format="WAV")
    return Path(os.fsdecode(path)) if isinstance(path, bytes) else path


def import_as_the_window_does(importer: ClipImporter, store: PracticeStore, path: Path) -> str:
    """The import dialog offers default_title(); the user accepts it."""
    details = ClipDetails(importer.default_title(path), "hostile", 2)
    [outcome] = importer.import_files(store, [(path, details)])
    assert outcome.status == "imported", outcome.message
    assert outcome.clip is not None
    return outcome.clip.title


def test_odd_names_import_with_titles_as_written(
    importer: ClipImporter, store: PracticeStore, data_paths: DataPaths, tmp_path: Path
) -> None:
    decomposed = unicodedata.normalize("NFD", "Über die Brücke – Café.wav")
    spaced = "  Session  4 -  take 2 .wav"  # leading, double and trailing spaces
    long_150 = "Angry father " + "x" * 137 + ".wav"
    long_240 = "Very long recording name " + "y" * 215 + ".wav"  # under the 255-byte name limit
    assert len(Path(long_150).stem) == 150 and len(Path(long_240).stem) == 240
    titles = {
        name: import_as_the_window_does(importer, store, write_tone_at(tmp_path / name, 200 + 50 * i))
        for i, name in enumerate((decomposed, spaced, long_150, long_240))
    }
    assert titles[decomposed] == "Über die Brücke – Café"
    assert unicodedata.is_normalized("NFC", titles[decomposed])
    assert titles[spaced] == "Session  4 -  take 2"  # inner spaces kept, ends trimmed
    assert titles[long_150] == Path(long_150).stem  # kept whole
    assert len(titles[long_240]) == MAX_TITLE and titles[long_240].endswith("…")
    assert titles[long_240][:-1] == Path(long_240).stem[: MAX_TITLE - 1]
    stored = {c.title for c in store.clips.list()}
    assert stored == set(titles.values())
    # Search folds case and accents: plain letters find the decomposed name's clip.
    [found] = store.clips.list(ClipFilter(text="uber die brucke"))
    assert found.title == titles[decomposed]
    assert [c.title for c in store.clips.list(ClipFilter(text="CAFE"))] == [titles[decomposed]]


def test_a_latin1_byte_in_a_name_imports_with_a_replacement_character(
    importer: ClipImporter, store: PracticeStore, data_paths: DataPaths, tmp_path: Path
) -> None:
    folder = tmp_path / "old disk"
    folder.mkdir()
    raw = os.fsencode(folder) + b"/caf\xe9 client \xfcber.wav"  # Latin-1 'é' and 'ü'
    path = write_tone_at(raw, 330)
    assert "\udce9" in str(path)  # Python escapes the byte it can't decode
    # A whole folder, as a drop would bring it: the file is found under its odd name.
    found = importer.collect([folder])
    assert found.clips == [path]
    assert display_name(path) == f"caf{REPLACEMENT} client {REPLACEMENT}ber.wav"
    title = import_as_the_window_does(importer, store, path)
    assert title == f"Caf{REPLACEMENT} client {REPLACEMENT}ber"
    [clip] = store.clips.list()
    assert clip.title == title
    kept = data_paths.home / clip.media_path
    assert kept.name == f"{clip.content_hash}.wav"  # stored under its hash, never its name
    assert kept.read_bytes() == Path(os.fsdecode(raw)).read_bytes()


def test_an_odd_title_typed_or_passed_in_is_still_saved(
    importer: ClipImporter, store: PracticeStore, tmp_path: Path
) -> None:
    """Whatever reaches commit (a script, a pasted name) is made storable, never refused."""
    path = write_tone_at(tmp_path / "take.wav", 440)
    escaped = os.fsdecode(b"Bad \xff byte ") + "z" * 300
    [outcome] = importer.import_files(store, [(path, ClipDetails(escaped, "withdrawn", 1))])
    assert outcome.status == "imported", outcome.message
    assert outcome.clip is not None
    assert outcome.clip.title.startswith(f"Bad {REPLACEMENT} byte zzz") and len(outcome.clip.title) == 200


def test_tidy_titles_from_names() -> None:
    assert tidy_title(Path("hostile_client-take2.MP4")) == "Hostile client take2"
    assert tidy_title(Path("Session 4 - self-harm disclosure.mov")) == "Session 4 - self-harm disclosure"
    assert tidy_title(Path("Élodie__ambivalent...wav")) == "Élodie ambivalent"
    assert tidy_title(Path("___.wav")) == "Imported clip"
    assert tidy_title(Path("line\tbreak\nname.wav")) == "Line break name"  # one line, one space each
    assert tidy_title(Path(unicodedata.normalize("NFD", "ångest.m4a"))) == "Ångest"
    # A long title is cut between letters, never between a letter and its accent.
    cut = fit_title("a" * 198 + unicodedata.normalize("NFD", "é") * 5)
    assert len(cut) == MAX_TITLE and cut.endswith("é…")


def test_a_name_qt_decoded_with_a_replacement_character_finds_the_real_file(
    importer: ClipImporter, store: PracticeStore, tmp_path: Path
) -> None:
    """A file dialog or a drop hands over 'caf�.wav' (Qt decodes names as UTF-8): the real file is used."""
    folder_raw = os.fsencode(tmp_path) + b"/Kurs \xe4lter"  # a Latin-1 byte in the folder too
    os.mkdir(folder_raw)
    real = write_tone_at(folder_raw + b"/caf\xe9.wav", 550)
    shown = tmp_path / f"Kurs {REPLACEMENT}lter" / f"caf{REPLACEMENT}.wav"
    assert not shown.exists()
    assert importer.collect([shown]).clips == [real]
    assert importer.collect([shown.parent]).clips == [real]  # the folder, picked in a dialog
    [outcome] = importer.import_files(
        store, [(importer.collect([shown]).clips[0], ClipDetails("", "hostile", 1))]
    )
    assert outcome.status == "imported" and outcome.clip is not None, outcome.message
    assert outcome.clip.title == f"Caf{REPLACEMENT}"  # an empty title falls back to the file's
    # Two names that look the same once decoded: neither is guessed, the path is reported as given.
    write_tone_at(os.fsencode(tmp_path) + b"/Kurs \xe4lter/caf\xe8.wav", 660)
    assert importer.collect([shown]).clips == [shown]
