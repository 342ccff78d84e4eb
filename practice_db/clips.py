"""Clips: the difficult-moment exercises (starter pack and the user's own imports)."""

from __future__ import annotations

import builtins
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import ColumnElement, exists, func, or_, select
from sqlalchemy.orm import Session, sessionmaker

from practice_db import convert, models
from practice_db.attempts import NOT_PRACTICE
from practice_db.deletion.visibility import HIDDEN_PREFIX
from practice_db.errors import DuplicateError, NotFoundError, ValidationError
from practice_db.records import ClipFilter, ClipRecord, NewClip
from practice_db.text_fold import matches, sort_key
from practice_db.versioning import Seen, check_expected, save_checked
from practice_db.vocabulary import FACET_KEYS, PRESENTATIONS

# Sorting is only ever by these keys (no user text reaches ORDER BY). Titles are ordered in
# Python by their folded text (text_fold.py): SQL lower() folds ASCII only, so "Über" sorted after "Z".
CLIP_SORTS: dict[str, tuple[Any, ...]] = {
    "title": (models.Clip.id,),
    "difficulty": (models.Clip.id,),
    "presentation": (models.Clip.id,),
    "newest": (models.Clip.created_at.desc(), models.Clip.id.desc()),
}
_TITLE_ORDER: dict[str, Callable[[models.Clip], tuple[Any, ...]]] = {
    "title": lambda r: (sort_key(r.title),),
    "difficulty": lambda r: (r.difficulty, sort_key(r.title)),
    "presentation": lambda r: (r.presentation, r.difficulty, sort_key(r.title)),
}
MAX_TITLE = 200  # models.Clip.title is String(200): PostgreSQL (clinic mode) would refuse more

LOW_SCORE = 2  # a facet rated at or below this counts as "struggled"


def validate(clip: NewClip) -> None:
    if not clip.title.strip():
        raise ValidationError("Please give the clip a title.")
    if len(clean_title(clip.title)) > MAX_TITLE:
        raise ValidationError(f"Please keep the clip's title to {MAX_TITLE} characters.")
    if clip.presentation not in PRESENTATIONS:
        raise ValidationError(f"Unknown presentation {clip.presentation!r}.")
    if clip.difficulty not in (1, 2, 3):
        raise ValidationError("Difficulty must be beginner (1), intermediate (2) or advanced (3).")
    unknown = set(clip.facets) - set(FACET_KEYS)
    if unknown:
        raise ValidationError(f"Unknown facet(s): {', '.join(sorted(unknown))}.")


def clean_title(title: str) -> str:
    """A title as stored: NFC (macOS and some keyboards give decomposed letters), ends trimmed."""
    return unicodedata.normalize("NFC", title).strip()


def struggled_condition(profile_id: int) -> ColumnElement[bool]:
    """An attempt at the clip by this profile rated 'too hard' or with a low facet score."""
    r, a = models.Rating, models.Attempt
    low = or_(*(getattr(r, k) <= LOW_SCORE for k in FACET_KEYS))
    return exists(
        select(r.id)
        .join(a, a.id == r.attempt_id)
        .where(a.clip_id == models.Clip.id, a.profile_id == profile_id, or_(r.reaction == "too_hard", low))
    )


def insert_clip(s: Session, clip: NewClip, uuid: str | None = None) -> models.Clip:
    """Validate and add one clip row with its facets (the caller has ruled out duplicates)."""
    validate(clip)
    row = models.Clip(
        title=clean_title(clip.title),
        presentation=clip.presentation,
        difficulty=clip.difficulty,
        statement=clip.statement.strip(),
        media_path=clip.media_path,
        duration_ms=clip.duration_ms,
        content_hash=clip.content_hash,
        source=clip.source,
        criteria=list(clip.criteria) or None,
        example_response=clip.example_response,
        external_id=clip.external_id,
        content_note=(clip.content_note or "").strip() or None,
        assessment_only=clip.assessment_only,
        owner_profile_id=clip.owner_profile_id,
    )
    if uuid is not None:
        row.uuid = uuid
    s.add(row)
    s.flush()
    s.add_all(models.ClipFacet(clip_id=row.id, facet=f) for f in set(clip.facets))
    return row


WHAT = "this clip's details"


class ClipRepository:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def add(self, clip: NewClip) -> ClipRecord:
        with self._sessions.begin() as s:
            existing = s.scalar(select(models.Clip).where(models.Clip.content_hash == clip.content_hash))
            if existing is not None:
                raise DuplicateError(f"This clip is already in your library as {existing.title!r}.")
            return convert.clip(insert_clip(s, clip), clip.facets)

    def get(self, clip_id: int) -> ClipRecord:
        with self._sessions() as s:
            row = s.get(models.Clip, clip_id)
            if row is None:
                raise NotFoundError("That clip is no longer in the library.")
            return convert.clip(row, self._facets(s, [row.id])[row.id])

    def by_hash(self, content_hash: str) -> ClipRecord | None:
        return self._one(models.Clip.content_hash == content_hash)

    def by_external_id(self, external_id: str) -> ClipRecord | None:
        return self._one(models.Clip.external_id == external_id)

    def by_uuid(self, uuid: str) -> ClipRecord | None:
        return self._one(models.Clip.uuid == uuid)

    def _one(self, condition: ColumnElement[bool]) -> ClipRecord | None:
        with self._sessions() as s:
            row = s.scalar(select(models.Clip).where(condition))
            return None if row is None else convert.clip(row, self._facets(s, [row.id])[row.id])

    def list(
        self,
        filters: ClipFilter | None = None,
        sort: str = "presentation",
        *,
        include_hidden: bool = False,
        include_assessment: bool = False,
    ) -> list[ClipRecord]:
        """Clips for practice and the Library. Assessment-only clips (an FIS set's) are left out
        unless asked for: a score must not be inflated by rehearsing the very clip."""
        if sort not in CLIP_SORTS:
            raise ValidationError(f"Cannot sort clips by {sort!r}.")
        f = filters or ClipFilter()
        query = select(models.Clip)
        if not include_assessment:
            query = query.where(models.Clip.assessment_only.is_(False))
        if not include_hidden:  # hidden clips (deletion/visibility.py) stay for their attempts only
            query = query.where(models.Clip.source.not_like(f"{HIDDEN_PREFIX}%"))
        if f.presentation:
            query = query.where(models.Clip.presentation == f.presentation)
        if f.difficulty:
            query = query.where(models.Clip.difficulty == f.difficulty)
        if f.facet:
            query = query.where(
                exists().where(models.ClipFacet.clip_id == models.Clip.id, models.ClipFacet.facet == f.facet)
            )
        if f.not_practised_by is not None:
            query = query.where(
                ~exists().where(
                    models.Attempt.clip_id == models.Clip.id,
                    models.Attempt.profile_id == f.not_practised_by,
                    models.Attempt.status.notin_(NOT_PRACTICE),
                )
            )
        if f.struggled_by is not None:
            query = query.where(struggled_condition(f.struggled_by))
        if f.without_content_note:
            note = func.trim(func.coalesce(models.Clip.content_note, ""))
            query = query.where(note == "")
        query = query.order_by(*CLIP_SORTS[sort])
        with self._sessions() as s:
            rows = list(s.scalars(query))
            if f.text:  # folded in Python, the same on every backend (text_fold.py)
                rows = [r for r in rows if matches(f.text, (r.title, r.statement))]
            if sort in _TITLE_ORDER:
                rows.sort(key=_TITLE_ORDER[sort])
            facets = self._facets(s, [r.id for r in rows])
            return [convert.clip(r, facets[r.id]) for r in rows]

    def update_guidance(
        self,
        clip_id: int,
        *,
        title: str,
        statement: str,
        facets: Sequence[str],
        criteria: Sequence[str],
        example_response: str | None,
        content_note: str | None = None,
        presentation: str | None = None,
        difficulty: int | None = None,
        expected_version: int | None = None,
    ) -> bool:
        """Refresh an exercise's text (a newer starter pack, or the user editing their own clip);
        True if anything changed. Presentation and level change only when given. Only the clip's
        own row and facets change: its attempts and ratings stay. `expected_version`: the version
        the edit started from (None: don't check); changed elsewhere since → EditConflict."""
        unknown = set(facets) - set(FACET_KEYS)
        if unknown:
            raise ValidationError(f"Unknown facet(s): {', '.join(sorted(unknown))}.")
        if not title.strip():
            raise ValidationError("Please give the clip a title.")
        if presentation is not None and presentation not in PRESENTATIONS:
            raise ValidationError(f"Unknown presentation {presentation!r}.")
        if difficulty is not None and difficulty not in (1, 2, 3):
            raise ValidationError("Difficulty must be beginner (1), intermediate (2) or advanced (3).")

        def write(s: Session, seen: Seen) -> bool:
            row = s.get(models.Clip, clip_id)
            if row is None:
                raise NotFoundError("That clip is no longer in the library.")
            seen.version = row.version
            old_facets = set(self._facets(s, [clip_id])[clip_id])
            check_expected(expected_version, convert.clip(row, tuple(old_facets)), WHAT)
            note = (content_note or "").strip() or None  # blank means nothing to note
            text = (title, statement, list(criteria) or None, example_response, note)
            old_text = (row.title, row.statement, row.criteria, row.example_response, row.content_note)
            labels = (presentation or row.presentation, difficulty or row.difficulty)
            same_labels = labels == (row.presentation, row.difficulty)
            if text == old_text and old_facets == set(facets) and same_labels:
                return False
            row.presentation, row.difficulty = labels
            row.title, row.statement = title, statement
            row.criteria, row.example_response = list(criteria) or None, example_response
            row.content_note = note
            # Set here as well, so a change of facets alone (rows of clip_facets) still bumps it;
            # the UPDATE still names the version read (models.py).
            row.version = seen.version + 1
            if old_facets != set(facets):
                s.query(models.ClipFacet).filter(models.ClipFacet.clip_id == clip_id).delete()
                s.add_all(models.ClipFacet(clip_id=clip_id, facet=f) for f in set(facets))
            s.flush()
            return True

        def reread(s: Session) -> ClipRecord | None:
            row = s.get(models.Clip, clip_id)
            return convert.clip(row, self._facets(s, [clip_id])[clip_id]) if row is not None else None

        return save_checked(self._sessions, write, reread, WHAT)

    def replace_media(
        self, clip_id: int, *, media_path: str, content_hash: str, duration_ms: int | None
    ) -> str:
        """Point a clip at a new file (a newer starter pack re-voiced it); returns the old media
        path. The clip keeps its id, so its attempts and ratings still belong to it."""
        with self._sessions.begin() as s:
            row = s.get(models.Clip, clip_id)
            if row is None:
                raise NotFoundError("That clip is no longer in the library.")
            other = s.scalar(
                select(models.Clip).where(models.Clip.content_hash == content_hash, models.Clip.id != clip_id)
            )
            if other is not None:
                raise DuplicateError(f"This file is already in your library as {other.title!r}.")
            old = row.media_path
            row.media_path, row.content_hash, row.duration_ms = media_path, content_hash, duration_ms
            return old

    def add_shared(
        self, clips: Sequence[tuple[str, NewClip]]
    ) -> tuple[builtins.list[ClipRecord], builtins.list[ClipRecord]]:
        """Add (uuid, clip) pairs from a clip pack in ONE transaction: all or none. A clip whose
        file (content hash) is already here is left as it is; a uuid taken by another clip gives
        way to a fresh one. Returns (added, already here) in the order given."""
        added: builtins.list[ClipRecord] = []  # `list` is a method name here
        present: builtins.list[ClipRecord] = []
        with self._sessions.begin() as s:
            for uuid, clip in clips:
                row = s.scalar(select(models.Clip).where(models.Clip.content_hash == clip.content_hash))
                if row is not None:
                    present.append(convert.clip(row, self._facets(s, [row.id])[row.id]))
                    continue
                taken = s.scalar(select(models.Clip.id).where(models.Clip.uuid == uuid)) is not None
                row = insert_clip(s, clip, uuid=None if taken else uuid)
                added.append(convert.clip(row, clip.facets))
        return added, present

    def count(self, *, include_assessment: bool = False) -> int:
        """Clips in the library (assessment-only ones only when asked, as in `list`)."""
        query = select(func.count(models.Clip.id))
        if not include_assessment:
            query = query.where(models.Clip.assessment_only.is_(False))
        with self._sessions() as s:
            return int(s.scalar(query) or 0)

    def mark_assessment_only(self, clip_id: int) -> bool:
        """Keep a clip out of practice from now on (an FIS set's clip); True if it changed."""
        with self._sessions.begin() as s:
            row = s.get(models.Clip, clip_id)
            if row is None:
                raise NotFoundError("That clip is no longer in the library.")
            if row.assessment_only:
                return False
            row.assessment_only = True
            return True

    @staticmethod
    def _facets(s: Session, clip_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
        ids = list(clip_ids)
        found: dict[int, list[str]] = defaultdict(list)
        for start in range(0, len(ids), 500):  # stay under SQLite's bound-parameter limit
            chunk = ids[start : start + 500]
            for clip_id, facet in s.execute(
                select(models.ClipFacet.clip_id, models.ClipFacet.facet)
                .where(models.ClipFacet.clip_id.in_(chunk))
                .order_by(models.ClipFacet.clip_id, models.ClipFacet.facet)  # PostgreSQL: heap order
            ):
                found[clip_id].append(facet)
        return {i: tuple(found.get(i, ())) for i in ids}
