"""Every LinkedIn date format of FORMATS §1.11 (and Excel's rewrites), and profile URLs."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ascent.importers.linkedin.dates import parse_time
from ascent.importers.linkedin.urls import profile_url, profile_urls


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-06-18 11:59:53 UTC", datetime(2024, 6, 18, 11, 59, 53)),  # messages.csv
        ("2024-06-18 11:59:53", datetime(2024, 6, 18, 11, 59, 53)),  # Shares, Comments, …
        ("2017/06/08 08:15:44 UTC", datetime(2017, 6, 8, 8, 15, 44)),  # 2018 UTF-16 files
        ("09 Oct 2024", datetime(2024, 10, 9)),  # Connections 2020+
        ("1/8/18, 6:14 PM", datetime(2018, 1, 8, 18, 14)),  # 2018 Connections
        ("1/24/25, 6:42 AM", datetime(2025, 1, 24, 6, 42)),  # Invitations, not zero-padded
        ("12/15/24, 7:47 AM", datetime(2024, 12, 15, 7, 47)),
        ("12/24/23, 05:28 AM", datetime(2023, 12, 24, 5, 28)),  # Recommendations, padded
        ("1/24/25, 6:42\u202fAM", datetime(2025, 1, 24, 6, 42)),  # narrow no-break space
        ("Wed Jun 16 06:56:05 UTC 2021", datetime(2021, 6, 16, 6, 56, 5)),  # Java toString
        ("18-Jun-24", datetime(2024, 6, 18)),  # Excel re-save
        ("9-Sep-22", datetime(2022, 9, 9)),
        ("4/8/2025 17:19", datetime(2025, 4, 8, 17, 19)),
        ("2024-06-18 10:00", datetime(2024, 6, 18, 10, 0)),
        (" 2024-06-18 ", datetime(2024, 6, 18)),
    ],
)
def test_parse_time(raw: str, expected: datetime) -> None:
    assert parse_time(raw) == expected.replace(tzinfo=UTC)
    assert parse_time(raw).tzinfo is UTC


@pytest.mark.parametrize(
    "raw", ["", "31/31/99", "2024-13-45 99:99:99 UTC", "yesterday", "2024-06-18 11:59:53 CET"]
)
def test_unreadable_dates_raise_value_error(raw: str) -> None:
    with pytest.raises(ValueError, match="unreadable date"):
        parse_time(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "https://www.linkedin.com/in/Ada-Example-1a2b3c",
            "https://www.linkedin.com/in/ada-example-1a2b3c",
        ),
        (
            "https://www.linkedin.com/in/ren%C3%A9e-example/",
            "https://www.linkedin.com/in/renée-example",
        ),
        ("www.linkedin.com/in/x", "https://www.linkedin.com/in/x"),
        ("http://www.linkedin.com/in/x?trk=abc", "https://www.linkedin.com/in/x"),
        (" https://www.linkedin.com/in/x ", "https://www.linkedin.com/in/x"),
        ("https://www.linkedin.com/in", None),
        ("https://www.linkedin.com/in/", None),
        ("urn:li:member:123456", None),
        ("", None),
        ("NA", None),
    ],
)
def test_profile_url(raw: str, expected: str | None) -> None:
    assert profile_url(raw) == expected


def test_profile_urls_drops_unusable_entries() -> None:
    joined = (
        "https://www.linkedin.com/in/a,https://www.linkedin.com/in,https://www.linkedin.com/in/B"
    )
    assert profile_urls(joined) == [
        "https://www.linkedin.com/in/a",
        "https://www.linkedin.com/in/b",
    ]
    assert profile_urls("") == []
