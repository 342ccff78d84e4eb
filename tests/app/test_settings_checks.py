"""Settings checked field by field: a bad value falls back to its default, the rest is kept, and
the user gets one plain line. Fuzzed with Hypothesis; every result is checked against the JSON
Schema written from the rules, by jsonschema itself."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.settings import Settings, SettingsFile, SettingsLoad, read_settings, save_settings
from app.settings_rules import RULES, json_schema

VALIDATOR = jsonschema.Draft202012Validator(json_schema())
KEYS = [f.name for f in fields(Settings)]


def assert_usable(loaded: Settings) -> None:
    errors = [e.message for e in VALIDATOR.iter_errors(asdict(loaded))]
    assert errors == []


def write(tmp_path: Path, content: Any) -> Path:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps(content))
    return path


def test_rules_cover_every_setting_and_the_defaults_pass() -> None:
    assert list(RULES) == KEYS
    jsonschema.Draft202012Validator.check_schema(json_schema())
    assert_usable(Settings())
    assert read_settings(Path("/nonexistent/settings.json")).notice is None


@pytest.mark.parametrize(
    ("key", "value", "label"),
    [
        ("response_window_s", None, "time to reply"),
        ("session_clip_count", None, "exercises per session"),
        ("response_window_s", -30, "time to reply"),
        ("response_window_s", 10**12, "time to reply"),
        ("session_clip_count", 0, "exercises per session"),
        ("session_clip_count", 121, "exercises per session"),
        ("response_window_s", True, "time to reply"),  # JSON true is not a number of seconds
        ("session_clip_count", 5.5, "exercises per session"),
        ("session_clip_count", float("nan"), "exercises per session"),
        ("player_backend", "gstreamer", "clip player"),
        ("player_backend", None, "clip player"),
        ("show_statement", "yes", "show what the client says"),
        ("show_statement", None, "show what the client says"),
        ("last_profile_uuid", "x" * 65, "last profile"),
        ("input_device_name", ["USB mic"], "microphone"),
        ("input_device_name", "USB\x00mic", "microphone"),
        ("microphone_checked", "yes", "microphone check offered"),
        ("microphone_checked", 1, "microphone check offered"),
        ("hide_content_note_clips", "no", "hide clips with content notes"),
        ("hide_content_note_clips", None, "hide clips with content notes"),
        ("hide_content_note_clips", 0, "hide clips with content notes"),
        ("database_url", "not a url", "database location"),
        ("window_geometry", "\ud800", "window size and place"),
        ("last_clip_folder", "/home/dana\nclips", "folder for importing clips"),
        ("last_clip_folder", 7, "folder for importing clips"),
        ("last_bundle_folder", "x" * 4097, "folder for bundles"),
        ("clip_consent_noted", "true", "note on clients' consent shown"),
    ],
)
def test_one_bad_value_resets_that_setting_only(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, key: str, value: Any, label: str
) -> None:
    kept = {"response_window_s": 45, "session_clip_count": 8, "player_backend": "qt", "show_statement": False}
    kept.pop(key, None)
    path = write(tmp_path, {**kept, key: value, "future_key": {"a": 1}})
    with caplog.at_level(logging.WARNING):
        loaded = read_settings(path)
    assert getattr(loaded.settings, key) == getattr(Settings(), key)
    assert {k: getattr(loaded.settings, k) for k in kept} == kept
    assert loaded.notice == f"One setting could not be used and is back to its usual value: {label}."
    assert len(loaded.problems) == 1 and loaded.problems[0].startswith(key)
    assert key in caplog.text
    assert_usable(loaded.settings)


def test_good_values_at_the_limits_are_kept(tmp_path: Path) -> None:
    chosen = Settings(
        last_profile_uuid="3f2b8c1e-0000-4000-8000-000000000000",
        input_device_name="Blue Yeti: USB Audio (hw:2,0) – Mikrofon",
        response_window_s=600,
        show_statement=False,
        player_backend="vlc",
        database_url="postgresql://dana@localhost/practice",
        session_clip_count=1,
        hide_content_note_clips=True,
        window_geometry="AdnQywADAAAAAAAA/w==",
        last_clip_folder="/home/dana/Vidéos/Role-play day",
        last_bundle_folder="C:\\Users\\Dana\\Downloads",
        clip_consent_noted=True,
    )
    path = write(tmp_path, asdict(chosen))
    assert read_settings(path) == SettingsLoad(chosen)
    loaded = read_settings(write(tmp_path, {"response_window_s": 15, "session_clip_count": 120.0})).settings
    assert (loaded.response_window_s, loaded.session_clip_count) == (15, 120)
    assert type(loaded.session_clip_count) is int  # 120.0 is a whole number, kept as one


def test_several_bad_values_make_one_line(tmp_path: Path) -> None:
    path = write(tmp_path, {"response_window_s": None, "session_clip_count": None, "player_backend": "vlc"})
    loaded = read_settings(path)
    assert loaded.notice == (
        "Some settings could not be used and are back to their usual values: "
        "time to reply, exercises per session."
    )
    assert loaded.settings == Settings(player_backend="vlc")


@pytest.mark.parametrize(
    "content",
    [b"[1, 2, 3]", b'"settings"', b"null", b"42", b"{broken", b"", b'{"a": 1}\xff\xfe', b"[" * 100_000],
    ids=["list", "string", "null", "number", "broken", "empty", "invalid-utf8", "deep-nesting"],
)
def test_a_file_that_is_not_a_json_object_is_kept_aside(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(content)
    loaded = read_settings(path)
    assert loaded.settings == Settings()
    assert loaded.kept_as is not None and loaded.kept_as.name.startswith("settings.json.damaged-")
    assert loaded.kept_as.read_bytes() == content  # the user's file, untouched
    assert loaded.notice == (
        "Your settings file could not be read, so the usual settings are in use; "
        f"the old file was kept as {loaded.kept_as.name}."
    )
    assert not path.exists()


def test_a_second_damaged_file_does_not_replace_the_first_copy(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(b"first")
    first = read_settings(path).kept_as
    path.write_bytes(b"second")
    second = read_settings(path).kept_as
    assert first is not None and second is not None and first != second
    assert (first.read_bytes(), second.read_bytes()) == (b"first", b"second")


def test_doctor_style_read_leaves_a_damaged_file_in_place(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(b"\x00not json")
    loaded = read_settings(path, set_aside=False)
    assert loaded.kept_as is None and loaded.notice is not None and path.read_bytes() == b"\x00not json"


def test_a_byte_order_mark_is_not_damage(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(b'\xef\xbb\xbf{"response_window_s": 30}')
    loaded = read_settings(path)
    assert loaded.settings.response_window_s == 30 and loaded.notice is None


def test_an_oversized_file_is_damage(tmp_path: Path) -> None:
    path = write(tmp_path, {"input_device_name": "x" * 300_000})
    loaded = read_settings(path)
    assert loaded.settings == Settings() and loaded.kept_as is not None


def test_settings_file_keeps_the_notice_and_saves_corrected_values(tmp_path: Path) -> None:
    path = write(tmp_path, {"response_window_s": None, "last_profile_uuid": "abc"})
    live = SettingsFile(path)
    assert live.notice is not None and "time to reply" in live.notice
    live.update(show_statement=False)
    live.flush()
    again = read_settings(path)
    assert again.notice is None  # the next start has nothing to correct
    assert again.settings == Settings(last_profile_uuid="abc", show_statement=False)


def test_settings_file_refuses_an_unusable_change(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    live = SettingsFile(tmp_path / "settings.json")
    with caplog.at_level(logging.WARNING):
        live.update(response_window_s=None, input_device_name="USB\x00mic", session_clip_count=9)
    live.flush()
    assert live.current == Settings(session_clip_count=9)
    assert read_settings(tmp_path / "settings.json") == SettingsLoad(Settings(session_clip_count=9))
    assert "response_window_s" in caplog.text and "input_device_name" in caplog.text
    with pytest.raises(TypeError):
        live.update(no_such_setting=1)  # a typo in our own code is not silently dropped


# -- fuzzing ------------------------------------------------------------------------------------
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text()
    | st.sampled_from(["auto", "vlc", "qt", "sqlite:///x.db", "QUJD"])
    | st.integers(min_value=-5, max_value=700),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=10,
)
settings_objects = st.dictionaries(
    st.sampled_from(KEYS) | st.text(max_size=12), json_values, max_size=len(KEYS) + 2
)
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@FUZZ
@given(raw=settings_objects)
def test_fuzzed_objects_always_load_usable_settings(tmp_path: Path, raw: dict[str, Any]) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps(raw))  # NaN and Infinity included, as Python writes them
    loaded = read_settings(path)
    assert_usable(loaded.settings)
    for key in KEYS:  # a value that passes the rules is kept exactly; any other is reset
        value = getattr(loaded.settings, key)
        if key in raw and VALIDATOR.is_valid({**asdict(Settings()), key: raw[key]}):
            assert value == raw[key] and (value is None or type(value) is RULES[key].kind)
        else:
            assert value == getattr(Settings(), key)
    assert (loaded.notice is None) == (len(loaded.problems) == 0)


@FUZZ
@given(data=st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_fuzzed_bytes_never_raise(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "settings.json"
    for old in tmp_path.glob("settings.json.damaged-*"):
        old.unlink()
    path.write_bytes(data)
    loaded = read_settings(path)
    assert_usable(loaded.settings)
    save_settings(path, loaded.settings)  # whatever was read can be written back
    assert read_settings(path).settings == loaded.settings
