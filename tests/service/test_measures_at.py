"""An earlier day measured from a later load of the facts equals a load as of that day: the
lead home's trend (a week ago) needs no second load."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from ascent.bootstrap import unit_of_work
from ascent.service.people import measure_people
from web_demo import build_demo

END = date(2026, 11, 30)


@pytest.mark.parametrize("days_back", [1, 7, 30, 100, 200])
def test_measures_at_an_earlier_day_equal_a_load_as_of_that_day(
    database_url: str, tmp_path: Path, days_back: int
) -> None:
    settings = build_demo(database_url, tmp_path / "exports")
    day = END - timedelta(days=days_back)
    with unit_of_work(settings) as uow:
        earlier = measure_people(uow, as_of=END).measures_at(day)
        loaded = {r.row.person_id: r.measures for r in measure_people(uow, as_of=day).reports}
    assert len(loaded) == 14
    assert earlier == loaded
