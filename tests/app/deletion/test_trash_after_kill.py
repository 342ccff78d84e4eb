"""A session killed with deletions in its trash: the next start purges what was deleted and puts
back what a kill cut short (files moved, rows never deleted). Real child processes, SIGKILL."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.deletion.workflow import DeletionWorkflow
from app.paths import DataPaths
from app.startup.storage import after_store_opened
from practice_db.store import PracticeStore
from tests.support.deletion_world import World, build_world

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def world(store: PracticeStore, data_paths: DataPaths) -> World:
    return build_world(store, data_paths)


def killed_child(paths: DataPaths, body: str) -> None:
    """Run `body` with `flow` (a DeletionWorkflow on the same data folder), then SIGKILL itself."""
    script = (
        textwrap.dedent(
            f"""
        import os, signal, sys
        sys.path.insert(0, {str(ROOT)!r})
        from app.paths import DataPaths
        from app.deletion.workflow import DeletionWorkflow
        from practice_db.store import PracticeStore
        paths = DataPaths(__import__("pathlib").Path({str(paths.home)!r}))
        store = PracticeStore.open(f"sqlite:///{{paths.database}}", paths.backups)
        flow = DeletionWorkflow(paths, store)
        """
        )
        + textwrap.dedent(body)
        + "\nos.kill(os.getpid(), signal.SIGKILL)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == -9, done.stderr


def test_deleted_recording_is_purged_at_next_start_after_a_kill(
    store: PracticeStore, data_paths: DataPaths, world: World
) -> None:
    first = store.attempts.get(world.dana_attempts[0])
    wav = world.recording(data_paths, store, first.id)
    killed_child(data_paths, f"flow.delete_attempts([{first.id}], {world.dana})")
    assert not wav.exists()
    left = list((data_paths.home / "trash").glob("*/*.wav"))
    assert len(left) == 1  # the session died before it could empty its trash

    note = after_store_opened(data_paths, store)  # the next start

    assert list((data_paths.home / "trash").iterdir()) == []
    assert store.attempts.by_uuid(first.uuid) is None and not wav.exists()
    assert note is None or "trash" not in note


def test_a_deletion_cut_short_before_its_rows_went_is_put_back(
    store: PracticeStore, data_paths: DataPaths, world: World
) -> None:
    first = store.attempts.get(world.dana_attempts[0])
    wav = world.recording(data_paths, store, first.id)
    audio = wav.read_bytes()
    # Files moved to the trash, then killed before the rows' transaction.
    killed_child(data_paths, f"flow.trash.stash([{first.recording_path!r}], [{first.uuid!r}])")
    assert not wav.exists()

    assert DeletionWorkflow(data_paths, store).purge_leftovers() == 0

    assert wav.read_bytes() == audio
    assert store.attempts.get(first.id).status == "complete"
    assert list((data_paths.home / "trash").iterdir()) == []
