"""Import exports: detect each format, load everything in one transaction, report.

The whole command is one transaction: a file that cannot be read aborts the import and the
database is left exactly as it was. Re-importing the same export adds nothing.

Imports of one org take turns (``directory.take_turn``, taken by the entry point when it
opens a writer's unit of work): each waits until the one before it has committed, so imports
started at once end with exactly the counts of the same imports run one after another,
whatever their order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from ascent.domain.records import OwnerRecord, Record
from ascent.errors import AscentError, InputError
from ascent.importers.base import Importer
from ascent.importers.limits import DEFAULT_LIMITS, Limits
from ascent.importers.registry import open_source, unreadable
from ascent.importers.source import Source
from ascent.service import snapshots
from ascent.service.directory import (
    Who,
    ensure_person,
    find_person,
    person_named,
    scoped_org,
    team_named,
)
from ascent.service.people import refresh_snapshots
from ascent.store import rollups
from ascent.store.loader import Loader, LoadResult
from ascent.store.models import ImportBatch, Org, Person, stored_text
from ascent.store.rollups import touched_people
from ascent.store.scope import UnitOfWork

Progress = Callable[[str, int], None]


@dataclass
class ImportReport:
    """What an import did, in the JSON field names of DESIGN §5."""

    person: str | None = None
    files: list[dict[str, str]] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)
    duplicates: int = 0
    skipped: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, str]] = field(default_factory=list)
    unmatched_owners: Counter[str] = field(default_factory=Counter)
    new_contacts: int = 0

    def add(self, path: Path, fmt: str, result: LoadResult) -> None:
        self.files.append({"path": str(path), "format": fmt})
        self.counts.update(result.added)
        self.duplicates += result.duplicates
        self.skipped += [
            {"file": r.file, "line": r.line, "reason": r.reason} for r in result.skipped
        ]
        self.notes += [{"file": n.file, "message": n.message} for n in result.notes]
        self.unmatched_owners.update(result.unmatched_owners)
        self.new_contacts += result.new_contacts

    def to_dict(self) -> dict[str, Any]:
        return {
            "person": self.person,
            "files": self.files,
            "counts": dict(sorted(self.counts.items())),
            "added": sum(self.counts.values()),
            "duplicates": self.duplicates,
            "skipped": self.skipped,
            "notes": self.notes,
            "unmatched_owners": dict(sorted(self.unmatched_owners.items())),
            "new_contacts": self.new_contacts,
        }

    def lines(self) -> list[str]:
        """The report as the lines ``ascent import`` prints (``report_lines``)."""
        return report_lines(self.to_dict())


def report_lines(data: dict[str, Any]) -> list[str]:
    """A report's dict (``ImportReport.to_dict``) as lines of plain text: what ``ascent
    import`` prints and the imports page shows, after the import has committed, so this must
    not fail. Takes the dict, so that the page can name its files as they were uploaded."""
    owner = f" for {data['person']}" if data["person"] else ""
    lines = [f"imported {f['path']} ({f['format']}){owner}" for f in data["files"]]
    counts = ", ".join(f"{k} {v:,}" for k, v in data["counts"].items()) or "nothing new"
    lines += [f"added {data['added']:,}: {counts}", f"duplicates skipped: {data['duplicates']:,}"]
    if data["new_contacts"]:
        lines.append(f"new contacts: {data['new_contacts']:,}")
    lines += [
        f"not imported: {n:,} records of owner {name!r}, who matches no person "
        "(people come from their own imports: ascent import EXPORT --person NAME)"
        for name, n in data["unmatched_owners"].items()
    ]
    lines += [f"note: {note['file']}: {note['message']}" for note in data["notes"]]
    if data["skipped"]:
        lines.append(f"rows skipped: {len(data['skipped'])}")
        lines += [f"  {row['file']}:{row['line']}: {row['reason']}" for row in data["skipped"]]
    return lines


class _People:
    """Resolves a record's person: the import's own (``--person``, a person's id from a front
    end, or the export's owner), or the one a row names."""

    def __init__(self, uow: UnitOfWork, who: Who | None, team: str | None) -> None:
        self.uow, self.who, self.team = uow, who, team
        self.owner: OwnerRecord | None = None
        self.cache: dict[str | None, Person] = {}

    def person(self, name: str | None) -> Person:
        if name not in self.cache:
            who = name or self.who or self._owner_name()
            if not who:
                raise InputError("--person", "say whose export this is with --person EMAIL|NAME")
            self.cache[name] = self._ensure(who)
        return self.cache[name]

    def _ensure(self, who: Who) -> Person:
        """The person ``who`` names (moved to ``--team`` when given); an e-mail or a name is
        created if new, an id is found or ``NotFound``: a name may be shared, an id never."""
        if not isinstance(who, int):
            return ensure_person(self.uow, who, team=self.team)
        person = person_named(self.uow, who)
        if self.team is not None:
            person.team_id = team_named(self.uow, self.team).id
        return person

    def person_id(self, name: str | None) -> int:
        return self.person(name).id

    def match(self, owner: str) -> int | None:
        """The person a CRM owner (e-mail or name) names; never creates one."""
        found = find_person(self.uow, owner)
        return found.id if found else None

    def _owner_name(self) -> str | None:
        """How the export names its owner: a name (LinkedIn, X …) or an e-mail (a calendar)."""
        return (self.owner.name or self.owner.email) if self.owner else None

    def next_export(self) -> None:
        """A new export may have a new owner: forget the previous one's (without --person)."""
        self.owner = None
        self.cache.pop(None, None)

    def import_person(self) -> Person | None:
        """The import's own person, when the command or the export says who it is.

        Created only when a record of theirs was loaded or the export states its owner (a
        profile): a ``--person`` whose records all turned out to be CRM deals of other,
        unmatched owners is looked up, never left behind as a person without data.
        """
        if None in self.cache:
            return self.cache[None]
        if self.owner is not None and (self.who or self._owner_name()):
            return self.person(None)
        return find_person(self.uow, self.who) if self.who else None


def check_exports(*, paths: list[Path], limits: Limits = DEFAULT_LIMITS) -> None:
    """Open and detect every export without the database, then close them.

    An entry point calls this before it takes the writer's turn: an unknown, broken or
    oversized file is refused at once instead of after waiting for a running import.
    """
    with ExitStack() as stack:
        for path in paths:
            stack.enter_context(open_source(path, limits)[0])


def import_paths(
    uow: UnitOfWork,
    *,
    paths: list[Path],
    person: Who | None = None,
    team: str | None = None,
    progress: Progress | None = None,
    limits: Limits = DEFAULT_LIMITS,
    today: date | None = None,
) -> ImportReport:
    """Import every path in one transaction and commit; raises ``InputError`` on bad input.

    Without ``person``, each export belongs to its own owner (LinkedIn ``Profile.csv``). A
    front end that knows the person's id passes it (an int): their name may be someone else's.
    ``uow`` is a writer's (``bootstrap.unit_of_work(…, write=True)``): it holds the turn.
    The snapshot of the people the import touched is refreshed as of ``today`` (the local
    calendar day when None), in the same transaction.
    """
    report = ImportReport()
    touched: set[int] = set()
    with ExitStack() as stack:  # every export is closed, also when a later one is unknown
        # detect every format (and refuse what is over a cap) before writing
        opened = [
            (stack.enter_context(source), importer)
            for source, importer in (open_source(p, limits) for p in paths)
        ]
        org = scoped_org(uow)
        people = _People(uow, person, team)
        for path, (source, importer) in zip(paths, opened, strict=True):
            people.next_export()
            result = _import_one(
                uow,
                org=org,
                people=people,
                path=path,
                source=source,
                importer=importer,
                progress=progress,
                touched=touched,
            )
            report.add(path, importer.name, result)
            owner = people.import_person()
            report.person = owner.name if owner else report.person
    snapshots.facts_changed(uow, touched)
    day = today or date.today()  # noqa: DTZ011 - the user's local calendar day, as the CLI's
    refresh_snapshots(uow, as_of=day, person_ids=touched)
    uow.commit()
    return report


def _import_one(
    uow: UnitOfWork,
    *,
    org: Org,
    people: _People,
    path: Path,
    source: Source,
    importer: Importer,
    progress: Progress | None,
    touched: set[int],
) -> LoadResult:
    """Load one export as one import batch, then add it to the rollups; the people whose
    facts it may have moved are added to ``touched``."""
    batch = ImportBatch(
        org_id=org.id,
        format=importer.name,
        source=stored_text(str(path)),
        started_at=datetime.now(UTC),
        report={},
    )
    uow.session.add(batch)
    uow.session.flush()
    connection = uow.session.connection()
    loader = Loader(
        connection, org.id, batch.id, people.person_id, people.match, store_bodies=org.store_bodies
    )
    result = loader.load(_watch(importer.parse(source), people, progress, str(path)))
    rollups.refresh_for_batch(connection, org.id, batch.id)
    owner = people.import_person()
    batch.person_id = owner.id if owner else None
    touched |= touched_people(connection, org.id, batch.id, loader.contacts.completed)
    if owner is not None:
        touched.add(owner.id)  # their profile (headline, summary) may have changed
    batch.finished_at = datetime.now(UTC)
    batch.report = {
        "counts": dict(result.added),
        "duplicates": result.duplicates,
        "skipped": len(result.skipped),
    }
    _remember_owner(people)
    return result


def _watch(
    records: Iterator[Record], people: _People, progress: Progress | None, label: str
) -> Iterator[Record]:
    """Pass records through, noting the export's owner and reporting progress.

    The one boundary between parsers and the store: whatever a parser or a library under it
    raises on a hostile file (a RecursionError, an OverflowError …) becomes the one-line
    ``InputError`` naming the export, so that no input can end in a traceback.
    """
    try:
        for n, record in enumerate(records, 1):
            if isinstance(record, OwnerRecord):
                people.owner = record
            if progress is not None and n % 10_000 == 0:
                progress(label, n)
            yield record
    except AscentError:
        raise
    except Exception as exc:
        raise unreadable(label, exc) from exc


def _remember_owner(people: _People) -> None:
    """Keep what the export says about its owner: their profile URL, a missing name or e-mail."""
    owner, person = people.owner, people.import_person()
    if owner is None or person is None:
        return
    if owner.email and not person.email and find_person(people.uow, owner.email) is None:
        person.email = stored_text(owner.email.lower())
    if owner.profile_url and not person.profile_url:
        person.profile_url = stored_text(owner.profile_url)
    if owner.headline or owner.summary:
        person.headline, person.summary = stored_text(owner.headline), stored_text(owner.summary)
    if owner.name and person.email and _named_by_email(person):
        person.name = stored_text(owner.name)


def _named_by_email(person: Person) -> bool:
    """Whether the person's name is only the local part of their e-mail (``--person``'s),
    in any case: ``Ada.Example@Example.COM`` is stored as ``ada.example@example.com``."""
    assert person.email is not None
    return person.name.casefold() == person.email.split("@")[0].casefold()
