"""``/api/docs``: Swagger UI on ``/api/openapi.json``, served from this app (no CDN).

The page is static HTML: its scripts are the vendored bundle and ``static/api-docs.js``
(the content security policy forbids inline scripts); it reads the document with the
browser's own request, so it shows the API and, with a token typed into "Authorize",
tries it.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)

PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ascent REST API</title>
<link rel="icon" href="/static/favicon.svg">
<link rel="stylesheet" href="/static/vendor/swagger-ui/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/static/vendor/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/static/api-docs.js"></script>
</body>
</html>
"""


@router.get("/docs", response_class=HTMLResponse)
def docs() -> HTMLResponse:
    """The API's documentation page."""
    return HTMLResponse(PAGE)
