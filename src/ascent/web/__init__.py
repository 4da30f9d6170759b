"""The web app: server-rendered pages (Jinja2 + HTMX) on FastAPI, each with a JSON twin.

A thin adapter, like the CLI: a route checks who is asking (``access``), calls one service,
and renders the view it gets (``pages.render``) as HTML or, for ``/….json`` or
``Accept: application/json``, as the view's own ``to_dict()``.
"""
