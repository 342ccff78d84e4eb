"""What an import did, in a sentence or two for the user."""

from __future__ import annotations

from dataclasses import dataclass

from practice_db.transfer.records import TransferOutcome


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@dataclass(frozen=True)
class ImportSummary:
    kind: str  # "review" or "feedback"
    outcome: TransferOutcome
    incoming_name: str  # the name the bundle gave the trainee / supervisor

    def message(self) -> str:
        o = self.outcome
        if not o.changed_anything:
            parts = ["Nothing changed: everything in this bundle was already here."]
        elif self.kind == "review" and o.attempts_added:
            parts = [f"Added {_n(o.attempts_added, 'attempt')} by {o.profile_name} to the review queue."]
        elif self.kind == "review":
            parts = [f"Added the missing exercise files for {o.profile_name}'s attempts."]
        else:
            parts = [
                f"Feedback from {o.profile_name}: {_n(o.ratings_added, 'new rating')}, "
                f"{_n(o.ratings_updated, 'updated rating')}, {_n(o.comments_added, 'new comment')}."
            ]
        if o.changed_anything and o.attempts_already_here:
            were = "was" if o.attempts_already_here == 1 else "were"
            parts.append(f"{_n(o.attempts_already_here, 'attempt')} {were} already here.")
        if o.profile_created and o.profile_name != self.incoming_name:
            parts.append(
                f"Another profile here is already called {self.incoming_name!r}, "
                f"so this one was added as {o.profile_name!r}."
            )
        if o.ratings_refused:
            parts.append(
                f"{_n(o.ratings_refused, 'item')} would have replaced someone else's feedback and "
                f"{'was' if o.ratings_refused == 1 else 'were'} left out."
            )
        if o.missing_attempts:
            parts.append(
                f"{_n(o.missing_attempts, 'item')} {'was' if o.missing_attempts == 1 else 'were'} "
                "about attempts not on this computer."
            )
        return " ".join(parts)
