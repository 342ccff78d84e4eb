"""The programme table: one row per trainee, what each cell says and how each column sorts.

Facet columns show an arrow and the change in a supervisor's mean score between the earlier and
the later half of the period; the words behind the arrow (tooltip and accessible description)
say which means and how many ratings. A dash: too few complete supervisor ratings to say."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from practice_db.programme import MIN_PER_HALF, FacetTrend, TraineeRow
from practice_db.vocabulary import FACET_KEYS, FACET_LABELS

AnyIndex = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1

FIXED = ("Trainee", "Attempts", "Minutes", "Last practised", "Waiting")
FACET_SHORT = {
    "verbal_fluency": "Fluency",
    "hope": "Hope",
    "persuasiveness": "Persuade",
    "emotional_expression": "Emotion",
    "warmth": "Warmth",
    "empathy": "Empathy",
    "alliance_bond": "Alliance",
    "rupture_repair": "Repair",
}
HEADERS = FIXED + tuple(FACET_SHORT[k] for k in FACET_KEYS)
FIRST_FACET = len(FIXED)
WAITING = FIXED.index("Waiting")
HEADER_TIPS = {
    1: "Finished attempts in the period",
    2: "Minutes of the trainee's own voice in those attempts",
    3: "Their latest take, of any date (finished or not)",
    4: "Finished attempts no supervisor has rated yet (Enter opens them in Review)",
    **{
        FIRST_FACET + i: f"{FACET_LABELS[k]}: change in supervisors' mean score, first half of the "
        "period to the second (complete ratings only)"
        for i, k in enumerate(FACET_KEYS)
    },
}
ARROWS = {"up": "↑", "down": "↓", "steady": "→"}
WORDS = {"up": "up", "down": "down", "steady": "steady"}
COLOURS = {"up": "#1f6f3f", "down": "#9a3412"}  # the arrow carries the meaning; colour only adds


def ago(when: datetime | None, now: datetime) -> str:
    """'today', 'yesterday', '3 days ago', '5 weeks ago'; 'never' for no attempt at all."""
    if when is None:
        return "never"
    days = (now.astimezone().date() - when.astimezone().date()).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days < 14:
        return f"{days} days ago"
    if days < 70:
        return f"{days // 7} weeks ago"
    return when.astimezone().strftime("%d %b %Y")


def trend_text(trend: FacetTrend) -> str:
    change, direction = trend.change, trend.direction
    if change is None or direction is None:
        return "–"
    return f"{ARROWS[direction]} {change:+.1f}".replace("-", "−")


def trend_words(trend: FacetTrend, row: TraineeRow) -> str:
    """What the cell means, in words (tooltip, and what a screen reader says)."""
    label = FACET_LABELS[trend.facet]
    if trend.earlier is None or trend.later is None:
        return (
            f"{label}: too few complete supervisor ratings to show a trend "
            f"({row.rated_earlier} in the first half, {row.rated_later} in the second; "
            f"{MIN_PER_HALF} each are needed)"
        )
    direction = trend.direction or "steady"
    return (
        f"{label}: {WORDS[direction]}, from {trend.earlier:.1f} to {trend.later:.1f} "
        f"(supervisors' complete ratings: {row.rated_earlier} in the first half, "
        f"{row.rated_later} in the second)"
    )


def cell(row: TraineeRow, column: int, now: datetime) -> str:
    if column >= FIRST_FACET:
        return trend_text(row.trends[column - FIRST_FACET])
    return (
        row.name,
        str(row.attempts),
        f"{row.minutes_spoken:.0f}",
        ago(row.last_activity, now),
        str(row.waiting_reviews),
    )[column]


def sort_value(row: TraineeRow, column: int) -> object:
    """A value that sorts the column as a reader expects (no trend sorts below any change)."""
    if column >= FIRST_FACET:
        change = row.trends[column - FIRST_FACET].change
        return -1000.0 if change is None else change
    return (
        row.name.casefold(),
        row.attempts,
        row.minutes_spoken,
        row.last_activity.timestamp() if row.last_activity else -1.0,
        row.waiting_reviews,
    )[column]


class ProgrammeModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[TraineeRow] = []
        self.now = datetime.now(UTC)

    def set_rows(self, rows: list[TraineeRow], now: datetime) -> None:
        self.beginResetModel()
        self.rows, self.now = rows, now
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return HEADER_TIPS.get(section)
        return None

    def data(self, index: AnyIndex, role: int = 0) -> object:
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return cell(row, column, self.now)
        if role == SORT_ROLE:
            return sort_value(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole and column > 0:
            return Qt.AlignmentFlag.AlignCenter
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            if column >= FIRST_FACET:
                return trend_words(row.trends[column - FIRST_FACET], row)
            if column == 3 and row.last_activity is not None:
                return row.last_activity.astimezone().strftime("%d %b %Y, %H:%M")
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{HEADERS[column]}: {cell(row, column, self.now)}"
        if role == Qt.ItemDataRole.ForegroundRole and column >= FIRST_FACET:
            direction = row.trends[column - FIRST_FACET].direction
            return QColor(COLOURS[direction]) if direction in COLOURS else None
        return None

    def profile_at(self, row: int) -> TraineeRow:
        return self.rows[row]
