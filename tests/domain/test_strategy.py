from __future__ import annotations

from datetime import date

import pytest

from ascent.analytics.coverage import strategy_coverage
from ascent.domain.strategy import Goal, StrategyError, Tactic, parse_strategy

DOC = {
    "team": "North",
    "programme_start": date(2026, 1, 5),
    "goals": [{"name": "Meetings", "outcome": "meeting_booked"}],
    "tactics": [
        {
            "name": "Stories",
            "serves": "Meetings",
            "kinds": ["post", "share"],
            "channels": ["linkedin"],
            "cadence": "3 a week",
        },
        {"name": "Follow up", "serves": "Meetings", "kinds": ["message_out", "call"]},
        {"name": "Hobby", "kinds": ["comment"]},
    ],
    "targets": {"accounts": ["Acme Example Ltd"], "personas": ["Head of Sales"]},
}


def test_parse_keeps_goals_tactics_and_targets() -> None:
    strategy = parse_strategy(DOC)
    assert strategy.goals == (Goal("Meetings", "meeting_booked"),)
    assert strategy.tactics[0] == Tactic(
        "Stories", "Meetings", frozenset({"post", "share"}), frozenset({"linkedin"}), "3 a week"
    )
    assert (strategy.target_accounts, strategy.target_personas) == (
        ("Acme Example Ltd",),
        ("Head of Sales",),
    )
    assert strategy.programme_start == date(2026, 1, 5)
    assert parse_strategy(strategy.to_dict()) == strategy


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"team": ""}, "team: expected a non-empty text"),
        (
            {"goals": [{"name": "G", "outcome": "fame"}]},
            "goals[0].outcome: unknown outcome kind 'fame'",
        ),
        (
            {"tactics": [{"name": "T", "serves": "Nope", "kinds": ["post"]}]},
            "tactics[0].serves: no goal named 'Nope'",
        ),
        (
            {"tactics": [{"name": "T", "kinds": ["posting"]}]},
            "tactics[0].kinds: unknown activity kind(s) posting",
        ),
        (
            {"tactics": [{"name": "T", "kinds": []}]},
            "tactics[0].kinds: name at least one activity kind",
        ),
        (
            {"tactics": [{"name": "T", "kinds": ["post"], "channels": ["tiktok"]}]},
            "tactics[0].channels: unknown channel(s) tiktok",
        ),
        ({"programme_start": "soon"}, "programme_start: 'soon' is not a date (YYYY-MM-DD)"),
        ({"targets": ["Acme"]}, "targets: expected a mapping of names to values"),
    ],
)
def test_invalid_documents_say_where_and_why(change: dict[str, object], message: str) -> None:
    with pytest.raises(StrategyError) as error:
        parse_strategy(DOC | change)
    assert str(error.value) == message


def test_coverage_attributes_effort_to_tactics_serving_goals() -> None:
    counts = {
        ("post", "linkedin"): 3,
        ("post", "x"): 1,
        ("message_out", "linkedin"): 6,
        ("comment", "linkedin"): 10,
        ("message_in", "linkedin"): 50,
    }
    coverage = strategy_coverage(counts, parse_strategy(DOC))
    assert coverage.effort == 20  # message_in is not effort
    assert coverage.share == 9 / 20
    assert coverage.by_tactic == {"Stories": 3, "Follow up": 6}
    assert coverage.without_strategy == {("comment", "linkedin"): 10, ("post", "x"): 1}


def test_coverage_without_strategy_or_effort() -> None:
    assert strategy_coverage({("post", "x"): 2}, None).share == 0.0
    assert strategy_coverage({}, None).share is None
