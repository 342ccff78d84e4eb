"""What each setting may hold, declared once per field.

A small spec checked by hand rather than by jsonschema: the settings are read before the window
opens, and start-up must not import jsonschema (tests/ui/shell/test_startup_lazy.py). The same
spec is written out as a JSON Schema (`json_schema()`), which the tests check loaded settings
against with jsonschema itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# Text the app shows or passes on: no control characters, no lone surrogates (unwritable as UTF-8).
PLAIN_TEXT = r"[^\x00-\x1f\x7f\ud800-\udfff]*"
BASE64 = r"[A-Za-z0-9+/=]*"
URL = r"[A-Za-z][A-Za-z0-9+.\-]*://" + PLAIN_TEXT
# A clinic server: PostgreSQL, a sign-in name and never a password (no ":" before the "@").
CLINIC_URL = r"postgres(?:ql)?(?:\+psycopg)?://[^:/@?#\x00-\x20\x7f]+@[^@\x00-\x1f\x7f]*"

# The Rehearse page's "Session length" box takes 1 to 120 (exercises or minutes); the saved
# number of exercises is its starting value, so it obeys the same limits.
SESSION_LENGTH_RANGE = (1, 120)
RESPONSE_WINDOW_RANGE = (15, 600)  # seconds to answer: shorter is no reply, longer is a speech
PLAYER_BACKENDS = ("auto", "vlc", "qt")


@dataclass(frozen=True)
class FieldRule:
    label: str  # the setting as the user knows it, for the one-line notice
    kind: type[Any]  # int, bool or str
    nullable: bool = False
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[str, ...] = ()
    max_length: int | None = None
    pattern: str = PLAIN_TEXT  # strings only: must match whole


RULES: dict[str, FieldRule] = {
    "last_profile_uuid": FieldRule("last profile", str, nullable=True, max_length=64),
    "input_device_name": FieldRule("microphone", str, nullable=True, max_length=512),
    "microphone_checked": FieldRule("microphone check offered", bool),
    "response_window_s": FieldRule(
        "time to reply", int, minimum=RESPONSE_WINDOW_RANGE[0], maximum=RESPONSE_WINDOW_RANGE[1]
    ),
    "show_statement": FieldRule("show what the client says", bool),
    "player_backend": FieldRule("clip player", str, choices=PLAYER_BACKENDS),
    "database_url": FieldRule("database location", str, nullable=True, max_length=4096, pattern=URL),
    "clinic_server": FieldRule("clinic server", str, nullable=True, max_length=4096, pattern=CLINIC_URL),
    "session_clip_count": FieldRule(
        "exercises per session", int, minimum=SESSION_LENGTH_RANGE[0], maximum=SESSION_LENGTH_RANGE[1]
    ),
    "hide_content_note_clips": FieldRule("hide clips with content notes", bool),
    "window_geometry": FieldRule(
        "window size and place", str, nullable=True, max_length=8192, pattern=BASE64
    ),
    "last_clip_folder": FieldRule("folder for importing clips", str, nullable=True, max_length=4096),
    "last_bundle_folder": FieldRule("folder for bundles", str, nullable=True, max_length=4096),
    "clip_consent_noted": FieldRule("note on clients' consent shown", bool),
}


def as_kind(rule: FieldRule, value: Any) -> Any:
    """A whole number written as 90.0 is still 90 (JSON Schema agrees); other values as they are."""
    if rule.kind is int and isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def fault(rule: FieldRule, value: Any) -> str | None:
    """Why `value` can't be used for this setting (for the log), or None if it can."""
    if value is None:
        return None if rule.nullable else "is empty (null)"
    # bool is a kind of int in Python, but true is not a number of seconds
    if not isinstance(value, rule.kind) or (rule.kind is int and isinstance(value, bool)):
        return f"should be {_KIND_NAMES[rule.kind]}, not {type(value).__name__}"
    if rule.kind is int:
        if rule.minimum is not None and value < rule.minimum:
            return f"is below {rule.minimum}"
        if rule.maximum is not None and value > rule.maximum:
            return f"is above {rule.maximum}"
    if rule.kind is str:
        if rule.choices and value not in rule.choices:
            return f"should be one of {', '.join(rule.choices)}"
        if rule.max_length is not None and len(value) > rule.max_length:
            return f"is longer than {rule.max_length} characters"
        if not re.fullmatch(rule.pattern, value):
            return "holds characters it cannot contain"
    return None


_KIND_NAMES = {int: "a whole number", bool: "true or false", str: "text"}
_JSON_TYPES = {int: "integer", bool: "boolean", str: "string"}


def json_schema() -> dict[str, Any]:
    """The rules as a JSON Schema (draft 2020-12) for one settings object."""
    properties: dict[str, Any] = {}
    for name, rule in RULES.items():
        json_type = _JSON_TYPES[rule.kind]
        spec: dict[str, Any] = {"type": [json_type, "null"] if rule.nullable else json_type}
        if rule.minimum is not None:
            spec["minimum"] = rule.minimum
        if rule.maximum is not None:
            spec["maximum"] = rule.maximum
        if rule.choices:
            spec["enum"] = list(rule.choices) + ([None] if rule.nullable else [])
        if rule.kind is str:
            spec["pattern"] = f"^{rule.pattern}\\Z"  # Python's "$" would let a final newline through
            if rule.max_length is not None:
                spec["maxLength"] = rule.max_length
        properties[name] = spec
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "properties": properties,
        "required": list(RULES),
    }
