from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.clinic_world import ClinicWorld, make_clinic
from tests.support.pg_cluster import Cluster


@pytest.fixture
def clinic(pg_cluster: Cluster, pg_template: str) -> Iterator[ClinicWorld]:
    world = make_clinic(pg_cluster, template=pg_template)
    yield world
    world.drop()
