"""The programme report of a team as a page: the very self-contained HTML ``ascent report -o
report.html`` writes (``web.report``), shown in the browser or, with ``?download=1``, saved as
a file; its JSON twin is what ``ascent report --json`` prints (without the file's name).

The report is a document of its own, not a template of the app, so the page answers its
HTML itself; ``page`` still declares the route, its twin and its guard. The app's content
security policy already allows what the report needs (its inline ``<style>`` and its charts
as ``data:`` images) and no inline script, so the page needs no policy of its own.
"""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from ascent.errors import ConfigError
from ascent.service.days import read_day
from ascent.service.directory import team_name
from ascent.service.report import ProgrammeReport, first_of_range, programme_report
from ascent.web.access import Hidden, Reader
from ascent.web.pages import Access, as_of, page, wants_json
from ascent.web.report import render_report

router = APIRouter()


@page(router, "/team/{team_id}/report", name="team_report", access=Access.TEAM)
def team_report(request: Request, uow: Reader, team_id: int) -> Response:
    """The team's programme report from ``?from=`` to ``?to=`` (YYYY-MM-DD; by default the
    12 weeks up to the page's day, as ``ascent report``); ``?download=1`` saves it."""
    first, last = report_days(request)
    report = programme_report(uow, team=team_name(uow, team_id=team_id), first=first, last=last)
    if report.team_id != team_id:  # names ignore case: never another team's report
        raise Hidden
    if wants_json(request):
        return JSONResponse(report.to_dict())
    kind = "attachment" if request.query_params.get("download") == "1" else "inline"
    disposition = f'{kind}; filename="{file_name(report)}"'
    return HTMLResponse(render_report(report), headers={"content-disposition": disposition})


def report_days(request: Request) -> tuple[date, date]:
    """``?from=`` and ``?to=``, read as the CLI reads ``--from`` and ``--to``: the last day
    defaults to the page's day, the first to 12 weeks before it."""
    query = request.query_params
    today: date = request.app.state.today()
    to_text, from_text = query.get("to") or None, query.get("from") or None
    last = read_day(to_text, name="to", today=today) if to_text else as_of(request)
    first = read_day(from_text, name="from", today=today) if from_text else first_of_range(last)
    if first > last:
        raise ConfigError(f"from {first.isoformat()} is after to {last.isoformat()}")
    return first, last


def file_name(report: ProgrammeReport) -> str:
    """The saved file's name: the team's id and the days (ASCII whatever the team's name)."""
    return f"programme-report-team-{report.team_id}-{report.first_day}-{report.last_day}.html"
