"""Import caps: safe defaults, each overridable by its environment variable."""

from __future__ import annotations

import pytest

from ascent.errors import ConfigError
from ascent.importers.limits import DEFAULT_LIMITS, GIB, MIB, Limits


def test_defaults_hold_a_real_export_and_stop_a_bomb() -> None:
    limits = Limits.from_env({})
    assert limits == DEFAULT_LIMITS
    assert (limits.member_bytes, limits.total_bytes) == (4 * GIB, 16 * GIB)
    assert (limits.whole_read_bytes, limits.calendar_bytes) == (512 * MIB, 32 * MIB)


def test_a_variable_replaces_its_default_only() -> None:
    limits = Limits.from_env({"ASCENT_LIMIT_MEMBER_BYTES": "1000", "OTHER": "x"})
    assert limits.member_bytes == 1000
    assert limits.total_bytes == DEFAULT_LIMITS.total_bytes


def test_a_calendar_has_its_own_variable() -> None:
    limits = Limits.from_env({"ASCENT_LIMIT_CALENDAR_BYTES": "1000"})
    assert (limits.calendar_bytes, limits.whole_read_bytes) == (1000, 512 * MIB)


@pytest.mark.parametrize("value", ["ten", "0", "-5"])
def test_a_bad_value_is_a_config_error_naming_the_variable(value: str) -> None:
    with pytest.raises(ConfigError, match="ASCENT_LIMIT_TOTAL_BYTES"):
        Limits.from_env({"ASCENT_LIMIT_TOTAL_BYTES": value})
