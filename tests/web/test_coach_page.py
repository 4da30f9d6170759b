"""The content coach page: a posted draft's score and every point of it, on the page and its
twin; refused drafts; the CSRF check; and the person page's post scores over time."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from ascent.bootstrap import unit_of_work
from ascent.service.coach import coach_draft, post_scores
from ascent.service.imports import import_paths
from ascent.service.person_page import person_page
from ascent.settings import Settings
from ascent.store.models import Person
from ascent.web.charts.coach import draft_points, post_scores_over_time
from web_demo import DEMO_DAY, SELLER, log_in

PROMOTION = "We are proud to announce our award-winning platform."
READER = (
    "How do you keep your pipeline full when half your prospects go quiet after the first call?"
)


def post(client: TestClient, path: str, draft: str, **headers: str) -> object:
    token = client.cookies["csrftoken"]
    return client.post(path, data={"draft": draft, "csrftoken": token}, headers=headers)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_the_page_shows_the_score_and_every_point_of_a_posted_draft(demo_app: TestClient) -> None:
    log_in(demo_app, SELLER)
    empty = demo_app.get("/coach")
    assert empty.status_code == 200
    assert 'name="draft"' in empty.text
    assert 'name="csrftoken"' in empty.text
    assert "coach-score" not in empty.text
    response = post(demo_app, "/coach", PROMOTION)
    assert response.status_code == 200  # type: ignore[attr-defined]
    page = response.text  # type: ignore[attr-defined]
    assert 'id="coach-score">11<' in page
    text = _text(page)
    assert "self promotion -20 proud to announce, award-winning" in text
    assert "i we our -10 We, our" in text
    assert "product features -4 platform" in text
    assert "length -5 8 words" in text
    assert "readability +0 LIX 45.5, announce, award-winning, platform" in text
    assert "Try this first line: What would a new platform change for you?" in text
    assert PROMOTION in page  # the draft stays in the text box
    assert 'data-chart="chart-coach-points"' in page


def test_the_twin_answers_a_posted_draft_with_the_review(demo_app: TestClient) -> None:
    log_in(demo_app, SELLER)
    data = post(demo_app, "/coach.json", READER).json()  # type: ignore[attr-defined]
    assert data["score"] == 91
    assert data["suggested_first_line"] == READER
    assert [(p["rule"], p["effect"], p["evidence"]) for p in data["points"]][:3] == [
        ("base", 50, []),
        ("you_your", 15, ["you", "your", "your"]),
        ("reader_question", 8, [READER]),
    ]
    before = demo_app.get("/coach.json").json()
    assert before == {
        "score": None,
        "points": [],
        "suggested_first_line": None,
        "version": "coach-1",
    }


def test_refused_drafts_and_forged_forms(demo_app: TestClient) -> None:
    log_in(demo_app, SELLER)
    page = post(demo_app, "/coach", "   ")
    assert page.status_code == 400  # type: ignore[attr-defined]
    assert "error: the draft is empty" in page.text  # type: ignore[attr-defined]
    twin = post(demo_app, "/coach.json", "x" * 20_001)
    assert twin.status_code == 400  # type: ignore[attr-defined]
    assert twin.json()["error"]["message"] == (  # type: ignore[attr-defined]
        "draft: the draft is longer than 20,000 characters"
    )
    forged = demo_app.post("/coach", data={"draft": READER, "csrftoken": "forged"})
    assert forged.status_code == 403


def test_the_person_pages_twin_has_the_post_scores_it_charts(
    demo_app: TestClient, demo_settings: Settings
) -> None:
    log_in(demo_app, SELLER)
    pid = int(demo_app.get("/").headers["location"].rsplit("/", 1)[1])
    data = demo_app.get(f"/person/{pid}.json").json()
    with unit_of_work(demo_settings) as uow:
        series = post_scores(uow, person_id=pid, as_of=DEMO_DAY)
    assert data["post_scores"] == [{"day": d.isoformat(), "score": s} for d, s in series]
    page = demo_app.get(f"/person/{pid}").text
    assert 'id="latest-posts-table"' in page
    if series:
        assert 'data-chart="chart-post-scores"' in page
        assert data["latest_posts"][0]["score"] == series[-1][1]


SHARES = (
    "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n"
    "2025-03-03 09:00:00,https://www.linkedin.com/feed/update/urn:li:activity:71,"
    f"{PROMOTION},,,MEMBER\n"
    "2025-03-10 09:00:00,https://www.linkedin.com/feed/update/urn:li:activity:72,"
    f'"{READER}",,,MEMBER\n'
)


def test_the_person_page_view_on_hand_built_posts(database_url: str, tmp_path: Path) -> None:
    (tmp_path / "Shares.csv").write_text(SHARES, encoding="utf-8")
    settings = Settings(database_url, explicit_database=True)
    with unit_of_work(settings, write=True) as uow:
        import_paths(uow, paths=[tmp_path], person="ada@demo.example")
        uow.commit()
    with unit_of_work(settings) as uow:
        pid = uow.session.scalars(select(Person.id)).one()
        data = person_page(uow, person_id=pid, as_of=date(2025, 3, 31)).to_dict()
    assert data["post_scores"] == [
        {"day": "2025-03-03", "score": 11},
        {"day": "2025-03-10", "score": 91},
    ]
    assert [(p["day"], p["score"], p["link"][-2:]) for p in data["latest_posts"]] == [
        ("2025-03-10", 91, "72"),
        ("2025-03-03", 11, "71"),
    ]


@pytest.mark.parametrize("path", ["/coach", "/coach.json"])
def test_anonymous_drafts_are_not_reviewed(demo_app: TestClient, path: str) -> None:
    demo_app.cookies.clear()
    demo_app.get("/login")
    response = post(demo_app, path, READER)
    assert response.status_code in (303, 401)  # type: ignore[attr-defined]


def test_the_charts_say_in_words_what_they_draw() -> None:
    points = coach_draft(PROMOTION).to_dict()["points"]
    spec = draft_points(points)
    assert spec["description"] == (
        "Bars of each rule's effect on the score from a base of 50: i_we_our -10, "
        "product_features -4, self_promotion -20, length -5, readability +0."
    )
    assert [v["sign"] for v in spec["data"]["values"]] == ["cost"] * 4 + ["earned"]
    series = post_scores_over_time(
        [{"day": "2025-03-03", "score": 11}, {"day": "2025-03-10", "score": 91}]
    )
    assert series["description"] == (
        "The content coach's score of 0 to 100 of each post over time: 2 posts from 2025-03-03 "
        "to 2025-03-10, average 51 of 100, the latest 91."
    )
    assert post_scores_over_time([])["description"].endswith("no scored post yet.")
