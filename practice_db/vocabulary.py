"""The domain's fixed vocabularies: facet keys, presentations, roles, statuses.

Kept dependency-free so every layer (and exported files) can share one spelling.
"""

from __future__ import annotations

from typing import Final

# The eight Facilitative Interpersonal Skills facets, keys exactly as in the domain notes.
FACET_KEYS: Final[tuple[str, ...]] = (
    "verbal_fluency",
    "hope",
    "persuasiveness",
    "emotional_expression",
    "warmth",
    "empathy",
    "alliance_bond",
    "rupture_repair",
)

FACET_LABELS: Final[dict[str, str]] = {
    "verbal_fluency": "Verbal fluency",
    "hope": "Hope / positive expectations",
    "persuasiveness": "Persuasiveness",
    "emotional_expression": "Emotional expression",
    "warmth": "Warmth / acceptance / understanding",
    "empathy": "Empathy",
    "alliance_bond": "Alliance bond capacity",
    "rupture_repair": "Rupture-repair responsiveness",
}

PRESENTATIONS: Final[tuple[str, ...]] = (
    "hostile",
    "withdrawn",
    "confused",
    "demoralized",
    "confronting",
    "boundaries",
    "ambivalent",
)

PRESENTATION_LABELS: Final[dict[str, str]] = {
    "hostile": "Hostile / angry",
    "withdrawn": "Withdrawn / silent",
    "confused": "Confused / overwhelmed",
    "demoralized": "Demoralized / hopeless",
    "confronting": "Confronting your competence",
    "boundaries": "Testing boundaries",
    "ambivalent": "Ambivalent about change",
}

DIFFICULTY_LABELS: Final[dict[int, str]] = {1: "Beginner", 2: "Intermediate", 3: "Advanced"}

ROLES: Final[tuple[str, ...]] = ("clinician", "supervisor")
REACTIONS: Final[tuple[str, ...]] = ("too_easy", "good_challenge", "too_hard")
REACTION_LABELS: Final[dict[str, str]] = {
    "too_easy": "Too easy",
    "good_challenge": "A good challenge",
    "too_hard": "Too hard",
}
# no_reply: a take interrupted before any audio (start-up recovery); listed in history, never counted.
ATTEMPT_STATUSES: Final[tuple[str, ...]] = ("recording", "complete", "recovered", "discarded", "no_reply")
ATTEMPT_STATUS_LABELS: Final[dict[str, str]] = {"no_reply": "no reply recorded"}

SCORE_MIN: Final = 1
SCORE_MAX: Final = 5

# How far a reply did what one of its exercise's criteria asks (a rater's verdict per criterion).
VERDICTS: Final[tuple[str, ...]] = ("met", "partly", "not_met")
VERDICT_LABELS: Final[dict[str, str]] = {"met": "Met", "partly": "Partly", "not_met": "Not met"}
