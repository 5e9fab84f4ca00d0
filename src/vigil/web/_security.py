"""Security headers, CSRF tokens and a simple per-client sign-in rate limit."""

from __future__ import annotations

import hmac
import secrets
import time
from collections import deque

from fastapi import HTTPException
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = [
    "ANON_CSRF_COOKIE",
    "LoginRateLimiter",
    "SecurityHeaders",
    "check_csrf",
    "new_token",
]

ANON_CSRF_COOKIE = "vigil_csrf"

# No inline scripts or styles anywhere; SVG charts are inline markup, not scripts.
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


_HEADERS = {
    "Content-Security-Policy": _CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cache-Control": "no-store",
}
_HSTS = "max-age=31536000; includeSubDomains"


class SecurityHeaders:
    """Adds the security headers to every HTTP response (HSTS only over TLS).

    A plain ASGI middleware: Starlette's ``BaseHTTPMiddleware`` runs each request through
    an extra task and stream, which cost more than the page under load.
    """

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        tls = scope.get("scheme") == "https"

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in _HEADERS.items():
                    headers[name] = value
                if tls:
                    headers["Strict-Transport-Security"] = _HSTS
            await send(message)

        await self._app(scope, receive, with_headers)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def check_csrf(expected: str | None, submitted: str | None) -> None:
    """Refuse a form whose token does not match the session's (or the anonymous cookie's)."""
    if not expected or not submitted or not hmac.compare_digest(expected, submitted):
        raise HTTPException(status_code=403, detail="the form expired; reload and try again")


class LoginRateLimiter:
    """At most ``limit`` sign-in attempts per client address per ``window_s`` seconds."""

    def __init__(self, limit: int = 20, window_s: float = 300.0) -> None:
        self._limit, self._window = limit, window_s
        self._attempts: dict[str, deque[float]] = {}

    def allow(self, client: str) -> bool:
        now = time.monotonic()
        attempts = self._attempts.setdefault(client, deque())
        while attempts and now - attempts[0] > self._window:
            attempts.popleft()
        if len(attempts) >= self._limit:
            return False
        attempts.append(now)
        return True
