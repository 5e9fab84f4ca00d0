"""A hostile feed server on 127.0.0.1, and the feeds it serves.

The server runs in a daemon thread for one test and is shut down after it; every handler
is bounded in time and bytes (the slowest sleeps 1.5 s; the largest stops at 50 MB or as
soon as the client hangs up), so the server always stops by itself.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

Handler = Callable[[BaseHTTPRequestHandler], None]
FIFTY_MB = 50 * 1024 * 1024


@dataclass
class FeedServer:
    base: str
    routes: dict[str, Handler] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    bytes_sent: dict[str, int] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return f"{self.base}{path}"


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    feeds: FeedServer


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    timeout = 5  # a stuck client cannot hold a handler thread longer

    def do_GET(self) -> None:
        feeds = self.server.feeds
        path = self.path.split("?", 1)[0]
        feeds.requests.append((path, dict(self.headers.items())))
        handler = feeds.routes.get(path)
        if handler is None:
            self.send_error(404)
            return
        # The client hanging up is what the limits are for: not a server error.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError, TimeoutError):
            handler(self)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the tests read the outcome, not the log."""


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    server = _Server(("127.0.0.1", 0), _Handler)
    host, port = server.server_address[:2]
    server.feeds = FeedServer(f"http://{host!s}:{port}")
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02})
    thread.daemon = True
    thread.start()
    try:
        yield server.feeds
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def send(
    status: int = 200,
    body: bytes = b"",
    headers: dict[str, str] | None = None,
) -> Handler:
    def handler(request: BaseHTTPRequestHandler) -> None:
        request.send_response(status)
        sent = {"Content-Type": "application/rss+xml; charset=utf-8", **(headers or {})}
        for name, value in sent.items():
            request.send_header(name, value)
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    return handler


def conditional(body: bytes, etag: str, last_modified: str) -> Handler:
    """200 with validators, or 304 when the client sends the same ETag back."""

    def handler(request: BaseHTTPRequestHandler) -> None:
        if request.headers.get("If-None-Match") == etag:
            request.send_response(304)
            request.send_header("ETag", etag)
            request.end_headers()
            return
        send(200, body, {"ETag": etag, "Last-Modified": last_modified})(request)

    return handler


def huge(server: FeedServer, path: str, *, declare_length: bool) -> Handler:
    """50 MB of a never-ending RSS item, streamed in 64 KB pieces until the client quits."""

    def handler(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "application/rss+xml")
        if declare_length:
            request.send_header("Content-Length", str(FIFTY_MB))
        request.end_headers()
        chunk = b"<rss><channel><item><title>" + b"A" * (64 * 1024 - 28)
        sent = 0
        while sent < FIFTY_MB:
            request.wfile.write(chunk)
            sent += len(chunk)
            server.bytes_sent[path] = sent

    return handler


def redirect(location: str) -> Handler:
    def handler(request: BaseHTTPRequestHandler) -> None:
        request.send_response(302)
        request.send_header("Location", location)
        request.send_header("Content-Length", "0")
        request.end_headers()

    return handler


def slow_headers(seconds: float) -> Handler:
    def handler(request: BaseHTTPRequestHandler) -> None:
        time.sleep(seconds)
        send(200, b"<rss/>")(request)

    return handler


def drip(interval_s: float, times: int) -> Handler:
    """Headers at once, then one byte every ``interval_s``: never a read timeout."""

    def handler(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", "application/rss+xml")
        request.end_headers()
        for _ in range(times):
            request.wfile.write(b" ")
            request.wfile.flush()
            time.sleep(interval_s)

    return handler
