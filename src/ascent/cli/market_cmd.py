"""``ascent market [--team T] [--as-of D]`` and ``ascent market add|list|fetch``: the
market's rising terms, questions and the gap, and the feeds it is read from."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

import typer
from rich.table import Table

from ascent.cli.common import out, parse_day, plain, print_json, unit_of_work, user_errors
from ascent.service.market import (
    FeedView,
    FetchReport,
    MarketView,
    add_feed,
    fetch_feeds,
    find_team_id,
    list_feeds,
    market,
)

market_app = typer.Typer(
    help="Market listening: rising terms, questions and the gap; the feeds they come from.",
    invoke_without_command=True,
    no_args_is_help=False,
)
JSON = Annotated[bool, typer.Option("--json", help="Machine-readable output.")]
#: the exit status of ``ascent market fetch`` when every feed failed
EXIT_ALL_FAILED = 1


@market_app.callback()
def market_command(
    ctx: typer.Context,
    team: Annotated[
        str | None, typer.Option(help="The team whose market to show (default: the only team).")
    ] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Day to report on.")] = None,
    as_json: JSON = False,
) -> None:
    """What the team's market talks about: rising terms this week against last, the questions
    it asks, and what the team's own posts leave out."""
    if ctx.invoked_subcommand is not None:
        return
    with user_errors(as_json=as_json), unit_of_work(ctx) as uow:
        view = market(uow, team_id=find_team_id(uow, team), as_of=parse_day(as_of))
    if as_json:
        print_json(view.to_dict())
    else:
        render(view)


@market_app.command("add")
def add_command(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(help="An RSS or Atom feed: an http(s) URL or a file.")],
    as_json: JSON = False,
) -> None:
    """Follow a feed (read by ``ascent market fetch``)."""
    with user_errors(as_json=as_json), unit_of_work(ctx, write=True) as uow:
        feed = add_feed(uow, url=url)
    if as_json:
        print_json(feed.to_dict())
    else:
        said = "following" if feed.added else "already following"
        out.print(plain(f"{said} feed {feed.feed_id}: {feed.url}"))


@market_app.command("list")
def list_command(ctx: typer.Context, as_json: JSON = False) -> None:
    """The feeds followed, with their last fetch and its error."""
    with user_errors(as_json=as_json), unit_of_work(ctx) as uow:
        feeds = list_feeds(uow)
    if as_json:
        print_json(feeds.to_dict())
    else:
        render_feeds(feeds.feeds)


@market_app.command("fetch")
def fetch_command(ctx: typer.Context, as_json: JSON = False) -> None:
    """Read every feed and keep its new entries; a feed that fails is reported and the others
    go on. Exits 1 when every feed failed."""
    with user_errors(as_json=as_json), unit_of_work(ctx, write=True) as uow:
        report = fetch_feeds(uow, now=datetime.now(UTC))
    if as_json:
        print_json(report.to_dict())
    else:
        render_fetch(report)
    if report.all_failed:
        raise typer.Exit(EXIT_ALL_FAILED)


def render_fetch(report: FetchReport) -> None:
    for f in report.feeds:
        if f.status == "failed":
            out.print(plain(f"feed {f.feed_id} {f.url}: failed: {f.error}"))
        elif f.status == "not_modified":
            out.print(plain(f"feed {f.feed_id} {f.url}: not modified"))
        else:
            out.print(plain(f"feed {f.feed_id} {f.url}: {f.added} new entries"))
    d = report.to_dict()
    out.print(
        plain(
            f"{len(report.feeds)} feeds: {d['fetched']} fetched, {d['not_modified']} not "
            f"modified, {d['failed']} failed; {d['added']} new entries"
        )
    )


def render_feeds(feeds: list[FeedView]) -> None:
    table = Table(title=f"Feeds ({len(feeds)})", title_justify="left")
    for column in ("id", "feed", "title", "entries", "last fetch", "last error"):
        table.add_column(column)
    for f in feeds:
        d = f.to_dict()
        table.add_row(
            str(d["feed_id"]),
            plain(d["url"]),
            plain(d["title"] or "—"),
            str(d["items"]),
            d["fetched_at"] or "never",
            plain(d["last_error"] or "—"),
        )
    out.print(table)


def render(view: MarketView) -> None:
    d = view.to_dict()
    week, before = d["this_week"], d["last_week"]
    out.print(plain(f"{d['team']}: the market as of {d['as_of']}", style="bold"))
    rising = Table(
        title=f"Rising terms ({week['first']}..{week['last']} against "
        f"{before['first']}..{before['last']})",
        title_justify="left",
    )
    for column in ("term", "lang", "this week", "last week", "change"):
        rising.add_column(column)
    for r in d["rising"]:
        rising.add_row(
            plain(r["term"]),
            r["lang"] or "—",
            str(r["this_week"]),
            str(r["last_week"]),
            f"{r['change']:+d}",
        )
    out.print(rising)
    _questions(d["questions"])
    _gap(d)


def _questions(groups: list[dict[str, Any]]) -> None:
    out.print(plain(f"Questions the market asks ({sum(g['count'] for g in groups)})", style="bold"))
    for g in groups:
        out.print(plain(f"  {g['term'] or 'other questions'} ({g['count']})"))
        for q in g["questions"]:
            times = f" ({q['times']} times)" if q["times"] > 1 else ""
            out.print(plain(f"    {q['day']} {q['text']}{times}"))


def _gap(d: dict[str, Any]) -> None:
    out.print(
        plain("The gap: what the market talks about and the team's posts do not", style="bold")
    )
    if d["gap_note"]:
        out.print(plain(f"  {d['gap_note']}"))
    for g in d["gap"] or []:
        out.print(plain(f"  {g['term']} ({g['texts']} texts)"))
