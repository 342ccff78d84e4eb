"""Remote supervision bundles (.prbundle): send attempts for review, send feedback back.

Qt-free; meant to run on the UI's worker thread. Every function raises only BundleError, whose
text is a plain sentence for the user. See docs/bundles.md for the format.
"""

from __future__ import annotations

from app.bundles.errors import BundleCancelled, BundleError
from app.bundles.export import (
    ExportSummary,
    estimate_size,
    export_feedback_bundle,
    export_review_bundle,
    plan_feedback,
    plan_review,
    suggested_name,
)
from app.bundles.import_feedback import import_feedback_bundle
from app.bundles.import_review import import_review_bundle
from app.bundles.manifest import SUFFIX
from app.bundles.safe_zip import DEFAULT_LIMITS, Limits
from app.bundles.summary import ImportSummary

__all__ = [
    "DEFAULT_LIMITS",
    "SUFFIX",
    "BundleCancelled",
    "BundleError",
    "ExportSummary",
    "ImportSummary",
    "Limits",
    "estimate_size",
    "export_feedback_bundle",
    "export_review_bundle",
    "import_feedback_bundle",
    "import_review_bundle",
    "plan_feedback",
    "plan_review",
    "suggested_name",
]
