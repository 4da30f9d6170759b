"""One test per FORMATS §6 quirk, on the pinned Google and Outlook exports."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from ascent.domain.records import ActivityRecord, ContactRef, Note, OutcomeRecord, Record
from ascent.importers.ics import ICS
from ascent.importers.source import Source

FIXTURES = Path(__file__).parents[1] / "fixtures" / "ics"
SYNC = "ics:7f3k2q9sync0acme5b1r4x6v8w@google.com"
MONTHLY = "040000008200E00074C5B7101A82E0080000000077C1B2A3D4E5DA01000000000000000010000000A9B8C7D6E5F40312"  # noqa: E501


@cache
def records(variant: str) -> tuple[Record, ...]:
    with Source.open(FIXTURES / variant) as source:
        return tuple(ICS.parse(source))


def meetings(variant: str) -> dict[str, ActivityRecord]:
    return {r.source_key: r for r in records(variant) if isinstance(r, ActivityRecord)}


def bookings(variant: str) -> list[OutcomeRecord]:
    return [r for r in records(variant) if isinstance(r, OutcomeRecord)]


def emails(variant: str) -> set[str]:
    return {r.contact.email for r in meetings(variant).values() if r.contact and r.contact.email}


def notes(variant: str) -> list[str]:
    return [r.message for r in records(variant) if isinstance(r, Note)]


def series_slots(prefix: str, variant: str = "google") -> list[str]:
    """The RECURRENCE-ID part of each meeting key of one series, for one attendee."""
    keys = [
        k for k in meetings(variant) if k.startswith(prefix) and k.endswith("jane.doe@acme.example")
    ]
    return [k.split("|")[1] for k in keys]


# Google


def test_weekly_rule_leaves_out_its_exdate() -> None:
    assert "2024-03-12T09:00:00Z" not in series_slots(SYNC)


def test_rdate_adds_an_occurrence_to_the_rule() -> None:
    assert series_slots(SYNC)[-1] == "2024-04-30T08:00:00Z"


def test_moved_occurrence_keeps_its_slot_key_and_takes_its_new_time() -> None:
    moved = meetings("google")[f"{SYNC}|2024-03-19T09:00:00Z|jane.doe@acme.example"]
    assert (moved.occurred_at, moved.body) == (
        datetime(2024, 3, 21, 14, 0, tzinfo=UTC),
        "Acme weekly sync (moved)",
    )


def test_cancelled_override_and_cancelled_event_are_skipped_and_counted() -> None:
    assert "2024-04-02T08:00:00Z" not in series_slots(SYNC)
    assert "gavin@hooli.example" not in emails("google")
    assert "2 cancelled events or occurrences skipped" in notes("google")


def test_series_crosses_daylight_saving_at_the_same_local_time() -> None:
    times = [
        meetings("google")[f"{SYNC}|{s}|jane.doe@acme.example"].occurred_at.hour
        for s in ("2024-03-26T09:00:00Z", "2024-04-09T08:00:00Z")
    ]
    assert times == [9, 8]


def test_weekly_series_is_one_booking_not_one_per_occurrence() -> None:
    assert [b.source_key for b in bookings("google")].count(f"{SYNC}|meeting_booked") == 1


def test_all_day_event_is_its_day_at_midnight_utc() -> None:
    onsite = meetings("google")["ics:0n5ite8acme3workshop6q1z2y@google.com|jane.doe@acme.example"]
    assert (onsite.occurred_at, onsite.raw_time) == (datetime(2024, 5, 2, tzinfo=UTC), "20240502")


def test_floating_time_is_read_in_the_x_wr_timezone() -> None:
    call = meetings("google")["ics:f10at1ng7umbrella0c2e4g6i8@google.com|kim@umbrella.example"]
    assert (call.occurred_at.hour, call.raw_time) == (14, "20240705T160000")


def test_utc_time_keeps_its_z_in_raw_time() -> None:
    intro = meetings("google")["ics:1gq8intro4globex2m7n0p3s5t@google.com|lena@globex.example"]
    assert intro.raw_time == "20240410T130000Z"


def test_room_resource_is_not_a_contact() -> None:
    assert not any(e.endswith("resource.calendar.google.com") for e in emails("google"))


def test_declined_attendee_is_not_a_contact() -> None:
    assert "tom@globex.example" not in emails("google")


def test_owners_own_attendee_line_is_not_a_contact() -> None:
    assert "ada@northwind.example" not in emails("google")


def test_single_attendee_event_is_read_though_attendee_is_not_a_list() -> None:
    assert "ics:5c0ffee2sam9initech4k7d1h3@google.com|sam@initech.example" in meetings("google")


def test_internal_only_and_solo_events_are_one_note() -> None:
    assert "bob@northwind.example" not in emails("google")
    assert "2 internal or solo events skipped" in notes("google")


def test_meeting_the_owner_declined_is_skipped_and_counted() -> None:
    assert "webinars@vendor.example" not in emails("google")
    assert "1 meeting the owner declined skipped" in notes("google")


def test_repeated_vevent_keeps_the_copy_with_the_higher_sequence() -> None:
    intro = meetings("google")["ics:1gq8intro4globex2m7n0p3s5t@google.com|lena@globex.example"]
    assert intro.occurred_at == datetime(2024, 4, 10, 13, 0, tzinfo=UTC)
    assert "1 older copy of repeated events ignored" in notes("google")


def test_meet_link_comes_from_x_google_conference() -> None:
    assert meetings("google")[f"{SYNC}|2024-03-05T09:00:00Z|raj@acme.example"].link == (
        "https://meet.google.com/abc-defg-hij"
    )


def test_zoom_link_comes_from_location() -> None:
    intro = meetings("google")["ics:1gq8intro4globex2m7n0p3s5t@google.com|lena@globex.example"]
    assert intro.link == "https://zoom.us/j/5551234567?pwd=Zm9vYmFy"


def test_text_escapes_are_undone_and_questions_detected() -> None:
    intro = meetings("google")["ics:1gq8intro4globex2m7n0p3s5t@google.com|lena@globex.example"]
    assert (intro.body, intro.is_question) == (
        "Intro call Globex \\ Northwind: pricing, terms; what next?",
        True,
    )


def test_line_folded_inside_a_multibyte_name_is_unfolded() -> None:
    folded = (FIXTURES / "google" / "ada@northwind.example.ics").read_bytes()
    assert "CN=Sam M\r\n üller".encode() in folded
    assert max(len(line) for line in folded.split(b"\r\n")) == 75
    sam = meetings("google")["ics:5c0ffee2sam9initech4k7d1h3@google.com|sam@initech.example"]
    assert sam.contact == ContactRef(email="sam@initech.example", name="Sam Müller-Lüdenscheidt")


def test_cn_that_is_the_address_itself_is_no_name() -> None:
    raj = meetings("google")[f"{SYNC}|2024-03-05T09:00:00Z|raj@acme.example"]
    assert raj.contact == ContactRef(email="raj@acme.example", name=None)


def test_address_in_capitals_is_the_same_contact() -> None:
    assert "ics:0n5ite8acme3workshop6q1z2y@google.com|jane.doe@acme.example" in meetings("google")


def test_booking_is_at_created_when_it_comes_before_the_meeting() -> None:
    sync = next(b for b in bookings("google") if b.source_key == f"{SYNC}|meeting_booked")
    assert (sync.occurred_at, sync.raw_time) == (
        datetime(2024, 3, 1, 8, 30, tzinfo=UTC),
        "20240301T083000Z",
    )


def test_booking_created_after_the_meeting_falls_back_to_its_start() -> None:
    coffee = next(b for b in bookings("google") if "5c0ffee2sam" in b.source_key)
    assert coffee.occurred_at == datetime(2024, 6, 12, 6, 30, tzinfo=UTC)


def test_booking_has_no_account_of_its_own() -> None:
    assert {b.account for b in bookings("google")} == {None}


# Outlook


def test_windows_zone_name_with_its_vtimezone_becomes_utc_and_stays_in_raw_time() -> None:
    review = next(
        r for r in meetings("outlook").values() if r.body == "Quarterly review with Contoso"
    )
    assert (review.occurred_at, review.raw_time) == (
        datetime(2024, 10, 15, 9, 0, tzinfo=UTC),
        "20241015T110000 W. Europe Standard Time",
    )


def test_pacific_standard_time_after_its_dst_end() -> None:
    workshop = next(r for r in meetings("outlook").values() if r.body and "Tailspin" in r.body)
    assert workshop.occurred_at == datetime(2024, 11, 5, 17, 0, tzinfo=UTC)


def test_owner_is_the_most_frequent_organizer_with_a_quoted_comma_name() -> None:
    owner = records("outlook")[0]
    assert (owner.email, owner.name) == ("max@fabrikam.example", "Mustermann, Max")  # type: ignore[union-attr]


def test_external_organizer_is_a_counterpart() -> None:
    assert "priya.shah@tailspin.example" in emails("outlook")


def test_same_domain_colleague_is_internal() -> None:
    assert "erika.schmidt@fabrikam.example" not in emails("outlook")


def test_endless_rule_stops_a_year_after_the_export() -> None:
    slots = sorted(k.split("|")[1] for k in meetings("outlook") if MONTHLY in k)
    assert (len(slots), slots[-1]) == (14, "2025-11-04T13:00:00Z")


def test_teams_link_comes_from_the_description() -> None:
    review = next(
        r for r in meetings("outlook").values() if r.body == "Quarterly review with Contoso"
    )
    teams = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_NzY4ZjExample%40thread.v2/0"
    assert (review.link or "").startswith(teams)
