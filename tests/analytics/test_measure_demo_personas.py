"""The demo personas land in their intended phase (DESIGN §8), with no database involved."""

from __future__ import annotations

from datetime import date

import pytest
from demo_facts import demo_facts

from ascent.analytics.facts import PersonFacts
from ascent.analytics.person import measure_person
from ascent.demo import PERSONAS, build_demo

END = date(2026, 3, 13)


@pytest.fixture(scope="module")
def facts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, PersonFacts]:
    manifest = build_demo(tmp_path_factory.mktemp("demo"), end=END)
    return demo_facts(manifest)


def _cases() -> list[object]:
    return [pytest.param(p.key, p.intended_phase, id=p.key) for p in PERSONAS]


@pytest.mark.parametrize(("key", "intended"), _cases())
def test_persona_lands_in_its_intended_phase(
    facts: dict[str, PersonFacts], key: str, intended: str
) -> None:
    measured = measure_person(facts[key], END)
    assert measured.phase == intended, measured.reason


def test_old_network_does_not_start_the_programme(facts: dict[str, PersonFacts]) -> None:
    assert measure_person(facts["not_started"], END).programme_start is None
    newcomer = measure_person(facts["newcomer"], END).programme_start
    assert newcomer is not None
    assert (END - newcomer).days < 14


def test_pusher_has_a_zero_jigsaw_beside_a_positive_additive_score(
    facts: dict[str, PersonFacts],
) -> None:
    measured = measure_person(facts["pusher"], END)
    assert measured.jigsaw.jigsaw == 0.0
    assert measured.jigsaw.additive > 0
    assert measured.listen_push_ratio == 0.0
