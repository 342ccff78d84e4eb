"""A challenge-level goal in the progress log: its sentence, what it has counted and its target,
in the Markdown table (read back by markdown-it) and the plain text."""

from __future__ import annotations

from datetime import date

from markdown_it import MarkdownIt

from app.progress_log.collect import collect_report
from app.progress_log.markdown import render
from app.progress_log.plain_text import render_text
from practice_db.progress.records import NewGoal
from practice_db.store import PracticeStore
from tests.support.seeding import PERIOD, seed_progress_history

SENTENCE = (
    "Reach intermediate on hostile / angry clips: 3 good challenges at intermediate or above, "
    "from 2 Mar 2026 to 29 Mar 2026"
)


def _goal_rows(markdown: str) -> dict[str, list[str]]:
    rows: list[list[str]] = []
    row: list[str] | None = None
    for tok in MarkdownIt("commonmark").enable("table").parse(markdown):
        if tok.type == "tr_open":
            row = []
        elif tok.type == "inline" and row is not None:
            row.append(tok.content)
        elif tok.type == "tr_close" and row is not None:
            rows.append(row)
            row = None
    return {r[0]: r[1:4] for r in rows}


def test_a_challenge_level_goal_reads_plainly_in_the_log(store: PracticeStore) -> None:
    h = seed_progress_history(store)
    params = {"presentation": "hostile", "level": 2, "recent": 3}
    store.goals.add(NewGoal(h.dana, h.sam, "challenge_level", params, date(2026, 3, 2), date(2026, 3, 29)))
    report = collect_report(store, h.dana, PERIOD, date(2026, 3, 31))
    # Hostile intermediate in March: good challenge, too hard, good challenge -> 2 of 3.
    assert _goal_rows(render(report))[SENTENCE] == ["Behind", "2 good", "3 good"]
    text = render_text(report)
    assert f"- {SENTENCE}: Behind. 2 of 3 so far. 'Too easy' counts too; 'too hard' never counts" in text
    assert "too hard reactions" not in text.lower()
