"""Fuzzing both importers: random bytes, damaged bundles and odd manifests.

Whatever comes in, the only exception is BundleError (a plain sentence), and a refused import
leaves the database rows and the data folder exactly as they were.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.bundles.errors import BundleError
from app.bundles.import_feedback import import_feedback_bundle
from app.bundles.import_review import import_review_bundle
from app.bundles.staging import PREFIX
from app.bundles.summary import ImportSummary
from app.paths import DataPaths
from practice_db.store import PracticeStore
from tests.support.bundle_sources import Sources, build_sources
from tests.support.bundle_world import World, listing, members, repack, row_counts

Importer = Callable[[PracticeStore, DataPaths, Path], ImportSummary]
FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory, template_db: Path) -> Iterator[Sources]:
    made = build_sources(tmp_path_factory.mktemp("fuzz-worlds"), template_db)
    yield made
    made.trainee.close()
    made.fresh.close()


def _review(store: PracticeStore, paths: DataPaths, bundle: Path) -> ImportSummary:
    return import_review_bundle(store, paths, bundle)


def _feedback(store: PracticeStore, paths: DataPaths, bundle: Path) -> ImportSummary:
    return import_feedback_bundle(store, paths, bundle)


def _try(importer: Importer, world: World, bundle: Path) -> None:
    counts, files = row_counts(world.store), listing(world.paths)
    try:
        importer(world.store, world.paths, bundle)
    except BundleError as exc:
        message = str(exc)
        assert message and "Traceback" not in message and "Error" not in message, message
        assert row_counts(world.store) == counts, message
        assert listing(world.paths) == files, message
    assert not [p for p in world.paths.home.iterdir() if p.name.startswith(PREFIX)]


def _both(sources: Sources, bundle: Path) -> None:
    _try(_review, sources.fresh, bundle)
    _try(_feedback, sources.trainee, bundle)


@FUZZ
@given(data=st.binary(max_size=4096))
def test_random_bytes(sources: Sources, tmp_path: Path, data: bytes) -> None:
    bundle = tmp_path / "random.prbundle"
    bundle.write_bytes(data)
    _both(sources, bundle)


MUTATION = st.one_of(
    st.tuples(
        st.just("flip"), st.lists(st.tuples(st.integers(0), st.integers(1, 255)), min_size=1, max_size=8)
    ),
    st.tuples(st.just("truncate"), st.integers(0)),
    st.tuples(st.just("splice"), st.tuples(st.integers(0), st.binary(min_size=1, max_size=64))),
)


def _mutate(raw: bytes, mutation: tuple[str, Any]) -> bytes:
    kind, arg = mutation
    data = bytearray(raw)
    if kind == "flip":
        for position, mask in arg:
            data[position % len(data)] ^= mask
    elif kind == "truncate":
        del data[arg % len(data) :]
    else:
        position, extra = arg
        data[position % len(data) : position % len(data)] = extra
    return bytes(data)


@FUZZ
@given(which=st.sampled_from(["review", "feedback"]), mutation=MUTATION)
def test_damaged_bundles(sources: Sources, tmp_path: Path, which: str, mutation: tuple[str, Any]) -> None:
    original = sources.review if which == "review" else sources.feedback
    bundle = tmp_path / "damaged.prbundle"
    bundle.write_bytes(_mutate(original.read_bytes(), mutation))
    _both(sources, bundle)


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=30)
    | st.sampled_from(
        [
            "",
            " ",
            "1.0",
            "2024-02-30T10:00:00+00:00",
            "9999-12-31T23:59:59-14:00",
            "0001-01-01T00:00:00+14:00",
        ]
    ),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=8,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


@FUZZ
@given(
    which=st.sampled_from(["review", "feedback"]),
    pick=st.integers(0),
    value=JSON,
    delete=st.booleans(),
)
def test_odd_manifests(
    sources: Sources, tmp_path: Path, which: str, pick: int, value: Any, delete: bool
) -> None:
    """Valid zips whose manifest has one value replaced or removed: schema, checks and storage agree."""
    items = members(sources.review if which == "review" else sources.feedback)
    manifest = json.loads(items["manifest.json"])
    paths = _paths(manifest)[1:]
    path = paths[pick % len(paths)]
    parent = manifest
    for step in path[:-1]:
        parent = parent[step]
    if delete and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    bundle = repack(tmp_path / "odd.prbundle", items | {"manifest.json": json.dumps(manifest).encode()})
    _both(sources, bundle)
