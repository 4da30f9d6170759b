"""The day range every front end accepts, with a fixed today."""

from __future__ import annotations

from datetime import date

import pytest

from ascent.errors import ConfigError
from ascent.service.days import day_range, read_day

TODAY = date(2026, 3, 2)


def test_the_range_is_1990_to_a_year_ahead() -> None:
    assert day_range(today=TODAY) == (date(1990, 1, 1), date(2027, 3, 2))


def test_no_day_is_today() -> None:
    assert read_day(None, name="as_of", today=TODAY) == TODAY


@pytest.mark.parametrize("text", ["1990-01-01", "2027-03-02"])
def test_the_ends_of_the_range_are_accepted(text: str) -> None:
    assert read_day(text, name="as_of", today=TODAY) == date.fromisoformat(text)


@pytest.mark.parametrize("text", ["1989-12-31", "2027-03-03"])
def test_a_day_outside_the_range_names_the_field_and_the_range(text: str) -> None:
    with pytest.raises(ConfigError) as caught:
        read_day(text, name="as_of", today=TODAY)
    assert str(caught.value) == (
        f"as_of {text}: give a day from 1990-01-01 to 2027-03-02 (a year ahead)"
    )


def test_a_day_that_is_no_date_says_how_to_write_one() -> None:
    with pytest.raises(ConfigError, match=r"as_of '2026-13-01' is not a date \(use YYYY-MM-DD\)"):
        read_day("2026-13-01", name="as_of", today=TODAY)
