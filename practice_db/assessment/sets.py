"""Assessment sets: the built-in FIS set and a programme's own sets, each a fixed list of clips.

A programme may build its own set from any clip in its library, the built-in assessment clips
included (a short form of the FIS set). Choosing a practice clip does not take it out of
practice: that stays the programme's decision (its clips may be rehearsed; the built-in set's
never are). Built-in sets and sets that have been sat cannot be renamed or deleted, so every
sitting keeps pointing to the clips it was taken with.
"""

from __future__ import annotations

import uuid as uuid_module
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, sessionmaker

from practice_db import models
from practice_db.assessment.convert import assessment_set
from practice_db.assessment.records import MAX_SET_CLIPS, MIN_SET_CLIPS, AssessmentSetRecord
from practice_db.deletion.visibility import HIDDEN_PREFIX
from practice_db.errors import DuplicateError, NotFoundError, PermissionDeniedError, ValidationError
from practice_db.text_fold import sort_key

MAX_NAME = 200  # models.AssessmentSet.name is String(200)


def clean_name(name: str) -> str:
    text = " ".join(name.split())
    if not text:
        raise ValidationError("Please give the set a name.")
    if len(text) > MAX_NAME:
        raise ValidationError(f"Please keep the set's name to {MAX_NAME} characters.")
    return text


def check_clip_count(clip_ids: Sequence[int]) -> None:
    if len(set(clip_ids)) != len(clip_ids):
        raise ValidationError("Each clip can be in a set only once; please remove the repeated clip.")
    if not MIN_SET_CLIPS <= len(clip_ids) <= MAX_SET_CLIPS:
        raise ValidationError(
            f"An assessment set needs {MIN_SET_CLIPS} to {MAX_SET_CLIPS} clips; this one has {len(clip_ids)}."
        )


class AssessmentSetRepository:
    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def list(self) -> list[AssessmentSetRecord]:
        """Every set, the built-in ones first, then by name."""
        with self._sessions() as s:
            rows = list(s.scalars(select(models.AssessmentSet).order_by(models.AssessmentSet.id)))
            # Names in the folded order used everywhere (text_fold), not the server's collation
            rows.sort(key=lambda r: (not r.builtin, sort_key(r.name), r.id))
            clips = _clip_ids(s, [r.id for r in rows])
            return [assessment_set(r, clips[r.id]) for r in rows]

    def get(self, set_id: int) -> AssessmentSetRecord:
        with self._sessions() as s:
            row = s.get(models.AssessmentSet, set_id)
            if row is None:
                raise NotFoundError("That assessment set no longer exists.")
            return assessment_set(row, _clip_ids(s, [row.id])[row.id])

    def by_uuid(self, set_uuid: str) -> AssessmentSetRecord | None:
        with self._sessions() as s:
            row = s.scalar(select(models.AssessmentSet).where(models.AssessmentSet.uuid == set_uuid))
            return None if row is None else assessment_set(row, _clip_ids(s, [row.id])[row.id])

    def create(
        self, name: str, clip_ids: Sequence[int], created_by: int | None = None
    ) -> AssessmentSetRecord:
        """A programme's own set, its clips in the order given (8-18 clips, each once)."""
        text = clean_name(name)
        ids = list(clip_ids)
        check_clip_count(ids)
        with self._sessions.begin() as s:
            _check_clips(s, ids)
            if s.scalar(select(models.AssessmentSet.id).where(models.AssessmentSet.name == text)) is not None:
                raise DuplicateError(f"There is already a set called {text!r}; please choose another name.")
            row = models.AssessmentSet(name=text, builtin=False, created_by_profile_id=created_by)
            s.add(row)
            s.flush()
            s.add_all(
                models.AssessmentSetClip(set_id=row.id, position=i, clip_id=c) for i, c in enumerate(ids)
            )
            return assessment_set(row, tuple(ids))

    def rename(self, set_id: int, name: str) -> AssessmentSetRecord:
        text = clean_name(name)
        with self._sessions.begin() as s:
            row = self._own_unsat(s, set_id, "renamed")
            clash = s.scalar(
                select(models.AssessmentSet.id).where(
                    models.AssessmentSet.name == text, models.AssessmentSet.id != set_id
                )
            )
            if clash is not None:
                raise DuplicateError(f"There is already a set called {text!r}; please choose another name.")
            row.name = text
            return assessment_set(row, _clip_ids(s, [row.id])[row.id])

    def delete(self, set_id: int) -> None:
        with self._sessions.begin() as s:
            row = self._own_unsat(s, set_id, "deleted")
            s.delete(row)  # its clip list goes with it (ON DELETE CASCADE); the clips stay

    def sittings(self, set_id: int) -> int:
        """How many assessments were taken (or started) with this set."""
        with self._sessions() as s:
            return _sittings(s, set_id)

    def ensure_builtin(self, set_uuid: str, name: str, clip_ids: Sequence[int]) -> AssessmentSetRecord:
        """Create or refresh a built-in set (installed at start-up; idempotent). Its clip list
        follows the pack only while nobody has sat it: a sitting keeps the clips it was taken with."""
        ids = list(clip_ids)
        check_clip_count(ids)
        with self._sessions.begin() as s:
            row = s.scalar(select(models.AssessmentSet).where(models.AssessmentSet.uuid == set_uuid))
            if row is None:
                row = models.AssessmentSet(uuid=set_uuid, name=name, builtin=True)
                s.add(row)
                s.flush()
            elif row.name != name:
                row.name = name
            current = list(_clip_ids(s, [row.id])[row.id])
            if current != ids and (not current or _sittings(s, row.id) == 0):
                s.execute(delete(models.AssessmentSetClip).where(models.AssessmentSetClip.set_id == row.id))
                s.flush()
                s.add_all(
                    models.AssessmentSetClip(set_id=row.id, position=i, clip_id=c) for i, c in enumerate(ids)
                )
                current = ids
            return assessment_set(row, tuple(current))

    @staticmethod
    def _own_unsat(s: Session, set_id: int, verb: str) -> models.AssessmentSet:
        row = s.get(models.AssessmentSet, set_id)
        if row is None:
            raise NotFoundError("That assessment set no longer exists.")
        if row.builtin:
            raise PermissionDeniedError(f"The built-in set can't be {verb}.")
        if _sittings(s, set_id):
            raise PermissionDeniedError(
                f"This set has been used for assessments, so it can't be {verb}: "
                "their results point to it. Build a new set instead."
            )
        return row


def builtin_uuid(key: str) -> str:
    """The same uuid for a built-in set on every computer (bundles can match it)."""
    return str(uuid_module.uuid5(uuid_module.NAMESPACE_URL, f"practice-room:assessment-set:{key}"))


def _sittings(s: Session, set_id: int) -> int:
    count = s.scalar(select(func.count(models.Assessment.id)).where(models.Assessment.set_id == set_id))
    return int(count or 0)


def _check_clips(s: Session, ids: Sequence[int]) -> None:
    rows = {c.id: c for c in s.scalars(select(models.Clip).where(models.Clip.id.in_(ids)))}
    missing = [i for i in ids if i not in rows]
    if missing:
        raise NotFoundError("One of the chosen clips is no longer in the library; please choose again.")
    hidden = [rows[i].title for i in ids if rows[i].source.startswith(HIDDEN_PREFIX)]
    if hidden:
        raise ValidationError(f"{hidden[0]!r} was deleted from the library; please choose another clip.")


def _clip_ids(s: Session, set_ids: Sequence[int]) -> dict[int, tuple[int, ...]]:
    found: dict[int, list[int]] = defaultdict(list)
    if set_ids:
        query = (
            select(models.AssessmentSetClip.set_id, models.AssessmentSetClip.clip_id)
            .where(models.AssessmentSetClip.set_id.in_(set_ids))
            .order_by(models.AssessmentSetClip.set_id, models.AssessmentSetClip.position)
        )
        for set_id, clip_id in s.execute(query):
            found[set_id].append(clip_id)
    return {i: tuple(found.get(i, ())) for i in set_ids}
