"""Every registered importer, fed its own fixtures mutated (byte flips, truncations,
insertions, duplicated chunks, swapped lines) or random bytes under each of its file names,
gives records or one ``AscentError``, never another exception."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from fuzzing import MUTATIONS, check, exports, importer_names
from hypothesis import given, settings
from hypothesis import strategies as st

EXAMPLES = 25


def test_every_importer_has_a_fixture_to_mutate() -> None:
    assert {name for name, found in exports().items() if not found} == set()


@pytest.mark.parametrize("importer", importer_names())
@settings(settings.get_profile("fuzz"), max_examples=EXAMPLES)
@given(data=st.data())
def test_a_mutated_fixture_gives_records_or_one_error(importer: str, data: st.DataObject) -> None:
    export = data.draw(st.sampled_from(exports()[importer]), label="export")
    member = data.draw(st.sampled_from(export.members()), label="member")
    steps = data.draw(
        st.lists(
            st.tuples(st.sampled_from(MUTATIONS), st.integers(0, 2**20), st.integers(0, 2**16)),
            min_size=1,
            max_size=4,
        ),
        label="mutations",
    )
    with tempfile.TemporaryDirectory() as tmp:
        root = export.copy(Path(tmp))
        target = root if root.is_file() else root / member
        content = target.read_bytes()
        for mutate, at, arg in steps:
            content = mutate(content, at, arg)
        target.write_bytes(content)
        check(root)


@pytest.mark.parametrize("importer", importer_names())
@settings(settings.get_profile("fuzz"), max_examples=EXAMPLES)
@given(data=st.data())
def test_random_bytes_under_a_file_name_give_records_or_one_error(
    importer: str, data: st.DataObject
) -> None:
    export = data.draw(st.sampled_from(exports()[importer]), label="export")
    member = data.draw(st.sampled_from(export.members()), label="member")
    noise = data.draw(st.binary(max_size=4096), label="bytes")
    alone = data.draw(st.booleans(), label="alone")
    with tempfile.TemporaryDirectory() as tmp:
        root = export.copy(Path(tmp) / "export")
        target = root if root.is_file() else root / member
        target.write_bytes(noise)
        if alone and not root.is_file():  # the file by itself, as a user may pass it
            single = Path(tmp) / target.name
            single.write_bytes(noise)
            check(single)
        check(root)
