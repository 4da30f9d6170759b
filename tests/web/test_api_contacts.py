"""``/api/v1/contacts``: who lists which contacts (exact counts on the demo), what of a
contact two teams share each team sees, and merging and splitting: an admin anywhere in the
org (as ``ascent contacts``), a person's token within their own pursuits (as the pursuits
page); read tokens, other teams and anonymous callers are refused and change nothing.

Each merge is split again in the same test, so the counts of the list tests hold whatever
runs first.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from api_demo import SAM, STELLA, ApiDemo, api_demo

JOSE = "https://www.linkedin.com/in/josé-exemplar-cca60c"
RAFAEL = "https://www.linkedin.com/in/rafael-mockford-f7c29a"
MATS = "https://www.linkedin.com/in/mats-placeholder-087c0c"


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ApiDemo]:
    with api_demo(tmp_path_factory.mktemp("api-contacts"), "api_contacts") as demo:
        yield demo


def _ids(api: ApiDemo, who: str) -> list[int]:
    return [c["id"] for c in api.walk(who, "/api/v1/contacts", limit=500)]


def _by_url(api: ApiDemo, who: str, url: str) -> dict[str, Any]:
    """The contact of ``who``'s list that has the profile URL ``url``."""
    found = [
        c
        for c in api.walk(who, "/api/v1/contacts", limit=500)
        if any(i["value"] == url for i in c["identities"])
    ]
    assert len(found) == 1, url
    return found[0]


@pytest.mark.parametrize(
    ("who", "count"),
    [
        ("admin_read", 3218),
        ("north_read", 2089),
        ("south", 1134),
        ("sam_read", 531),
        ("stella", 334),
    ],
)
def test_each_caller_lists_the_contacts_their_people_touched(
    api: ApiDemo, who: str, count: int
) -> None:
    ids = _ids(api, who)
    assert len(ids) == count
    assert ids == sorted(set(ids))


def test_pages_of_the_list_follow_on(api: ApiDemo) -> None:
    first = api.get("sam", "/api/v1/contacts", limit=7).json()
    assert len(first["items"]) == 7
    second = api.get("sam", "/api/v1/contacts", limit=7, cursor=first["next_cursor"]).json()
    ids = [c["id"] for c in first["items"] + second["items"]]
    assert ids == _ids(api, "sam")[:14]


def test_a_contact_of_two_teams_shows_each_its_own_identities(api: ApiDemo) -> None:
    url = "https://www.linkedin.com/in/elena-testwell-f6d042"
    everything = _by_url(api, "admin", url)
    assert everything["name"] == "Elena Testwell"
    assert [i["kind"] for i in everything["identities"]] == [
        "profile_url",
        "email",
        "name_company",
        "name",
        "profile_url",
        "name_company",
    ]
    sams = _by_url(api, "sam", url)
    assert sams == everything | {
        "channels": ["linkedin"],
        "identities": [
            {"kind": "profile_url", "value": url, "matched_by": "identity", "confidence": 1.0}
        ],
    }
    south = [c for c in api.walk("south", "/api/v1/contacts", limit=500) if c["id"] == sams["id"]]
    assert [i["value"] for i in south[0]["identities"]] == [
        "https://www.linkedin.com/in/elena-demo-d4b4e0"
    ]


@pytest.mark.parametrize(("who", "status"), [(None, 401), ("revoked", 401)])
def test_no_list_without_a_valid_token(api: ApiDemo, who: str | None, status: int) -> None:
    answer = api.get(who, "/api/v1/contacts")
    assert answer.status_code == status
    assert answer.json()["error"]["type"] == "unauthorized"
    assert answer.headers["www-authenticate"] == "Bearer"


def test_a_seller_merges_and_splits_their_own_contacts(api: ApiDemo) -> None:
    jose, rafael = _by_url(api, "stella", JOSE), _by_url(api, "stella", RAFAEL)
    path = f"/api/v1/people/{STELLA}/contacts"
    merged = api.post(
        "stella", f"{path}/merge", {"into": str(jose["id"]), "other": str(rafael["id"])}
    )
    assert merged.status_code == 200, merged.text
    assert merged.json()["id"] == jose["id"]
    assert sorted(i["value"] for i in merged.json()["identities"]) == [JOSE, RAFAEL]
    assert len(_ids(api, "stella")) == 334 - 1

    split = api.post(
        "stella",
        f"{path}/split",
        {"contact": str(jose["id"]), "identities": [RAFAEL], "name": "Rafael Mockford"},
    )
    assert split.status_code == 200, split.text
    kept, new = split.json()["kept"], split.json()["new"]
    assert kept == jose
    assert (new["name"], [i["value"] for i in new["identities"]]) == ("Rafael Mockford", [RAFAEL])
    assert len(_ids(api, "stella")) == 334


def test_an_admin_merges_and_splits_any_contacts_by_identity(api: ApiDemo) -> None:
    merged = api.post("admin", "/api/v1/contacts/merge", {"into": JOSE, "other": MATS})
    assert merged.status_code == 200, merged.text
    assert sorted(i["value"] for i in merged.json()["identities"]) == [JOSE, MATS]
    split = api.post("admin", "/api/v1/contacts/split", {"contact": JOSE, "identities": [MATS]})
    assert split.status_code == 200, split.text
    assert [i["value"] for i in split.json()["new"]["identities"]] == [MATS]
    assert split.json()["new"]["name"] == "José Exemplar"  # a split keeps the name unless told
    assert len(_ids(api, "admin")) == 3218


@pytest.mark.parametrize(
    ("path", "body", "error"),
    [
        ("/api/v1/contacts/merge", {"into": JOSE, "other": JOSE}, "config_error"),
        ("/api/v1/contacts/merge", {"into": JOSE, "other": "nobody@nowhere.example"}, "not_found"),
        ("/api/v1/contacts/split", {"contact": JOSE, "identities": [JOSE]}, "config_error"),
        ("/api/v1/contacts/split", {"contact": JOSE, "identities": []}, "invalid_request"),
        (f"/api/v1/people/{SAM}/contacts/merge", {"into": JOSE, "other": MATS}, "not_found"),
    ],
)
def test_what_the_cli_refuses_the_api_refuses(
    api: ApiDemo, path: str, body: dict[str, Any], error: str
) -> None:
    answer = api.post("admin", path, body)
    assert "error" in answer.json(), answer.text
    assert (answer.status_code, answer.json()["error"]["type"]) == (
        404 if error == "not_found" else 400,
        error,
    )


@pytest.mark.parametrize(
    ("who", "path", "status"),
    [
        ("admin_read", "/api/v1/contacts/merge", 403),
        ("sam", "/api/v1/contacts/merge", 404),  # only an admin merges anywhere
        ("north", "/api/v1/contacts/merge", 404),
        ("sam_read", f"/api/v1/people/{SAM}/contacts/merge", 403),
        ("sam", f"/api/v1/people/{STELLA}/contacts/merge", 404),  # another team's seller
        ("north", f"/api/v1/people/{STELLA}/contacts/merge", 404),  # another team's lead
        # Stella's contacts are not in Sam's pursuits: refused as if they did not exist
        ("sam", f"/api/v1/people/{SAM}/contacts/merge", 404),
        (None, f"/api/v1/people/{STELLA}/contacts/merge", 401),
        ("revoked", "/api/v1/contacts/merge", 401),
    ],
)
def test_who_may_not_merge(api: ApiDemo, who: str | None, path: str, status: int) -> None:
    jose, rafael = _by_url(api, "stella", JOSE), _by_url(api, "stella", RAFAEL)
    answer = api.post(who, path, {"into": str(jose["id"]), "other": str(rafael["id"])})
    assert answer.status_code == status
    assert _by_url(api, "stella", RAFAEL) == rafael
