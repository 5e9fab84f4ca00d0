"""Fetching feeds over HTTP (the only module here that touches the network).

Every request goes through an injectable :mod:`httpx2` transport (tests pass a
``MockTransport`` or talk to a loopback server). Limits, each turned into a
:class:`FetchError` with a plain message, never an unhandled exception:

- connect/read/write timeouts (``timeout_s``) and a whole-download deadline
  (``deadline_s``), so a server that drips one byte a second is cut off;
- a size limit (``max_bytes``, default 2 MiB): a larger ``Content-Length`` is refused
  before reading, and the body is streamed and cut as soon as it passes the limit. Only
  ``gzip`` and ``deflate`` are accepted, and they are decompressed here with a bounded
  output, so a compression bomb is cut at the limit like any other large body;
- at most ``max_redirects`` redirects (a loop fails fast), http(s) only;
- conditional GET: ``If-None-Match`` / ``If-Modified-Since`` from the stored ETag and
  Last-Modified; a ``304`` is "not modified".
"""

from __future__ import annotations

import time
import zlib
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Literal, Self

import httpx2

from vigil.errors import VigilError

__all__ = ["DEFAULT_MAX_BYTES", "FeedFetcher", "FetchError", "Fetched"]

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
USER_AGENT = "Vigil-news/1.0 (breast cancer survivorship; feed reader)"
_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8"
_ENCODINGS = "gzip, deflate"


class FetchError(VigilError):
    """A feed that could not be fetched; the message says why, in a few words."""


@dataclass(frozen=True, slots=True)
class Fetched:
    status: Literal["ok", "not_modified"]
    content: bytes
    etag: str | None
    last_modified: str | None
    final_url: str


class FeedFetcher:
    """Fetches one feed at a time through one HTTP client; use as a context manager."""

    def __init__(
        self,
        *,
        transport: httpx2.BaseTransport | None = None,
        timeout_s: float = 10.0,
        deadline_s: float = 30.0,
        max_bytes: int = DEFAULT_MAX_BYTES,
        max_redirects: int = 3,
        trust_env: bool = True,
    ) -> None:
        self.max_bytes = max_bytes
        self.deadline_s = deadline_s
        self._client = httpx2.Client(
            transport=transport,
            timeout=httpx2.Timeout(timeout_s),
            follow_redirects=True,
            max_redirects=max_redirects,
            trust_env=trust_env,
            headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT, "Accept-Encoding": _ENCODINGS},
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def fetch(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> Fetched:
        """GET ``url`` within the limits; raises :class:`FetchError` and nothing else."""
        if not url.startswith(("https://", "http://")):
            msg = "not an http(s) address"
            raise FetchError(msg)
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        try:
            return self._get(url, headers)
        except FetchError:
            raise
        except zlib.error as exc:
            msg = "bad compressed data"
            raise FetchError(msg) from exc
        except httpx2.TimeoutException as exc:
            msg = f"timed out ({type(exc).__name__})"
            raise FetchError(msg) from exc
        except httpx2.TooManyRedirects as exc:
            msg = "too many redirects"
            raise FetchError(msg) from exc
        except (httpx2.InvalidURL, httpx2.UnsupportedProtocol) as exc:
            msg = f"bad address: {exc}"
            raise FetchError(msg) from exc
        except httpx2.HTTPError as exc:
            msg = f"connection failed ({type(exc).__name__}: {str(exc)[:200]})"
            raise FetchError(msg) from exc

    def _get(self, url: str, headers: dict[str, str]) -> Fetched:
        started = time.monotonic()
        with self._client.stream("GET", url, headers=headers) as response:
            final_url = str(response.url)
            etag = response.headers.get("ETag")
            modified = response.headers.get("Last-Modified")
            if response.status_code == httpx2.codes.NOT_MODIFIED:
                return Fetched("not_modified", b"", etag, modified, final_url)
            if response.status_code >= 400:
                msg = f"HTTP {response.status_code}"
                raise FetchError(msg)
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > self.max_bytes:
                msg = f"too large: {int(declared):,} bytes declared (limit {self.max_bytes:,})"
                raise FetchError(msg)
            if response.is_stream_consumed:
                # Built in memory (a MockTransport's Response(content=...)): already read.
                return self._in_memory(response, etag, modified, final_url)
            decoder = _decoder(response.headers.get("Content-Encoding", ""))
            body = bytearray()
            # Raw bytes, decoded here with a bounded output (see the module notes).
            for raw in response.iter_raw():
                body += decoder.decompress(raw, self.max_bytes + 1 - len(body)) if decoder else raw
                if len(body) > self.max_bytes or (decoder and decoder.unconsumed_tail):
                    msg = f"too large: cut at {self.max_bytes:,} bytes"
                    raise FetchError(msg)
                if time.monotonic() - started > self.deadline_s:
                    msg = f"timed out (download took over {self.deadline_s:g} s)"
                    raise FetchError(msg)
            if decoder is not None:
                body += decoder.flush()
                if len(body) > self.max_bytes:
                    msg = f"too large: cut at {self.max_bytes:,} bytes"
                    raise FetchError(msg)
            return Fetched("ok", bytes(body), etag, modified, final_url)

    def _in_memory(
        self, response: httpx2.Response, etag: str | None, modified: str | None, final_url: str
    ) -> Fetched:
        if len(response.content) > self.max_bytes:
            msg = f"too large: cut at {self.max_bytes:,} bytes"
            raise FetchError(msg)
        return Fetched("ok", response.content, etag, modified, final_url)


def _decoder(content_encoding: str) -> Any:
    """A zlib decompressor for the response's encoding, or None for an unencoded body."""
    encoding = content_encoding.strip().lower()
    if encoding in ("", "identity"):
        return None
    if encoding in ("gzip", "x-gzip"):
        return zlib.decompressobj(16 + zlib.MAX_WBITS)
    if encoding == "deflate":
        return zlib.decompressobj()
    msg = f"unsupported content encoding {encoding!r}"
    raise FetchError(msg)
