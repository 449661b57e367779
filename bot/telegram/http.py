"""python-telegram-bot's networking backend on aiohttp (PTB's `BaseRequest` extension point).

PTB's default backend, httpx, costs 1-3 ms of CPU per request on this project's 2-core
machine, growing with the connection pool (2.2 ms at 32 connections, 2.9 ms at 128, measured
against the fake Bot API: docs/benchmarks.md); aiohttp costs ~0.2 ms. At Telegram's free 30
messages/s either is fine, but a paid broadcast at 1,000 messages/s cannot be sent through
httpx on one core. Long polling (one request at a time) stays on PTB's httpx backend.

Errors are mapped as PTB's own backend maps them (timeouts to `TimedOut`, the rest to
`NetworkError`, the aiohttp exception as `__cause__`), and `NOT_SENT` names the failures where
the request cannot have reached Telegram (the brief sender may then send it again).
"""

from __future__ import annotations

import json
import ssl

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

# Failing before the request was written: no connection (refused, DNS), or none free in time.
NOT_SENT: tuple[type[BaseException], ...] = (
    aiohttp.ClientConnectorError,
    aiohttp.ConnectionTimeoutError,
)

JSON_HEADERS = {"Content-Type": "application/json"}


class AiohttpRequest(BaseRequest):
    """One aiohttp session with at most `connection_pool_size` connections."""

    def __init__(
        self,
        connection_pool_size: int = 1,
        connect_timeout: float = 5.0,
        read_timeout: float = 5.0,
        write_timeout: float = 5.0,
        pool_timeout: float = 1.0,
        media_write_timeout: float = 20.0,
        ssl_context: ssl.SSLContext | None = None,
    ):
        self.pool_size = connection_pool_size
        self._ssl: ssl.SSLContext | bool = ssl_context if ssl_context is not None else True
        self._timeouts = {
            "connect": connect_timeout,
            "read": read_timeout,
            "write": write_timeout,
            "pool": pool_timeout,
            "media_write": media_write_timeout,
        }
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float:
        return self._timeouts["read"]

    @property
    def is_open(self) -> bool:
        return self._session is not None and not self._session.closed

    async def initialize(self) -> None:
        """The session needs a running loop, so it is opened here, not in __init__."""
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self.pool_size, ssl=self._ssl),
                headers={"User-Agent": self.USER_AGENT},
            )

    async def shutdown(self) -> None:
        if self.is_open:
            assert self._session is not None
            await self._session.close()

    def _timeout(
        self,
        read: ODVInput[float],
        write: ODVInput[float],
        connect: ODVInput[float],
        pool: ODVInput[float],
        media: bool,
    ) -> aiohttp.ClientTimeout:
        """aiohttp has no write timeout: writing the request counts against the total, which is
        bounded by write + read (as the two phases of a request through httpx)."""
        values = {
            "read": self._timeouts["read"] if isinstance(read, DefaultValue) else read,
            "connect": self._timeouts["connect"] if isinstance(connect, DefaultValue) else connect,
            "pool": self._timeouts["pool"] if isinstance(pool, DefaultValue) else pool,
            "write": self._timeouts["media_write" if media else "write"]
            if isinstance(write, DefaultValue)
            else write,
        }
        total = None
        if values["read"] is not None and values["write"] is not None:
            total = values["read"] + values["write"]
        acquire = None  # waiting for a free connection, then opening one
        if values["connect"] is not None and values["pool"] is not None:
            acquire = values["connect"] + values["pool"]
        return aiohttp.ClientTimeout(
            total=total, connect=acquire, sock_connect=values["connect"], sock_read=values["read"]
        )

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        """See `BaseRequest.do_request`: the status and body, or TimedOut / NetworkError."""
        if self._session is None or self._session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data.multipart_data if request_data else None
        data: aiohttp.FormData | bytes | None = None
        headers = None
        if files and request_data:
            data = aiohttp.FormData()
            for name, value in request_data.json_parameters.items():
                data.add_field(name, value)
            for name, part in files.items():
                filename, content, mimetype = part  # PTB's (file name, bytes, MIME type)
                data.add_field(name, content, filename=filename, content_type=mimetype)
        elif request_data:
            # A JSON body, which the Bot API accepts for everything but uploads: the C encoder,
            # where form encoding a 4,000-character brief costs ~1 ms in urllib's quote.
            data = json.dumps(request_data.parameters).encode()
            headers = JSON_HEADERS
        timeout = self._timeout(
            read_timeout, write_timeout, connect_timeout, pool_timeout, media=bool(files)
        )
        try:
            async with self._session.request(
                method, url, data=data, headers=headers, timeout=timeout
            ) as res:
                return res.status, await res.read()
        except TimeoutError as err:  # aiohttp's timeouts included
            raise TimedOut(f"aiohttp.{err.__class__.__name__}: {err}") from err
        except aiohttp.ClientError as err:
            raise NetworkError(f"aiohttp.{err.__class__.__name__}: {err}") from err
