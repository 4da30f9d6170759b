"""Calendar exports through the whole stack: golden counts, idempotent, atomic."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, select

from ascent.bootstrap import scoped_unit_of_work
from ascent.errors import InputError
from ascent.service.imports import import_paths
from ascent.store.models import Activity, Contact, ContactIdentity, Outcome

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ics"
VARIANTS = ("google", "outlook")


def _expected(variant: str) -> dict[str, Any]:
    return json.loads((FIXTURES / variant / "expected.json").read_text(encoding="utf-8"))


def _count(engine: Engine, model: type) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(model)).scalar_one())


def _import(engine: Engine, *paths: Path) -> dict[str, Any]:
    with scoped_unit_of_work(engine, write=True) as uow:
        return import_paths(uow, paths=list(paths), person="ada@demo.example").to_dict()


@pytest.mark.parametrize("variant", VARIANTS)
def test_variant_imports_golden_counts_then_nothing_twice(engine: Engine, variant: str) -> None:
    expected = _expected(variant)
    first = _import(engine, FIXTURES / variant)
    assert first["files"] == [{"path": str(FIXTURES / variant), "format": "ics"}]
    assert first["counts"] == expected["counts"]
    assert len(first["skipped"]) == expected["rejected"]
    assert [f"{Path(n['file']).name}: {n['message']}" for n in first["notes"]] == expected["notes"]
    second = _import(engine, FIXTURES / variant)
    assert (second["added"], second["duplicates"]) == (0, sum(expected["counts"].values()))
    assert (_count(engine, Activity), _count(engine, Outcome)) == (
        expected["counts"]["meeting"],
        expected["counts"]["meeting_booked"],
    )


@pytest.mark.parametrize("variant", VARIANTS)
def test_each_external_attendee_is_one_contact(engine: Engine, variant: str) -> None:
    _import(engine, FIXTURES / variant)
    assert _count(engine, Contact) == len(_expected(variant)["contacts"])


def test_booking_is_stored_on_the_day_it_was_made(engine: Engine) -> None:
    _import(engine, FIXTURES / "google")
    with engine.connect() as connection:
        days = connection.execute(select(Outcome.day).order_by(Outcome.day)).scalars().all()
    assert [str(d) for d in days] == [
        "2024-03-01",
        "2024-04-05",
        "2024-05-02",
        "2024-06-12",
        "2024-07-01",
    ]


def test_file_then_takeout_zip_of_the_same_calendar_adds_nothing(
    engine: Engine, tmp_path: Path
) -> None:
    source = FIXTURES / "google" / "ada@northwind.example.ics"
    archive = tmp_path / "takeout-20241120T101500Z-001.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(source, "Takeout/Calendar/ada@northwind.example.ics")
    _import(engine, source)
    assert _import(engine, archive)["added"] == 0


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"<html><body>Sign in to Google</body></html>\r\n", "not an iCalendar file"),
        (
            b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nEND:VCALENDAR\r\n",
            "no VEVENT in this calendar",
        ),
    ],
    ids=["garbage", "no-vevent"],
)
def test_unreadable_calendar_is_one_error_naming_it_and_writes_nothing(
    engine: Engine, tmp_path: Path, content: bytes, reason: str
) -> None:
    good = tmp_path / "good"
    shutil.copytree(FIXTURES / "outlook", good)
    bad = tmp_path / "Kalender.ics"
    bad.write_bytes(content)
    with pytest.raises(InputError) as caught:
        _import(engine, good, bad)
    assert str(caught.value).startswith(f"{bad}: {reason}")
    assert "\n" not in str(caught.value)
    assert (_count(engine, Activity), _count(engine, Outcome)) == (0, 0)


def test_gmail_calendar_with_placeholders_makes_only_real_contacts(engine: Engine) -> None:
    """Google's ``unknownorganizer@calendar.google.com`` (events from Gmail, Goals), a room and
    a no-reply booking tool are no contacts; an address written as CN is no name."""
    result = _import(engine, FIXTURES / "google-gmail")
    assert (result["counts"], result["skipped"]) == ({"meeting": 4, "meeting_booked": 2}, [])
    with engine.connect() as connection:
        rows = connection.execute(
            select(ContactIdentity.value, Contact.name)
            .join(Contact, Contact.id == ContactIdentity.contact_id)
            .where(ContactIdentity.kind == "email")
            .order_by(ContactIdentity.value)
        ).all()
    assert [tuple(r) for r in rows] == [
        ("bo.berger@gmail.com", None),
        ("jane.doe@acme.example", "Jane Doe"),
        ("kim.lee@umbrella.example", None),
        ("raj@acme.example", "Raj Patel"),
    ]
