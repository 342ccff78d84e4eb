"""Who a person in a bundle is here: the same profile (matched by id), or a name clash to ask about.

A person is matched by their id, by an id linked to them here, or by an id the sending computer
linked to them (`practice_db.transfer`). Only when none matches and a local profile has the same
name does the window ask, once: "Is this the same Dr Lee?". The answer goes into the import's
one transaction (the id is linked, or the newcomer is kept apart under a name that tells them
apart), so the next bundle from that person is matched by id and nothing is asked again. A
cancelled or refused import changes nothing, its answer included.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from app.bundles.errors import BundleError
from practice_db.profiles import MAX_NAME
from practice_db.transfer.records import IdentityChoice, NameClash, ProfileIn

if TYPE_CHECKING:
    from practice_db.store import PracticeStore

Identities = Mapping[str, IdentityChoice]  # incoming person's uuid -> the user's answer


@dataclass(frozen=True)
class IdentityClash:
    """What the window needs to ask about one person (frozen, no storage rows)."""

    incoming_uuid: str
    name: str  # as the bundle gives it
    role: str  # "clinician" (a trainee in a review bundle) or "supervisor" (feedback)
    local_id: int
    local_name: str
    other_name: str  # suggested name if they are someone else: tells the two apart in lists

    @property
    def question(self) -> str:
        return f"Is this the same {self.name}?"

    @property
    def explanation(self) -> str:
        supervisor = self.role == "supervisor"
        what = "sent this feedback" if supervisor else "recorded these attempts"
        theirs = "ratings and comments" if supervisor else "attempts and ratings"
        return (
            f"The {self.name} who {what} made the bundle on another computer. A profile called "
            f"{self.local_name} already exists here. If it is the same person, their {theirs} stay "
            "together under one name. If it is someone else, both are kept and shown apart. You are "
            "asked only once."
        )

    def same(self) -> IdentityChoice:
        return IdentityChoice(same_as=self.local_id)

    def someone_else(self, name: str | None = None) -> IdentityChoice:
        return IdentityChoice(name=" ".join((name or self.other_name).split())[:MAX_NAME] or self.other_name)


class IdentityQuestion(BundleError):
    """Raised before anything is staged or written: ask the user, then import again with the answer."""

    def __init__(self, clash: IdentityClash) -> None:
        super().__init__(f"{clash.question} Please answer before the bundle is imported.")
        self.clash = clash


def other_name(name: str, role: str, trainee_name: str | None) -> str:
    """A name that tells a newcomer apart from the namesake here (editable when asked)."""
    if role == "supervisor" and trainee_name:
        label = f"{trainee_name}'s supervisor"
    elif role == "supervisor":
        label = "another supervisor"
    else:
        label = "another trainee"
    suffix = f" ({label})"
    return (name[: max(1, MAX_NAME - len(suffix))].rstrip() + suffix)[:MAX_NAME]


def settle(
    store: PracticeStore,
    incoming: ProfileIn,
    role: str,
    identities: Identities,
    trainee_name: str | None = None,
) -> dict[str, IdentityChoice]:
    """The answers to import with; raises IdentityQuestion when this person needs one first."""
    answers = dict(identities)
    if incoming.uuid in answers:
        return answers
    clash: NameClash | None = store.transfer.name_clash(incoming, role)
    if clash is None:
        return answers
    suggestion = other_name(incoming.name, role, trainee_name)
    if role == "supervisor" and not clash.local.is_supervisor:
        # the namesake here can't have reviewed anyone: surely someone else, nothing to ask
        answers[incoming.uuid] = IdentityChoice(name=suggestion)
        return answers
    raise IdentityQuestion(
        IdentityClash(
            incoming_uuid=incoming.uuid,
            name=incoming.name,
            role=role,
            local_id=clash.local.id,
            local_name=clash.local.name,
            other_name=suggestion,
        )
    )
