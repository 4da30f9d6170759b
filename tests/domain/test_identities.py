"""How identities are normalised: only real addresses become e-mail identities."""

from __future__ import annotations

import pytest

from ascent.domain.identities import normalise_email


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Ada@Example.COM", "ada@example.com"),
        ("  <ada@example.com> ", "ada@example.com"),
        ("MAILTO:ada@example.com", "ada@example.com"),
        ("bob.buyer+crm@acme-robotics.example", "bob.buyer+crm@acme-robotics.example"),
        ("jana@novak.example", "jana@novak.example"),
        ("renée@exämple.de", "renée@exämple.de"),
        ("ada@mail.xn--p1ai", "ada@mail.xn--p1ai"),
        ("unknownorganizer@calendar.google.com", "unknownorganizer@calendar.google.com"),
    ],
)
def test_addresses_are_lower_case_without_mailto_or_brackets(raw: str, expected: str) -> None:
    assert normalise_email(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        None,
        "",
        "NA",
        "   ",
        "urn:li:member:123456789",  # what a LinkedIn e-mail column can hold instead
        "urn:li:member:123456789@linkedin.com",
        "ada@example",  # no top-level domain
        "ada@example.c",  # a one-letter top-level domain
        "ada@example.123",
        "@example.com",
        "ada@",
        "ada@@example.com",
        "ada@.example.com",
        "ada@example..com",
        "ada example@example.com",
        "ada@exa mple.com",
        "Ada Example",
        "ada@example.com, bob@example.com",
        "ada;bob@example.com",
        "ada@-example.com",
    ],
)
def test_anything_else_is_no_email(raw: str | None) -> None:
    assert normalise_email(raw) is None
