"""A small org for the privacy tests of the CLI and the web (the demo takes half a minute to
build): Ann and Bob of Team A, one contact they share, one only Ann knows (named to run in a
spreadsheet), and logins for both, their lead and an admin.

Test modules import it (``from privacy_world import build_world``).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ascent.bootstrap import unit_of_work
from ascent.service.imports import import_paths
from ascent.service.users import add_user
from ascent.settings import Settings

ANN, BOB = "ann@example.org", "bob@example.org"
LEAD, ADMIN = "lead@example.org", "admin@example.org"
PASSWORD = "s3cret-pass"
FORMULA = '=HYPERLINK("http://x")'
HEADER = "date,kind,contact,account,id\n"
ANNS = (
    HEADER
    + "2026-03-02T09:00,message_out,Bob Buyer,Acme Example,a1\n"
    + "2026-03-03T09:00,message_in,Bob Buyer,Acme Example,a2\n"
    + f'2026-03-04T09:00,message_out,"{FORMULA.replace(chr(34), chr(34) * 2)}",Acme Example,a3\n'
)
BOBS = HEADER + "2026-03-05T09:00,message_out,Bob Buyer,Acme Example,b1\n"


def build_world(url: str, folder: Path) -> Settings:
    """The small org in the (empty) database at ``url``."""
    settings = Settings(url, explicit_database=True)
    folder.mkdir(parents=True, exist_ok=True)
    for email, rows in ((ANN, ANNS), (BOB, BOBS)):
        path = folder / f"{email.split('@')[0]}.csv"
        path.write_text(rows, encoding="utf-8")
        with unit_of_work(settings, write=True) as uow:
            import_paths(uow, paths=[path], person=email, team="Team A", today=date(2026, 3, 31))
    with unit_of_work(settings, write=True) as uow:
        for email, role in ((ANN, "seller"), (BOB, "seller"), (ADMIN, "admin")):
            add_user(uow, email=email, role=role, password=PASSWORD)
        add_user(uow, email=LEAD, role="lead", team="Team A", password=PASSWORD)
    return settings
