"""The REST API tests' demo: a demo database of a test module's own (free to write to), the
app on it, and a bearer token for each caller the visibility rules tell apart.

A module makes one with ``api_demo(tmp, suffix)`` in a module-scoped fixture; ``who`` names
a token of ``TOKENS`` (``None``: no ``Authorization`` header at all).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2 as httpx
from fastapi.testclient import TestClient

from ascent.bootstrap import unit_of_work
from ascent.service.tokens import create_token, revoke_token
from ascent.settings import Settings
from ascent.web.app import create_app
from web_demo import DEMO_DAY, LEAD_NORTH, LEAD_SOUTH, SELLER, build_demo, web_database

#: Sam Steady (Team North), the demo's seller login
SAM = 1
#: Stella Constant, a seller of Team South
STELLA = 8
STELLA_LOGIN = "stella.constant@demo.example"
NORTH, SOUTH = 1, 2
#: token name -> (scope, acting login; None = the org's admin)
TOKENS: dict[str, tuple[str, str | None]] = {
    "admin": ("write", None),
    "admin_read": ("read", None),
    "sam": ("write", SELLER),
    "sam_read": ("read", SELLER),
    "stella": ("write", STELLA_LOGIN),
    "north": ("write", LEAD_NORTH),
    "north_read": ("read", LEAD_NORTH),
    "south": ("write", LEAD_SOUTH),
    "revoked": ("write", None),
}


@dataclass
class ApiDemo:
    settings: Settings
    client: TestClient
    tokens: dict[str, str]

    def call(
        self, method: str, who: str | None, path: str, body: Any = None, **options: Any
    ) -> httpx.Response:
        headers = options.pop("headers", {})
        if who is not None:
            headers["Authorization"] = f"Bearer {self.tokens[who]}"
        return self.client.request(method, path, json=body, headers=headers, **options)

    def get(self, who: str | None, path: str, **params: Any) -> httpx.Response:
        return self.call("GET", who, path, params=params)

    def post(self, who: str | None, path: str, body: Any, **params: Any) -> httpx.Response:
        return self.call("POST", who, path, body, params=params)

    def walk(self, who: str, path: str, **params: Any) -> list[dict[str, Any]]:
        """Every item of a list, page after page (a cursor is never repeated)."""
        items: list[dict[str, Any]] = []
        cursors: set[str] = set()
        cursor: str | None = None
        while True:
            answer = self.get(who, path, **params, **({"cursor": cursor} if cursor else {}))
            assert answer.status_code == 200, answer.text
            page = answer.json()
            items += page["items"]
            cursor = page["next_cursor"]
            if cursor is None:
                return items
            assert cursor not in cursors
            cursors.add(cursor)


@contextmanager
def api_demo(tmp: Path, suffix: str) -> Iterator[ApiDemo]:
    """The demo in a database of its own, its app (as of the demo's day) and its tokens."""
    settings = build_demo(web_database(tmp, suffix), tmp / "exports")
    tokens: dict[str, str] = {}
    with unit_of_work(settings, write=True) as uow:
        for name, (scope, login) in TOKENS.items():
            new = create_token(uow, scope=scope, user=login, name=name)
            tokens[name] = new.token
            if name == "revoked":
                revoke_token(uow, token_id=new.view.id)
    app = create_app(settings, secret="test-secret", today=lambda: DEMO_DAY)
    with TestClient(app, base_url="http://testserver", follow_redirects=False) as client:
        yield ApiDemo(settings, client, tokens)
