"""Request dependencies: database session, signed-in user, today, templates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, HTTPException, Request
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


def _settings(request: Request) -> Settings:
    found: Settings = request.app.state.settings
    return found


SettingsDep = Annotated[Settings, Depends(_settings)]


def _db(request: Request) -> Iterator[Session]:
    with request.app.state.sessions() as session:
        yield session


SessionDep = Annotated[Session, Depends(_db)]


def _today(settings: SettingsDep) -> dt.date:
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


def _user(current: OptionalUserDep) -> Current:
    if current is None:
        raise HTTPException(status_code=401, detail="sign in first")
    return current


UserDep = Annotated[Current, Depends(_user)]


def _role(*roles: Role) -> object:
    def check(current: UserDep) -> Current:
        if current.actor.role not in roles:
            raise HTTPException(status_code=403, detail="not available to your account")
        return current

    return check


SurvivorDep = Annotated[Current, Depends(_role(Role.SURVIVOR))]
ClinicianDep = Annotated[Current, Depends(_role(Role.CLINICIAN, Role.ADMIN))]
