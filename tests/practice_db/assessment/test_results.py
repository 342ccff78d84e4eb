"""Assessment results on a real migrated SQLite file, against values worked by hand
(tests/support/assessment_results_world.py describes the data)."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from app.progress_log.assessment_wording import agreement_lead, change_text, sitting_label
from practice_db import models
from practice_db.assessment.results_math import change_words, welch
from practice_db.assessment.results_records import TOTAL
from practice_db.stats.agreement import Estimate
from practice_db.store import PracticeStore
from tests.support.assessment_results_world import add_rating, build, scores

T2 = 4.302653  # t(0.975, 2)


def test_totals_facets_and_intervals_over_takes(store: PracticeStore) -> None:
    world = build(store)
    person = store.assessment_results.person(world.sam)
    assert person is not None and person.name == "Sam"
    assert [s.occasion for s in person.sittings] == ["baseline", "follow_up"]  # in-progress left out
    base, follow = person.sittings
    # Baseline take totals (mean of the two raters): 2.5, 4, 4 -> mean 3.5, sd sqrt(.75), se .5.
    assert base.total is not None and base.total.n == 3
    assert base.total.value == pytest.approx(3.5)
    assert (base.total.low, base.total.high) == (
        pytest.approx(3.5 - T2 * 0.5, abs=1e-4),
        pytest.approx(3.5 + T2 * 0.5, abs=1e-4),
    )
    # Hope: rater 1 gave one more (3 4 5), rater 2 3 5 4 -> takes 3, 4.5, 4.5 -> 4.0; empathy 3.0.
    facets = {f.facet: f.estimate for f in base.facets}
    assert facets["hope"] is not None and facets["hope"].value == pytest.approx(4.0)
    assert facets["empathy"] is not None and facets["empathy"].value == pytest.approx(3.0)
    assert facets["warmth"] is not None and facets["warmth"].value == pytest.approx(3.5)
    # Follow-up takes 3.5, 4.5, 5 -> 13/3.
    assert follow.total is not None and follow.total.value == pytest.approx(13 / 3)
    assert (base.takes, base.rated_takes, follow.rated_takes) == (3, 3, 3)


def test_partial_and_self_ratings_never_count(store: PracticeStore) -> None:
    world = build(store)
    person = store.assessment_results.person(world.sam)
    assert person is not None
    base = person.sittings[0]
    # The third rater's seven-facet rating (all 1s) would pull take A down if it counted.
    assert base.partial_ratings == 1 and base.raters == 2
    # Sam's own 5s are shown apart, never in the total.
    assert base.self_total is not None and base.self_total.value == pytest.approx(5.0)
    assert base.self_rated_takes == 3
    assert base.total is not None and base.total.value == pytest.approx(3.5)


def test_rater_agreement_worked_by_hand(store: PracticeStore) -> None:
    world = build(store)
    person = store.assessment_results.person(world.sam)
    assert person is not None
    agreement = {a.facet: a for a in person.sittings[0].agreement}
    total = agreement[TOTAL]
    # Totals table (2 3 4 | 3 5 4): MSR 1.5, MSC 1.5, MSE 0.5.
    # ICC(A,1) = 1 / (1.5 + 0.5 + (2/3) * 1) = 3/8; ICC(A,k) = 1 / (1.5 + 1/3) = 6/11.
    assert total.raters == 2 and total.single.n == 3
    assert total.single.value == pytest.approx(3 / 8)
    assert total.average.value == pytest.approx(6 / 11)
    for icc in (total.single, total.average):
        assert icc.low is not None and icc.high is not None and icc.low < 0 < icc.value < icc.high  # type: ignore[operator]
    assert set(agreement) == {TOTAL, "verbal_fluency", "hope", "persuasiveness", "emotional_expression",
                              "warmth", "empathy", "alliance_bond", "rupture_repair"}  # fmt: skip


def test_change_paired_by_clip_with_its_interval_in_words(store: PracticeStore) -> None:
    world = build(store)
    person = store.assessment_results.person(world.sam)
    assert person is not None and person.change is not None
    change = person.change
    # Per clip: 3.5-2.5, 4.5-4, 5-4 = 1, .5, 1 -> mean 5/6, sd sqrt(1/12), se 1/6.
    assert change.paired and change.estimate is not None
    assert change.estimate.value == pytest.approx(5 / 6)
    assert change.estimate.low == pytest.approx(5 / 6 - T2 / 6, abs=1e-4)
    assert change.estimate.high == pytest.approx(5 / 6 + T2 / 6, abs=1e-4)
    assert change.words.startswith("Follow-up 4.3 vs baseline 3.5: +0.8 (95% interval +0.1 to +1.6).")
    assert "above 0" in change.words


def test_an_interval_that_includes_zero_is_said_plainly() -> None:
    words = change_words(3.1, 3.3, Estimate(0.2, -0.1, 0.5, 13))
    assert words.startswith("Follow-up 3.3 vs baseline 3.1: +0.2 (95% interval -0.1 to +0.5).")
    assert "includes 0" in words and "cannot tell a real change from chance" in words
    assert "too few" in change_words(3.0, 3.0, Estimate(0.0, None, None, 1))
    assert "0.0 (" in change_words(3.0, 3.0, Estimate(-0.01, None, None, 1))  # never "-0.0"


def test_different_clip_sets_use_welch() -> None:
    # 2 3 4 vs 3 4 5: difference 1, se sqrt(1/3 + 1/3), df = (2/3)^2 / (2 * (1/3)^2 / 2) = 4.
    got = welch([2, 3, 4], [3, 4, 5])
    assert got is not None and got.value == pytest.approx(1.0)
    assert got.high == pytest.approx(1 + 2.776445 * (2 / 3) ** 0.5, abs=1e-4)


def test_supervisor_sees_every_person_with_a_sitting(store: PracticeStore) -> None:
    build(store, "Sam")
    build(store, "Ada")
    people = store.assessment_results.people()
    assert [p.name for p in people] == ["Ada", "Sam"]  # raters have no sittings
    assert all(p.change is not None for p in people)


def test_a_third_rater_on_one_take_leaves_agreement_to_the_pair_sharing_most(
    store: PracticeStore,
) -> None:
    world = build(store)
    with Session(store.engine) as s:
        take = s.query(models.AssessmentTake).filter_by(assessment_id=world.baseline, position=0).one()
        extra = models.Profile(name="Rater four", role="supervisor")
        s.add(extra)
        s.flush()
        add_rating(s, take.id, extra.id, "rater", scores(3))
        s.commit()
    person = store.assessment_results.person(world.sam)
    assert person is not None
    base = person.sittings[0]
    assert base.raters == 3 and base.agreement[0].raters == 2  # the two who rated all three takes
    assert base.agreement[0].single.value == pytest.approx(3 / 8)
    # Take A is now (2 + 3 + 3) / 3 rather than 2.5: takes 8/3, 4, 4
    assert base.total is not None and base.total.value == pytest.approx((8 / 3 + 8) / 3)


def test_one_rater_stopped_early_and_no_follow_up(store: PracticeStore) -> None:
    world = build(store)
    with Session(store.engine) as s:
        s.execute(delete(models.Assessment).where(models.Assessment.id == world.follow_up))
        s.execute(
            update(models.Assessment)
            .where(models.Assessment.id == world.baseline)
            .values(status="incomplete")
        )
        r2 = s.query(models.Profile).filter_by(name="Rater two for Sam").one()
        s.execute(delete(models.AssessmentRating).where(models.AssessmentRating.rater_profile_id == r2.id))
        s.commit()
    person = store.assessment_results.person(world.sam)
    assert person is not None and person.change is None
    (base,) = person.sittings
    assert base.raters == 1 and base.agreement == ()
    assert base.total is not None and base.total.value == pytest.approx(3.0)  # rater one alone: 2 3 4
    assert sitting_label(base) == "Baseline, 1 Mar 2026 (stopped early)"
    assert "one rater only" in agreement_lead(base)
    assert change_text(person) == "No rated follow-up after the baseline yet, so no change to show."


def test_a_rater_midway_through_a_sitting_sees_no_figures_for_it(store: PracticeStore) -> None:
    world = build(store)
    with Session(store.engine) as s:  # rater one takes back their rating of the follow-up's last take
        take = s.query(models.AssessmentTake).filter_by(assessment_id=world.follow_up, position=2).one()
        s.execute(
            delete(models.AssessmentRating).where(
                models.AssessmentRating.take_id == take.id,
                models.AssessmentRating.rater_profile_id == world.supervisor,
            )
        )
        s.commit()
    (seen,) = store.assessment_results.people(viewer_id=world.supervisor)
    assert [s.occasion for s in seen.sittings] == ["baseline"] and seen.withheld == 1
    assert seen.change is None
    (everyone,) = store.assessment_results.people()  # without a viewer (the log): everything
    assert len(everyone.sittings) == 2 and everyone.withheld == 0
