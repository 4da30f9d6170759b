"""The session cookie, CSRF on every form, a tampered cookie, log-out, request caps."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.exc import TimeoutError as PoolTimeout

from ascent.settings import Settings
from ascent.web.app import create_app
from ascent.web.routes import imports as imports_route
from job_waiting import finished
from web_demo import DEMO_DAY, PASSWORD, SELLER, csrf, log_in

FIXTURES = Path(__file__).parents[1] / "fixtures"


def _login_response(client: TestClient) -> str:
    client.cookies.clear()
    client.get("/login")
    form = {"email": SELLER, "password": PASSWORD, "csrftoken": client.cookies["csrftoken"]}
    response = client.post("/login", data=form)
    assert response.status_code == 303
    return response.headers["set-cookie"]


def test_the_session_cookie_is_signed_httponly_and_samesite(demo_app: TestClient) -> None:
    cookie = _login_response(demo_app)
    assert cookie.startswith("ascent_session=")
    attributes = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert {"httponly", "samesite=lax", "path=/"} <= attributes
    assert "max-age=1209600" in attributes  # 14 days; the session's own expiry is in the database


def test_a_tampered_cookie_is_nobody(demo_app: TestClient) -> None:
    log_in(demo_app, SELLER)
    token = demo_app.cookies["ascent_session"]
    demo_app.cookies.clear()
    demo_app.cookies.set(
        "ascent_session", token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    )
    response = demo_app.get("/imports.json")
    assert response.status_code == 401


def test_a_form_without_its_csrf_token_is_refused(demo_app: TestClient) -> None:
    log_in(demo_app, SELLER)
    response = demo_app.post("/logout", data={})
    assert response.status_code == 403
    assert response.json()["error"]["type"] == "csrf_failed"
    forged = demo_app.post("/logout", data={"csrftoken": "forged"})
    assert forged.status_code == 403
    assert demo_app.get("/imports.json").status_code == 200  # still logged in


def test_log_out_ends_the_session_for_good(fresh_app: TestClient) -> None:
    log_in(fresh_app, SELLER)
    cookie = fresh_app.cookies["ascent_session"]
    assert fresh_app.post("/logout", headers=csrf(fresh_app)).status_code == 303
    fresh_app.cookies.clear()
    fresh_app.cookies.set("ascent_session", cookie)  # the old cookie, replayed
    assert fresh_app.get("/imports.json").status_code == 401


def test_a_login_goes_only_to_a_page_of_this_site(demo_app: TestClient) -> None:
    demo_app.cookies.clear()
    demo_app.get("/login")
    for target, expected in [
        ("//evil.example/x", "/"),
        ("https://evil.example", "/"),
        ("/imports", "/imports"),
    ]:
        form = {"email": SELLER, "password": PASSWORD, "next": target}
        form["csrftoken"] = demo_app.cookies["csrftoken"]
        assert demo_app.post("/login", data=form).headers["location"] == expected


def test_a_form_larger_than_a_megabyte_is_refused_unread(demo_app: TestClient) -> None:
    log_in(demo_app, SELLER)
    body = b"x=" + b"a" * (1 << 20)
    response = demo_app.post(
        "/logout",
        content=body,
        headers={"content-type": "application/x-www-form-urlencoded", **csrf(demo_app)},
    )
    assert response.status_code == 413
    assert response.json()["error"] == {
        "type": "too_large",
        "message": "the request is larger than 1,048,576 bytes",
        "file": None,
        "line": None,
    }


def test_every_answer_says_what_the_browser_may_do(demo_app: TestClient) -> None:
    for path in ("/login", "/no/such/page.json", "/static/app.css"):
        headers = demo_app.get(path).headers
        assert headers["content-security-policy"].startswith("default-src 'self'; "), path
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
        assert headers["server-timing"].startswith("app;dur=")


def test_an_upload_form_carries_its_token_as_a_field_without_javascript(
    fresh_app: TestClient, database_url: str
) -> None:
    """A plain multipart form (no header): the token is its first field; without it, or with
    another one, the upload is refused and nothing is read."""
    log_in(fresh_app, SELLER)
    calendar = (FIXTURES / "ics" / "outlook" / "Calendar.ics").read_bytes()
    files = {"files": ("Calendar.ics", calendar, "text/calendar")}
    accept = {"accept": "application/json"}
    forged = fresh_app.post("/imports", data={"csrftoken": "forged"}, files=files, headers=accept)
    assert (forged.status_code, forged.json()["error"]["type"]) == (403, "csrf_failed")
    missing = fresh_app.post("/imports", files=files, headers=accept)
    assert missing.status_code == 403
    token = fresh_app.cookies["csrftoken"]
    done = fresh_app.post("/imports", data={"csrftoken": token}, files=files, headers=accept)
    assert done.status_code == 202  # the upload's job: its report comes when it is done
    assert finished(fresh_app, done.json()["job"]["id"], database_url)["report"]["added"] == 20


def test_only_the_upload_pages_take_a_large_body(demo_app: TestClient) -> None:
    """An anonymous multipart body to any other path is a form: a megabyte at most."""
    demo_app.cookies.clear()
    files = {"file": ("big.bin", b"x" * (2 << 20), "application/octet-stream")}
    response = demo_app.post("/reset/abc", files=files)
    assert response.status_code == 413


def test_an_unexpected_error_is_the_error_shape_not_a_traceback(
    demo_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(imports_route, "imports_page", broken)
    app = create_app(demo_settings, secret="s" * 32, today=lambda: DEMO_DAY)
    with TestClient(app, raise_server_exceptions=False, follow_redirects=False) as client:
        log_in(client, SELLER)
        response = client.get("/imports.json")
        page = client.get("/imports")
    assert response.status_code == 500
    assert response.json()["error"] == {
        "type": "internal_error",
        "message": "something went wrong on our side (it is logged)",
        "file": None,
        "line": None,
    }
    assert page.status_code == 500
    assert "secret internals" not in page.text


def test_logging_in_again_ends_this_browsers_earlier_session(fresh_app: TestClient) -> None:
    log_in(fresh_app, SELLER)
    first = fresh_app.cookies["ascent_session"]
    form = {"email": SELLER, "password": PASSWORD, "csrftoken": fresh_app.cookies["csrftoken"]}
    assert fresh_app.post("/login", data=form).status_code == 303
    replay = TestClient(fresh_app.app, follow_redirects=False)
    replay.cookies.set("ascent_session", first)  # the earlier cookie, replayed
    assert replay.get("/imports.json").status_code == 401


def test_nothing_is_recorded_after_today_whatever_day_the_page_shows(
    fresh_app: TestClient,
) -> None:
    log_in(fresh_app, SELLER)
    home = fresh_app.get("/").headers["location"]
    ahead = "2027-06-01"
    form = {"kind": "deal_won", "contact": "Future Buyer", "amount": "500000"}
    sent = fresh_app.post(f"{home}/log?as_of={ahead}", data=form, headers=csrf(fresh_app))
    assert sent.status_code == 303
    logged = fresh_app.get(f"{home}.json?as_of={ahead}").json()["logged"]
    assert [e["day"] for e in logged] == [DEMO_DAY.isoformat()]  # today, not the day shown


def test_no_free_database_connection_is_busy_503_not_a_500(
    demo_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every connection of the worker's pool taken for the pool's whole wait (a load that
    bends it): the one error shape, 503 ``busy``, as a waiting writer gets."""

    def exhausted(*_args: object, **_kwargs: object) -> None:
        raise PoolTimeout("QueuePool limit of size 5 overflow 10 reached")

    monkeypatch.setattr(imports_route, "imports_page", exhausted)
    app = create_app(demo_settings, secret="s" * 32, today=lambda: DEMO_DAY)
    with TestClient(app, raise_server_exceptions=False, follow_redirects=False) as client:
        log_in(client, SELLER)
        response = client.get("/imports.json")
    assert response.status_code == 503
    assert response.json()["error"] == {
        "type": "busy",
        "message": "the server is busy: try again",
        "file": None,
        "line": None,
    }
