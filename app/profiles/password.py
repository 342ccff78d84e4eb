"""Profile passwords: argon2id hashes (argon2-cffi) and the delay after wrong guesses.

Only the hash is stored (`profiles.password_hash`, practice_db). A password keeps others at a
shared computer out of a profile (a trainee can't open their supervisor's and rate their own
work); it does not encrypt the data folder. Checking takes a noticeable moment and memory by
design (argon2), so every call here runs on a worker thread, never the GUI thread.

Wrong guesses: after the n-th wrong password in a row for a profile, the next try is accepted
only after 1, 2, 4, 8, ... seconds (capped at MAX_WAIT). The count is kept for as long as the
window is open and is cleared by the right password.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

if TYPE_CHECKING:
    from practice_db.records import ProfileRecord
    from practice_db.store import PracticeStore

MIN_LENGTH = 6
MAX_LENGTH = 200
MAX_WAIT = 30.0  # seconds: long enough to make guessing slow, short enough for a typo


class PasswordError(Exception):
    """A password could not be set, changed or removed; str(exc) is a plain sentence."""


@dataclass(frozen=True)
class Unlock:
    """The answer to one try: `ok`, or why not and how long until the next try is accepted."""

    ok: bool
    message: str = ""
    wait_seconds: float = 0.0


def wait_after(failures: int) -> float:
    """1, 2, 4, ... seconds after the 1st, 2nd, 3rd ... wrong password in a row, capped."""
    return 0.0 if failures <= 0 else min(MAX_WAIT, 2.0 ** (failures - 1))


def _seconds(value: float) -> str:
    whole = max(1, round(value))
    return f"{whole} second{'' if whole == 1 else 's'}"


def check_new(password: str, repeat: str) -> None:
    if len(password) < MIN_LENGTH:
        raise PasswordError(f"Please choose a password of at least {MIN_LENGTH} characters.")
    if len(password) > MAX_LENGTH:
        raise PasswordError(f"Please keep the password under {MAX_LENGTH} characters.")
    if password != repeat:
        raise PasswordError("The two passwords are not the same. Please type it again.")


class PasswordGate:
    """One per window: hashes, checks and counts wrong guesses per profile (thread-safe)."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._hasher = PasswordHasher()  # argon2id, RFC 9106 low-memory profile
        self._clock = clock
        self._lock = threading.Lock()
        self._failures: dict[int, int] = {}
        self._not_before: dict[int, float] = {}

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def wait_left(self, profile_id: int) -> float:
        with self._lock:
            return max(0.0, self._not_before.get(profile_id, 0.0) - self._clock())

    def unlock(self, store: PracticeStore, profile_id: int, password: str) -> Unlock:
        """Check a password for a profile (a profile without one always opens)."""
        wait = self.wait_left(profile_id)
        if wait > 0:  # asking again sooner does not check anything: the delay can't be skipped
            return Unlock(False, f"Please wait {_seconds(wait)} before trying again.", wait)
        stored = store.profiles.password_hash(profile_id)
        if stored is None or self._matches(stored, password):
            with self._lock:
                self._failures.pop(profile_id, None)
                self._not_before.pop(profile_id, None)
            return Unlock(True)
        with self._lock:
            failures = self._failures.get(profile_id, 0) + 1
            self._failures[profile_id] = failures
            wait = wait_after(failures)
            self._not_before[profile_id] = self._clock() + wait
        return Unlock(False, f"That password is not right. You can try again in {_seconds(wait)}.", wait)

    def set_password(
        self, store: PracticeStore, profile_id: int, new: str, repeat: str, current: str = ""
    ) -> ProfileRecord:
        """Protect a profile, or change its password (the current one is needed for that)."""
        check_new(new, repeat)
        self._confirm(store, profile_id, current)
        return store.profiles.set_password_hash(profile_id, self.hash(new))

    def remove_password(self, store: PracticeStore, profile_id: int, current: str) -> ProfileRecord:
        self._confirm(store, profile_id, current)
        return store.profiles.set_password_hash(profile_id, None)

    def _confirm(self, store: PracticeStore, profile_id: int, current: str) -> None:
        answer = self.unlock(store, profile_id, current)
        if not answer.ok:
            raise PasswordError(answer.message.replace("That password", "The current password"))

    def _matches(self, stored: str, password: str) -> bool:
        try:
            return self._hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):  # wrong password, or a hash we can't read
            return False
