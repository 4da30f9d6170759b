"""What an operator needs of a running server: the health endpoint (and the request log)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
