"""Own clips on a clinic server: the person importing a clip owns it, so the server's row-level
security lets a trainee add their own clips and change nobody else's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.clips.importer import ClipImporter
from app.paths import DataPaths
from media.playback.media_probe import MediaProber
from practice_db.errors import PermissionDeniedError
from practice_db.store import PracticeStore
from tests.app.clips.test_clip_details import ANGRY, QUIET
from tests.app.clips.test_clip_import import prober, write_tone  # noqa: F401  (prober: a fixture)
from tests.support.clinic_world import ClinicWorld, make_clinic
from tests.support.pg_cluster import Cluster


@pytest.fixture
def clinic(pg_cluster: Cluster, pg_template: str) -> Iterator[ClinicWorld]:
    world = make_clinic(pg_cluster, template=pg_template)
    yield world
    world.drop()


def test_a_trainee_imports_own_clips_and_changes_no_one_elses(
    clinic: ClinicWorld,
    tmp_path: Path,
    prober: MediaProber,  # noqa: F811
) -> None:
    ana_id, ana_url = clinic.person("Ana", "clinician")
    ben_id, ben_url = clinic.person("Ben", "clinician")
    ana_paths = DataPaths(tmp_path / "ana").ensure()
    ben_paths = DataPaths(tmp_path / "ben").ensure()
    ana = PracticeStore.open(ana_url, ana_paths.backups)
    ben = PracticeStore.open(ben_url, ben_paths.backups)
    try:
        [added] = ClipImporter(ana_paths, prober).import_files(
            ana, [(write_tone(tmp_path / "a.wav", 1.2), ANGRY)], owner_profile_id=ana_id
        )
        assert added.status == "imported", added.message
        clip = next(c for c in ana.clips.list() if c.title == ANGRY.title)
        assert ana.clips.get(clip.id).title == ANGRY.title  # readable by everyone in the clinic
        assert next(c for c in ben.clips.list() if c.id == clip.id).title == ANGRY.title
        # Ben may not change Ana's clip: the server filters his update out, and he is told plainly.
        with pytest.raises(PermissionDeniedError, match="did not allow"):
            ben.clips.update_guidance(
                clip.id,
                title="Renamed by Ben",
                statement="",
                facets=(),
                criteria=(),
                example_response=None,
                content_note=None,
            )
        assert ana.clips.get(clip.id).title == ANGRY.title
        # Without an owner the server would refuse a trainee's import altogether.
        [refused] = ClipImporter(ben_paths, prober).import_files(
            ben, [(write_tone(tmp_path / "b.wav", 1.6), QUIET)], owner_profile_id=None
        )
        assert refused.status == "rejected" and "did not allow" in refused.message
    finally:
        ana.close()
        ben.close()
