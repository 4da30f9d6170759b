"""``/api/v1/people/{id}/activities`` and ``/outcomes``: a person's rows a page at a time
between two days, on the demo (exact counts), who may read and log them, and logging one
through the Ascent CSV path (idempotent on the row's id, refused when the importer would
skip it, nothing written then).

Reads look at November 2026; the rows logged here are in July, so the tests stand alone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from api_demo import SAM, STELLA, ApiDemo, api_demo
from sqlalchemy import func, select

from ascent.bootstrap import unit_of_work
from ascent.store.models import Activity, ActivityDay, Outcome

NOVEMBER = {"from": "2026-11-01", "to": "2026-11-30"}
LOGGED_DAY = "2026-07-15"


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiDemo]:
    with api_demo(tmp_path_factory.mktemp("api-records"), "api_records") as demo:
        yield demo


def test_a_month_of_activities_page_by_page(api: ApiDemo) -> None:
    path = f"/api/v1/people/{SAM}/activities"
    items = api.walk("sam", path, limit=100, **NOVEMBER)
    assert len(items) == 245
    assert len({i["id"] for i in items}) == 245
    assert Counter(i["kind"] for i in items) == {
        "reaction": 90,
        "message_out": 69,
        "comment": 36,
        "invite_out": 18,
        "post": 14,
        "connect": 9,
        "message_in": 8,
        "invite_in": 1,
    }
    keys = [(i["day"], i["id"]) for i in items]
    assert keys == sorted(keys)
    assert (keys[0][0], keys[-1][0]) == ("2026-11-02", "2026-11-30")
    first = items[0]
    assert first["occurred_at"] == "2026-11-02T15:12:51+00:00"
    assert (first["kind"], first["channel"], first["contact"]) == ("reaction", "linkedin", None)
    assert first["source_key"].endswith("|EMPATHY")
    # one page of all of them says where to go on; the last page says there is no more
    page = api.get("sam", path, limit=245, **NOVEMBER).json()
    assert (len(page["items"]), page["next_cursor"]) == (245, None)
    page = api.get("sam", path, limit=244, **NOVEMBER).json()
    assert page["next_cursor"] is not None
    rest = api.get("sam", path, limit=5, cursor=page["next_cursor"], **NOVEMBER).json()
    assert (rest["items"], rest["next_cursor"]) == ([items[-1]], None)


def test_a_month_of_outcomes_with_their_sources(api: ApiDemo) -> None:
    items = api.walk("north", f"/api/v1/people/{SAM}/outcomes", limit=20, **NOVEMBER)
    assert Counter(i["kind"] for i in items) == {
        "web_visits": 60,
        "opportunity": 4,
        "meeting_booked": 3,
        "deal_won": 2,
        "deal_lost": 2,
    }
    deals = [
        (i["day"], i["amount"], i["contact"], i["source_channel"], i["source"], i["source_key"])
        for i in items
        if i["kind"] == "deal_won"
    ]
    assert deals == [
        ("2026-11-06", 35500.0, "Kira Prototype", "linkedin", None, "csv:demo-steady-38"),
        (
            "2026-11-25",
            8500.0,
            "Ines Purchase",
            "linkedin",
            "linkedin",
            "hubspot:deal:12265600:won",
        ),
    ]


def test_one_day_and_an_empty_range(api: ApiDemo) -> None:
    path = f"/api/v1/people/{SAM}/outcomes"
    day = api.walk("sam", path, **{"from": "2026-11-25", "to": "2026-11-25"})
    assert {i["day"] for i in day} == {"2026-11-25"}
    assert api.walk("sam", path, **{"from": "2020-01-01", "to": "2020-12-31"}) == []


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from": "2026-11-31"}, "from '2026-11-31' is not a date (use YYYY-MM-DD)"),
        ({"from": "2026-11-30", "to": "2026-11-01"}, "from 2026-11-30 is after to 2026-11-01"),
        ({"cursor": "not-a-cursor"}, "cursor: not one this API gave; start again without it"),
        # a cursor of the contacts list (an id alone) is not a (day, id)
        ({"cursor": "WzJd"}, "cursor: not one this API gave; start again without it"),
    ],
)
def test_bad_days_and_cursors_are_400(api: ApiDemo, params: dict[str, str], message: str) -> None:
    answer = api.get("sam", f"/api/v1/people/{SAM}/activities", **params)
    assert answer.status_code == 400
    assert answer.json()["error"]["message"] == message


@pytest.mark.parametrize("table", ["activities", "outcomes"])
@pytest.mark.parametrize(
    ("who", "person", "status"),
    [
        ("sam", SAM, 200),
        ("sam_read", SAM, 200),
        ("north", SAM, 200),
        ("admin_read", SAM, 200),
        ("sam", STELLA, 404),  # a seller of another team
        ("north", STELLA, 404),  # a lead of another team
        ("south", SAM, 404),
        ("admin", 999_999, 404),  # nobody: the same answer
        (None, SAM, 401),
        ("revoked", SAM, 401),
    ],
)
def test_who_reads_a_persons_rows(
    api: ApiDemo, table: str, who: str | None, person: int, status: int
) -> None:
    answer = api.get(who, f"/api/v1/people/{person}/{table}", limit=1)
    assert answer.status_code == status
    if status == 404:
        assert answer.json() == {
            "error": {"type": "hidden", "message": "no such page", "file": None, "line": None}
        }


def _counts(api: ApiDemo) -> tuple[int, int, int]:
    """Sam's activities, outcomes, and calls in the daily rollup."""
    with unit_of_work(api.settings) as uow:
        s = uow.session
        return (
            s.scalar(select(func.count()).where(Activity.person_id == SAM)) or 0,
            s.scalar(select(func.count()).where(Outcome.person_id == SAM)) or 0,
            s.scalar(
                select(func.coalesce(func.sum(ActivityDay.n), 0)).where(
                    ActivityDay.person_id == SAM, ActivityDay.kind == "call"
                )
            )
            or 0,
        )


def test_logging_an_activity_is_idempotent_on_its_id(api: ApiDemo) -> None:
    before = _counts(api)
    row = {
        "date": LOGGED_DAY,
        "kind": "call",
        "contact": "Bob Buyer",
        "account": "Acme Example Ltd",
        "note": "pricing",
        "id": "crm-call-1",
    }
    first = api.post("sam", f"/api/v1/people/{SAM}/activities", row)
    assert first.status_code == 201, first.text
    logged = first.json()
    assert {k: v for k, v in logged.items() if k not in ("id", "contact_id")} == {
        "day": LOGGED_DAY,
        "occurred_at": f"{LOGGED_DAY}T00:00:00+00:00",
        "kind": "call",
        "channel": "phone",
        "contact": "Bob Buyer",
        "source_key": "csv:crm-call-1",
        "is_question": False,
        "coach_score": None,
    }
    # the rollup moved with it: the row went through the importer
    assert _counts(api) == (before[0] + 1, before[1], before[2] + 1)
    again = api.post("sam", f"/api/v1/people/{SAM}/activities", row | {"note": "other"})
    assert (again.status_code, again.json()) == (200, logged)
    assert _counts(api) == (before[0] + 1, before[1], before[2] + 1)
    listed = api.walk("sam", f"/api/v1/people/{SAM}/activities", **{"from": LOGGED_DAY})
    assert logged in listed


def test_logging_an_outcome_with_a_time(api: ApiDemo) -> None:
    row: dict[str, Any] = {
        "date": f"{LOGGED_DAY}T14:30:00+02:00",
        "kind": "deal_won",
        "contact": "Bob Buyer",
        "amount": 1200.5,
        "source": "linkedin",
    }
    first = api.post("sam", f"/api/v1/people/{SAM}/outcomes", row)
    assert first.status_code == 201, first.text
    logged = first.json()
    assert (logged["occurred_at"], logged["amount"], logged["source_channel"]) == (
        f"{LOGGED_DAY}T12:30:00+00:00",
        1200.5,
        "linkedin",
    )
    assert logged["source_key"].startswith("csv:")
    # without an id the row's content is its key: the same row again adds nothing
    again = api.post("sam", f"/api/v1/people/{SAM}/outcomes", row)
    assert (again.status_code, again.json()) == (200, logged)
    tiny = api.post("sam", f"/api/v1/people/{SAM}/outcomes", row | {"amount": 1e-05})
    assert (tiny.status_code, tiny.json()["amount"]) == (201, 1e-05)


@pytest.mark.parametrize(
    ("table", "row", "message"),
    [
        (
            "activities",
            {"date": LOGGED_DAY, "kind": "deal_won"},
            "unknown activity kind 'deal_won': one of call, comment, connect, email_in, "
            "email_out, event, invite_in, invite_out, meeting, message_in, message_out, post, "
            "profile_update, reaction, share",
        ),
        (
            "outcomes",
            {"date": LOGGED_DAY, "kind": "call"},
            "unknown outcome kind 'call': one of "
            "deal_lost, deal_won, meeting_booked, opportunity, referral, web_visits",
        ),
        (
            "activities",
            {"date": "2026-12-01", "kind": "call"},
            "2026-12-01 is after 2026-11-30: log what has happened",
        ),
        (  # stored under its day in UTC
            "activities",
            {"date": "2026-11-30T23:30:00-05:00", "kind": "call"},
            "2026-12-01 is after 2026-11-30: log what has happened",
        ),
        (
            "activities",
            {"date": "1989-12-31", "kind": "call"},
            "1989-12-31 is before 1990-01-01, the first day Ascent counts",
        ),
        (
            "outcomes",
            {"date": LOGGED_DAY, "kind": "deal_won", "channel": "pigeon"},
            "unknown channel 'pigeon'",
        ),
    ],
)
def test_a_row_the_importer_would_skip_is_refused(
    api: ApiDemo, table: str, row: dict[str, str], message: str
) -> None:
    before = _counts(api)
    answer = api.post("sam", f"/api/v1/people/{SAM}/{table}", row)
    assert answer.status_code == 400
    assert answer.json()["error"] == {
        "type": "entry_refused",
        "message": message,
        "file": None,
        "line": None,
    }
    assert _counts(api) == before


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("sam_read", 403),  # a read token
        ("north", 404),  # the lead: only the person logs their own doing (as the home's form)
        ("admin", 404),
        ("stella", 404),
        (None, 401),
        ("revoked", 401),
    ],
)
def test_only_the_person_logs_with_a_write_token(
    api: ApiDemo, who: str | None, status: int
) -> None:
    before = _counts(api)
    row = {"date": LOGGED_DAY, "kind": "call", "contact": "Someone Else"}
    for table in ("activities", "outcomes"):
        answer = api.post(who, f"/api/v1/people/{SAM}/{table}", row)
        assert answer.status_code == status
    assert _counts(api) == before


def test_a_body_that_is_not_a_row_is_400(api: ApiDemo) -> None:
    answer = api.post("sam", f"/api/v1/people/{SAM}/activities", {"kind": "call", "x": 1})
    assert answer.status_code == 400
    assert answer.json()["error"]["type"] == "invalid_request"
