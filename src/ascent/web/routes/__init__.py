"""The app's routers, one module per page (or group of pages); ``app`` includes them all."""

from __future__ import annotations

from fastapi import APIRouter

from ascent.web.routes import (
    auth,
    coach,
    digest,
    imports,
    lead,
    market,
    person,
    privacy,
    pursuits,
    report,
    results,
    seller,
    strategy,
)

ROUTERS: tuple[APIRouter, ...] = (
    auth.router,
    seller.router,
    lead.router,
    person.router,
    pursuits.router,
    strategy.router,
    imports.router,
    results.router,
    market.router,
    coach.router,
    report.router,
    digest.router,
    privacy.router,
)
