"""A requests adapter that connects to one address checked beforehand, whatever DNS says.

The fetcher resolves a host itself and checks every address; connecting by name again
would let a second DNS answer (rebinding) point the socket somewhere else. Here the URL
keeps its host name (the Host header, TLS SNI and certificate checks use it), but the
socket goes to the pinned address and nowhere else.
"""

from __future__ import annotations

import socket
from typing import Any

from requests.adapters import HTTPAdapter
from urllib3 import HTTPConnectionPool, HTTPSConnectionPool, PoolManager
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError
from urllib3.util import connection


class _PinnedConnection:
    """Mixin: open the socket to `pinned_address` instead of resolving the host again."""

    pinned_address: str

    def _new_conn(self) -> socket.socket:
        try:
            return connection.create_connection(
                (self.pinned_address, self.port),  # type: ignore[attr-defined]
                self.timeout,  # type: ignore[attr-defined]
                source_address=self.source_address,  # type: ignore[attr-defined]
                socket_options=self.socket_options,  # type: ignore[attr-defined]
            )
        except TimeoutError as exc:
            message = f"connecting to {self.pinned_address} timed out"
            raise ConnectTimeoutError(self, message) from exc
        except OSError as exc:
            message = f"cannot connect to {self.pinned_address}: {exc}"
            raise NewConnectionError(self, message) from exc


class _PinnedHTTPConnection(_PinnedConnection, HTTPConnection):
    def __init__(self, *args: Any, pinned_address: str, **kwargs: Any) -> None:
        self.pinned_address = pinned_address
        super().__init__(*args, **kwargs)


class _PinnedHTTPSConnection(_PinnedConnection, HTTPSConnection):
    def __init__(self, *args: Any, pinned_address: str, **kwargs: Any) -> None:
        self.pinned_address = pinned_address
        super().__init__(*args, **kwargs)


class _PinnedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _PinnedHTTPConnection


class _PinnedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _PinnedHTTPSConnection


class _PinnedPoolManager(PoolManager):
    """Pools whose connections all go to one address."""

    def __init__(self, *args: Any, pinned_address: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pinned_address = pinned_address
        self.pool_classes_by_scheme = {"http": _PinnedHTTPPool, "https": _PinnedHTTPSPool}

    def _new_pool(
        self,
        scheme: str,
        host: str,
        port: int,
        request_context: dict[str, Any] | None = None,
    ) -> HTTPConnectionPool:
        pool = super()._new_pool(scheme, host, port, request_context)
        pool.conn_kw["pinned_address"] = self.pinned_address
        return pool


class PinnedAdapter(HTTPAdapter):
    """Send every request of a session to `address` (an IP string), never retrying."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__(max_retries=0)

    def init_poolmanager(
        self, connections: int, maxsize: int, block: bool = False, **pool_kwargs: Any
    ) -> None:
        """Build the pool manager that pins every connection to the checked address."""
        self._pool_connections = connections
        self._pool_maxsize = maxsize
        self._pool_block = block
        self.poolmanager = _PinnedPoolManager(
            num_pools=connections,
            maxsize=maxsize,
            block=block,
            pinned_address=self.address,
            **pool_kwargs,
        )
