"""Sign in and out. Demo accounts work only in demo mode."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from vigil.store import LoginRefusedError, Role, UserRepository
from vigil.web._deps import (
    SESSION_COOKIE,
    OptionalUserDep,
    SessionDep,
    SettingsDep,
    UserDep,
    now,
    templates,
)
from vigil.web._security import ANON_CSRF_COOKIE, check_csrf, new_token

__all__ = ["router"]

router = APIRouter()


def _login_page(request: Request, error: str | None, status: int = 200) -> Response:
    token = request.cookies.get(ANON_CSRF_COOKIE) or new_token()
    page = templates(request).TemplateResponse(
        request,
        "login.html",
        {"current": None, "error": error, "csrf": token, "demo": request.app.state.settings.demo},
        status_code=status,
    )
    page.set_cookie(ANON_CSRF_COOKIE, token, httponly=True, samesite="strict")
    return page


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, current: OptionalUserDep) -> Response:
    if current is not None:
        return RedirectResponse(_home_of(current.actor.role), status_code=303)
    return _login_page(request, None)


@router.post("/login", response_class=HTMLResponse)
def login(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    email: Annotated[str, Form(max_length=254)],
    password: Annotated[str, Form(max_length=200)],
    csrf: Annotated[str, Form()] = "",
) -> Response:
    check_csrf(request.cookies.get(ANON_CSRF_COOKIE), csrf)
    client = request.client.host if request.client else "unknown"
    if not request.app.state.login_limiter.allow(client):
        return _login_page(request, "Too many attempts; wait a few minutes.", status=429)
    users = UserRepository(session)
    try:
        user = users.authenticate(email, password, now())
        if user.is_demo and not settings.demo:
            raise LoginRefusedError("demo accounts work only in demo mode")
    except LoginRefusedError:
        session.commit()  # keep the failure count
        return _login_page(request, "E-mail or password not recognised.", status=401)
    token, _ = users.start_session(user, now())
    session.commit()
    response = RedirectResponse(_home_of(Role(user.role)), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        secure=settings.cookie_secure,
        samesite="strict",
        max_age=8 * 3600,
    )
    return response


@router.post("/logout")
def logout(
    request: Request, session: SessionDep, current: UserDep, csrf: Annotated[str, Form()] = ""
) -> Response:
    check_csrf(current.csrf, csrf)
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        UserRepository(session).end_session(token)
        session.commit()
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


def _home_of(role: Role) -> str:
    return "/me" if role is Role.SURVIVOR else "/panel"
