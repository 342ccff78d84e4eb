"""Trainee side: open a supervisor's feedback bundle; ratings and comments attach to the attempts.

A feedback bundle holds only the manifest, so there are no files to stage: the whole import is
one database transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from app.bundles import assessment_entries, codec, manifest
from app.bundles.errors import BundleCancelled
from app.bundles.identity import Identities, settle
from app.bundles.import_review import read_manifest, save
from app.bundles.safe_zip import DEFAULT_LIMITS, Limits, SafeZip
from app.bundles.summary import ImportSummary
from app.paths import DataPaths
from practice_db.transfer.records import FeedbackImport

if TYPE_CHECKING:
    from practice_db.store import PracticeStore

Progress = Callable[[int, int], None]
Cancel = Callable[[], bool]


def import_feedback_bundle(
    store: PracticeStore,
    paths: DataPaths,
    bundle: Path,
    *,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
    limits: Limits = DEFAULT_LIMITS,
    identities: Identities | None = None,
) -> ImportSummary:
    """`identities`: as for import_review_bundle (None: a reviewer's taken name gets a number)."""
    del paths  # same signature as the review import; feedback brings no files
    with SafeZip(bundle, limits, cancel) as z:
        data = read_manifest(z, manifest.KIND_FEEDBACK)
    if cancel is not None and cancel():
        raise BundleCancelled("Import cancelled; nothing was changed.")
    feedback = FeedbackImport(
        supervisor=codec.profile_in(data["supervisor"]),
        trainee_uuid=data["trainee"]["uuid"],
        ratings=tuple(codec.rating_in(r) for r in data["ratings"]),
        comments=tuple(codec.comment_in(c) for c in data["comments"]),
        trainee_aliases=codec.aliases_in(data["trainee"]),
        assessment_ratings=assessment_entries.ratings_in(data),  # optional section
    )
    answers = (
        None
        if identities is None
        else settle(store, feedback.supervisor, "supervisor", identities, data["trainee"]["name"])
    )
    outcome = save(lambda: store.transfer.import_feedback(feedback, answers))
    if progress is not None:
        progress(1, 1)
    return ImportSummary(manifest.KIND_FEEDBACK, outcome, data["supervisor"]["name"])
