"""Two orgs in one database, side by side: nothing of one is visible from, or changed by, the
other, through every service and every Core path (loader, facts, rollups, contact edits).

The entry point resolves the org once (``bootstrap.scoped_unit_of_work(engine, org=…)``);
services only read that scope.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.exc import NoResultFound

from ascent.bootstrap import scoped_unit_of_work
from ascent.errors import NotFound
from ascent.service.contacts import confirm, list_contacts, merge, show_contact, split
from ascent.service.imports import import_paths
from ascent.service.links import link_for_post
from ascent.service.org_settings import measure_settings, set_org_settings
from ascent.service.pauses import log_pause
from ascent.service.people import list_people, people_reports
from ascent.service.person import person_report, set_programme_start
from ascent.service.pursuits import pursuit_rows
from ascent.service.rollups import rebuild_rollups
from ascent.service.strategy import load_strategy, team_strategy
from ascent.service.today import today_plan
from ascent.store import facts as store_facts
from ascent.store import rollups
from ascent.store.contact_edits import confirm_contact, merge_contacts
from ascent.store.models import (
    Activity,
    ActivityDay,
    Contact,
    ContactDay,
    ContactIdentity,
    ImportBatch,
    Org,
    Pause,
    Person,
)
from ascent.store.models import Strategy as StrategyRow
from ascent.store.scope import UnitOfWork

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
LINKEDIN = FIXTURES / "linkedin" / "2026"
CSV = FIXTURES / "ascent_csv" / "pursuits.csv"
ADA = "Ada Example"  # the LinkedIn export's owner (Profile.csv)
BEA = "Bea South"
AS_OF = date(2026, 6, 1)
COUNTED = (Activity, Contact, ContactIdentity, Person, ImportBatch, ActivityDay, ContactDay)
STRATEGY = """\
team: Team North
goals:
  - name: Meetings
    outcome: meeting_booked
tactics:
  - name: Follow up
    serves: Meetings
    kinds: [message_out]
targets:
  accounts: [Acme Example]
"""


@contextmanager
def _in(engine: Engine, org: str, *, write: bool = False) -> Iterator[UnitOfWork]:
    with scoped_unit_of_work(engine, org=org, write=write) as uow:
        yield uow


def _import(engine: Engine, org: str, path: Path, person: str | None = None) -> None:
    with _in(engine, org, write=True) as uow:
        import_paths(uow, paths=[path], person=person)


def _org_id(engine: Engine, slug: str) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(Org.id).where(Org.slug == slug)).scalar_one())


def _counts(engine: Engine, slug: str) -> dict[str, int]:
    """Rows of every org-scoped table counted through Core, by the org's id."""
    org_id = _org_id(engine, slug)
    with engine.connect() as connection:
        return {
            model.__tablename__: int(
                connection.execute(
                    select(func.count()).select_from(model).where(model.org_id == org_id)
                ).scalar_one()
            )
            for model in COUNTED
        }


def _seen(engine: Engine, org: str) -> dict[str, object]:
    """What the reading services show of ``org``."""
    with _in(engine, org) as uow:
        return {
            "people": sorted(r.person for r in list_people(uow, as_of=AS_OF)),
            "reports": [r.to_dict() for r in people_reports(uow, as_of=AS_OF)],
            "pursuits": [_no_id(r.to_dict()) for r in pursuit_rows(uow, as_of=AS_OF)],
            "contacts": sorted(v.name for v in list_contacts(uow)),
        }


@pytest.fixture
def two_orgs(engine: Engine) -> Engine:
    """north has Ada's LinkedIn export, south an Ascent CSV of Bea's."""
    _import(engine, "north", LINKEDIN)
    _import(engine, "south", CSV, person=BEA)
    return engine


def test_each_org_sees_only_its_own_imports(two_orgs: Engine, engine: Engine) -> None:
    _import(engine, "solo-north", LINKEDIN)
    _import(engine, "solo-south", CSV, person=BEA)
    assert _counts(engine, "north") == _counts(engine, "solo-north")
    assert _counts(engine, "south") == _counts(engine, "solo-south")
    assert _seen(engine, "north") == _seen(engine, "solo-north")
    assert _seen(engine, "south") == _seen(engine, "solo-south")
    assert _seen(engine, "north")["people"] == [ADA]
    assert _seen(engine, "south")["people"] == [BEA]
    assert not set(_contact_ids(engine, "north")) & set(_contact_ids(engine, "south"))


def test_the_same_imports_in_both_orgs_count_the_same_and_stay_apart(
    two_orgs: Engine, engine: Engine
) -> None:
    north_alone = _counts(engine, "north")
    _import(engine, "north", CSV, person=BEA)
    _import(engine, "south", LINKEDIN)
    north, south = _counts(engine, "north"), _counts(engine, "south")
    assert north == south
    assert north["activities"] > north_alone["activities"]
    assert _seen(engine, "north") == _seen(engine, "south")
    assert _seen(engine, "north")["people"] == sorted([ADA, BEA])
    _import(engine, "north", LINKEDIN)  # a re-import adds only its batch, to either org
    again = {**north, "import_batches": north["import_batches"] + 1}
    assert (_counts(engine, "north"), _counts(engine, "south")) == (again, south)


def test_a_person_or_contact_of_the_other_org_is_not_found(
    two_orgs: Engine, engine: Engine
) -> None:
    north_contact = _contact_ids(engine, "north")[0]
    south_contact = _contact_ids(engine, "south")[0]
    reads = (
        lambda uow: person_report(uow, person=ADA, as_of=AS_OF),
        lambda uow: today_plan(uow, person=ADA, as_of=AS_OF),
        lambda uow: pursuit_rows(uow, as_of=AS_OF, person=ADA),
        lambda uow: show_contact(uow, contact=str(north_contact)),
        lambda uow: team_strategy(uow, team="Team North"),
    )
    writes = (
        lambda uow: log_pause(uow, person=ADA, first=AS_OF, last=AS_OF),
        lambda uow: set_programme_start(uow, person=ADA, start=AS_OF),
        lambda uow: merge(uow, into=str(south_contact), other=str(north_contact)),
        lambda uow: merge(uow, into=str(north_contact), other=str(south_contact)),
        lambda uow: confirm(uow, contact=str(north_contact)),
        lambda uow: split(uow, contact=str(north_contact), identities=["x"]),
    )
    before = (_counts(engine, "north"), _counts(engine, "south"))
    for call in reads:
        with _in(engine, "south") as uow, pytest.raises(NotFound):
            call(uow)
    for call in writes:
        with _in(engine, "south", write=True) as uow, pytest.raises(NotFound):
            call(uow)
    assert (_counts(engine, "north"), _counts(engine, "south")) == before


def test_writes_in_one_org_leave_the_other_as_it_was(
    two_orgs: Engine, engine: Engine, tmp_path: Path
) -> None:
    _import(engine, "south", LINKEDIN)  # Ada is in both orgs now
    south_before, south_seen = _counts(engine, "south"), _seen(engine, "south")
    south_settings = _settings(engine, "south")
    strategy = tmp_path / "north.yaml"
    strategy.write_text(STRATEGY)
    with _in(engine, "north", write=True) as uow:
        load_strategy(uow, path=strategy)
    with _in(engine, "north", write=True) as uow:
        set_org_settings(uow, changes={"touches_min": "6", "store_bodies": "true"})
    with _in(engine, "north", write=True) as uow:
        log_pause(uow, person=ADA, first=date(2026, 3, 1), last=date(2026, 3, 7))
    with _in(engine, "north", write=True) as uow:
        set_programme_start(uow, person=ADA, start=date(2026, 1, 5))
    with _in(engine, "north", write=True) as uow:
        rebuilt = rebuild_rollups(uow)
    north = _counts(engine, "north")
    assert rebuilt == {
        "activity_days": north["activity_days"],
        "contact_days": north["contact_days"],
    }
    ids = _contact_ids(engine, "north")
    with _in(engine, "north", write=True) as uow:
        merge(uow, into=str(ids[0]), other=str(ids[1]))
    with _in(engine, "north", write=True) as uow:
        confirm(uow, contact=str(ids[0]))
    assert _counts(engine, "north")["contacts"] == north["contacts"] - 1
    assert (_counts(engine, "south"), _seen(engine, "south")) == (south_before, south_seen)
    assert _settings(engine, "south") == south_settings != _settings(engine, "north")
    with _in(engine, "north") as uow:
        assert team_strategy(uow, team="Team North").team == "Team North"
    with _in(engine, "south") as uow, pytest.raises(NotFound):
        team_strategy(uow, team="Team North")
    with engine.connect() as connection:
        starts = select(Person.org_id, Person.programme_start).where(Person.name == ADA)
        found = dict(connection.execute(starts).all())
    assert found == {_org_id(engine, "north"): date(2026, 1, 5), _org_id(engine, "south"): None}
    assert _rows(engine, "south", Pause) == 0 == _rows(engine, "south", StrategyRow)
    assert _rows(engine, "north", Pause) == 1 == _rows(engine, "north", StrategyRow)
    assert link_for_post(url="https://example.com", post="p1").utm["utm_content"] == "p1"


def test_core_paths_take_the_org_and_touch_no_other(two_orgs: Engine, engine: Engine) -> None:
    north_id, south_id = _org_id(engine, "north"), _org_id(engine, "south")
    south_before = _counts(engine, "south")
    a, b = _contact_ids(engine, "south")[:2]
    with engine.begin() as connection:
        south_people = connection.execute(select(Person.id).where(Person.org_id == south_id))
        people = [p for (p,) in south_people]
        theirs = store_facts.load_facts(
            connection, south_id, person_ids=people, as_of=AS_OF, strategies={}
        )
        assert theirs
        assert not store_facts.load_facts(
            connection, north_id, person_ids=people, as_of=AS_OF, strategies={}
        )
        rollups.rebuild(connection, north_id)
        confirm_contact(connection, north_id, contact=a)
        with pytest.raises(NoResultFound):
            merge_contacts(connection, north_id, into=a, other=b)
    assert _counts(engine, "south") == south_before


def _contact_ids(engine: Engine, slug: str) -> list[int]:
    with _in(engine, slug) as uow:
        return [v.id for v in list_contacts(uow)]


def _settings(engine: Engine, slug: str) -> object:
    with _in(engine, slug) as uow:
        return measure_settings(uow)


def _rows(engine: Engine, slug: str, model: type[Pause] | type[StrategyRow]) -> int:
    org_id = _org_id(engine, slug)
    with engine.connect() as connection:
        found = select(func.count()).select_from(model).where(model.org_id == org_id)
        return int(connection.execute(found).scalar_one())


def _no_id(row: dict[str, object]) -> dict[str, object]:
    """A pursuit as shown, less its contact's id (each org numbers its own contacts)."""
    return {k: v for k, v in row.items() if k != "contact_id"}
