"""The vendored front-end assets: exactly what the manifest says, each with its licence, and
nothing in them that would make a browser fetch from another host (the app works offline)."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import ascent

ROOT = Path(__file__).resolve().parents[2]
VENDOR = Path(ascent.__file__).parent / "web" / "static" / "vendor"
MANIFEST: dict[str, Any] = json.loads((VENDOR / "manifest.json").read_text(encoding="utf-8"))
FILES = [f for package in MANIFEST["packages"] for f in package["files"]]
URL = re.compile(r"https?://[^\s\"'`()<>\\,;{}\[\]]*")

#: every URL each served file contains, and why none of them is fetched at run time; a new
#: version that adds one fails here until someone has looked at what it does
REVIEWED_URLS: dict[str, dict[str, str]] = {
    "htmx/htmx.min.js": {},
    "vega/vega.min.js": {
        "http://www.w3.org/1999/xlink": "XML namespace of the SVG it writes",
        "http://www.w3.org/2000/svg": "XML namespace",
        "http://www.w3.org/2000/xmlns/": "XML namespace",
    },
    "vega-lite/vega-lite.min.js": {
        "https://vega.github.io/schema/vega/v6.json": "$schema identifier of compiled specs",
        "https://github.com/vega/vega-lite/issues/2415": "text of a warning",
    },
    "vega-embed/vega-embed.min.js": {
        "http://": "startsWith test: is the first argument a spec URL? (we pass objects)",
        "https://": "the same test",
        "https://github.com/Starcounter-Jack/JSON-Patch": "licence comment",
        "https://vega.github.io/editor/": "link of the 'open in editor' action (a click)",
    },
    "pico/pico.min.css": {
        "http://www.w3.org/2000/svg": "XML namespace inside data: URL icons",
        "https://picocss.com": "banner comment",
    },
    "axe-core/axe.min.js": {
        "http://mozilla.org/MPL/2.0/.": "licence comment",
        "http://www.w3.org/2000/svg": "XML namespace",
        "https://dequeuniversity.com/rules/": "help links in axe's results",
        "https://github.com/dequelabs/axe-core/blob/master/doc/context.md": "error text",
        "https://github.com/zloirock/core-js": "licence comment of a bundled polyfill",
        "https://github.com/zloirock/core-js/blob/v3.51.0/LICENSE": "the same comment",
    },
    "swagger-ui/swagger-ui-bundle.js": {
        "http://": "startsWith tests of a URL's scheme",
        "http://fb.me/use-check-prop-types": "text of a React warning",
        "http://json-schema.org/draft-04/schema#": "$schema identifier, compared, not fetched",
        "http://json-schema.org/draft-06/schema#": "$schema identifier",
        "http://json-schema.org/draft-07/schema#": "$schema identifier",
        "http://www.w3.org/1998/Math/MathML": "XML namespace (the HTML sanitiser)",
        "http://www.w3.org/1999/xhtml": "XML namespace",
        "http://www.w3.org/1999/xlink": "XML namespace",
        "http://www.w3.org/2000/svg": "XML namespace",
        "http://www.w3.org/XML/1998/namespace": "XML namespace",
        "https://": "the same tests",
        "https://base$": "a regular expression resolving relative references",
        "https://datatracker.ietf.org/doc/html/rfc2616#section-2.2": "a cited RFC",
        "https://datatracker.ietf.org/doc/html/rfc3986#section-2.1": "a cited RFC",
        "https://datatracker.ietf.org/doc/html/rfc3986#section-2.2": "a cited RFC",
        "https://datatracker.ietf.org/doc/html/rfc3986#section-2.3": "a cited RFC",
        "https://datatracker.ietf.org/doc/html/rfc3986#section-3.3": "a cited RFC",
        "https://datatracker.ietf.org/doc/html/rfc5234#appendix-B.1": "a cited RFC",
        "https://datatracker.ietf.org/doc/html/rfc6265#section-2.2": "a cited RFC",
        "https://datatracker.ietf.org/doc/html/rfc6265#section-4.1.1": "a cited RFC",
        "https://datatracker.ietf.org/doc/html/rfc6265#section-4.2.1": "a cited RFC",
        "https://datatracker.ietf.org/doc/html/rfc6901": "a cited RFC",
        "https://datatracker.ietf.org/doc/html/rfc6901#section-4": "a cited RFC",
        "https://datatracker.ietf.org/doc/html/rfc9110#section-5.6.2": "a cited RFC",
        "https://example.com/": "example in a URL parser's comment",
        "https://example.com/dictionary/": "the same",
        "https://github.com/highlightjs/highlight.js/issues/2277": "comment of the highlighter",
        "https://github.com/highlightjs/highlight.js/issues/2534": "the same",
        "https://github.com/highlightjs/highlight.js/issues/2559": "the same",
        "https://github.com/highlightjs/highlight.js/pull/2844": "the same",
        "https://github.com/zloirock/core-js": "licence comment of a bundled polyfill",
        "https://github.com/zloirock/core-js/blob/v3.40.0/LICENSE": "the same comment",
        "https://instagram.com/": "a link-maker of the Markdown renderer (no fetch)",
        "https://instagram.com/explore/tags/": "the same",
        "https://json-schema.org/draft/2019-09/schema": "$schema identifier",
        "https://json-schema.org/draft/2020-12/schema": "$schema identifier",
        "https://reactjs.org/docs/error-decoder.html?invariant=": "text of a React error",
        "https://redux.js.org/Errors?code=$": "text of a Redux error",
        "https://soundcloud.com/": "the same",
        "https://spdx.org/licenses/$": "link shown for a document's licence (a click)",
        "https://spec.openapis.org/oas/3.1/dialect/base": "OpenAPI dialect identifier",
        "https://spec.openapis.org/oas/3.2/dialect/2025-09-17": "OpenAPI dialect identifier",
        "https://spec.openapis.org/oas/3.2/schema/2025-09-17": "OpenAPI schema identifier",
        "https://swagger.io": "link of the page's logo (a click)",
        "https://twitter.com/": "the same",
        "https://twitter.com/hashtag/": "the same",
        "https://validator.swagger.io/validator": "the validator badge: off (static/api-docs.js)",
        "https://vladimirgorej.com": "author comment",
        "https://www.facebook.com/hashtag/": "the same",
        "https://www.rfc-editor.org/errata/eid5518": "a cited RFC",
        "https://www.rfc-editor.org/errata/eid6937": "a cited RFC",
        "https://www.rfc-editor.org/errata/eid8242": "a cited RFC",
        "https://www.rfc-editor.org/rfc/rfc6570#section-1.5": "a cited RFC",
        "https://www.rfc-editor.org/rfc/rfc6570#section-2": "a cited RFC",
        "https://www.rfc-editor.org/rfc/rfc6570#section-2.1": "a cited RFC",
        "https://www.tiktok.com/@": "the same",
        "https://www.tiktok.com/tag/": "the same",
        "https://실례.com/": "the same (an IDN example)",
    },
    "swagger-ui/swagger-ui.css": {"http://www.w3.org/2000/svg": "XML namespace of data: icons"},
}


def refresh_script() -> ModuleType:
    path = ROOT / "scripts" / "refresh_assets.py"
    spec = importlib.util.spec_from_file_location("refresh_assets", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it executes
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def text(path: str) -> str:
    return (VENDOR / path).read_text(encoding="utf-8")


def test_the_manifest_holds_the_pinned_versions() -> None:
    pinned = {(pin.name, pin.version) for pin in refresh_script().PINS}
    assert {(p["name"], p["version"]) for p in MANIFEST["packages"]} == pinned
    assert pinned == {
        ("htmx.org", "2.0.11"),
        ("vega", "6.4.0"),
        ("vega-lite", "6.5.0"),
        ("vega-embed", "7.3.0"),
        ("@picocss/pico", "2.1.1"),
        ("axe-core", "4.14.1"),
        ("swagger-ui-dist", "5.35.0"),
    }


@pytest.mark.parametrize("entry", FILES, ids=[f["path"] for f in FILES])
def test_every_file_has_the_manifests_sha256(entry: dict[str, str]) -> None:
    data = (VENDOR / entry["path"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == entry["sha256"]


@pytest.mark.parametrize("package", MANIFEST["packages"], ids=lambda p: p["name"])
def test_every_package_has_its_licence_beside_its_files(package: dict[str, Any]) -> None:
    assert package["licence"]
    assert package["licence_files"]
    listed = {f["path"] for f in package["files"]}
    directories = {path.split("/")[0] for path in listed}
    for licence in package["licence_files"]:
        assert licence in listed
        assert licence.split("/")[0] in directories
        assert Path(licence).name.startswith("LICENSE")
        assert (VENDOR / licence).stat().st_size > 0


def test_nothing_is_served_from_vendor_that_the_manifest_does_not_list() -> None:
    on_disk = {p.relative_to(VENDOR).as_posix() for p in VENDOR.rglob("*") if p.is_file()}
    assert on_disk == {f["path"] for f in FILES} | {"manifest.json"}


def test_every_served_file_has_reviewed_urls() -> None:
    served = {f["path"] for f in FILES if not Path(f["path"]).name.startswith("LICENSE")}
    assert served == set(REVIEWED_URLS)


@pytest.mark.parametrize("path", sorted(REVIEWED_URLS))
def test_a_served_file_contains_only_reviewed_urls(path: str) -> None:
    assert set(URL.findall(text(path))) == set(REVIEWED_URLS[path])


@pytest.mark.parametrize("path", sorted(REVIEWED_URLS))
def test_no_served_file_names_a_cdn(path: str) -> None:
    content = text(path)
    for cdn in ("cdn.jsdelivr", "unpkg.com", "cdnjs", "esm.sh", "skypack"):
        assert cdn not in content


def test_vega_embed_and_vega_lite_take_their_peers_from_globals_not_from_imports() -> None:
    """The UMD builds: loaded by plain script tags in order vega, vega-lite, vega-embed."""
    embed = text("vega-embed/vega-embed.min.js")
    assert ".vegaEmbed=t(e.vega,e.vegaLite)" in embed[:600]
    assert not re.search(r"\bimport\s*\(|\bimport\s*[\w{*][^;]*\bfrom\s*[\"']", embed)
    lite = text("vega-lite/vega-lite.min.js")
    assert ".vegaLite={},e.vega)" in lite[:600]
    assert ").vega={})" in text("vega/vega.min.js")[:600]


def test_the_stylesheet_imports_nothing_and_inlines_its_images() -> None:
    css = text("pico/pico.min.css")
    assert "@import" not in css
    urls = re.findall(r"url\(([^)]*)\)", css)
    assert urls
    assert all(u.strip("\"'").startswith("data:") for u in urls)
