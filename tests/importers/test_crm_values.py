"""Locale dates and amounts, stages, owners and attribution shared by the CRM importers."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from ascent.importers.crm.attribution import (
    Attribution,
    hubspot_attribution,
    lead_source_attribution,
)
from ascent.importers.crm.deals import named_email, owner_of, stage_status
from ascent.importers.crm.sheets import cell_text
from ascent.importers.crm.values import (
    Conventions,
    Evidence,
    RowError,
    excel_serial,
    parse_amount,
    parse_when,
)

US, DE = Conventions(), Conventions(day_first=True, decimal=",")


def conventions(dates: list[str] | None = None, amounts: list[str] | None = None) -> Conventions:
    evidence = Evidence()
    for raw in dates or []:
        evidence.see_date(raw)
    for raw in amounts or []:
        evidence.see_amount(raw)
    return evidence.conventions()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-10-15 14:30", datetime(2024, 10, 15, 14, 30)),
        ("2024-10-15", datetime(2024, 10, 15)),
        ("2024-03-20 14:05:00", datetime(2024, 3, 20, 14, 5)),
        ("2024-03-15T10:00:00.000Z", datetime(2024, 3, 15, 10)),
        ("2024-03-15T10:00:00+02:00", datetime(2024, 3, 15, 8)),
        ("2024-03-15 10:00:00 UTC", datetime(2024, 3, 15, 10)),
        ("2024/03/05", datetime(2024, 3, 5)),
        ("4/8/2025 17:19", datetime(2025, 4, 8, 17, 19)),
        ("4/8/2025 5:19 PM", datetime(2025, 4, 8, 17, 19)),
        ("12/1/2024 12:05 AM", datetime(2024, 12, 1, 0, 5)),
        ("3/15/24", datetime(2024, 3, 15)),
        ("18-Jun-24", datetime(2024, 6, 18)),
    ],
)
def test_dates_month_first(raw: str, expected: datetime) -> None:
    assert parse_when(raw, US) == expected.replace(tzinfo=UTC)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("15.03.2024", datetime(2024, 3, 15)),
        ("15/03/2024 09:00", datetime(2024, 3, 15, 9)),
        ("5.3.24", datetime(2024, 3, 5)),
        ("05-03-2024", datetime(2024, 3, 5)),
    ],
)
def test_dates_day_first(raw: str, expected: datetime) -> None:
    assert parse_when(raw, DE) == expected.replace(tzinfo=UTC)


@pytest.mark.parametrize("raw", ["31/31/2024", "4/31/2024", "13:00 4/8/2025", "soon", "45371"])
def test_unreadable_dates_raise(raw: str) -> None:
    with pytest.raises(ValueError, match=re.escape(raw)):
        parse_when(raw, US)


def test_excel_serials_only_in_workbooks() -> None:
    excel = Conventions(excel=True)
    assert parse_when("45371", excel) == datetime(2024, 3, 20, tzinfo=UTC)
    assert parse_when("45371.5", excel) == datetime(2024, 3, 20, 12, tzinfo=UTC)
    assert excel_serial(1) == datetime(1899, 12, 31, tzinfo=UTC)  # Excel shows 1900-01-01
    with pytest.raises(ValueError, match="0"):
        excel_serial(0)


def test_a_day_above_12_proves_day_first_for_the_whole_file() -> None:
    found = conventions(["04/03/2024", "15/03/2024"])
    assert (found.day_first, found.notes) == (True, ())
    assert parse_when("04/03/2024", found) == datetime(2024, 3, 4, tzinfo=UTC)


def test_a_second_part_above_12_proves_month_first() -> None:
    assert conventions(["4/3/2024", "3/15/2024"]) == Conventions(day_first=False)


def test_ambiguous_slashes_are_month_first_and_noted() -> None:
    found = conventions(["4/3/2024", "5/5/2024", "2024-01-01"])
    assert found.day_first is False
    assert found.notes == (
        "dates like '4/3/2024' do not show which part is the day: read as month/day (en_US); "
        "no date in the file has a day above 12",
    )


def test_dots_are_day_first_without_a_note() -> None:
    assert conventions(["04.03.2024"]) == Conventions(day_first=True, decimal=",")


def test_mixed_proofs_take_the_majority_and_say_so() -> None:
    found = conventions(["15/03/2024", "16/03/2024", "3/17/2024"])
    assert found.day_first is True
    assert found.notes == (
        "dates mix day/month (2) and month/day (1): read as day/month, the others are rejected",
    )


@pytest.mark.parametrize(
    ("raw", "us", "de"),
    [
        ("12000", 12000.0, 12000.0),
        ("8000.5", 8000.5, 8000.5),
        ("12,000.00", 12000.0, 12000.0),
        ("12.000,00", 12000.0, 12000.0),
        ("USD 12,000.00", 12000.0, 12000.0),
        ("EUR 7.250,00", 7250.0, 7250.0),
        ("12.000,00 €", 12000.0, 12000.0),
        ("$1,200", 1200.0, 1.2),
        ("1.200", 1.2, 1200.0),
        ("12\u00a0500,50 Kč", 12500.5, 12500.5),
        ("12'000.50", 12000.5, 12000.5),
        ("1.234.567", 1234567.0, 1234567.0),
        ("-300", -300.0, -300.0),
        ("", None, None),
    ],
)
def test_amounts(raw: str, us: float | None, de: float | None) -> None:
    assert (parse_amount(raw, US), parse_amount(raw, DE)) == (us, de)


@pytest.mark.parametrize("raw", ["12k", "abc", "-", "(1,000.00)", "USD 5 EUR"])
def test_unreadable_amounts_are_row_errors(raw: str) -> None:
    with pytest.raises(RowError, match="unreadable amount"):
        parse_amount(raw, US)


def test_the_decimal_separator_is_decided_per_file() -> None:
    assert conventions(amounts=["12.000,00", "1.200"]).decimal == ","
    assert conventions(amounts=["12,000.00", "1,200"]).decimal == "."
    ambiguous = conventions(amounts=["1.200"])
    assert ambiguous.decimal == "."
    assert ambiguous.notes == (
        "amounts like '1.200' do not show their decimal separator: read with a decimal point",
    )


def test_currencies_are_collected_from_prefixes_and_columns() -> None:
    evidence = Evidence()
    evidence.see_amount("USD 1,000.00")
    evidence.see_amount("500", "eur")
    assert evidence.conventions().currencies == ("EUR", "USD")


@pytest.mark.parametrize(
    ("label", "status"),
    [
        ("Closed Won", "won"),
        ("closedwon", "won"),
        ("Closed - Lost", "lost"),
        ("Won", "won"),
        ("Contract Sent", "open"),
        ("Id. Decision Makers", "open"),
        ("", "open"),
    ],
)
def test_stage_labels(label: str, status: str) -> None:
    assert stage_status(label) == status


def test_owners_and_named_emails() -> None:
    assert owner_of("Ada Example") == "Ada Example"
    assert owner_of("Ada Example (Ada@Demo.example)") == "ada@demo.example"
    assert owner_of("Ada Example", "ada@demo.example ") == "ada@demo.example"
    assert owner_of("  ") is None
    assert named_email("Bob Buyer <bob@acme.example>") == ("Bob Buyer", "bob@acme.example")
    assert named_email("Bob@Acme.example") == (None, "bob@acme.example")
    assert named_email("Bob Buyer") == ("Bob Buyer", None)


@pytest.mark.parametrize(
    ("original", "one", "two", "expected"),
    [
        (
            "Organic Social",
            "LinkedIn",
            "post-7",
            Attribution("linkedin", "linkedin", "social", content="post-7"),
        ),
        ("SOCIAL_MEDIA", "Twitter", "", Attribution("x", "x", "social")),
        ("Paid Social", "Facebook", "", Attribution("web", "facebook", "paid social")),
        ("Referrals", "www.linkedin.com", "", Attribution("linkedin", "linkedin", "referral")),
        ("Organic Search", "google", "crm", Attribution("web", "google", "organic")),
        (
            "Email Marketing",
            "Nov Newsletter",
            "",
            Attribution("email", None, "email", campaign="nov newsletter"),
        ),
        (
            "Other Campaigns",
            "spring-launch",
            "x1",
            Attribution(campaign="spring-launch", content="x1"),
        ),
        ("Direct Traffic", "", "", Attribution()),
        ("Offline Sources", "CRM_UI", "", Attribution(medium="offline")),
        ("", "LinkedIn", "", Attribution()),
    ],
)
def test_hubspot_original_source(original: str, one: str, two: str, expected: Attribution) -> None:
    assert hubspot_attribution(original, one, two) == expected


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("LinkedIn", Attribution("linkedin", "linkedin", "social")),
        ("LinkedIn Sales Navigator", Attribution("linkedin", "linkedin", "social")),
        ("Twitter", Attribution("x", "x", "social")),
        ("Web", Attribution("web", "web")),
        ("Social", Attribution(medium="social")),
        ("Partner Referral", Attribution(None, "partner referral", "referral")),
        ("Phone Inquiry", Attribution("phone", "phone inquiry", "phone")),
        ("Trade Show", Attribution("event", "trade show", "event")),
        ("Purchased List", Attribution(source="purchased list")),
        ("", Attribution()),
    ],
)
def test_lead_sources(label: str, expected: Attribution) -> None:
    assert lead_source_attribution(label) == expected


def test_xlsx_cells_as_csv_text() -> None:
    assert [cell_text(v) for v in (None, 12000.0, 4500.5, 45371, True, " NA ", " Bob ")] == [
        "",
        "12000",
        "4500.5",
        "45371",
        "TRUE",
        "",
        "Bob",
    ]
    assert cell_text(datetime(2024, 3, 20, 14, 5)) == "2024-03-20 14:05:00"
    assert cell_text(datetime(2024, 3, 20).date()) == "2024-03-20"
