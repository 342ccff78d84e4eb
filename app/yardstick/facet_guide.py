"""The facet guide in the app's own words: for each of the eight facets, what a rater listens for
and what a reply around 1, around 3 and around 5 sounds like; and what the three check-ins mean.

Self and supervisor only mean the same thing by a 4 when they rate against the same descriptions,
so every rating form reads its help from here (the form, its tooltips and the guide dialog)."""

from __future__ import annotations

from dataclasses import dataclass

from practice_db.vocabulary import FACET_KEYS, FACET_LABELS, REACTION_LABELS, REACTIONS

# What the numbers mean for any facet; the guide gives the picture for each one.
SCALE_POINTS = "1 = hardly at all · 3 = like an ordinary helpful reply · 5 = as fully as a reply can"
SCALE_MEANING = f"Each facet is scored by how strongly the reply shows it: {SCALE_POINTS}"
BETWEEN = "2 and 4 lie between the descriptions on either side."


@dataclass(frozen=True)
class FacetGuide:
    key: str
    label: str
    listens_for: str  # one line: what a rater pays attention to
    around_1: str
    around_3: str
    around_5: str

    def anchors(self) -> tuple[tuple[int, str], ...]:
        return ((1, self.around_1), (3, self.around_3), (5, self.around_5))

    def anchor(self, score: int) -> str | None:
        """The description for 1, 3 or 5; None for 2 and 4, which lie between."""
        return dict(self.anchors()).get(score)


@dataclass(frozen=True)
class CheckInHelp:
    key: str
    label: str
    means: str  # what choosing it says about the round
    next_step: str  # what happens next, and what to do
    short: str  # a few words for the line under the check-in row


_FACETS: dict[str, tuple[str, str, str, str]] = {
    "verbal_fluency": (
        "How the reply is delivered, not what it says: a clear, steady voice that keeps going "
        "while the client pushes.",
        "Stops and starts, trails off into long uneasy silences, or pours out in a nervous jumble.",
        "Sounds like everyday conversation: a stumble here and there, but easy to follow.",
        "Calm and even-paced with a natural flow, even under pressure. Only the delivery counts "
        "here; the words themselves are rated in the other rows.",
    ),
    "hope": (
        "Whether the reply leaves the client sensing that change is possible and that this work "
        "can help them.",
        "No way forward is offered, or the client's despair is simply handed back to them.",
        "A hint that things could shift, said in general terms.",
        "A grounded, believable optimism that connects to this client's situation and to what "
        "you can do together.",
    ),
    "persuasiveness": (
        "Whether the reply gives the client a way of seeing things, or a reason for the next "
        "step, that makes sense to them.",
        "No reason or viewpoint at all, or one the client would brush aside.",
        "A sensible reason or angle, but vague or mentioned in passing.",
        "A convincing outlook drawn from the client's own words: something solid they can hold on to.",
    ),
    "emotional_expression": (
        "Whether genuine feeling comes through in your voice and words, without defensiveness.",
        "Flat and detached, like reading from a manual, or audibly on the defensive.",
        "Some real feeling can be heard.",
        "Feeling that is real, steady and well judged for this moment: present without spilling over.",
    ),
    "warmth": (
        "Care and acceptance toward the client, above all when their words invite a cold or sharp answer.",
        "Curt, irritated, critical, or hitting back at the client.",
        "Courteous and accepting, but not much more.",
        "Unmistakable care and acceptance that holds steady even when the client is hard to be "
        "with right now.",
    ),
    "empathy": (
        "Whether the reply shows the client that what they feel right now has been understood.",
        "Gets the client's feeling wrong, skips over it, or argues with it.",
        "Picks up the obvious feeling and says it back.",
        "Catches the feeling beneath what is said and reflects it so precisely that the client "
        "knows they have been heard.",
    ),
    "alliance_bond": (
        "Whether the reply makes it a joint effort: the client would feel you are on the same "
        "side, working on this together.",
        "Lectures or instructs from above; the client is told what they ought to do.",
        "Some offer to work on it together.",
        "A clear partnership: an aim you share, a next step you choose together, and room for "
        "the client to lead.",
    ),
    "rupture_repair": (
        "Whether the reply notices tension between you and the client and turns toward it to "
        "mend it, rather than away.",
        "Passes over the tension, or meets it with self-justification, long explanations or a "
        "counter-attack.",
        "Recognises that the client is unhappy with you or with the therapy.",
        "Puts the tension into words, accepts your share in it without justifying yourself, and "
        "invites the client to tell you more.",
    ),
}

_CHECK_INS: dict[str, tuple[str, str, str]] = {
    "too_easy": (
        "You answered without much effort: there was little here to stretch you.",
        "The next exercise steps up a level.",
        "no real stretch → a level up",
    ),
    "good_challenge": (
        "It stretched you, yet you could still think and answer. This is the useful edge, where "
        "practice does the most good.",
        "Stay at this level.",
        "stretched, still able to think → stay",
    ),
    "too_hard": (
        "Past the useful edge: strong distress, freezing, or wanting to get away from it (not "
        "simply 'that was hard').",
        "Go gentler: the next exercise is a level down. Take a break or stop for today if you "
        "need to, and if the feeling stays with you, bring it to supervision.",
        "distress, freezing, wanting out → go gentler, take a break",
    ),
}

_GUIDE = tuple(FacetGuide(key, FACET_LABELS[key], *_FACETS[key]) for key in FACET_KEYS)
_BY_KEY = {guide.key: guide for guide in _GUIDE}
_HELP = {key: CheckInHelp(key, REACTION_LABELS[key], *_CHECK_INS[key]) for key in REACTIONS}


def facet_guide() -> tuple[FacetGuide, ...]:
    """All eight facets, in the order of the rating form."""
    return _GUIDE


def guide_for(facet_key: str) -> FacetGuide:
    """One facet's guide; KeyError for a key that is not one of the eight."""
    return _BY_KEY[facet_key]


def check_in_help(reaction_key: str) -> CheckInHelp:
    """What a check-in ('too_easy', 'good_challenge', 'too_hard') means; KeyError otherwise."""
    return _HELP[reaction_key]


def check_ins() -> tuple[CheckInHelp, ...]:
    return tuple(_HELP[key] for key in REACTIONS)


def check_in_summary() -> str:
    """One short line for under the check-in row: each option and what follows from it."""
    return " · ".join(f"{h.label}: {h.short}" for h in check_ins())
