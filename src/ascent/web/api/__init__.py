"""The REST API under ``/api/v1``: bearer tokens, the one error shape, cursor pagination.

Its OpenAPI document is served at ``/api/openapi.json`` and its docs at ``/api/docs``.
Each resource group is a module with its own ``router = api_router()`` (``api.auth``);
``RESOURCES`` lists them, one line each, and they are all served under ``/api/v1``.
"""

from __future__ import annotations

from fastapi import APIRouter

from ascent.web.api import (
    contacts,
    docs,
    imports,
    market,
    people,
    records,
    results,
    strategy,
    webhooks,
)

#: the resource groups, each an ``api_router()``; a new group adds one line
RESOURCES: list[APIRouter] = [
    people.router,
    imports.router,
    webhooks.router,
    contacts.router,
    records.router,
    strategy.router,
    results.router,
    market.router,
]

router = APIRouter(prefix="/api")
router.include_router(docs.router)
for resource in RESOURCES:
    router.include_router(resource, prefix="/v1")
