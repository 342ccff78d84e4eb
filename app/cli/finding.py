"""One line of `practice-room doctor`: what was found, and what to do if it's a problem."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    label: str
    value: str
    ok: bool = True
    essential: bool = False
    advice: str = ""
