"""Library page: browse, filter and search the exercises; see one exercise's guidance; import clips."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.dialog_folders import folder_to_remember, start_folder
from practice_db.vocabulary import DIFFICULTY_LABELS, FACET_LABELS, PRESENTATION_LABELS
from ui.common.long_titles import ElideMiddleDelegate, breakable
from ui.common.page_keys import PageKeys
from ui.library.clip_history_view import ClipHistoryView
from ui.library.pack_flow import ClipPackFlow
from ui.shell.context import UiContext
from ui.shell.data_changes import ATTEMPTS, CLIPS, RATINGS, REVIEWS, StaleWatch

if TYPE_CHECKING:
    from app.clips.records import ImportOutcome
    from practice_db.records import ClipFilter, ClipRecord, ProfileRecord
    from practice_db.store import PracticeStore
    from ui.library.clip_import_flow import ClipImportFlow
    from ui.library.edit_flow import ClipEditFlow

COLUMNS = ("Title", "Presentation", "Difficulty", "Facets", "Client says")
NOTE_MARK = "  · content note"  # after the title of a clip with heavy themes (shown before it plays)
TITLE_WIDTH = 340  # a long title is elided (middle, keeping the note mark) and whole in its tooltip
AnyIndex = QModelIndex | QPersistentModelIndex


class ClipTableModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.clips: list[ClipRecord] = []

    def set_clips(self, clips: list[ClipRecord]) -> None:
        self.beginResetModel()
        self.clips = clips
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.clips)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: AnyIndex, role: int = 0) -> object:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        clip = self.clips[index.row()]
        if index.column() == 0 and clip.content_note:
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{clip.title}\nContent note: {clip.content_note}"
            return clip.title + NOTE_MARK
        values = (
            clip.title,
            PRESENTATION_LABELS.get(clip.presentation, clip.presentation),
            DIFFICULTY_LABELS.get(clip.difficulty, str(clip.difficulty)),
            ", ".join(FACET_LABELS[f].split(" /")[0] for f in clip.facets),
            clip.statement,
        )
        return values[index.column()]


def _combo(name: str, all_text: str, items: Mapping[Any, str]) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    # Shrink below the longest entry (the list still shows it whole) so the window fits 1024 px screens.
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(12)
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
        self._select_id: int | None = None  # clip to select after the next refresh (a fresh import)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("<h2>Library</h2>"))
        top.addStretch(1)
        self.import_flow: ClipImportFlow | None = None
        self.import_button = QToolButton()
        self.import_button.setObjectName("importClipsButton")
        self.import_button.setText("Import clips…")
        self.import_button.setToolTip("Add your own recordings; you can also drop files or folders here.")
        self.import_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.import_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.import_button)
        menu.addAction("Choose files…", self.choose_files)
        menu.addAction("Choose a whole folder…", self.choose_folder)
        self.import_button.setMenu(menu)
        self.import_button.setEnabled(False)  # until storage is open
        self.setAcceptDrops(True)
        hint = QLabel("or drop recordings here")
        hint.setStyleSheet("color: #666;")
        top.addWidget(self.import_button)
        top.addWidget(hint)
        self.packs = ClipPackFlow(ctx, self, self.selected_clips)  # share exercises (ui/library/pack_flow.py)
        top.addWidget(self.packs.button)
        layout.addLayout(top)

        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("librarySearch")
        self.search.setPlaceholderText("Search titles and what the client says…")
        self.search.setToolTip("Letters match with or without accents and in any case: “uber” finds “Über”.")
        self.search.setClearButtonEnabled(True)
        find = QAction("Search the exercises", self)
        find.setShortcut(QKeySequence(QKeySequence.StandardKey.Find))  # Ctrl+F
        find.setShortcutContext(Qt.ShortcutContext.WindowShortcut)  # only while the Library shows
        find.triggered.connect(self._focus_search)
        self.addAction(find)
        self.presentation = _combo("presentationFilter", "All presentations", PRESENTATION_LABELS)
        self.difficulty = _combo("difficultyFilter", "All levels", DIFFICULTY_LABELS)
        self.facet = _combo("facetFilter", "All facets", FACET_LABELS)
        self.not_practised = QCheckBox("Not yet practised")
        self.struggled = QCheckBox("Struggled")
        self.filters = (
            self.search,
            self.presentation,
            self.difficulty,
            self.facet,
            self.not_practised,
            self.struggled,
        )
        for w in self.filters:
            bar.addWidget(w)
        layout.addLayout(bar)

        self.model = ClipTableModel()
        self.table = QTableView()
        self.table.setObjectName("clipTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Several rows (Shift+arrows, Ctrl+click) for a clip pack; the current one shows its details.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)  # Tab moves between controls, arrows between rows
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Size columns from the first rows only: measuring all of a big library on every reload
        # took ~100 ms of the GUI thread per load (benchmarks/RESULTS.md, cold start).
        header.setResizeContentsPrecision(60)
        header.setStretchLastSection(True)
        header.setMaximumSectionSize(TITLE_WIDTH)  # a 200-letter title must not push the facets away
        self.table.setItemDelegateForColumn(0, ElideMiddleDelegate(self.table))
        # Enter on a row, or a double click: practise it (Qt sends both as "activated").
        self.table.activated.connect(lambda idx: self.clip_activated.emit(self.model.clips[idx.row()]))
        # What the client says is in the details beside the list; as a column it pushed the
        # facets out of sight at the default size.
        self.table.setColumnHidden(COLUMNS.index("Client says"), True)
        self.details = QLabel("Select an exercise to see what it asks of you.")
        self.details.setObjectName("clipDetails")
        self.details.setWordWrap(True)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setMinimumWidth(280)
        self.history = ClipHistoryView()
        self.history.practise.connect(self._practise_selected)
        self.edit_button = QPushButton("Edit details… (F2)")
        self.edit_button.setObjectName("editDetailsButton")
        self.edit_button.setToolTip("Change the title, labels, criteria, example reply or content note")
        self.edit_button.clicked.connect(self.edit_details)
        self.edit_button.hide()  # until an exercise is chosen
        self.edit_flow: ClipEditFlow | None = None  # built on first use: not needed at start-up
        side = QWidget()
        side_column = QVBoxLayout(side)
        side_column.addWidget(self.details)
        side_column.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignLeft)
        side_column.addWidget(self.history)
        side_column.addStretch(1)
        split = QSplitter()
        split.addWidget(self.table)
        split.addWidget(side)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 1)
        split.setSizes([660, 340])  # the list's four columns fit beside the details at 1280 px
        layout.addWidget(split, 1)
        self.count_label = QLabel("Opening your exercises…")  # the window shows before storage opens
        layout.addWidget(self.count_label)

        self.search.textChanged.connect(self.refresh)
        for combo in (self.presentation, self.difficulty, self.facet):
            combo.currentIndexChanged.connect(self.refresh)
        self.not_practised.toggled.connect(self.refresh)
        self.struggled.toggled.connect(self.refresh)
        self.table.selectionModel().currentRowChanged.connect(self._show_details)
        # New attempts and ratings change an exercise's history and the practised/struggled filters.
        self.stale_watch = StaleWatch(
            self, ctx.changes, (ATTEMPTS, RATINGS, REVIEWS, CLIPS), self._data_changed
        )
        self.keys = PageKeys(self)
        self.keys.add("edit_details", ["F2", "Ctrl+E"], self.edit_details, self._can_edit)

    def set_store(self, store: PracticeStore) -> None:
        self.store = store
        if self.import_flow is None:
            # Built with storage, not with the window: its dialogs' code (and hashing, probing)
            # need not delay start-up.
            from app.clips.importer import ClipImporter
            from ui.library.clip_import_flow import ClipImportFlow

            self.import_flow = ClipImportFlow(self.ctx, ClipImporter(self.ctx.paths), self)
            self.import_flow.finished.connect(self._imported)
        self.import_button.setEnabled(True)
        self.packs.set_store(store)
        self.refresh()

    def set_profile(self, profile: ProfileRecord) -> None:
        self.profile = profile
        self.refresh()

    def current_filter(self) -> ClipFilter:
        from practice_db.records import ClipFilter  # 13 dataclasses: not needed before storage

        me = self.profile.id if self.profile else None
        return ClipFilter(
            presentation=self.presentation.currentData(),
            difficulty=self.difficulty.currentData(),
            facet=self.facet.currentData(),
            text=self.search.text().strip() or None,
            not_practised_by=me if self.not_practised.isChecked() else None,
            struggled_by=me if self.struggled.isChecked() else None,
        )

    def _focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def refresh(self) -> None:
        if self.store is not None:
            self.ctx.tasks.submit(self.store.clips.list, self.current_filter(), on_done=self._show_clips)

    def _data_changed(self) -> None:
        """Reload the list, keeping the chosen exercise chosen: selecting it reads its history again."""
        if self.store is None:
            return
        chosen = self.selected_clip()
        keep = self._select_id if self._select_id is not None else (chosen.id if chosen else None)
        # The id rides with this load: an earlier load still under way clears `_select_id`.
        self.ctx.tasks.submit(
            self.store.clips.list, self.current_filter(), on_done=partial(self._show_clips_keeping, keep)
        )

    def _show_clips_keeping(self, clip_id: int | None, clips: list[ClipRecord]) -> None:
        if self._select_id is None:
            self._select_id = clip_id
        self._show_clips(clips)

    def _fetch_missing(self, clips: list[ClipRecord]) -> None:
        """Clinic mode: clips added on other computers are fetched from the server (file worker)."""
        from app.clinic.file_sync import clinic_mode

        if self.store is None or self.import_flow is None or not clinic_mode(self.store):
            return
        from app.clinic.file_cache import fetch_missing_clips

        self.import_flow.files_worker.submit(fetch_missing_clips, self.store, self.ctx.paths, list(clips))

    def _can_edit(self) -> bool:
        return (
            self.store is not None
            and self.selected_clip() is not None
            and (self.edit_flow is None or self.edit_flow.dialog is None)
        )

    def _show_clips(self, clips: list[ClipRecord]) -> None:
        self.model.set_clips(clips)
        self._fetch_missing(clips)
        self.edit_button.setVisible(bool(clips))
        self.keys.sync()
        wanted = [i for i, c in enumerate(clips) if c.id == self._select_id]
        self._select_id = None
        if clips:
            self.table.selectRow(wanted[0] if wanted else 0)
            self.table.scrollTo(self.model.index(wanted[0] if wanted else 0, 0))
        self.count_label.setText(f"{len(clips)} exercise{'s' if len(clips) != 1 else ''}")

    def _show_details(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        clip = self.model.clips[current.row()]
        self.keys.sync()
        self.edit_button.setEnabled(True)
        said = f"<p style='font-size:15px'>“{escape(clip.statement)}”</p>" if clip.statement else ""
        guidance = _guidance_html(clip)
        # A clip that arrived in a review bundle without its media file: only the words are here.
        no_file = "<p style='color:#555'>(statement only; no clip file)</p>" if not clip.media_path else ""
        if clip.content_note:  # before the words themselves, as before the clip plays
            no_file += (
                "<p style='background:#f4f1ea; padding:6px'><b>Content note:</b> "
                f"{escape(clip.content_note)}</p>"
            )
        title = escape(breakable(clip.title))  # whole here: the list beside it elides it
        self.details.setText(
            f"<h3>{title}</h3><p><i>{PRESENTATION_LABELS.get(clip.presentation, '')} · "
            f"{DIFFICULTY_LABELS.get(clip.difficulty, '')}</i></p>{no_file}{said}{guidance}"
        )
        if self.store is not None and self.profile is not None:
            self.ctx.tasks.submit(
                self.store.feedback.clip_history, self.profile.id, clip.id, on_done=self.history.show_history
            )

    def selected_clip(self) -> ClipRecord | None:
        index = self.table.selectionModel().currentIndex()
        return (
            self.model.clips[index.row()] if index.isValid() and index.row() < len(self.model.clips) else None
        )

    def selected_clips(self) -> list[ClipRecord]:
        """Every selected row, in list order (what a clip pack takes)."""
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        return [self.model.clips[r] for r in rows if r < len(self.model.clips)]

    def _practise_selected(self) -> None:
        clip = self.selected_clip()
        if clip is not None:
            self.clip_activated.emit(clip)

    # --- editing an own clip's details (ui/library/edit_flow.py) ---
    def edit_details(self) -> None:
        clip = self.selected_clip()
        if clip is None or self.store is None:
            return
        if self.edit_flow is None:
            from ui.library.edit_flow import ClipEditFlow

            self.edit_flow = ClipEditFlow(self.ctx, self)
            self.edit_flow.saved.connect(self._details_saved)
            self.edit_flow.busy_changed.connect(self.keys.sync)
        self.edit_flow.edit(self.store, clip)

    def _details_saved(self, clip_id: int) -> None:
        self._select_id = clip_id
        self.ctx.changes.announce(CLIPS)  # reloads this list (keeping it chosen) and other pages

    # --- importing the user's own clips ---
    def _start_folder(self) -> str:
        return str(start_folder(self.ctx.settings.current.last_clip_folder))

    def _remember_folder(self, chosen: Path) -> None:
        self.ctx.settings.update(last_clip_folder=folder_to_remember(chosen))

    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self,
            "Import clips",
            self._start_folder(),
            "Audio and video (*.mp4 *.mov *.m4v *.mkv *.webm *.avi *.wmv *.mpg "
            "*.3gp *.mp3 *.wav *.m4a *.aac *.ogg *.opus *.flac *.wma *.aif *.aiff);;All files (*)",
        )
        if names:
            self._remember_folder(Path(names[0]).parent)
        self.import_paths([Path(n) for n in names])

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Import every clip in a folder", self._start_folder())
        if folder:
            self._remember_folder(Path(folder))
            self.import_paths([Path(folder)])

    def import_paths(self, paths: list[Path]) -> None:
        if self.import_flow is not None and self.store is not None and paths:
            self.import_flow.start(self.store, paths, self.profile.id if self.profile else None)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.store is not None and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    def _imported(self, outcomes: list[ImportOutcome]) -> None:
        new = [o.clip for o in outcomes if o.clip is not None]
        if not new:
            return
        # Clear the filters so the new clip is visible, then select it.
        for w in self.filters:
            w.blockSignals(True)
        self.search.clear()
        for combo in (self.presentation, self.difficulty, self.facet):
            combo.setCurrentIndex(0)
        self.not_practised.setChecked(False)
        self.struggled.setChecked(False)
        for w in self.filters:
            w.blockSignals(False)
        self._select_id = new[-1].id
        self.ctx.changes.announce(CLIPS)  # reloads this page too (StaleWatch), selecting the new clip


def _guidance_html(clip: ClipRecord) -> str:
    """What the exercise asks of a reply; for an own clip without criteria, how to add them."""
    facets = ", ".join(FACET_LABELS[f] for f in clip.facets)
    own = clip.source == "imported"
    lines = []
    if own:
        lines.append(f"<p>Your own clip{' · practises ' + escape(facets) if facets else ''}.</p>")
    if clip.criteria:
        criteria = "".join(f"<li>{escape(c)}</li>" for c in clip.criteria)
        lines.append(f"<p><b>A good reply…</b></p><ul>{criteria}</ul>")
    elif not own:
        lines.append("<p><b>A good reply…</b></p><ul><li>(none given)</li></ul>")
    if clip.example_response:
        lines.append("<p style='color:#555'>An example reply is shown after you have tried it yourself.</p>")
    if own and not (clip.criteria and clip.example_response):
        lines.append(
            "<p style='color:#555'>Add what a good reply does and an example reply with "
            "<b>Edit details…</b> (F2).</p>"
        )
    return "".join(lines)
