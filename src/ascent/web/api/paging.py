"""Cursor pagination for every list of the API: ``?limit=`` and ``?cursor=``, keyset, no OFFSET.

A list answers ``{"items": [...], "next_cursor": str | null}`` (``Page[T]``). The cursor is
the key of the last item given, as base64url of its JSON (opaque to clients: it says where
to go on, nothing they could not read from the item itself); the next page is the items
whose key is greater, in key order, so a row added or removed meanwhile neither repeats
nor skips another. The key must be unique and stable: an id, or (day, id).

Two helpers: ``page_query`` for a SQL select (``WHERE (k1, k2) > (:a, :b) ORDER BY k1, k2
LIMIT n + 1``) and ``page_list`` for a list a service has already computed (the people's
measures: ordered by their ids, cut the same way).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel
from sqlalchemy import ColumnElement, Select, tuple_
from sqlalchemy.orm import Session

from ascent.errors import AscentError

T = TypeVar("T")
Key = tuple[Any, ...]
DEFAULT_LIMIT = 50
MAX_LIMIT = 500
CURSOR_CHARS = 500


class InvalidCursor(AscentError):
    """A ``cursor`` that no page of this API gave (400)."""

    def __init__(self) -> None:
        super().__init__("cursor: not one this API gave; start again without it")


class Page(BaseModel, Generic[T]):
    """One page of a list; ``next_cursor`` null on the last."""

    items: list[T]
    next_cursor: str | None


@dataclass(frozen=True, slots=True)
class Paging:
    """What a list was asked for: how many, and after which key (None: from the start)."""

    limit: int
    after: Key | None


def paging(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Items per page.")] = (
        DEFAULT_LIMIT
    ),
    cursor: Annotated[
        str | None,
        Query(max_length=CURSOR_CHARS, description="The `next_cursor` of the page before."),
    ] = None,
) -> Paging:
    """The ``?limit=&cursor=`` of a list (a route's dependency: ``PagingQuery``)."""
    return Paging(limit, None if cursor is None else decode_cursor(cursor))


PagingQuery = Annotated[Paging, Depends(paging)]


def encode_cursor(key: Key) -> str:
    """The cursor after the item of ``key`` (dates as ISO text)."""
    plain = [value.isoformat() if isinstance(value, date | datetime) else value for value in key]
    text = json.dumps(plain, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> Key:
    """The key a cursor of ``encode_cursor`` holds; ``InvalidCursor`` for anything else."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        key = json.loads(text)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise InvalidCursor from None
    if not isinstance(key, list) or not key or not all(_plain(v) for v in key):
        raise InvalidCursor
    return tuple(key)


def _plain(value: object) -> bool:
    return isinstance(value, str | int) and not isinstance(value, bool)


def page_list(items: Sequence[T], *, key: Callable[[T], Key], paging: Paging) -> Page[T]:
    """The page of ``items`` (any order) after ``paging.after``, in the order of ``key``."""
    plain = [(tuple(_comparable(v) for v in key(item)), item) for item in items]
    plain.sort(key=lambda pair: pair[0])
    if paging.after is not None:
        _check_shape(paging.after, plain[0][0] if plain else paging.after)
        plain = [pair for pair in plain if pair[0] > paging.after]
    return _cut([item for _, item in plain], paging, key)


def page_query(
    session: Session,
    query: Select[Any],
    *,
    key: Sequence[ColumnElement[Any]],
    paging: Paging,
    row_key: Callable[[Any], Key] | None = None,
) -> Page[Any]:
    """The page of ``query``'s rows after ``paging.after`` in the order of the columns
    ``key`` (unique together); ``row_key`` reads a row's key (default: its first columns)."""
    if paging.after is not None:
        if len(paging.after) != len(key):
            raise InvalidCursor
        values = [_typed(column, value) for column, value in zip(key, paging.after, strict=True)]
        query = query.where(tuple_(*key) > tuple_(*values))
    rows = list(session.execute(query.order_by(*key).limit(paging.limit + 1)))
    read_key = row_key or (lambda row: tuple(row[: len(key)]))
    return _cut(rows, paging, read_key)


def _cut(items: list[T], paging: Paging, key: Callable[[T], Key]) -> Page[T]:
    shown = items[: paging.limit]
    more = len(items) > paging.limit
    return Page[Any](items=shown, next_cursor=encode_cursor(key(shown[-1])) if more else None)


def _comparable(value: object) -> object:
    return value.isoformat() if isinstance(value, date | datetime) else value


def _check_shape(after: Key, sample: Key) -> None:
    """A cursor of another list (other length or types) is refused, not compared."""
    if len(after) != len(sample) or any(
        type(a) is not type(b) for a, b in zip(after, sample, strict=True)
    ):
        raise InvalidCursor


def _typed(column: ColumnElement[Any], value: object) -> object:
    """A cursor's value as the column's type (dates travel as ISO text)."""
    try:
        python_type = column.type.python_type
    except NotImplementedError:
        return value
    try:
        if python_type is datetime and isinstance(value, str):
            return datetime.fromisoformat(value)
        if python_type is date and isinstance(value, str):
            return date.fromisoformat(value)
        if python_type is int and not isinstance(value, int):
            raise InvalidCursor
        if python_type is str and not isinstance(value, str):
            raise InvalidCursor
    except ValueError:
        raise InvalidCursor from None
    return value
