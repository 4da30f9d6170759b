"""One home per concept: only ``domain/vocabulary.py`` spells a phase name as a string."""

from __future__ import annotations

import ast
from pathlib import Path

import ascent
from ascent.domain.vocabulary import Phase

PACKAGE = Path(ascent.__file__).parent
HOME = PACKAGE / "domain" / "vocabulary.py"
NAMES = {p.value for p in Phase}


def _phase_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{path.relative_to(PACKAGE)}:{node.lineno} {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in NAMES
    ]


def test_only_the_vocabulary_spells_a_phase() -> None:
    found = [
        hit
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != HOME
        for hit in _phase_literals(path)
    ]
    assert found == []


def test_the_walk_sees_the_vocabulary() -> None:
    assert len(_phase_literals(HOME)) == len(NAMES)
