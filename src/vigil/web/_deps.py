"""Request dependencies: database session, signed-in user, today, templates.

Dependencies that do no I/O are ``async def``: FastAPI runs a plain ``def`` dependency in
the thread pool, and at 50 concurrent requests those hand-offs cost more CPU than the
work (``docs/performance.md``). Only the database work runs in threads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from vigil.settings import Settings
from vigil.store import Actor, Role, SessionRecord, UserRecord, UserRepository, actor_for

__all__ = [
    "SESSION_COOKIE",
    "ClinicianDep",
    "Current",
    "OptionalUserDep",
    "SessionDep",
    "SettingsDep",
    "SurvivorDep",
    "TodayDep",
    "UserDep",
    "now",
    "templates",
]

SESSION_COOKIE = "vigil_session"


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def templates(request: Request) -> Jinja2Templates:
    found: Jinja2Templates = request.app.state.templates
    return found


async def _settings(request: Request) -> Settings:
    found: Settings = request.app.state.settings
    return found


SettingsDep = Annotated[Settings, Depends(_settings)]


async def _db(request: Request) -> AsyncIterator[Session]:
    # Making a session does no I/O (a connection is taken at its first query, in the
    # route's thread). Closing one that still holds a transaction rolls it back (I/O, so in
    # a thread); after a commit it holds nothing and closes at once.
    session: Session = request.app.state.sessions()
    try:
        yield session
    finally:
        if session.in_transaction():
            await run_in_threadpool(session.close)
        else:
            session.close()


SessionDep = Annotated[Session, Depends(_db)]


async def _today(settings: SettingsDep) -> dt.date:
    return settings.today or dt.date.today()


TodayDep = Annotated[dt.date, Depends(_today)]


@dataclass(frozen=True, slots=True)
class Current:
    """The signed-in user, the actor the data layer acts for, and the session's CSRF token."""

    user: UserRecord
    actor: Actor
    csrf: str


def _optional_user(request: Request, session: SessionDep) -> Current | None:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        return None
    found = UserRepository(session).resolve(token, now())
    if found is None:
        return None
    user, record = found
    return _current(user, record)


def _current(user: UserRecord, record: SessionRecord) -> Current:
    return Current(user=user, actor=actor_for(user), csrf=record.csrf_token)


OptionalUserDep = Annotated[Current | None, Depends(_optional_user)]


async def _user(current: OptionalUserDep) -> Current:
    if current is None:
        raise HTTPException(status_code=401, detail="sign in first")
    return current


UserDep = Annotated[Current, Depends(_user)]


def _role(*roles: Role) -> object:
    async def check(current: UserDep) -> Current:
        if current.actor.role not in roles:
            raise HTTPException(status_code=403, detail="not available to your account")
        return current

    return check


SurvivorDep = Annotated[Current, Depends(_role(Role.SURVIVOR))]
ClinicianDep = Annotated[Current, Depends(_role(Role.CLINICIAN, Role.ADMIN))]
