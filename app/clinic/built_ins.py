"""The starter exercises and the FIS assessment set on a clinic's server, installed or brought up
to this version's packs by `practice-room clinic init` (the admin may change every row; a member
may only add missing built-ins, so a newer pack would otherwise never reach the server's rows).
Each computer still copies the shipped files into its own data folder at start."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

from app.paths import DataPaths
from app.startup.assessment_set import install_assessment_set
from app.startup.starter_library import install_starter_pack
from practice_db.clinic.connection import act_as_owner
from practice_db.engine import make_engine
from practice_db.store import PracticeStore


@dataclass(frozen=True)
class BuiltIns:
    starter_added: int
    assessment_set: bool  # False: the set could not be installed (see the log)

    def summary(self) -> str:
        added = (
            f"{self.starter_added} starter exercises added"
            if self.starter_added
            else "starter exercises up to date"
        )
        assessment = (
            "the assessment set is ready"
            if self.assessment_set
            else "the assessment set could not be installed"
        )
        return f"{added[:1].upper()}{added[1:]}; {assessment}."


def install_built_ins(admin_url: str) -> BuiltIns:
    engine = make_engine(admin_url)
    act_as_owner(engine)
    store = PracticeStore(engine)
    try:
        with tempfile.TemporaryDirectory(prefix="practice-room-init-") as scratch:
            paths = DataPaths(Path(scratch)).ensure()  # the files stay on each computer, not here
            added = install_starter_pack(store, paths)
            ready = install_assessment_set(store, paths) is not None
    finally:
        store.close()
    return BuiltIns(added, ready)
