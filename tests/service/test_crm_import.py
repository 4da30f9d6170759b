"""CRM exports through the whole stack: golden counts, owners matched, idempotent, atomic."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

from ascent.bootstrap import scoped_unit_of_work
from ascent.cli.app import app
from ascent.domain.vocabulary import OUTCOME_KINDS
from ascent.errors import InputError
from ascent.service.directory import ensure_person
from ascent.service.imports import import_paths
from ascent.settings import Settings
from ascent.store.engine import make_engine
from ascent.store.models import Contact, Outcome, Person

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
EXPORTS = ("hubspot/2024", "salesforce/en_US", "salesforce/de", "pipedrive/2024", "pipedrive/xlsx")
SELLERS = {"ada@demo.example": "Ada Example", "ben@demo.example": "Ben Sample"}
HUBSPOT_DEALS = '"Record ID","Deal Stage","Amount","Close Date","Create Date","Deal owner"\n'


def _expected(export: str) -> dict[str, object]:
    return json.loads((FIXTURES / export / "expected.json").read_text(encoding="utf-8"))


def _outcome_counts(counts: object) -> dict[str, int]:
    assert isinstance(counts, dict)
    return {k: v for k, v in counts.items() if k in OUTCOME_KINDS}


def _sellers(engine: Engine, *emails: str) -> None:
    """The team the CRM owners must match: people with both an e-mail and a full name."""
    with scoped_unit_of_work(engine, write=True) as uow:
        for email in emails:
            ensure_person(uow, email).name = SELLERS[email]
        uow.commit()


def _outcomes(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(Outcome)).scalar_one())


def _import(engine: Engine, *paths: Path) -> dict[str, object]:
    with scoped_unit_of_work(engine, write=True) as uow:
        return import_paths(uow, paths=list(paths), person="ada@demo.example").to_dict()


@pytest.mark.parametrize("export", EXPORTS)
def test_export_imports_golden_counts_then_nothing_twice(engine: Engine, export: str) -> None:
    _sellers(engine, *SELLERS)
    expected = _expected(export)
    first = _import(engine, FIXTURES / export)
    assert _outcome_counts(first["counts"]) == _outcome_counts(expected["counts"])
    assert first["skipped"] == [
        {"file": str(FIXTURES / export / name), "line": int(line), "reason": reason.strip()}
        for name, line, reason in (r.split(":", 2) for r in expected["rejected"])  # type: ignore[attr-defined]
    ]
    second = _import(engine, FIXTURES / export)
    assert (second["added"], _outcome_counts(second["counts"])) == (0, {})
    assert _outcomes(engine) == sum(_outcome_counts(expected["counts"]).values())


def test_each_outcome_goes_to_the_seller_its_owner_column_names(engine: Engine) -> None:
    _sellers(engine, *SELLERS)
    _import(engine, FIXTURES / "salesforce" / "de")
    with engine.connect() as connection:
        rows = connection.execute(
            select(Person.name, func.count(Outcome.id))
            .join(Outcome, Outcome.person_id == Person.id)
            .group_by(Person.name)
            .order_by(Person.name)
        ).all()
    owners = _expected("salesforce/de")["owners"]
    assert isinstance(owners, dict)
    assert [tuple(r) for r in rows] == list(owners.items())


def test_owners_who_are_nobody_here_are_reported_not_imported(engine: Engine) -> None:
    _sellers(engine, "ada@demo.example")
    report = _import(engine, FIXTURES / "salesforce" / "de")
    assert report["unmatched_owners"] == {"Ben Sample": 4}
    assert _outcomes(engine) == 3


def test_hubspot_contacts_and_deals_join_one_contact(engine: Engine) -> None:
    _sellers(engine, *SELLERS)
    _import(engine, FIXTURES / "hubspot" / "2024")
    with engine.connect() as connection:
        contact_ids = (
            connection.execute(
                select(Outcome.contact_id).where(Outcome.source_key.like("hubspot:deal:9001:%"))
            )
            .scalars()
            .all()
        )
        names = connection.execute(select(Contact.name).where(Contact.id.in_(contact_ids)))
        assert names.scalars().all() == ["Bob Buyer"]
    assert len(set(contact_ids)) == 1


def test_a_deal_open_then_won_in_a_later_export_adds_only_its_win(
    engine: Engine, tmp_path: Path
) -> None:
    _sellers(engine, *SELLERS)
    early, later = tmp_path / "early", tmp_path / "later"
    early.mkdir(), later.mkdir()
    (early / "hubspot-crm-exports-all-deals-2024-10-01.csv").write_text(
        HUBSPOT_DEALS + "9003,Contract Sent,30000,2024-12-20,2024-09-28 16:45,Ada Example\n"
    )
    (later / "hubspot-crm-exports-all-deals-2024-11-04-1.csv").write_text(
        HUBSPOT_DEALS + "9003,Closed Won,30000,2024-11-02,2024-09-28 16:45,Ada Example\n"
    )
    assert _outcome_counts(_import(engine, early)["counts"]) == {"opportunity": 1}
    assert _outcome_counts(_import(engine, later)["counts"]) == {"deal_won": 1}


def test_missing_required_columns_is_one_error_and_writes_nothing(
    engine: Engine, tmp_path: Path
) -> None:
    _sellers(engine, *SELLERS)
    broken = tmp_path / "deals-1.csv"
    broken.write_text("Deal - Title,Deal - Status,Deal - Value\nA,Won,5\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"deals-1\.csv:1: missing required column\(s\) Deal - ID"):
        _import(engine, FIXTURES / "salesforce" / "de", broken)
    assert _outcomes(engine) == 0


def test_truncated_zip_is_one_error_naming_it_and_writes_nothing(
    engine: Engine, tmp_path: Path
) -> None:
    _sellers(engine, *SELLERS)
    whole = tmp_path / "whole.zip"
    with zipfile.ZipFile(whole, "w") as zf:
        for path in sorted((FIXTURES / "hubspot" / "2024").glob("*.csv")):
            zf.write(path, path.name)
    broken = tmp_path / "hubspot-crm-exports-2024-11-04.zip"
    broken.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    good = tmp_path / "good"
    shutil.copytree(FIXTURES / "pipedrive" / "2024", good)
    with pytest.raises(InputError, match=r"hubspot-crm-exports-2024-11-04\.zip"):
        _import(engine, good, broken)
    assert _outcomes(engine) == 0


def _state(engine: Engine) -> tuple[int, int, int]:
    with engine.connect() as connection:
        return tuple(  # type: ignore[return-value]
            int(connection.execute(select(func.count()).select_from(m)).scalar_one())
            for m in (Person, Contact, Outcome)
        )


def test_a_person_whose_deals_all_name_an_unknown_owner_is_not_created(engine: Engine) -> None:
    """``--person`` names the import's own person, but a deal belongs to its owner column:
    when every owner is unknown nothing is theirs, and the same command twice agrees."""
    for _ in range(2):
        with scoped_unit_of_work(engine, write=True) as uow:
            paths = [FIXTURES / "pipedrive" / "2024"]
            report = import_paths(uow, paths=paths, person="Ada Example").to_dict()
        assert report["person"] is None
        assert report["unmatched_owners"] == {"Ada Example": 6, "Ben Sample": 4}
        assert _state(engine) == (0, 0, 0)


def test_the_same_crm_command_twice_through_the_cli_gives_the_same_result(
    database_url: str,
) -> None:
    path = str(FIXTURES / "pipedrive" / "2024")
    args = ["--db", database_url, "import", path, "--person", "Ada Example", "--json"]
    reports = [json.loads(CliRunner().invoke(app, args).stdout) for _ in range(2)]
    assert reports[0] == reports[1]
    assert reports[0]["unmatched_owners"] == {"Ada Example": 6, "Ben Sample": 4}
    engine = make_engine(Settings(database_url, explicit_database=True))
    try:
        assert _state(engine) == (0, 0, 0)
    finally:
        engine.dispose()


def test_a_report_without_a_person_names_nobody(database_url: str) -> None:
    path = str(FIXTURES / "pipedrive" / "2024")
    result = CliRunner().invoke(app, ["--db", database_url, "import", path])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == f"imported {path} (pipedrive)"
