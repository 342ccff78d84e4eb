"""A small, hand-countable set of criteria verdicts (used by the progress query, page and log tests).

Period: March 2026 (tests.support.seeding.PERIOD). Dana practises two exercises:

exercise "Kept waiting" (criteria A, B, C)      self verdicts        supervisor verdicts
  3 Mar                                          A met, B partly      Sam: A partly, B not met
  10 Mar                                         A met, B met, C not  Sam: A met; Kim: A met, C partly
  12 Mar (discarded: never counted)              A not met            -
  20 Feb (before the period)                     A not met            Sam: A not met
exercise "Flat voice" (criterion D; an older wording "D old" from before an edit)
  18 Mar                                         D met, "D old" met   (rated, no verdicts)
  25 Mar                                         (rated, no verdicts) Sam: D partly

Expected in March:
  Kept waiting  A   self 2/0/0   supervisor 2/1/0
                B   self 1/1/0   supervisor 0/0/1
                C   self 0/0/1   supervisor 0/1/0
  Flat voice    D   self 1/0/0   supervisor 0/1/0
                D old  self 1/0/0  supervisor 0/0/0
Lee (another trainee) has verdicts in March too; they must never show in Dana's.
"""

from __future__ import annotations

from dataclasses import dataclass

from practice_db.records import CriterionVerdict, NewClip, RatingInput
from practice_db.store import PracticeStore
from tests.support.seeding import add_attempt, at

KEPT = ("Names the anger first", "Keeps an even tone", "Asks what would help now")
FLAT = ("Stays with the silence",)
OLD_FLAT = "Stays with the silence (old wording)"


@dataclass(frozen=True)
class CriteriaWorld:
    dana: int
    lee: int
    sam: int
    kim: int


def _clip(store: PracticeStore, title: str, criteria: tuple[str, ...]) -> int:
    return store.clips.add(
        NewClip(
            title=title,
            presentation="hostile",
            difficulty=1,
            media_path=f"clips/{title}.ogg",
            content_hash=f"hash-{title}",
            criteria=criteria,
        )
    ).id


def _verdicts(*pairs: tuple[str, str]) -> tuple[CriterionVerdict, ...]:
    return tuple(CriterionVerdict(c, v) for c, v in pairs)


def seed_criteria(store: PracticeStore) -> CriteriaWorld:
    dana = store.profiles.create("Dana", "clinician").id
    lee = store.profiles.create("Lee", "clinician").id
    sam = store.profiles.create("Sam", "supervisor").id
    kim = store.profiles.create("Kim", "supervisor").id
    kept, flat = _clip(store, "Kept waiting", KEPT), _clip(store, "Flat voice", FLAT)
    a, b, c = KEPT
    d = FLAT[0]

    def judged(profile: int, clip: int, when: object, **by: tuple[CriterionVerdict, ...] | None) -> int:
        attempt = add_attempt(store, profile, clip, when)  # type: ignore[arg-type]
        for rater, given in by.items():
            rater_id = {"self": profile, "sam": sam, "kim": kim}[rater]
            store.ratings.save(
                attempt.id, rater_id, RatingInput(scores={"empathy": 3}, criteria_verdicts=given)
            )
        return attempt.id

    judged(
        dana,
        kept,
        at(3),
        self=_verdicts((a, "met"), (b, "partly")),
        sam=_verdicts((a, "partly"), (b, "not_met")),
    )
    judged(
        dana,
        kept,
        at(10),
        self=_verdicts((a, "met"), (b, "met"), (c, "not_met")),
        sam=_verdicts(
            (a, "met"),
        ),
        kim=_verdicts((a, "met"), (c, "partly")),
    )
    discarded = add_attempt(store, dana, kept, at(12), status="discarded")
    store.ratings.save(
        discarded.id,
        dana,
        RatingInput(
            criteria_verdicts=_verdicts(
                (a, "not_met"),
            )
        ),
    )
    judged(
        dana,
        kept,
        at(20, month=2),
        self=_verdicts(
            (a, "not_met"),
        ),
        sam=_verdicts(
            (a, "not_met"),
        ),
    )
    judged(dana, flat, at(18), self=_verdicts((d, "met"), (OLD_FLAT, "met")), sam=None)
    judged(
        dana,
        flat,
        at(25),
        self=None,
        sam=_verdicts(
            (d, "partly"),
        ),
    )
    judged(
        lee,
        kept,
        at(11),
        self=_verdicts((a, "not_met"), (b, "not_met")),
        sam=_verdicts(
            (a, "not_met"),
        ),
    )
    return CriteriaWorld(dana, lee, sam, kim)
