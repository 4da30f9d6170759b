"""The coach's score of imported posts: kept at import like ``is_question`` (bodies or not),
the same on the row and the columnar read path, and read back over time by ``post_scores``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from ascent.analytics.coach import coach_score
from ascent.bootstrap import scoped_unit_of_work
from ascent.errors import InputError
from ascent.importers.read_path import IMPORT_PATH_ENV
from ascent.service.coach import MAX_DRAFT_CHARS, coach_draft, latest_posts, post_scores
from ascent.service.imports import import_paths
from ascent.store.loader import Loader
from ascent.store.models import Activity, Person

LINK = "https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A7"
PROMOTION = "We are proud to announce our award-winning platform."  # 11 (tests/analytics)
#: 91 (tests/analytics)
READER = (
    "How do you keep your pipeline full when half your prospects go quiet after the first call?"
)
SHARES = (
    "Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n"
    f"2025-03-03 09:00:00,{LINK}1,{PROMOTION},,,MEMBER\n"
    f'2025-03-10 09:00:00,{LINK}2,"{READER}",,,MEMBER\n'
    f"2025-03-11 09:00:00,{LINK}3,,https://lnkd.in/x,,MEMBER\n"  # a share without a word
    f"2025-03-20 09:00:00,{LINK}4,{PROMOTION},,,MEMBER\n"  # after the day asked below
)
#: a comment has text too, but the coach scores only posts and shares
COMMENTS = f'Date,Link,Message\n2025-03-04 10:00:00,{LINK}9,"{READER}"\n'


@pytest.fixture
def export(tmp_path: Path) -> Path:
    (tmp_path / "Shares.csv").write_text(SHARES, encoding="utf-8")
    (tmp_path / "Comments.csv").write_text(COMMENTS, encoding="utf-8")
    return tmp_path


@pytest.fixture
def batches(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sizes of the ActivityBatches the loader took (the columnar path's)."""
    seen: list[int] = []
    take = Loader._take_batch

    def spy(self: Loader, batch: object) -> None:
        seen.append(len(batch))  # type: ignore[arg-type]
        take(self, batch)  # type: ignore[arg-type]

    monkeypatch.setattr(Loader, "_take_batch", spy)
    return seen


@pytest.mark.parametrize("path", ["rows", "columns"])
def test_imported_posts_get_their_score_on_both_read_paths(
    engine: Engine,
    export: Path,
    batches: list[int],
    monkeypatch: pytest.MonkeyPatch,
    path: str,
) -> None:
    monkeypatch.setenv(IMPORT_PATH_ENV, path)
    with scoped_unit_of_work(engine, write=True) as uow:
        import_paths(uow, paths=[export], person="ada@demo.example")
        rows = uow.session.execute(
            select(Activity.kind, Activity.day, Activity.coach_score, Activity.body).order_by(
                Activity.occurred_at
            )
        ).all()
    assert bool(batches) == (path == "columns")  # the columnar path really ran
    assert [tuple(r) for r in rows] == [
        ("post", date(2025, 3, 3), 11, None),  # the body is not kept (no opt-in) …
        ("comment", date(2025, 3, 4), None, None),
        ("post", date(2025, 3, 10), 91, None),  # … its score is
        ("share", date(2025, 3, 11), None, None),
        ("post", date(2025, 3, 20), 11, None),
    ]


def test_post_scores_over_time_and_the_latest_posts(engine: Engine, export: Path) -> None:
    with scoped_unit_of_work(engine, write=True) as uow:
        import_paths(uow, paths=[export], person="ada@demo.example")
        uow.commit()
    with scoped_unit_of_work(engine) as uow:
        person_id = uow.session.scalars(select(Person.id)).one()
        as_of = date(2025, 3, 15)
        series = post_scores(uow, person_id=person_id, as_of=as_of)
        latest = latest_posts(uow, person_id=person_id, as_of=as_of, limit=1)
        everyone_else = post_scores(uow, person_id=person_id + 1, as_of=as_of)
    assert series == [(date(2025, 3, 3), 11), (date(2025, 3, 10), 91)]
    assert [p.to_dict() for p in latest] == [
        {
            "day": "2025-03-10",
            "score": 91,
            "channel": "linkedin",
            "kind": "post",
            "link": f"{LINK}2",
        }
    ]
    assert everyone_else == []


def test_coach_draft_refuses_empty_and_oversized_drafts() -> None:
    assert coach_draft(READER).score == coach_score(READER) == 91
    with pytest.raises(InputError, match=r"^draft: the draft is empty$"):
        coach_draft(" \n")
    with pytest.raises(InputError, match=r"^post\.txt: the draft is longer than 20,000"):
        coach_draft("x" * (MAX_DRAFT_CHARS + 1), source="post.txt")
