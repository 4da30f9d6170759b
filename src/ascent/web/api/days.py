"""The day a resource is computed as of: ``?as_of=YYYY-MM-DD`` (the CLI's ``--as-of``).

Read through ``service.days.read_day`` (from the first counted day to a year ahead), so the
API refuses year 1 or 9999 exactly as the pages and the CLI do; default: the app's today.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Depends, Query, Request

from ascent.service.days import read_day


def as_of(
    request: Request,
    as_of: Annotated[
        str | None,
        Query(
            description="The day (YYYY-MM-DD) the figures are as of; default today.",
            json_schema_extra={"format": "date"},
            max_length=10,
        ),
    ] = None,
) -> date:
    """The day asked for, or the app's today."""
    today: date = request.app.state.today()
    return read_day(as_of, name="as_of", today=today)


#: a route's day: ``day: AsOf``
AsOf = Annotated[date, Depends(as_of)]
