"""The web server: FastAPI for /api with the Dash console mounted at /."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from a2wsgi import WSGIMiddleware
from fastapi import Depends, FastAPI
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from app.api import (
    appliance_sales,
    auth,
    crew_jobs,
    dr_events,
    dr_responses,
    fault_reports,
    health,
    history,
    incidents,
    layers,
    outages,
    planned_outages,
    search,
)
from app.api.body_limit import BodyLimit
from app.api.cors import ApiCors
from app.api.inputs import refuse_nul
from app.api.methods import ConsoleMount, HeadAsGet
from app.api.problem import install_problem_handlers
from app.api.security_headers import ConsolePolicy, SecuredApi, docs_policy
from app.console.context import ConsoleContext
from app.console.factory import build_console
from gis.database import open_pool, resolve_database_url
from gis.settings import web_settings

# How uvicorn must run the app (`gridops serve`, the tests' live servers): forwarded headers
# are the app's to trust, from GRIDOPS_TRUSTED_PROXIES only; uvicorn's own default trusts them
# from 127.0.0.1, so any local client could name itself anew on every request.
SERVER_OPTIONS: dict[str, Any] = {"proxy_headers": False}
# Routes whose bodies have a limit of their own (every other: GRIDOPS_MAX_BODY_BYTES).
BODY_LIMITS = {
    "/api/v1/fault-reports": fault_reports.MAX_BODY_BYTES,
    "/api/v1/appliance-sales": appliance_sales.MAX_BODY_BYTES,
}


def create_app(database_url: str | None = None) -> FastAPI:
    """Open the pool (failing fast with a clear error), build the API and the console."""
    pool = open_pool(database_url or resolve_database_url())
    web = web_settings()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        pool.close()

    api = SecuredApi(
        title="GridOps Console API",
        version="0.1.0",
        openapi_url="/api/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
        lifespan=lifespan,
        dependencies=[Depends(refuse_nul)],
    )
    api.state.pool = pool
    install_problem_handlers(api)
    api.add_middleware(HeadAsGet)
    api.add_middleware(BodyLimit, default=web.max_body_bytes, routes=BODY_LIMITS)
    if web.cors_origins:  # closed unless configured (app/api/cors.py)
        api.add_middleware(ApiCors, origins=web.cors_origins)
    if web.trusted_proxies:  # outermost: every layer sees the client the proxy names
        api.add_middleware(ProxyHeadersMiddleware, trusted_hosts=web.trusted_proxies)
    for router in (health.router, layers.router, planned_outages.router, outages.router):
        api.include_router(router)
    api.include_router(search.router)  # the console's search box
    api.include_router(fault_reports.router)
    for router in (incidents.router, crew_jobs.router):  # dispatch and crew jobs
        api.include_router(router)
    api.include_router(history.router)  # outage history and reliability indices
    api.include_router(appliance_sales.router)  # partners' sales (forecast inputs)
    for router in (dr_events.router, dr_responses.router):  # demand response
        api.include_router(router)
    api.include_router(auth.router)  # staff sign-in (identity/sessions.py)
    console = build_console(ConsoleContext(pool=pool, web=web))
    api.router.routes.append(ConsoleMount("/", app=WSGIMiddleware(console.server)))  # type: ignore[arg-type]
    # Outermost, on every answer (app/api/security_headers.py), with the hashes of the
    # console's inline scripts.
    docs = {api.docs_url: docs_policy(api)} if api.docs_url else {}
    api.secure(ConsolePolicy(console, web.basemap_url), docs)
    return api
