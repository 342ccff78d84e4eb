"""Cutting a statement into spoken segments (and the captions shown for them)."""

import re


def split_statement(text):
    """[(display_text, tts_text, pause_kind_after)] for one statement.

    Cuts after "..."/"…" (hesitation) and after . ? ! followed by a space (sentence). The last
    segment has pause None."""
    text = re.sub(r"\s+", " ", text.replace("…", "...")).strip()
    pieces = re.split(r"(?<=\.\.\.)\s*|(?<=[^.][.?!])\s+|(?<=[^.][.?!]['\"’”])\s+", text)
    out = []
    for piece in (p.strip() for p in pieces):
        if not piece:
            continue
        if piece.endswith("..."):
            body = piece[:-3].rstrip(" ,")
            if not body:
                continue
            out.append([piece, body + ",", "hesitation"])
        else:
            out.append([piece, piece, "sentence"])
    if out:
        out[-1][2] = None
        if out[-1][1].endswith(","):  # a statement that trails off: keep it unresolved
            out[-1][1] = out[-1][1][:-1] + "..."
    return [tuple(o) for o in out]
