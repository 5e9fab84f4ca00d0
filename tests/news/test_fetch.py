"""The fetcher against a hostile local HTTP server, and through a mock transport."""

from __future__ import annotations

import gzip
import time

import httpx2
import pytest

from tests.news import feeds
from tests.news.conftest import (
    FIFTY_MB,
    FeedServer,
    conditional,
    drip,
    huge,
    redirect,
    send,
    slow_headers,
)
from vigil.news import DEFAULT_MAX_BYTES, FeedFetcher, FetchError


def _fetcher(timeout_s: float = 0.5, deadline_s: float = 2.0) -> FeedFetcher:
    return FeedFetcher(trust_env=False, timeout_s=timeout_s, deadline_s=deadline_s)


def test_ordinary_feed(feed_server: FeedServer) -> None:
    feed_server.routes["/feed"] = send(200, feeds.GOOD)
    with _fetcher() as fetcher:
        fetched = fetcher.fetch(feed_server.url("/feed"))
    assert fetched.status == "ok"
    assert fetched.content == feeds.GOOD
    headers = feed_server.requests[0][1]
    assert headers["User-Agent"].startswith("Vigil-news/")


def test_fifty_megabytes_streamed_are_cut_at_the_limit(feed_server: FeedServer) -> None:
    feed_server.routes["/huge"] = huge(feed_server, "/huge", declare_length=False)
    started = time.monotonic()
    with _fetcher() as fetcher, pytest.raises(FetchError, match="too large: cut at 2,097,152"):
        fetcher.fetch(feed_server.url("/huge"))
    assert time.monotonic() - started < 5
    time.sleep(0.2)  # let the server notice the hang-up
    assert feed_server.bytes_sent["/huge"] < FIFTY_MB // 4


def test_declared_fifty_megabytes_are_refused_before_reading(feed_server: FeedServer) -> None:
    feed_server.routes["/declared"] = huge(feed_server, "/declared", declare_length=True)
    with _fetcher() as fetcher, pytest.raises(FetchError, match="52,428,800 bytes declared"):
        fetcher.fetch(feed_server.url("/declared"))


def test_compression_bomb_is_cut_at_the_limit(feed_server: FeedServer) -> None:
    bomb = gzip.compress(b"<rss>" + b" " * (20 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < 100_000
    gzipped = {"Content-Encoding": "gzip"}
    feed_server.routes["/bomb"] = send(200, bomb, gzipped)
    feed_server.routes["/small"] = send(200, gzip.compress(feeds.GOOD), gzipped)
    feed_server.routes["/brotli"] = send(200, b"x", {"Content-Encoding": "br"})
    feed_server.routes["/corrupt"] = send(200, b"not gzip at all", gzipped)
    with _fetcher() as fetcher:
        with pytest.raises(FetchError, match="too large: cut at 2,097,152"):
            fetcher.fetch(feed_server.url("/bomb"))
        assert fetcher.fetch(feed_server.url("/small")).content == feeds.GOOD
        with pytest.raises(FetchError, match="unsupported content encoding 'br'"):
            fetcher.fetch(feed_server.url("/brotli"))
        with pytest.raises(FetchError, match="bad compressed data"):
            fetcher.fetch(feed_server.url("/corrupt"))
    assert feed_server.requests[0][1]["Accept-Encoding"] == "gzip, deflate"


def test_redirect_loop_fails_fast(feed_server: FeedServer) -> None:
    feed_server.routes["/loop"] = redirect("/loop")
    with _fetcher() as fetcher, pytest.raises(FetchError, match="too many redirects"):
        fetcher.fetch(feed_server.url("/loop"))
    assert len(feed_server.requests) == 4  # the request and 3 redirects


def test_a_short_redirect_chain_is_followed(feed_server: FeedServer) -> None:
    feed_server.routes["/old"] = redirect("/older")
    feed_server.routes["/older"] = redirect("/feed")
    feed_server.routes["/feed"] = send(200, feeds.GOOD)
    with _fetcher() as fetcher:
        fetched = fetcher.fetch(feed_server.url("/old"))
    assert fetched.final_url == feed_server.url("/feed")


def test_redirect_to_another_scheme_is_refused(feed_server: FeedServer) -> None:
    feed_server.routes["/sneaky"] = redirect("file:///etc/passwd")
    with _fetcher() as fetcher, pytest.raises(FetchError, match="bad address"):
        fetcher.fetch(feed_server.url("/sneaky"))


def test_slow_response_times_out(feed_server: FeedServer) -> None:
    feed_server.routes["/slow"] = slow_headers(1.5)
    started = time.monotonic()
    with _fetcher(timeout_s=0.3) as fetcher, pytest.raises(FetchError, match="timed out"):
        fetcher.fetch(feed_server.url("/slow"))
    assert time.monotonic() - started < 1.4


def test_dripping_response_hits_the_deadline(feed_server: FeedServer) -> None:
    feed_server.routes["/drip"] = drip(0.05, 60)
    started = time.monotonic()
    with (
        _fetcher(timeout_s=1.0, deadline_s=0.5) as fetcher,
        pytest.raises(FetchError, match=r"download took over 0\.5 s"),
    ):
        fetcher.fetch(feed_server.url("/drip"))
    assert time.monotonic() - started < 2


def test_http_errors_and_refused_connections(feed_server: FeedServer) -> None:
    feed_server.routes["/broken"] = send(500, b"oops")
    with _fetcher() as fetcher:
        with pytest.raises(FetchError, match="HTTP 500"):
            fetcher.fetch(feed_server.url("/broken"))
        with pytest.raises(FetchError, match="HTTP 404"):
            fetcher.fetch(feed_server.url("/missing"))
        with pytest.raises(FetchError, match="connection failed"):
            fetcher.fetch("http://127.0.0.1:9/closed")
        with pytest.raises(FetchError, match="not an http"):
            fetcher.fetch("file:///etc/passwd")


def test_conditional_get_sends_the_validators(feed_server: FeedServer) -> None:
    modified = "Tue, 24 Nov 2026 10:00:00 GMT"
    feed_server.routes["/feed"] = conditional(feeds.GOOD, '"v1"', modified)
    with _fetcher() as fetcher:
        first = fetcher.fetch(feed_server.url("/feed"))
        again = fetcher.fetch(feed_server.url("/feed"), etag=first.etag, last_modified=modified)
    assert (first.status, first.etag, first.last_modified) == ("ok", '"v1"', modified)
    assert again.status == "not_modified"
    assert again.content == b""
    sent = feed_server.requests[1][1]
    assert sent["If-None-Match"] == '"v1"'
    assert sent["If-Modified-Since"] == modified


def test_mock_transport_needs_no_socket() -> None:
    seen: list[httpx2.Request] = []

    def answer(request: httpx2.Request) -> httpx2.Response:
        seen.append(request)
        return httpx2.Response(200, content=feeds.ATOM, headers={"ETag": "abc"})

    with FeedFetcher(transport=httpx2.MockTransport(answer)) as fetcher:
        fetched = fetcher.fetch("https://atom.example/feed")
    assert fetched.content == feeds.ATOM
    assert fetched.etag == "abc"
    assert seen[0].url == "https://atom.example/feed"
    assert DEFAULT_MAX_BYTES == 2 * 1024 * 1024

    def too_big(request: httpx2.Request) -> httpx2.Response:
        return httpx2.Response(200, content=b" " * (DEFAULT_MAX_BYTES + 1))

    with (
        FeedFetcher(transport=httpx2.MockTransport(too_big)) as fetcher,
        pytest.raises(FetchError, match="too large"),
    ):
        fetcher.fetch("https://atom.example/feed")
