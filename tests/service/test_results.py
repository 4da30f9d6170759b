"""The results use cases through the store: uplift on imported generated data with a known
truth, replication on the source story imported as Ascent CSV, attribution with the org's
look-back window, org scoping and unknown teams."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from ascent.bootstrap import scoped_unit_of_work
from ascent.errors import NotFound
from ascent.service.imports import import_paths
from ascent.service.org_settings import set_org_settings
from ascent.service.results import (
    attribution,
    person_replication,
    replication,
    results_page,
    team_id_named,
    uplift,
)
from ascent.service.strategy import load_strategy
from ascent.service.team_home import team_home
from ascent.service.today import today_plan
from ascent.store.scope import UnitOfWork
from results_story import (
    ACME,
    GLOBEX,
    INITECH,
    STORY_AS_OF,
    TEAM,
    TRUE_PROGRAMME_UPLIFT,
    TRUE_UPLIFT,
    UPLIFT_AS_OF,
    story_csv,
    strategy_yaml,
    uplift_csv,
)


def _load(uow: UnitOfWork, tmp_path: Path, csv: str) -> int:
    (tmp_path / "strategy.yaml").write_text(strategy_yaml())
    load_strategy(uow, path=tmp_path / "strategy.yaml")
    (tmp_path / "rows.csv").write_text(csv)
    import_paths(uow, paths=[tmp_path / "rows.csv"], team=TEAM)
    return team_id_named(uow, team=TEAM)


def test_uplift_through_the_store_finds_the_known_truth(engine: Engine, tmp_path: Path) -> None:
    with scoped_unit_of_work(engine, write=True) as uow:
        team_id = _load(uow, tmp_path, uplift_csv(seed=1))
        found = uplift(uow, team_id=team_id, as_of=UPLIFT_AS_OF).to_dict()
    assert [(r["account"], r["person"]) for r in found["accounts"]] == [
        (ACME, "Una Uplift"),
        (GLOBEX, "Una Uplift"),
        (INITECH, "Una Uplift"),
    ]
    for row in found["accounts"]:
        truth = TRUE_UPLIFT[row["account"]]
        assert row["target"] is True
        assert (row["weeks_before"], row["weeks_after"]) == (24, 24)
        assert row["uplift"] == pytest.approx(truth, abs=1e-3)
        assert row["ci_low"] <= truth <= row["ci_high"]
        # the two control accounts at 0.5 a week each, both sides
        assert (row["control_rate_before"], row["control_rate_after"]) == (0.5, 0.5)
    acme = found["accounts"][0]
    assert (acme["rate_before"], acme["rate_after"], acme["relative"]) == (0.5, 1.75, 2.5)
    assert acme["verdict"].startswith("up: +1.25 outcomes a week")
    programme = found["programme"]
    assert programme["account"] == "all target accounts"
    assert programme["uplift"] == pytest.approx(TRUE_PROGRAMME_UPLIFT, abs=1e-3)
    assert programme["ci_low"] <= TRUE_PROGRAMME_UPLIFT <= programme["ci_high"]
    assert found["without_start"] == []


def test_replication_through_the_store_flags_the_story_and_not_the_steady_seller(
    engine: Engine, tmp_path: Path
) -> None:
    with scoped_unit_of_work(engine, write=True) as uow:
        team_id = _load(uow, tmp_path, story_csv())
        found = replication(uow, team_id=team_id, as_of=STORY_AS_OF).to_dict()
        wanda_id = next(s["person_id"] for s in found["sellers"] if s["person"] == "Wanda Wonder")
        alone = person_replication(uow, person_id=wanda_id, as_of=STORY_AS_OF)
    sellers = {s["person"]: s for s in found["sellers"]}
    assert list(sellers) == ["Sam Steady", "Wanda Wonder"]
    sam, wanda = sellers["Sam Steady"], sellers["Wanda Wonder"]
    assert sam["flags"] == []
    assert (sam["accounts_with_routine"], sam["accounts_with_outcomes"]) == (6, 4)
    assert wanda["flags"] == ["single_account_success"]
    assert (wanda["accounts_with_routine"], wanda["accounts_with_outcomes"]) == (1, 1)
    # routine = posts and messages: weeks 1-3 had 15 + 6, week 4 15 + 1 (79 / 4 = 19.75);
    # the last 4 weeks 5 + 1
    assert (wanda["effort_before"], wanda["effort_now"]) == (19.75, 6.0)
    assert wanda["evidence"] == (
        "Acme Example Ltd: 6 outcomes since the programme start, the other 5 target accounts 0; "
        "the routine runs in 0 of those 5 (not in Globex Example, Initech Example, Stark "
        "Example Industries, Umbrella Example plc, Wayne Example Enterprises); routine actions "
        "fell from 19.8 to 6.0 a week since the first outcome there (2026-07-05)."
    )
    assert alone is not None
    assert alone.to_dict() == wanda


def test_attribution_through_the_store_honours_the_orgs_window(
    engine: Engine, tmp_path: Path
) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text(
        "date,kind,person,channel,contact,account,amount,source,id\n"
        "2026-06-01,message_out,Ada,linkedin,Bob Buyer,Acme Example Ltd,,,t1\n"
        "2026-06-05,email_out,Ada,email,Bob Buyer,Acme Example Ltd,,,t2\n"
        "2026-06-10,meeting_booked,Ada,,Bob Buyer,Acme Example Ltd,,x,o1\n"
        "2026-06-11,deal_won,Ada,,Cy Client,Initech Example,5000,,o2\n"
    )
    with scoped_unit_of_work(engine, write=True) as uow:
        import_paths(uow, paths=[rows], team=TEAM)
        team_id = team_id_named(uow, team=TEAM)
        wide = attribution(uow, team_id=team_id, as_of=date(2026, 6, 30)).to_dict()
        set_org_settings(uow, changes={"attribution_window_days": "6"})
        narrow = attribution(uow, team_id=team_id, as_of=date(2026, 6, 30)).to_dict()

    def rows_of(found: dict[str, object], method: str) -> list[tuple[str, str, float]]:
        (m,) = [m for m in found["methods"] if m["method"] == method]  # type: ignore[attr-defined]
        return [(r["channel"], r["kind"], r["count"]) for r in m["rows"]]

    assert wide["window_days"] == 90
    assert wide["by_source"][0] == {
        "source_channel": "x",
        "kind": "meeting_booked",
        "count": 1.0,
        "amount": None,
    }
    assert rows_of(wide, "first_touch") == [
        ("linkedin", "meeting_booked", 1.0),
        ("no touch", "deal_won", 1.0),
    ]
    assert rows_of(wide, "linear") == [
        ("email", "meeting_booked", 0.5),
        ("linkedin", "meeting_booked", 0.5),
        ("no touch", "deal_won", 1.0),
    ]
    # six days up to 10 June start on the 5th: the LinkedIn message of the 1st no longer counts
    assert narrow["window_days"] == 6
    assert rows_of(narrow, "first_touch") == [
        ("email", "meeting_booked", 1.0),
        ("no touch", "deal_won", 1.0),
    ]


def test_an_unknown_team_is_not_found_and_a_team_without_strategy_has_no_targets(
    engine: Engine, tmp_path: Path
) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text("date,kind,person,id\n2026-06-01,post,Ada,p1\n")
    with scoped_unit_of_work(engine, write=True) as uow:
        import_paths(uow, paths=[rows], team="Team East")
        with pytest.raises(NotFound):
            team_id_named(uow, team="Team Nowhere")
        with pytest.raises(NotFound):
            uplift(uow, team_id=999, as_of=date(2026, 6, 1))
        team_id = team_id_named(uow, team="team east")
        page = results_page(uow, team_id=team_id, as_of=date(2026, 6, 30)).to_dict()
    assert page["uplift"]["accounts"] == []
    (ada,) = page["replication"]["sellers"]
    assert (ada["target_accounts"], ada["flags"]) == (0, [])
    assert ada["evidence"] == "no target accounts in the team's strategy"
    assert page["attribution"]["outcomes"] == 0


def test_the_flag_reaches_the_leads_conversations_and_the_sellers_plan(
    engine: Engine, tmp_path: Path
) -> None:
    with scoped_unit_of_work(engine, write=True) as uow:
        team_id = _load(uow, tmp_path, story_csv())
        home = team_home(uow, team_id=team_id, as_of=STORY_AS_OF).to_dict()
        wanda = today_plan(uow, person="Wanda Wonder", as_of=STORY_AS_OF).to_dict()
        sam = today_plan(uow, person="Sam Steady", as_of=STORY_AS_OF).to_dict()
    talks = {c["person"]: c["why"] for c in home["conversations"]}
    assert "Sam Steady" not in talks
    assert talks["Wanda Wonder"][-1] == (
        "single account success, not repeated in the other target accounts: Acme Example Ltd: "
        "6 outcomes since the programme start, the other 5 target accounts 0; the routine runs "
        "in 0 of those 5 (not in Globex Example, Initech Example, Stark Example Industries, "
        "Umbrella Example plc, Wayne Example Enterprises); routine actions fell from 19.8 to "
        "6.0 a week since the first outcome there (2026-07-05)"
    )
    repeat = [i["text"] for i in wanda["items"] if i["kind"] == "repeat"]
    assert repeat == [
        "Repeat in Globex Example, Initech Example, Stark Example Industries and 2 more what "
        "worked in Acme Example Ltd: touch the people you want to reach there every week, as "
        "you did at Acme Example Ltd before it answered."
    ]
    assert [i for i in sam["items"] if i["kind"] == "repeat"] == []
