"""Loading and checking an anchors manifest: a good one, broken ones (each a plain message), and a
missing or altered recording (the reply stays, without audio)."""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from app.rater_practice.manifest import AnchorsUnavailable, load_anchor_set
from practice_db.vocabulary import FACET_KEYS

STATEMENT = "You never listen to me."


def write_pack(folder: Path, presentations: tuple[str, ...] = ("hostile", "withdrawn")) -> dict[str, Any]:
    folder.mkdir(parents=True, exist_ok=True)
    exercises = []
    for n, presentation in enumerate(presentations):
        replies = []
        for score, kind in enumerate(("weak", "ordinary", "strong"), start=1):
            name = f"{presentation}-2-{kind}.opus"
            body = f"audio {presentation} {kind}".encode()
            (folder / name).write_bytes(body)
            replies.append(
                {
                    "id": f"{presentation}-2-{kind}",
                    "kind": kind,
                    "text": f"A {kind} reply.",
                    "ratings": dict.fromkeys(FACET_KEYS, score + n % 2),
                    "note": f"Why {kind}.",
                    "file": name,
                    "sha256": hashlib.sha256(body).hexdigest(),
                    "duration_s": 12.5,
                }
            )
        exercises.append(
            {
                "exercise_id": f"{presentation}-2",
                "presentation": presentation,
                "title": f"Title {n}",
                "statement": STATEMENT,
                "replies": replies,
            }
        )
    manifest = {
        "schema_version": 1,
        "about": "Practice anchors written for this app, not norms.",
        "rated_by": "the author",
        "facets": list(FACET_KEYS),
        "exercises": exercises,
    }
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return manifest


def write_starter(folder: Path, statement: str = STATEMENT) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hostile-2.opus").write_bytes(b"client")
    clips = [{"id": "hostile-2", "file": "hostile-2.opus", "statement": statement}]
    (folder / "manifest.json").write_text(json.dumps({"clips": clips}), encoding="utf-8")
    return folder / "hostile-2.opus"


def test_a_good_manifest_loads_into_frozen_records(tmp_path: Path) -> None:
    write_pack(tmp_path / "anchors")
    clip = write_starter(tmp_path / "starter")
    loaded = load_anchor_set(tmp_path / "anchors", tmp_path / "starter")
    assert loaded.problems == () and "not norms" in loaded.about
    assert [e.exercise_id for e in loaded.exercises] == ["hostile-2", "withdrawn-2"]
    hostile = loaded.exercises[0]
    assert hostile.client_clip == clip and loaded.exercises[1].client_clip is None
    assert [r.kind for r in hostile.replies] == ["weak", "ordinary", "strong"]
    weak = hostile.replies[0]
    assert weak.ratings["empathy"] == 1 and weak.audio == tmp_path / "anchors" / "hostile-2-weak.opus"
    assert weak.duration_s == 12.5
    with pytest.raises(TypeError):
        weak.ratings["empathy"] = 5  # type: ignore[index]
    with pytest.raises(AttributeError):
        weak.text = "changed"  # type: ignore[misc]


def test_a_missing_or_altered_recording_leaves_the_reply_without_audio(tmp_path: Path) -> None:
    write_pack(tmp_path)
    (tmp_path / "hostile-2-weak.opus").unlink()
    (tmp_path / "withdrawn-2-strong.opus").write_bytes(b"something else")
    loaded = load_anchor_set(tmp_path, tmp_path / "no-starter")
    hostile, withdrawn = loaded.exercises
    assert hostile.replies[0].audio is None and hostile.replies[1].audio is not None
    assert withdrawn.replies[2].audio is None
    assert loaded.problems == (
        "hostile-2 (weak): the recording is missing; its words are shown instead.",
        "withdrawn-2 (strong): the recording has been altered; its words are shown instead.",
    )


def test_a_changed_client_statement_drops_the_clip_but_keeps_the_replies(tmp_path: Path) -> None:
    write_pack(tmp_path / "anchors")
    write_starter(tmp_path / "starter", statement="Something the replies never answered.")
    loaded = load_anchor_set(tmp_path / "anchors", tmp_path / "starter")
    assert loaded.exercises[0].client_clip is None
    assert loaded.exercises[0].statement == STATEMENT
    assert "client clip has changed" in loaded.problems[0]


def test_missing_folder_and_bad_json_are_plain_messages(tmp_path: Path) -> None:
    with pytest.raises(AnchorsUnavailable, match="not installed"):
        load_anchor_set(tmp_path / "nowhere")
    tmp_path.joinpath("manifest.json").write_text("{ not json", encoding="utf-8")
    with pytest.raises(AnchorsUnavailable, match="damaged .not valid JSON at line 1"):
        load_anchor_set(tmp_path)
    tmp_path.joinpath("manifest.json").write_bytes(b"\xff\xfe\x00")
    with pytest.raises(AnchorsUnavailable, match="could not be read"):
        load_anchor_set(tmp_path)


def _broken(manifest: dict[str, Any], how: str) -> dict[str, Any]:
    m = copy.deepcopy(manifest)
    reply = m["exercises"][0]["replies"][0]
    if how == "newer":
        m["schema_version"] = 2
    elif how == "version":
        m["schema_version"] = "1"
    elif how == "facets":
        m["facets"] = m["facets"][:7]
    elif how == "no_exercises":
        m["exercises"] = []
    elif how == "two_replies":
        m["exercises"][0]["replies"] = m["exercises"][0]["replies"][:2]
    elif how == "two_weak":
        m["exercises"][0]["replies"][1]["kind"] = "weak"
    elif how == "seven_facets":
        del reply["ratings"]["warmth"]
    elif how == "score_6":
        reply["ratings"]["warmth"] = 6
    elif how == "score_bool":
        reply["ratings"]["warmth"] = True
    elif how == "path":
        reply["file"] = "../../etc/passwd.opus"
    elif how == "presentation":
        m["exercises"][0]["presentation"] = "bored"
    elif how == "no_text":
        reply["text"] = "  "
    elif how == "not_object":
        m = [m]  # type: ignore[assignment]
    return m


@pytest.mark.parametrize(
    ("how", "message"),
    [
        ("newer", "made for a newer version of Practice Room"),
        ("version", "unknown schema_version '1'"),
        ("facets", "does not list the eight facets"),
        ("no_exercises", "lists no exercises"),
        ("two_replies", "hostile-2 needs exactly one weak, one ordinary and one strong reply"),
        ("two_weak", "hostile-2 needs exactly one weak"),
        ("seven_facets", r"hostile-2 \(weak\) is not rated on all eight facets"),
        ("score_6", "rating outside 1-5"),
        ("score_bool", "rating outside 1-5"),
        ("path", "names an unusable file"),
        ("presentation", "unknown presentation 'bored'"),
        ("no_text", r"hostile-2 \(weak\) has no text"),
        ("not_object", "not a JSON object"),
    ],
)
def test_broken_manifests_are_refused_with_a_plain_message(tmp_path: Path, how: str, message: str) -> None:
    manifest = write_pack(tmp_path)
    (tmp_path / "manifest.json").write_text(json.dumps(_broken(manifest, how)), encoding="utf-8")
    with pytest.raises(AnchorsUnavailable, match=message) as caught:
        load_anchor_set(tmp_path, tmp_path)
    assert "Traceback" not in str(caught.value)
