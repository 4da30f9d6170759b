"""``/api/docs`` and ``/api/openapi.json``: Swagger UI served by the app itself (vendored
files, a static init script the content security policy allows, no other host), and a
document that describes the API and none of the pages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ascent.settings import Settings
from ascent.web.app import create_app


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = Path(tmp_path_factory.mktemp("api-docs")) / "docs.db"
    app = create_app(Settings(f"sqlite:///{db}", explicit_database=True), secret="test-secret")
    with TestClient(app, base_url="http://testserver") as test_client:
        yield test_client


def test_the_docs_page_loads_only_this_app_s_files(client: TestClient) -> None:
    page = client.get("/api/docs")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources == [
        "/static/favicon.svg",
        "/static/vendor/swagger-ui/swagger-ui.css",
        "/static/vendor/swagger-ui/swagger-ui-bundle.js",
        "/static/api-docs.js",
    ]
    assert re.findall(r"<script>", page.text) == []  # no inline script: the CSP forbids it
    for source in sources:
        assert client.get(source).status_code == 200, source
    init = client.get("/static/api-docs.js").text
    assert 'url: "/api/openapi.json"' in init
    assert "validatorUrl: null" in init


def test_the_document_describes_the_api_and_no_page(client: TestClient) -> None:
    document = client.get("/api/openapi.json").json()
    paths = set(document["paths"])
    assert all(path.startswith("/api/v1/") for path in paths)
    assert {
        "/api/v1/people",
        "/api/v1/people/{person_id}",
        "/api/v1/people/{person_id}/pursuits",
        "/api/v1/people/{person_id}/today",
        "/api/v1/teams",
        "/api/v1/users",
        "/api/v1/webhooks/crm",
    } <= paths
    assert document["components"]["securitySchemes"]["HTTPBearer"] == {
        "type": "http",
        "description": "A token of `ascent tokens create`.",
        "scheme": "bearer",
    }
    people = document["paths"]["/api/v1/people"]["get"]
    # 422 is FastAPI's own entry; this API answers invalid input with 400 (docs/api.md)
    assert set(people["responses"]) == {"200", "400", "401", "403", "404", "422", "503"}
    error = people["responses"]["401"]["content"]["application/json"]["schema"]
    assert error == {"$ref": "#/components/schemas/ErrorOut"}
