"""Fuzzing the assessment sections: one value in them replaced or removed. Whatever comes in, the
only exception is BundleError, and a refused import leaves rows and files exactly as they were."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.bundles.assessment_entries import SECTIONS
from app.bundles.export import export_feedback_bundle, export_review_bundle
from app.bundles.import_review import import_review_bundle
from practice_db import models
from tests.app.bundles.test_bundles_assessment import _trainee
from tests.app.bundles.test_bundles_fuzz import FUZZ, JSON, _feedback, _paths, _review, _try
from tests.support.assessment_bundle_world import builtin_set, rate
from tests.support.bundle_world import World, members, open_world, repack


@dataclass
class Bundles:
    review: Path
    feedback: Path
    trainee: World  # where feedback goes
    fresh: World  # where a review bundle goes


@pytest.fixture(scope="module")
def bundles(tmp_path_factory: pytest.TempPathFactory, template_db: Path) -> Iterator[Bundles]:
    root = tmp_path_factory.mktemp("assessment-fuzz")
    a, b = open_world(root / "A", template_db), open_world(root / "B", template_db)
    builtin_set(a)
    dana, attempt, _ = _trainee(a)
    review = root / "review.prbundle"
    export_review_bundle(a.store, a.paths, dana, [attempt], review)
    import_review_bundle(b.store, b.paths, review)
    kim = b.store.profiles.create("Dr Kim", "supervisor").id
    with Session(b.store.engine) as s:
        takes = list(s.scalars(select(models.AssessmentTake.id)))
    for take in takes[:4]:
        rate(b, take, kim, "rater", 3)
    dana_b = b.store.profiles.by_uuid(a.store.profiles.get(dana).uuid)
    assert dana_b is not None
    feedback = export_feedback_bundle(b.store, kim, dana_b.id, root / "feedback.prbundle").path
    b.close()
    made = Bundles(review, feedback, a, open_world(root / "C", template_db))
    yield made
    made.trainee.close()
    made.fresh.close()


@FUZZ
@given(which=st.sampled_from(["review", "feedback"]), pick=st.integers(0), value=JSON, delete=st.booleans())
def test_odd_assessment_sections(
    bundles: Bundles, tmp_path: Path, which: str, pick: int, value: Any, delete: bool
) -> None:
    items = members(bundles.review if which == "review" else bundles.feedback)
    manifest = json.loads(items["manifest.json"])
    paths = [p for p in _paths(manifest)[1:] if p[0] in SECTIONS]
    path = paths[pick % len(paths)]
    parent = manifest
    for step in path[:-1]:
        parent = parent[step]
    if delete and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    bundle = repack(tmp_path / "odd.prbundle", items | {"manifest.json": json.dumps(manifest).encode()})
    if which == "review":
        _try(_review, bundles.fresh, bundle)
    else:
        _try(_feedback, bundles.trainee, bundle)
