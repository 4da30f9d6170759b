"""The REST API under ``/api/v1``: bearer tokens, the one error shape, cursor pagination.

Its OpenAPI document is served at ``/api/openapi.json`` and its docs at ``/api/docs``.
"""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/api")
