"""A person's data is theirs: everything Ascent holds about them, exported.

``export_person`` writes a ZIP of every row about the person and the contacts they touched,
each table as CSV (every cell through ``csv_out.csv_safe``) and as JSON, with a
``README.txt`` listing the files. Rows are streamed from the database into the archive one
at a time, so memory stays bounded however many activities a person has, and the archive is
written beside its target and renamed into place only when complete: an error leaves no
half-written file. Secrets never leave: password and token hashes are not exported.

Erasing is ``service.erasure``'s; both select the person's rows the same way (``Whose``).
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Select,
    Table,
    or_,
    select,
    union,
)

from ascent.service.csv_out import SafeWriter
from ascent.service.directory import Who, person_named
from ascent.service.person import person_report
from ascent.store.models import (
    Activity,
    ActivityDay,
    ApiToken,
    Base,
    Contact,
    ContactDay,
    ContactIdentity,
    ImportBatch,
    Job,
    LoginAttempt,
    Outcome,
    Pause,
    Person,
    ResetToken,
    Snapshot,
    Team,
    User,
    WebSession,
)
from ascent.store.scope import UnitOfWork

#: columns never exported: secrets (hashes of passwords and tokens) and internal binary keys
SECRET_COLUMNS = frozenset({"password_hash", "token_hash", "source_digest", "item_digest"})
#: rows fetched from the database at a time while streaming a table into the archive
STREAM_ROWS = 1000


@dataclass(frozen=True, slots=True)
class Whose:
    """Whose rows a section selects: the person, their logins (ids and e-mails), their team."""

    org_id: int
    person_id: int
    team_id: int
    user_ids: tuple[int, ...]
    emails: tuple[str, ...]


#: (file name, table, which rows of it are the person's), in the order of the README
Section = tuple[str, type[Base], Callable[[Whose], ColumnElement[bool]]]
SECTIONS: tuple[Section, ...] = (
    ("person", Person, lambda w: Person.id == w.person_id),
    ("team", Team, lambda w: Team.id == w.team_id),
    ("users", User, lambda w: User.person_id == w.person_id),
    ("web_sessions", WebSession, lambda w: WebSession.user_id.in_(w.user_ids)),
    ("reset_tokens", ResetToken, lambda w: ResetToken.user_id.in_(w.user_ids)),
    ("login_attempts", LoginAttempt, lambda w: LoginAttempt.email.in_(w.emails)),
    ("api_tokens", ApiToken, lambda w: ApiToken.user_id.in_(w.user_ids)),
    ("activities", Activity, lambda w: Activity.person_id == w.person_id),
    ("outcomes", Outcome, lambda w: Outcome.person_id == w.person_id),
    ("pauses", Pause, lambda w: Pause.person_id == w.person_id),
    ("activity_days", ActivityDay, lambda w: ActivityDay.person_id == w.person_id),
    ("contact_days", ContactDay, lambda w: ContactDay.person_id == w.person_id),
    ("snapshot", Snapshot, lambda w: Snapshot.person_id == w.person_id),
    ("contacts", Contact, lambda w: Contact.id.in_(touched(w))),
    ("contact_identities", ContactIdentity, lambda w: ContactIdentity.contact_id.in_(touched(w))),
    ("import_batches", ImportBatch, lambda w: ImportBatch.person_id == w.person_id),
    ("jobs", Job, lambda w: or_(Job.person_id == w.person_id, Job.user_id.in_(w.user_ids))),
)
README = """Everything Ascent holds about {name}, as of {at}.

Each table is here twice: as CSV (UTF-8; a cell that starts with = + - @ is prefixed with
a single quote, so that no spreadsheet runs it as a formula) and as JSON (an array of
objects, the exact values). Password and token hashes are not exported.

{files}
report.json: their measures and weekly phases as of {day} (the programme start among them),
as `ascent person --json` prints them
"""


@dataclass(frozen=True, slots=True)
class ExportView:
    """What ``export_person`` wrote: the archive and the rows of each table in it."""

    person: str
    path: str
    rows: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"person": self.person, "path": self.path, "rows": dict(self.rows)}


def who_is(uow: UnitOfWork, *, person: Who) -> str:
    """``person`` as a confirmation names them: name, e-mail and team."""
    found = person_named(uow, person)
    team = uow.session.scalar(select(Team.name).where(Team.id == found.team_id))
    return f"{found.name} <{found.email or 'no e-mail'}> of {team}"


def whose(uow: UnitOfWork, who: Who) -> Whose:
    """The person ``who`` and their logins, as the sections select them."""
    person = person_named(uow, who)
    users = uow.session.execute(select(User.id, User.email).where(User.person_id == person.id))
    pairs = [(row[0], row[1]) for row in users]
    return Whose(
        org_id=uow.scope.org_id,
        person_id=person.id,
        team_id=person.team_id,
        user_ids=tuple(user_id for user_id, _ in pairs),
        emails=tuple(email.lower() for _, email in pairs),
    )


def touched(w: Whose) -> CompoundSelect[tuple[int | None]]:
    """The ids of the contacts the person touched: in an activity, an outcome, a rollup."""
    return union(
        select(Activity.contact_id).where(theirs(Activity, w), Activity.contact_id.is_not(None)),
        select(Outcome.contact_id).where(theirs(Outcome, w), Outcome.contact_id.is_not(None)),
        select(ContactDay.contact_id).where(theirs(ContactDay, w)),
    )


def theirs(model: Any, w: Whose) -> ColumnElement[bool]:
    return (model.org_id == w.org_id) & (model.person_id == w.person_id)  # type: ignore[no-any-return]


# --- export ------------------------------------------------------------------------------


def export_person(uow: UnitOfWork, *, person: Who, path: Path, at: datetime) -> ExportView:
    """Write everything about ``person`` to the ZIP ``path`` (replaced whole, or untouched)."""
    w = whose(uow, person)
    name = person_named(uow, w.person_id).name
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(handle)
    try:
        rows = _write_zip(uow, w, Path(temp), name=name, at=at)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return ExportView(person=name, path=str(path), rows=rows)


def _write_zip(uow: UnitOfWork, w: Whose, temp: Path, *, name: str, at: datetime) -> dict[str, int]:
    rows: dict[str, int] = {}
    with zipfile.ZipFile(temp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for file, model, which in SECTIONS:
            table = table_of(model)
            columns = [c for c in table.columns if c.name not in SECRET_COLUMNS]
            query = select(*columns).where(table.c.org_id == w.org_id, which(w))
            query = query.order_by(table.c.id).execution_options(yield_per=STREAM_ROWS)
            header = [c.name for c in columns]
            with _member(archive, f"{file}.csv", at) as text:
                rows[file] = _write_csv(text, header, _stream(uow, query))
            with _member(archive, f"{file}.json", at) as text:
                _write_json(text, header, _stream(uow, query))
        listing = "\n".join(
            f"{file}.csv, {file}.json: {rows[file]} row(s) of {table_of(model).name}"
            for file, model, _ in SECTIONS
        )
        report = person_report(uow, person=w.person_id, as_of=at.date())
        document = json.dumps(report.to_dict(timeline=True), ensure_ascii=False, default=str)
        archive.writestr(_entry("report.json", at), document)
        stamp = at.isoformat(timespec="seconds")
        readme = README.format(name=name, at=stamp, day=at.date(), files=listing)
        archive.writestr(_entry("README.txt", at), readme)
    return rows


def table_of(model: type[Base]) -> Table:
    table = model.__table__
    assert isinstance(table, Table)
    return table


def _stream(uow: UnitOfWork, query: Select[Any]) -> Iterator[tuple[Any, ...]]:
    for row in uow.session.execute(query):
        yield tuple(row)


class _member:
    """A text stream writing one member of the archive (as UTF-8), closed with it."""

    def __init__(self, archive: zipfile.ZipFile, name: str, at: datetime) -> None:
        self._raw = archive.open(_entry(name, at), "w", force_zip64=True)
        self._text = io.TextIOWrapper(self._raw, encoding="utf-8", newline="")

    def __enter__(self) -> IO[str]:
        return self._text

    def __exit__(self, *_: object) -> None:
        self._text.close()


def _entry(name: str, at: datetime) -> zipfile.ZipInfo:
    """A member dated when the export was made, compressed."""
    entry = zipfile.ZipInfo(name, date_time=at.timetuple()[:6])
    entry.compress_type = zipfile.ZIP_DEFLATED
    return entry


def _write_csv(text: IO[str], header: list[str], rows: Iterator[tuple[Any, ...]]) -> int:
    writer = SafeWriter(text, lineterminator="\n")
    writer.writerow(header)
    count = 0
    for row in rows:
        writer.writerow(_cell(value) for value in row)
        count += 1
    return count


def _write_json(text: IO[str], header: list[str], rows: Iterator[tuple[Any, ...]]) -> None:
    text.write("[")
    for index, row in enumerate(rows):
        item = {name: _value(value) for name, value in zip(header, row, strict=True)}
        text.write(("," if index else "") + "\n" + json.dumps(item, ensure_ascii=False))
    text.write("\n]\n")


def _value(value: Any) -> Any:
    """A value as JSON holds it: days and times in ISO 8601."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def _cell(value: Any) -> Any:
    """A value as a CSV cell: nothing for null, JSON for a document."""
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return _value(value)
