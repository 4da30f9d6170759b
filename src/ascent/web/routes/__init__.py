"""The app's routers, one module per page (or group of pages); ``app`` includes them all."""

from __future__ import annotations

from fastapi import APIRouter

from ascent.web.routes import auth, imports, lead, person, pursuits, seller, strategy

ROUTERS: tuple[APIRouter, ...] = (
    auth.router,
    seller.router,
    lead.router,
    person.router,
    pursuits.router,
    strategy.router,
    imports.router,
)
