"""Many saves of one rating at once from two connections to PostgreSQL (clinic mode): every save
either wins or is told (EditConflict); none is lost, so the final version counts the wins."""

from __future__ import annotations

import threading

from practice_db.engine import make_engine
from practice_db.errors import EditConflict
from practice_db.records import NewClip, RatingInput
from practice_db.store import PracticeStore
from practice_db.versioning import NEW_ROW

ROUNDS = 60


def test_two_connections_hammering_one_rating_lose_no_update(pg_url: str) -> None:
    stores = [PracticeStore(make_engine(pg_url)) for _ in range(2)]
    try:
        setup = stores[0]
        dana = setup.profiles.create("Dana", "clinician").id
        sam = setup.profiles.create("Sam", "supervisor").id
        clip = setup.clips.add(NewClip("Kept waiting", "hostile", 1, "clips/x.ogg", "hash-x")).id
        attempt = setup.attempts.begin(dana, clip, None, "recordings/x.wav").id
        setup.ratings.save(attempt, sam, RatingInput(scores={"hope": 3}), NEW_ROW)
        start = threading.Barrier(2)
        wins: list[list[int]] = [[], []]  # the versions each client's winning saves made
        told = [0, 0]
        errors: list[BaseException] = []

        def client(n: int) -> None:
            store = stores[n]
            try:
                start.wait()
                for i in range(ROUNDS):
                    seen = store.ratings.get(attempt, sam)
                    assert seen is not None
                    data = RatingInput(scores={"hope": 1 + (i % 5)}, note=f"client {n} round {i}")
                    try:
                        wins[n].append(store.ratings.save(attempt, sam, data, seen.version).version)
                    except EditConflict as exc:
                        assert exc.current.version > seen.version  # it shows the newer one
                        told[n] += 1
            except BaseException as exc:  # noqa: BLE001 - handed to the main thread
                errors.append(exc)

        threads = [threading.Thread(target=client, args=(n,)) for n in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        assert not errors, errors
        assert all(not t.is_alive() for t in threads)  # no deadlock
        won = sorted(wins[0] + wins[1])
        assert len(won) + sum(told) == 2 * ROUNDS
        # Each win made exactly one new version, no two wins the same one: nothing overwritten.
        assert won == list(range(2, 2 + len(won)))
        final = setup.ratings.get(attempt, sam)
        assert final is not None and final.version == 1 + len(won)
        last_client = 0 if won and won[-1] in wins[0] else 1
        assert final.note.startswith(f"client {last_client} ")  # the last winner's words stand
        assert sum(told) > 0 and all(wins)  # the two really raced, and both got saves through
    finally:
        for s in stores:
            s.close()
