"""Search that folds case and accents for every language, on a real migrated store."""

from __future__ import annotations

import unicodedata

import pytest

from practice_db.errors import DuplicateError, ValidationError
from practice_db.records import ClipFilter, NewClip
from practice_db.store import PracticeStore
from practice_db.text_fold import fold, matches, sort_key


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("uber", "Über den Wolken"),  # German umlaut
        ("UBER", "über"),
        ("strasse", "Hauptstraße"),  # ß folds to ss
        ("STRASSE", "Hauptstraße"),
        ("cafe", "Le Café"),  # French
        ("élan", "ELAN vital"),  # an accent in the query still finds the plain word
        ("dzemal", "ǅemal"),  # one letter (titlecase digraph) for two
        ("DŽEMAL", "džemal"),
        ("senor", "Señor"),  # Spanish
        ("sao joao", "São João"),  # Portuguese
        ("lukasz", "Łukasz"),  # Polish stroke: no decomposition, mapped by hand
        ("soren", "Søren"),  # Danish
        ("istanbul", "İSTANBUL"),  # Turkish dotted capital I
        ("dorde", "Đorđe"),  # Serbian Latin
        ("oeuvre", "Œuvre"),
        ("σοφοσ", "ΣΟΦΟΣ"),  # Greek, final sigma
        ("αθηνα", "Αθηνά"),  # Greek tonos
        ("елка", "Ёлка"),  # Russian ё typed as е
        ("שלום", "שָׁלוֹם"),  # Hebrew without vowel points
        ("محمد", "مُحَمَّد"),  # Arabic without harakat
        ("file", "ﬁle"),  # ligature
        ("full", "Ｆｕｌｌ"),  # full-width Latin
        ("hostile client", "Hostile   client"),  # white space runs count as one space
    ],
)
def test_folded_query_finds_text(query: str, text: str) -> None:
    assert matches(query, [text]), (fold(query), fold(text))


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("uber", "Ober"),
        ("का", "क"),  # Devanagari vowel signs are part of the letter: kept
        ("ガ", "カ"),  # kana voicing mark changes the sound: kept
        ("cafe", "caffè"),
    ],
)
def test_letters_that_differ_still_differ(query: str, text: str) -> None:
    assert not matches(query, [text])


def test_decomposed_and_composed_forms_fold_alike() -> None:
    composed = "Über Café"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed and fold(composed) == fold(decomposed) == "uber cafe"
    assert fold("ｶﾞ") == fold("ガ")  # half-width kana with its voicing mark


def test_blank_query_matches_everything_and_none_is_skipped() -> None:
    assert matches("  ", ["anything"]) and matches("", [None])
    assert not matches("x", [None, ""])


def _clip(title: str, statement: str, n: int) -> NewClip:
    return NewClip(
        title=title,
        presentation="hostile",
        difficulty=1,
        media_path=f"clips/{n}.wav",
        content_hash=f"{n:064x}",
        statement=statement,
    )


def test_store_search_folds_titles_and_statements(store: PracticeStore) -> None:
    uber = store.clips.add(_clip(unicodedata.normalize("NFD", "Über die Brücke"), "Ich gehe nicht.", 1))
    cafe = store.clips.add(_clip("Meeting", "We met at the Café again.", 2))
    strasse = store.clips.add(_clip("Straßenbahn", "", 3))
    greek = store.clips.add(_clip("Ο θυμωμένος πατέρας", "", 4))
    plain = store.clips.add(_clip("Zebra", "plain words", 5))

    def found(text: str) -> list[int]:
        return [c.id for c in store.clips.list(ClipFilter(text=text))]

    assert found("uber") == [uber.id] and found("BRUCKE") == [uber.id]
    assert found("cafe") == [cafe.id] and found("CAFÉ") == [cafe.id]
    assert found("strasse") == [strasse.id]
    assert found("θυμωμενος") == [greek.id]
    assert found("words") == [plain.id]
    assert found("nothing like it") == []
    # Stored NFC whatever the caller sent, so it reads and compares as typed.
    assert store.clips.get(uber.id).title == "Über die Brücke"
    # Titles sort by their folded text: "Über" beside the U's, not after "Zebra".
    titles = [c.title for c in store.clips.list(sort="title")]
    assert titles == ["Meeting", "Straßenbahn", "Über die Brücke", "Zebra", "Ο θυμωμένος πατέρας"]
    assert sorted(["zeta", "Über", "apple", "Uber"], key=sort_key) == ["apple", "Uber", "Über", "zeta"]


def test_titles_longer_than_the_column_are_refused_plainly(store: PracticeStore) -> None:
    store.clips.add(_clip("t" * 200, "", 1))  # the column's full width is fine
    with pytest.raises(ValidationError, match="200 characters"):
        store.clips.add(_clip("t" * 201, "", 2))
    # NFC first: 200 letters sent decomposed (400 code points) still fit
    store.clips.add(_clip(unicodedata.normalize("NFD", "é" * 200), "", 3))


def test_profile_names_compare_in_any_case_and_sort_with_their_letters(store: PracticeStore) -> None:
    store.profiles.create("Ülla", "clinician")
    with pytest.raises(DuplicateError):
        store.profiles.create("ÜLLA", "clinician")  # SQL lower() let this one through
    zoe = store.profiles.create(unicodedata.normalize("NFD", "Zoë"), "clinician")
    assert zoe.name == "Zoë"  # stored composed
    with pytest.raises(DuplicateError):
        store.profiles.create("zoë", "supervisor")
    store.profiles.create("Zoe", "clinician")  # accents are kept in names: another person
    store.profiles.create("Élodie", "supervisor")
    store.profiles.create("Anna", "clinician")
    assert [p.name for p in store.profiles.list()] == ["Anna", "Élodie", "Ülla", "Zoe", "Zoë"]
