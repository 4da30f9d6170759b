"""What the resource modules' response models share: a strict base (a field the model does
not know fails the response, so a view's ``to_dict`` cannot outgrow the OpenAPI document
unnoticed), days and times as the views write them, the ``?as_of=`` day, and one page of a
list a service read in keyset order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Annotated, Any, Protocol, TypeVar

from fastapi import Query, Request
from pydantic import BaseModel, ConfigDict, WithJsonSchema

from ascent.service.days import read_day
from ascent.web.api.paging import Key, Page, Paging, encode_cursor

#: a day as the views write it (ISO 8601): kept as text, so the API answers the very
#: strings ``--json`` prints
Day = Annotated[str, WithJsonSchema({"type": "string", "format": "date"})]
#: a moment as the views write it (ISO 8601 with its offset)
Moment = Annotated[str, WithJsonSchema({"type": "string", "format": "date-time"})]
#: ``?as_of=``: the day a figure is as of (the CLI's ``--as-of``), default today
AsOfQuery = Annotated[
    str | None,
    Query(max_length=40, description="The day (YYYY-MM-DD) to answer as of; default today."),
]


class Out(BaseModel):
    """A response model: exactly the view's fields, no others."""

    model_config = ConfigDict(extra="forbid")


class TeamRefOut(Out):
    id: int
    name: str


def day_asked(request: Request, value: str | None, *, name: str) -> date:
    """A day of the query (``read_day``: a bad one is a 400 ``config_error``), else today."""
    today: date = request.app.state.today()
    return read_day(value, name=name, today=today)


class View(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


V = TypeVar("V", bound=View)


def cut_page(items: Sequence[V], paging: Paging, *, key: Callable[[V], Key]) -> Page[Any]:
    """The page of ``items`` (views read in key order, one more than the limit: the extra
    one only says whether another page follows), each as its ``to_dict()``."""
    shown = list(items[: paging.limit])
    more = len(items) > paging.limit
    cursor = encode_cursor(key(shown[-1])) if more and shown else None
    return Page[Any](items=[item.to_dict() for item in shown], next_cursor=cursor)
