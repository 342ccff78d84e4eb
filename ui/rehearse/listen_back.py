"""Listening back to a reply on the Rehearse page: play and pause, seek by keys or a click on the
waveform, and the waveform itself (drawn on a worker of its own, never behind the database)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app.clinic.file_sync import clinic_mode
from media.analysis.waveform import Waveform
from practice_db.records import AttemptRecord
from ui.common.remote_recording import fetch_and_draw
from ui.common.tasks import TaskRunner
from ui.common.waveform_view import load_waveform

if TYPE_CHECKING:
    from ui.rehearse.page import RehearsePage

LISTEN_STEPS = ("rating", "discarded")  # a discarded take can still be heard, and brought back


class ListenBack:
    def __init__(self, page: RehearsePage) -> None:
        self.page = page
        self.reply: Path | None = None  # the reply on screen: this take's file, or a kept one's
        self.listening = False
        self.files = TaskRunner("rehearse-files", page)

    def _ready(self) -> bool:
        return self.reply is not None and self.page.playback is not None and self.page.state in LISTEN_STEPS

    def _playing_mine(self) -> bool:
        playback = self.page.playback
        return self.listening and playback is not None and playback.owner is self.page

    def toggle(self) -> None:
        playback = self.page.playback
        if not self._ready() or playback is None or self.reply is None:
            return
        if self._playing_mine():
            playback.toggle_pause()
            return
        self.listening = True
        self.page.video.prepare_clip(self.reply, caption="Your reply")
        playback.play_clip(self.reply, owner=self.page)

    def seek(self, delta_ms: int) -> None:
        playback = self.page.playback
        if self.listening and playback is not None:
            self.seek_to(playback.position_ms() + delta_ms)
        else:
            self.seek_to(self.page.view.waveform.position_ms + delta_ms)

    def seek_to(self, ms: int) -> None:
        """Jump in the reply (arrows or a click on its waveform); starts listening if needed."""
        if not self._ready():
            return
        if not self._playing_mine():
            self.toggle()
        waveform = self.page.view.waveform
        target = max(0, min(ms, waveform.duration_ms() or ms))
        if self.page.playback is not None:
            self.page.playback.seek(target)
        waveform.set_position(target)

    def show(self, path: Path) -> None:
        """Put `path` on screen as the reply and draw its waveform."""
        self.reply = path
        self.page.view.show_reply(True)
        self.files.submit(load_waveform, path, on_done=lambda w: self._show_waveform(path, w))

    def show_kept(self, attempt: AttemptRecord, placeholder: Path) -> None:
        """A take kept from an earlier session. In clinic mode it may have been recorded on another
        computer: the file worker fetches it from the server first (the waveform says so if it can't)."""
        store = self.page.store
        if store is None or not clinic_mode(store):
            self.show(placeholder)
            return
        self.reply = placeholder
        self.page.view.show_reply(True)
        self.page.view.waveform.show_message("Getting the recording…")
        self.files.submit(
            fetch_and_draw,
            store,
            self.page.ctx.paths,
            attempt,
            on_done=lambda found: self._kept_fetched(placeholder, found),
        )

    def _kept_fetched(self, placeholder: Path, found: tuple[Path | None, Waveform | str]) -> None:
        if self.reply != placeholder:
            return  # another take meanwhile
        path, drawn = found
        self.reply = path or placeholder
        self._show_waveform(self.reply, drawn)

    def _show_waveform(self, path: Path, result: Waveform | str) -> None:
        if self.reply != path:
            return  # a newer take meanwhile
        if isinstance(result, str):
            self.page.view.waveform.show_message(result)
        else:
            self.page.view.waveform.set_waveform(result)

    def show_position(self, ms: int) -> None:
        if self._playing_mine():
            self.page.view.waveform.set_position(ms)

    def shutdown(self) -> None:
        self.files.shutdown(wait=False)
