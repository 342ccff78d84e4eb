"""What an import did, in a sentence or two for the user."""

from __future__ import annotations

from dataclasses import dataclass

from practice_db.transfer.records import TransferOutcome


def _n(count: int, word: str, plural: str = "") -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


@dataclass(frozen=True)
class ImportSummary:
    kind: str  # "review" or "feedback"
    outcome: TransferOutcome
    incoming_name: str  # the name the bundle gave the trainee / supervisor

    def message(self) -> str:
        o = self.outcome
        a = o.assessment
        if not o.changed_anything:
            parts = ["Nothing changed: everything in this bundle was already here."]
        elif self.kind == "review" and o.attempts_added:
            parts = [f"Added {_n(o.attempts_added, 'attempt')} by {o.profile_name} to the review queue."]
            if a.sittings_added:
                parts.append(f"Also added {_n(a.sittings_added, 'assessment')} for blind rating.")
        elif self.kind == "review" and (a.sittings_added or a.takes_added):
            parts = [
                f"Added {_n(a.sittings_added, 'assessment')} ({_n(a.takes_added, 'reply', 'replies')}) "
                f"by {o.profile_name} for blind rating."
            ]
        elif self.kind == "review":
            parts = [f"Added the missing exercise files for {o.profile_name}'s attempts."]
        else:
            scored = a.ratings_added + a.ratings_updated
            practice = o.ratings_added or o.ratings_updated or o.comments_added
            parts = [
                f"Feedback from {o.profile_name}: {_n(o.ratings_added, 'new rating')}, "
                f"{_n(o.ratings_updated, 'updated rating')}, {_n(o.comments_added, 'new comment')}."
                if practice or not scored
                else f"Assessment results from {o.profile_name}."
            ]
            if scored:
                parts.append(f"{_n(scored, 'new or updated rating')} of your assessment replies.")
        if o.changed_anything and o.attempts_already_here:
            were = "was" if o.attempts_already_here == 1 else "were"
            parts.append(f"{_n(o.attempts_already_here, 'attempt')} {were} already here.")
        if o.profile_created and o.profile_name != self.incoming_name:
            parts.append(
                f"Another profile here is already called {self.incoming_name!r}, "
                f"so this one was added as {o.profile_name!r}."
            )
        refused = o.ratings_refused + a.ratings_refused
        if refused:
            parts.append(
                f"{_n(refused, 'item')} would have replaced someone else's feedback and "
                f"{'was' if refused == 1 else 'were'} left out."
            )
        if a.missing_takes:
            parts.append(
                f"{_n(a.missing_takes, 'assessment rating')} concerned replies not on this computer."
            )
        if o.missing_attempts:
            parts.append(
                f"{_n(o.missing_attempts, 'item')} {'was' if o.missing_attempts == 1 else 'were'} "
                "about attempts not on this computer."
            )
        return " ".join(parts)
