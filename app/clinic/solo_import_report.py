"""What an import from a solo data folder did, counted per kind, in words a clinic's admin reads."""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path


class SoloImportError(Exception):
    """The import could not start or stopped; the message is a plain sentence for the admin."""


@dataclass
class Tally:
    """Counting while copying (mutable); frozen into a KindCount at the end."""

    added: int = 0
    already_there: int = 0
    skipped: int = 0

    def frozen(self, label: str) -> KindCount:
        return KindCount(label, self.added, self.already_there, self.skipped)


@dataclass(frozen=True)
class KindCount:
    label: str  # plural, as the summary says it: "attempts", "recordings of attempts"
    added: int
    already_there: int
    skipped: int = 0  # could not be copied (e.g. a rating clashing with one already on the server)

    def sentence(self) -> str:
        parts = [f"{self.added} added", f"{self.already_there} already there"]
        if self.skipped:
            parts.append(f"{self.skipped} left out")
        return f"{self.label}: {', '.join(parts)}"


@dataclass(frozen=True)
class SoloImportReport:
    source: Path
    migrated_from: str | None  # the solo database's schema revision when it was older (a copy was updated)
    profiles: KindCount
    clips: KindCount
    practice_sessions: KindCount
    attempts: KindCount
    ratings: KindCount
    comments: KindCount
    goals: KindCount
    assessment_sets: KindCount
    assessments: KindCount
    assessment_takes: KindCount
    assessment_ratings: KindCount
    recordings: KindCount  # attempts' recordings stored on the server
    assessment_recordings: KindCount
    clip_files: KindCount  # own clips' media files stored on the server
    renamed_profiles: tuple[tuple[str, str], ...] = ()  # (name in the folder, name on the server)
    missing_files: tuple[str, ...] = ()  # paths in the folder that were named but absent or unreadable

    def kinds(self) -> tuple[KindCount, ...]:
        return tuple(getattr(self, f.name) for f in fields(self) if f.type in ("KindCount", KindCount))

    @property
    def added(self) -> int:
        return sum(k.added for k in self.kinds())

    def summary(self) -> str:
        lines = [f"Imported the solo data folder {self.source}."]
        if self.migrated_from is not None:
            lines.append(
                f"Its database was from an older version (schema {self.migrated_from}); a copy was "
                "updated for the import and the folder itself was left as it was."
            )
        if self.added == 0:
            lines.append("Nothing new: everything in the folder was already on the server.")
        lines.extend(
            f"  {kind.sentence()}"
            for kind in self.kinds()
            if kind.added or kind.already_there or kind.skipped
        )
        for before, after in self.renamed_profiles:
            lines.append(
                f'The server already had someone else called "{before}"; the imported profile is '
                f'"{after}" (use "Same person as…" in the app if they are one person).'
            )
        if self.missing_files:
            shown = ", ".join(self.missing_files[:10])
            more = f" and {len(self.missing_files) - 10} more" if len(self.missing_files) > 10 else ""
            n = len(self.missing_files)
            which = "1 file named in the database was" if n == 1 else f"{n} files named in the database were"
            lines.append(f"{which} missing or unreadable and not copied: {shown}{more}.")
        return "\n".join(lines)
