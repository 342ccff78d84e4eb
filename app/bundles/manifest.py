"""The bundle manifest: format name, version policy, JSON-schema validation, consistency checks.

Version policy: "MAJOR.MINOR". A reader accepts its own major version with any minor (minor
versions only add optional fields, which the schema lets through and the reader ignores); a higher
major means "made by a newer Practice Room", anything else is refused as unknown.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib.resources import files
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from app.bundles import assessment_entries
from app.bundles.errors import BundleError
from app.bundles.file_format import (
    FORMAT,
    MAJOR,
)

KIND_REVIEW, KIND_FEEDBACK = "review", "feedback"
WRONG_KIND = {
    KIND_REVIEW: "This is a bundle of recordings for review, not feedback. "
    "Open it as a review bundle instead.",
    KIND_FEEDBACK: "This is a feedback bundle (a supervisor's ratings), not recordings to review. "
    "Open it as feedback instead.",
}
INVALID = "The bundle's list of contents is not valid, so nothing was imported"


@cache
def validator(package: str = "app.bundles", name: str = "manifest.schema.json") -> Draft202012Validator:
    """The checked schema `name` shipped in `package` (clip packs keep theirs in app.clip_packs)."""
    text = files(package).joinpath(name).read_text(encoding="utf-8")
    schema = json.loads(text)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def check_version(value: object, major_known: int = MAJOR) -> None:
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{1,4}\.[0-9]{1,4}", value):
        raise BundleError(
            "This bundle has no readable format version; it is damaged or not from Practice Room."
        )
    major = int(value.split(".")[0])
    if major > major_known:
        raise BundleError(
            f"This bundle was made by a newer version of Practice Room (format {value}). "
            "Please update Practice Room to open it."
        )
    if major != major_known:
        raise BundleError(f"This bundle uses a format version Practice Room does not know ({value}).")


def parse(raw: bytes, expected_kind: str) -> dict[str, Any]:
    """Decode and validate a manifest; returns the checked JSON object."""
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise BundleError("The bundle's list of contents is damaged (it is not readable).") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BundleError("This file is not a Practice Room bundle.")
    check_version(data.get("format_version"))
    check_schema(data, validator())
    if data["kind"] != expected_kind:
        raise BundleError(WRONG_KIND[data["kind"]])
    _check_consistency(data)
    return data


def check_schema(data: dict[str, Any], checker: Draft202012Validator) -> None:
    """Refuse, with where the first real problem is, a manifest the schema does not allow."""
    try:
        error = best_match(checker.iter_errors(data))
    except RecursionError as exc:
        raise BundleError(f"{INVALID} (it is nested too deeply).") from exc
    if error is not None:
        where = " \u2192 ".join(str(p) for p in error.absolute_path) or "top level"
        raise BundleError(f"{INVALID} (problem at: {where[:120]}).")


def _unique(items: list[Any], what: str) -> None:
    if len(set(items)) != len(items):
        raise BundleError(f"{INVALID} (the same {what} is listed twice).")


def _check_consistency(data: dict[str, Any]) -> None:
    """What a schema cannot say: uniqueness and that references point at things in the bundle."""
    clips, attempts = data["clips"], data["attempts"]
    ratings, comments = data["ratings"], data["comments"]
    _unique([c["uuid"] for c in clips], "exercise")
    _unique([c["content_hash"] for c in clips], "exercise file")
    _unique([a["uuid"] for a in attempts], "attempt")
    files = [a["recording"] for a in attempts] + [c["media"] for c in clips if c["media"]]
    _unique(files + assessment_entries.members(data), "file")
    _unique([r["uuid"] for r in ratings], "rating")
    _unique([(r["attempt_uuid"], r["rater_uuid"]) for r in ratings], "rating")
    _unique([c["uuid"] for c in comments], "comment")
    clip_ids = {c["uuid"] for c in clips}
    if any(a["clip_uuid"] not in clip_ids for a in attempts):
        raise BundleError(f"{INVALID} (an attempt refers to an exercise that is not included).")
    if data["kind"] == KIND_REVIEW:
        author, role = data["trainee"]["uuid"], "self"
        attempt_ids = {a["uuid"] for a in attempts}
        if any(x["attempt_uuid"] not in attempt_ids for x in ratings + comments):
            raise BundleError(f"{INVALID} (a rating or comment refers to an attempt that is not included).")
    else:
        author, role = data["supervisor"]["uuid"], "supervisor"
        if author == data["trainee"]["uuid"]:
            raise BundleError(f"{INVALID} (the reviewer and the trainee are the same person).")
    if any(r["rater_uuid"] != author or r["rater_role"] != role for r in ratings):
        raise BundleError(f"{INVALID} (it holds ratings by someone other than its author).")
    if any(c["author_uuid"] != author for c in comments):
        raise BundleError(f"{INVALID} (it holds comments by someone other than its author).")
    if any(r.get("reaction") is not None for r in ratings if r["rater_role"] != "self"):
        raise BundleError(f"{INVALID} (a reviewer's rating carries a practice reaction).")
    assessment_entries.check(data, author, "self" if role == "self" else "rater")
