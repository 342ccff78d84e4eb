"""The FIS assessment end to end on the real stack (libvlc, the fake microphone, a real SQLite
file), by keys sent to the window only: a clinician takes the built-in 13-clip set; two
supervisors each rate the 13 takes blind in the "Rate assessments" tab; the stored ratings, the
hidden fields before each rater's last save, and the results (store and "Results" tab) are
checked against figures worked out here by hand, with plain formulas (not practice_db.stats).

Runs in real time: the 13 clips last about 136 s in all, so this test takes a few minutes."""

from __future__ import annotations

import math
import re
from datetime import datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget
from pytestqt.qtbot import QtBot

from app.paths import DataPaths
from app.startup.assessment_set import BUILTIN_SET_UUID, load_manifest
from media.constants import HEADLESS_VLC_ARGS
from media.playback.playback_qt import create_playback
from practice_db.records import ProfileRecord
from practice_db.store import PracticeStore
from practice_db.vocabulary import FACET_KEYS
from tests.support.fakemic_plugin import FakeMic
from tests.support.keys import activate, press
from tests.ui.review.test_blind_review import visible_texts
from tests.ui.shell.test_app_shell import open_window
from ui.assessment.page import AssessmentPage
from ui.shell.main_window import MainWindow

T_975_12 = 2.178812829667228  # Student t, 97.5th percentile, 12 degrees of freedom (tables)
CLINICIAN = "Dana Whitfield"


def first_rater(position: int) -> list[int]:
    """Rater one: the same score on all eight facets, 1 2 3 4 5 1 2 … down the set."""
    return [position % 5 + 1] * 8


def second_rater(position: int) -> list[int]:
    """Rater two: as rater one on the first four facets, one point higher (at most 5) on the
    last four: totals half a point higher, except where rater one gave 5."""
    a = position % 5 + 1
    return [a] * 4 + [min(a + 1, 5)] * 4


RATERS = (("Rae Rater", first_rater), ("Sam Second", second_rater))


def hand_worked(takes: int, facet: int | None = None) -> dict[str, float]:
    """The sitting's total (or one facet's mean, by its index), its 95% t interval over takes,
    and the raters' ICC(A,1) and ICC(A,k) on it, by the textbook two-way ANOVA formulas."""
    x = [[sum(f(p)) / 8 if facet is None else f(p)[facet] for _, f in RATERS] for p in range(takes)]
    n, k = takes, len(RATERS)
    take_means = [sum(row) / k for row in x]
    total = sum(take_means) / n
    sd = math.sqrt(sum((m - total) ** 2 for m in take_means) / (n - 1))
    half = T_975_12 * sd / math.sqrt(n)
    rater_means = [sum(row[j] for row in x) / n for j in range(k)]
    ss_rows = k * sum((m - total) ** 2 for m in take_means)
    ss_cols = n * sum((m - total) ** 2 for m in rater_means)
    ss_all = sum((v - total) ** 2 for row in x for v in row)
    msr, msc = ss_rows / (n - 1), ss_cols / (k - 1)
    mse = (ss_all - ss_rows - ss_cols) / ((n - 1) * (k - 1))
    return {
        "total": total,
        "low": total - half,
        "high": total + half,
        "icc1": (msr - mse) / (msr + (k - 1) * mse + k / n * (msc - mse)),
        "icck": (msr - mse) / (msr + (msc - mse) / n),
    }


def cell(table: QTableWidget, row: int, column: int) -> str:
    item = table.item(row, column)
    assert item is not None
    return item.text()


def idle(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.ctx.tasks.pending == 0, timeout=15000)


def page_of(window: MainWindow) -> AssessmentPage:
    page = window.pages["assessment"]
    assert isinstance(page, AssessmentPage)
    return page


def take_the_assessment(qtbot: QtBot, window: MainWindow, store: PracticeStore) -> int:
    """The clinician's sitting, by keys: Enter to begin, Space to end each reply early."""
    page = page_of(window)
    taking = page.taking
    qtbot.waitUntil(lambda: taking.intro.begin_button.isEnabled(), timeout=15000)
    intro = taking.intro.text.text()
    assert "13 short clips" in intro and "up to 15 seconds" in intro, intro
    assert taking.intro.occasion.currentData() == "baseline"
    played: list[int] = []
    assert window.playback is not None
    window.playback.started.connect(lambda: played.append(taking.position))
    press(window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: taking.state == "playing", timeout=10000)
    for n in range(13):
        assert taking.panel.progress.text() == f"Clip {n + 1} of 13"
        qtbot.waitUntil(lambda: taking.state == "recording", timeout=40000)
        qtbot.wait(700)  # the fake microphone speaks for a moment
        press(window, Qt.Key.Key_Space)  # done: end the reply early
        qtbot.waitUntil(lambda: taking.state != "recording", timeout=10000)
        if n < 12:  # the next clip follows by itself

            def next_playing(want: int = n + 1) -> bool:
                return taking.state == "playing" and taking.position == want

            qtbot.waitUntil(next_playing, timeout=20000)
    qtbot.waitUntil(lambda: taking.state == "done", timeout=15000)
    idle(qtbot, window)
    assert played == list(range(13))  # each clip once
    assert window.profile is not None
    (sitting,) = store.assessment_sittings.for_profile(window.profile.id)
    assert sitting.assessment.status == "complete" and sitting.assessment.occasion == "baseline"
    builtin = store.assessment_sets.by_uuid(BUILTIN_SET_UUID)
    assert builtin is not None and sitting.assessment.set_id == builtin.id
    assert [t.status for t in sitting.takes] == ["complete"] * 13
    return sitting.assessment.id


def rate_blind(
    qtbot: QtBot, window: MainWindow, store: PracticeStore, rater: ProfileRecord, scores_for: object
) -> dict[int, list[int]]:
    """One supervisor rates the 13 takes in their shuffled order; returns take id -> digits."""
    assert callable(scores_for)
    window.set_profile(rater)
    activate(qtbot, window)
    page = page_of(window)
    view = page.rating
    tabs = page.tabs
    for _ in range(3):  # to the "Rate assessments" tab by keys
        if tabs.currentWidget() is view:
            break
        press(window, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert tabs.currentWidget() is view
    qtbot.waitUntil(lambda: view.set_list.count() == 1, timeout=15000)
    today = datetime.now()
    hidden = (
        CLINICIAN,
        "Dana",
        "Whitfield",
        "Baseline",
        "baseline",
        "Follow",
        "follow",
        str(today.year),
        today.strftime("%b"),
        f"{today.day} {today:%b}",
    )

    def blind() -> None:
        texts = visible_texts(window)
        leaks = [t for t in texts if any(re.search(rf"\b{re.escape(h)}\b", t) for h in hidden)]
        assert not leaks, leaks
        assert not view.reveal_table.isVisible()

    blind()
    press(window, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state == "rating", timeout=10000)
    assert view.batch is not None and len(view.batch.takes) == 13
    builtin = store.assessment_sets.by_uuid(BUILTIN_SET_UUID)
    assert builtin is not None
    position_of = {c: i for i, c in enumerate(builtin.clip_ids)}  # the clip's place in the set
    given: dict[int, list[int]] = {}
    for index, take in enumerate(view.batch.takes):
        assert view.take_title.text() == f"Take {take.code}"
        blind()
        digits = scores_for(position_of[take.clip_id])
        given[take.take_id] = digits
        for position, digit in enumerate(digits):
            if index == 12 and position == 7:
                idle(qtbot, window)
                blind()  # 103 of 104 facets saved: still blind
            press(window, Qt.Key(Qt.Key.Key_0 + digit))
        if index < 12:
            press(window, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: view.state == "revealed", timeout=15000)
    shown = "\n".join(visible_texts(window))
    assert CLINICIAN in shown and "Baseline" in shown
    idle(qtbot, window)
    return given


@pytest.mark.timeout(900)  # real time: 13 clips of about 10 s each, then 2 × 104 key presses
def test_take_rate_blind_twice_and_read_the_results(
    qtbot: QtBot, data_paths: DataPaths, fake_mic: FakeMic
) -> None:
    window = open_window(qtbot, data_paths)
    window.resize(1280, 720)
    window.attach_playback(create_playback("vlc", vlc_args=list(HEADLESS_VLC_ARGS), parent=window))
    # 15 s is the shortest response window allowed; Space ends each reply sooner.
    window.ctx.settings.update(input_device_name=fake_mic.device, response_window_s=15)
    qtbot.waitUntil(
        lambda: window.profile_dialog is not None and window.profile_dialog.isVisible(), timeout=15000
    )
    assert window.profile_dialog is not None and window.store is not None
    window.profile_dialog.reject()
    store = window.store
    qtbot.waitUntil(lambda: store.assessment_sets.by_uuid(BUILTIN_SET_UUID) is not None, timeout=30000)
    builtin = store.assessment_sets.by_uuid(BUILTIN_SET_UUID)
    assert builtin is not None and len(builtin.clip_ids) == 13 == len(load_manifest()["clips"])

    dana = store.profiles.create(CLINICIAN, "clinician")
    window.set_profile(dana)
    activate(qtbot, window)
    press(window, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page_key() == "assessment"
    activate(qtbot, window)
    assessment_id = take_the_assessment(qtbot, window, store)
    window.grab().save("/tmp/ae2e/taken.png")

    raters = {name: store.profiles.create(name, "supervisor") for name, _ in RATERS}
    given: dict[str, dict[int, list[int]]] = {}
    for name, scores_for in RATERS:
        given[name] = rate_blind(qtbot, window, store, raters[name], scores_for)
        window.grab().save(f"/tmp/ae2e/revealed-{name.split()[0]}.png")

    # What was pressed is what is stored, take by take, facet by facet.
    take_ids = [t.id for t in store.assessment_sittings.for_profile(dana.id)[0].takes]
    for name, _ in RATERS:
        saved = store.assessment_ratings.mine(raters[name].id, take_ids)
        assert set(saved) == set(take_ids) == set(given[name])
        for take_id in take_ids:
            assert [saved[take_id].scores[k] for k in FACET_KEYS] == given[name][take_id]
            assert saved[take_id].rater_role == "rater"

    # The results against the figures worked out by hand.
    want = hand_worked(13)
    person = store.assessment_results.person(dana.id)
    assert person is not None and person.name == CLINICIAN
    (sitting,) = person.sittings
    assert sitting.assessment_id == assessment_id
    assert (sitting.takes, sitting.rated_takes, sitting.raters, sitting.partial_ratings) == (13, 13, 2, 0)
    total = sitting.total
    assert total is not None and total.n == 13
    assert total.low is not None and total.high is not None
    assert math.isclose(total.value, want["total"], abs_tol=1e-9)
    assert math.isclose(total.low, want["low"], abs_tol=1e-9)
    assert math.isclose(total.high, want["high"], abs_tol=1e-9)
    overall = sitting.agreement[0]
    assert overall.facet == "total" and overall.raters == 2 and overall.single.n == 13
    assert overall.single.value is not None and overall.average.value is not None
    assert math.isclose(overall.single.value, want["icc1"], abs_tol=1e-9)
    assert math.isclose(overall.average.value, want["icck"], abs_tol=1e-9)
    for icc in (overall.single, overall.average):
        assert icc.low is not None and icc.high is not None and icc.value is not None
        assert icc.low < icc.value < icc.high <= 1
    # A facet both raters scored alike (the first four): the mean is rater one's, agreement perfect.
    first = sitting.facets[0].estimate
    assert first is not None and math.isclose(first.value, sum(p % 5 + 1 for p in range(13)) / 13)
    same = sitting.agreement[1]
    assert same.facet == FACET_KEYS[0] and same.single.value is not None
    assert math.isclose(same.single.value, 1.0) and (same.single.low, same.single.high) == (1.0, 1.0)
    # A facet where rater two is a point higher (the last four): mean, interval and ICCs by hand.
    warmth = hand_worked(13, facet=4)
    facet = sitting.facets[4]
    assert facet.facet == FACET_KEYS[4] and facet.estimate is not None
    assert facet.estimate.low is not None and facet.estimate.high is not None
    assert math.isclose(facet.estimate.value, warmth["total"], abs_tol=1e-9)
    assert math.isclose(facet.estimate.low, warmth["low"], abs_tol=1e-9)
    assert math.isclose(facet.estimate.high, warmth["high"], abs_tol=1e-9)
    on_warmth = sitting.agreement[5]
    assert on_warmth.facet == FACET_KEYS[4]
    assert on_warmth.single.value is not None and on_warmth.average.value is not None
    assert math.isclose(on_warmth.single.value, warmth["icc1"], abs_tol=1e-9)
    assert math.isclose(on_warmth.average.value, warmth["icck"], abs_tol=1e-9)
    assert person.change is None  # a baseline only

    # The Results tab (as the second supervisor sees it) says the same, to one decimal.
    page = page_of(window)
    results = page.results
    press(window, Qt.Key.Key_Escape)  # back to the list (the reveal table keeps Ctrl+Tab for itself)
    for _ in range(3):  # to the "Results" tab by keys
        if page.tabs.currentWidget() is results:
            break
        press(window, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert page.tabs.currentWidget() is results

    def dana_shown() -> bool:
        shown = results.shown()
        return shown is not None and shown.profile_id == dana.id

    qtbot.waitUntil(dana_shown, timeout=15000)
    row = [cell(results.sittings, 0, c) for c in range(results.sittings.columnCount())]
    assert row[0] == "Baseline" and row[3] == "13 of 13" and row[4] == "2"
    assert row[5] == f"{want['total']:.1f} ({want['low']:.1f} to {want['high']:.1f})", row
    (table,) = results.agreement_tables()
    total_row = [cell(table, 0, c) for c in range(table.columnCount())]
    assert total_row[0] == "Total"
    assert total_row[1].startswith(f"{want['icc1']:.2f} (")
    assert total_row[2].startswith(f"{want['icck']:.2f} (")
    window.grab().save("/tmp/ae2e/results.png")
