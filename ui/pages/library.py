"""Library page: browse, filter and search the exercises; see one exercise's guidance."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from practice_db.records import ClipFilter, ClipRecord, ProfileRecord
from practice_db.store import PracticeStore
from practice_db.vocabulary import DIFFICULTY_LABELS, FACET_LABELS, PRESENTATION_LABELS
from ui.context import UiContext

COLUMNS = ("Title", "Presentation", "Difficulty", "Facets", "Client says")
AnyIndex = QModelIndex | QPersistentModelIndex


class ClipTableModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.clips: list[ClipRecord] = []

    def set_clips(self, clips: list[ClipRecord]) -> None:
        self.beginResetModel()
        self.clips = clips
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.clips)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: AnyIndex, role: int = 0) -> object:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        clip = self.clips[index.row()]
        values = (
            clip.title,
            PRESENTATION_LABELS.get(clip.presentation, clip.presentation),
            DIFFICULTY_LABELS.get(clip.difficulty, str(clip.difficulty)),
            ", ".join(FACET_LABELS[f].split(" /")[0] for f in clip.facets),
            clip.statement,
        )
        return values[index.column()]


def _combo(name: str, all_text: str, items: dict[object, str]) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.addItem(all_text, None)
    for key, label in items.items():
        combo.addItem(label, key)
    return combo


class LibraryPage(QWidget):
    clip_activated = Signal(object)  # ClipRecord: practise this one

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.store: PracticeStore | None = None
        self.profile: ProfileRecord | None = None
        self.setObjectName("libraryPage")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>Library</h2>"))

        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("librarySearch")
        self.search.setPlaceholderText("Search what the client says…")
        self.presentation = _combo("presentationFilter", "All presentations", dict(PRESENTATION_LABELS))
        self.difficulty = _combo("difficultyFilter", "All levels", dict(DIFFICULTY_LABELS))
        self.facet = _combo("facetFilter", "All facets", dict(FACET_LABELS))
        self.not_practised = QCheckBox("Not yet practised")
        self.struggled = QCheckBox("Struggled")
        for w in (
            self.search,
            self.presentation,
            self.difficulty,
            self.facet,
            self.not_practised,
            self.struggled,
        ):
            bar.addWidget(w)
        layout.addLayout(bar)

        self.model = ClipTableModel()
        self.table = QTableView()
        self.table.setObjectName("clipTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda idx: self.clip_activated.emit(self.model.clips[idx.row()]))
        self.details = QLabel("Select an exercise to see what it asks of you.")
        self.details.setObjectName("clipDetails")
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setMinimumWidth(300)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(self.details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout.addWidget(split, 1)
        self.count_label = QLabel()
        layout.addWidget(self.count_label)

        self.search.textChanged.connect(self.refresh)
        for combo in (self.presentation, self.difficulty, self.facet):
            combo.currentIndexChanged.connect(self.refresh)
        self.not_practised.toggled.connect(self.refresh)
        self.struggled.toggled.connect(self.refresh)
        self.table.selectionModel().currentRowChanged.connect(self._show_details)

    def set_store(self, store: PracticeStore) -> None:
        self.store = store
        self.refresh()

    def set_profile(self, profile: ProfileRecord) -> None:
        self.profile = profile
        self.refresh()

    def current_filter(self) -> ClipFilter:
        me = self.profile.id if self.profile else None
        return ClipFilter(
            presentation=self.presentation.currentData(),
            difficulty=self.difficulty.currentData(),
            facet=self.facet.currentData(),
            text=self.search.text().strip() or None,
            not_practised_by=me if self.not_practised.isChecked() else None,
            struggled_by=me if self.struggled.isChecked() else None,
        )

    def refresh(self) -> None:
        if self.store is not None:
            self.ctx.tasks.submit(self.store.clips.list, self.current_filter(), on_done=self._show_clips)

    def _show_clips(self, clips: list[ClipRecord]) -> None:
        self.model.set_clips(clips)
        if clips:
            self.table.selectRow(0)
        self.count_label.setText(f"{len(clips)} exercise{'s' if len(clips) != 1 else ''}")

    def _show_details(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        clip = self.model.clips[current.row()]
        criteria = "".join(f"<li>{c}</li>" for c in clip.criteria) or "<li>(none given)</li>"
        self.details.setText(
            f"<h3>{clip.title}</h3><p><i>{PRESENTATION_LABELS.get(clip.presentation, '')} · "
            f"{DIFFICULTY_LABELS.get(clip.difficulty, '')}</i></p>"
            f"<p style='font-size:15px'>“{clip.statement}”</p>"
            f"<p><b>A good reply…</b></p><ul>{criteria}</ul>"
            "<p style='color:#555'>An example reply is shown after you have tried it yourself.</p>"
        )
