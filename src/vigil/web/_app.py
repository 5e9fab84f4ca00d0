"""The application factory: no app is built at import time."""

from __future__ import annotations

import gc
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import HTTPException
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from vigil._version import __version__
from vigil.settings import Settings, get_settings
from vigil.store import Checkpointer, make_engine, make_session_factory
from vigil.web import _api, _auth, _clinician, _learn, _public, _survivor, _symptoms
from vigil.web._security import LoginRateLimiter, SecurityHeaders

__all__ = ["ROUTERS", "create_app"]

_HERE = Path(__file__).parent

# Every page and API route comes from one of these; the authorisation tests walk them.
ROUTERS = tuple(m.router for m in (_public, _learn, _auth, _survivor, _symptoms, _clinician, _api))


# The GIL switch interval while serving. Route threads do short database waits between
# bits of Python; at CPython's default (5 ms) a thread rendering a page kept the others
# (and the event loop) waiting, and that waiting was the tail latency: GET /me at 200
# requests/s had p99 176 ms, 52 ms with 0.5 ms (docs/performance.md).
SWITCH_INTERVAL_S = 0.0005

# Collector thresholds while serving (CPython's default: 700, 10, 10).
GC_THRESHOLDS = (20_000, 20, 100)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    previous = sys.getswitchinterval()
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    # Route threads of this worker process. They share one GIL: anyio's 40 mostly waited
    # for it (a report cost 6.1 ms of CPU at 50 concurrent requests, 4.5 ms with 4 threads;
    # docs/performance.md). Waiting requests queue in the event loop instead.
    anyio.to_thread.current_default_thread_limiter().total_tokens = app.state.settings.threads
    # The garbage collector paused every request of the process in turn: objects made at
    # start-up (templates, rules, catalogues) are frozen out of its walks, and it runs
    # less often (the report's p99 at 200/s went from ~150 to ~100 ms; docs/performance.md).
    previous_gc = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    checkpointer = None
    database = app.state.engine.url.database
    if app.state.engine.dialect.name == "sqlite" and database not in (None, "", ":memory:"):
        checkpointer = Checkpointer(app.state.settings.database_url)
        checkpointer.start()
    try:
        yield
    finally:
        if checkpointer is not None:
            checkpointer.stop()
        gc.set_threshold(*previous_gc)
        gc.unfreeze()
        sys.setswitchinterval(previous)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(
        lifespan=_lifespan,
        title="Vigil",
        version=__version__,
        description="Recurrence estimates, survivorship care plans and symptom triage. "
        "Informs decisions made with a clinician; never replaces one.",
    )
    # Served with its lifespan (uvicorn): the lifespan checkpoints SQLite's log.
    engine = make_engine(settings.database_url, background_checkpoints=True)
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = make_session_factory(
        engine, sync_each_commit=settings.sqlite_sync == "commit"
    )
    app.state.templates = Jinja2Templates(directory=_HERE / "templates")
    app.state.templates.env.globals["version"] = __version__
    # Templates ship with the package: no stat() of every template file on every page.
    app.state.templates.env.auto_reload = False
    app.state.login_limiter = LoginRateLimiter(limit=settings.login_attempts_per_5_minutes)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=_HERE / "static"), name="static")
    for router in ROUTERS:
        app.include_router(router)
    app.add_exception_handler(HTTPException, _http_error)  # type: ignore[arg-type]
    return app


async def _http_error(request: Request, exc: HTTPException) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
    if exc.status_code == 401:
        return RedirectResponse("/login", status_code=303)
    page: Response = request.app.state.templates.TemplateResponse(
        request,
        "error.html",
        {"status": exc.status_code, "detail": exc.detail, "current": None},
        status_code=exc.status_code,
    )
    return page
