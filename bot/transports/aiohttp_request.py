"""python-telegram-bot's HTTP layer on aiohttp instead of httpx.

Why: every reply is one HTTP request to the Bot API, and in the benchmarks (docs/benchmarks.md)
httpx was the largest single cost per update after the database. aiohttp's client does the
same request for a fraction of the CPU. PTB supports swapping its transport through
`telegram.request.BaseRequest`; this is that swap, nothing more: the same timeouts, the same
errors (`TimedOut`, `NetworkError`), the same bodies — plain calls as one JSON document,
uploads as multipart form data — and the same proxy settings from the environment
(``HTTPS_PROXY``, ``HTTP_PROXY``, ``NO_PROXY``).
"""

from __future__ import annotations

import json
import re
import urllib.request
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.ext import ApplicationBuilder
from telegram.request import BaseRequest, RequestData

from bot.transports.readable import readable_batch

__all__ = ["AiohttpRequest", "UpdatesRequest", "on_aiohttp"]

DEFAULT_POOL_SIZE = 256  # as PTB's ApplicationBuilder: replies go out concurrently
DEFAULT_TIMEOUT = 5.0  # seconds, like HTTPXRequest's read/write/connect defaults
MEDIA_WRITE_TIMEOUT = 20.0  # uploads (report PDFs) may take longer to send

_JSON_HEADERS = {"Content-Type": "application/json"}
_FIRST_UPDATE_ID = re.compile(rb'"update_id"\s*:\s*(\d+)')


class AiohttpRequest(BaseRequest):
    """A `BaseRequest` on one `aiohttp.ClientSession` (created on `initialize`, closed on
    `shutdown`, re-creatable after it, as PTB expects)."""

    __slots__ = ("_connection_limit", "_proxies", "_read_timeout", "_session", "_timeout")

    def __init__(
        self,
        *,
        connection_pool_size: int = DEFAULT_POOL_SIZE,
        read_timeout: float | None = DEFAULT_TIMEOUT,
        timeout: float | None = DEFAULT_TIMEOUT,
    ) -> None:
        self._connection_limit = connection_pool_size
        self._read_timeout = read_timeout
        self._timeout = timeout
        self._session: aiohttp.ClientSession | None = None
        self._proxies: dict[tuple[str, str | None], str | None] = {}

    @property
    def read_timeout(self) -> float | None:
        """The default read timeout (PTB adds it to a long poll's own timeout)."""
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._connection_limit, ttl_dns_cache=300)
            self._session = aiohttp.ClientSession(
                connector=connector,
                headers={"User-Agent": self.USER_AGENT},
                # Per-request timeouts below; no total cap (a long poll waits on purpose).
                timeout=aiohttp.ClientTimeout(total=None),
                # Not trust_env: it reads ~/.netrc and the proxy variables in a worker thread
                # on EVERY request (two thread hops, a fifth of the bot's CPU in the
                # benchmark). The proxy is looked up once per host instead (_proxy_for).
                trust_env=False,
            )

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: float | object | None = BaseRequest.DEFAULT_NONE,
        write_timeout: float | object | None = BaseRequest.DEFAULT_NONE,
        connect_timeout: float | object | None = BaseRequest.DEFAULT_NONE,
        pool_timeout: float | object | None = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("AiohttpRequest is not initialized")
        sock_read = self._pick(read_timeout, self._read_timeout)
        total = None  # no overall cap: a long poll waits on purpose
        body: dict[str, Any] = {}
        if request_data is not None and request_data.contains_files:
            # aiohttp has no separate write timeout; give uploads the longer one overall.
            write = self._pick(write_timeout, MEDIA_WRITE_TIMEOUT)
            total = None if write is None or sock_read is None else write + sock_read
            body = {"data": _form(request_data)}
        elif request_data is not None:
            body = {"data": request_data.json_payload, "headers": _JSON_HEADERS}
        timeout = aiohttp.ClientTimeout(
            total=total,
            connect=self._pick(pool_timeout, self._timeout),  # waiting for a pooled connection
            sock_connect=self._pick(connect_timeout, self._timeout),
            sock_read=sock_read,
        )
        proxy = self._proxy_for(url)
        if proxy is not None:
            body["proxy"] = proxy
        try:
            response = await self._session.request(method, url, timeout=timeout, **body)
            async with response:
                return response.status, await response.read()
        except TimeoutError as exc:
            if isinstance(exc, aiohttp.ConnectionTimeoutError) and pool_timeout is not None:
                raise TimedOut(
                    "Pool timeout: all connections are busy; the request was not sent"
                ) from exc
            raise TimedOut from exc
        except aiohttp.ClientError as exc:
            raise NetworkError(f"aiohttp.{type(exc).__name__}: {exc}") from exc

    def _proxy_for(self, url: str) -> str | None:
        """The proxy for ``url`` from the environment, as httpx (PTB's default) honours it:
        ``HTTPS_PROXY`` / ``HTTP_PROXY`` by scheme, unless ``NO_PROXY`` names the host.
        Looked up once per scheme and host (the bot talks to one)."""
        target = urlsplit(url)
        key = (target.scheme, target.hostname)
        if key not in self._proxies:
            host = target.hostname
            bypass = host is not None and urllib.request.proxy_bypass(host)
            self._proxies[key] = None if bypass else urllib.request.getproxies().get(target.scheme)
        return self._proxies[key]

    @staticmethod
    def _pick(given: object, default: float | None) -> float | None:
        """A timeout PTB passed, or ours when it passed none (`BaseRequest.DEFAULT_NONE`, or
        any other stand-in for "not given": PTB's own marker class is private)."""
        if given is None or isinstance(given, int | float):
            return given
        return default


class UpdatesRequest(AiohttpRequest):
    """The long polls' connection, which gets past an update PTB cannot read.

    PTB reads a getUpdates batch as a whole: one unreadable update fails it, the offset stays,
    and PTB fetches the same batch again at once — thousands of polls a second, for good. A
    batch asked for again (the next poll's offset does not pass its first update) is read
    update by update here, and an unreadable one is skipped (`readable_batch`). Checking
    only then keeps the normal path free of a second parse (a third of a millisecond per
    update)."""

    __slots__ = ("_first_unconfirmed",)

    def __init__(self) -> None:
        super().__init__(connection_pool_size=1)
        self._first_unconfirmed: int | None = None  # the first update id of the last batch

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: float | object | None = BaseRequest.DEFAULT_NONE,
        write_timeout: float | object | None = BaseRequest.DEFAULT_NONE,
        connect_timeout: float | object | None = BaseRequest.DEFAULT_NONE,
        pool_timeout: float | object | None = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        offset = request_data.parameters.get("offset") if request_data is not None else None
        first = self._first_unconfirmed
        again = first is not None and (not isinstance(offset, int) or offset <= first)
        status, body = await super().do_request(
            url, method, request_data, read_timeout, write_timeout, connect_timeout, pool_timeout
        )
        if again and status == HTTPStatus.OK:
            body = _readable_body(body)
        found = _FIRST_UPDATE_ID.search(body)
        self._first_unconfirmed = int(found[1]) if found else None
        return status, body


def _readable_body(body: bytes) -> bytes:
    """A getUpdates answer with `readable_batch` applied to its result."""
    try:
        data = json.loads(body)
    except ValueError:
        return body  # PTB reports an answer that is no JSON itself
    if isinstance(data, dict) and isinstance(data.get("result"), list):
        data["result"] = readable_batch(data["result"])
    return json.dumps(data).encode()


def on_aiohttp(builder: ApplicationBuilder) -> ApplicationBuilder:  # type: ignore[type-arg]
    """``builder`` with this transport for its calls and its long polls (one connection for
    those) — the bot's setup, and the benchmark's echo floor on the same transport."""
    return builder.request(AiohttpRequest()).get_updates_request(UpdatesRequest())


def _form(request_data: RequestData) -> aiohttp.FormData:
    """An upload as multipart form data: the plain parameters, then each file part."""
    form = aiohttp.FormData(request_data.json_parameters)
    for name, (filename, content, mimetype) in request_data.multipart_data.items():
        body = content if isinstance(content, bytes) else content.read()
        form.add_field(name, body, filename=filename or name, content_type=mimetype)
    return form
