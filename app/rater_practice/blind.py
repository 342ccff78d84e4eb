"""Blind order: each exercise's replies under the letters A, B, C in a shuffled order, so the
letter says nothing about which reply is weak, ordinary or strong."""

from __future__ import annotations

import random

from app.rater_practice.records import AnchorExercise, AnchorReply

LETTERS = ("A", "B", "C")


def blind_order(exercise: AnchorExercise, rng: random.Random) -> tuple[tuple[str, AnchorReply], ...]:
    replies = list(exercise.replies)
    rng.shuffle(replies)
    return tuple(zip(LETTERS, replies, strict=False))
