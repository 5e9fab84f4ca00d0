"""Security headers, CSRF tokens and a simple per-client sign-in rate limit."""

from __future__ import annotations

import hmac
import secrets
import time
from collections import deque
from collections.abc import Awaitable, Callable

from fastapi import HTTPException, Request, Response

__all__ = [
    "ANON_CSRF_COOKIE",
    "LoginRateLimiter",
    "check_csrf",
    "new_token",
    "security_headers",
]

ANON_CSRF_COOKIE = "vigil_csrf"

# No inline scripts or styles anywhere; SVG charts are inline markup, not scripts.
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)


async def security_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    response = await call_next(request)
    response.headers["Content-Security-Policy"] = _CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
    response.headers["Cache-Control"] = "no-store"
    if request.url.scheme == "https":
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    return response


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
