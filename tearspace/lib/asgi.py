"""The server's own `send`, for sockets that write prepared frames to many recipients.

Channels' session middleware wraps `send` for every socket to save the session and set cookies
on `http.response.start`; websocket frames pass through it unchanged, but at the cost of one
more call per recipient on the hottest path (a room message to fifty people is fifty frames).
ASGI lets a middleware add keys to the scope, so `ServerSendMiddleware`, placed outside the
session middleware, keeps the server's own `send` there: nothing private of Channels is used,
and a Channels upgrade cannot stop delivery (without the key, sockets use their usual `send`).
"""

from collections.abc import Awaitable, Callable
from typing import Any

SERVER_SEND = "tearspace.server_send"

Send = Callable[[dict[str, Any]], Awaitable[None]]


class ServerSendMiddleware:
    """Put the `send` this middleware is called with into the scope as `SERVER_SEND`."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Send) -> Any:
        return await self.inner({**scope, SERVER_SEND: send}, receive, send)


def server_send(scope: dict[str, Any], fallback: Send) -> Send:
    """The server's own `send` for websocket frames, or `fallback` (the consumer's) without it.

    Only for `websocket.send` frames: accepting, closing and anything HTTP go through the
    consumer's `send`, so every middleware still sees them.
    """
    send: Send | None = scope.get(SERVER_SEND)
    return send if send is not None else fallback
