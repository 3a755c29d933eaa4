"""Database access for the room socket: keep the worker thread's connection between actions.

Channels' `database_sync_to_async` runs `close_old_connections()` around every call, which with
the embedded default (`CONN_MAX_AGE = 0`) reconnects to SQLite for every chat message — about a
third of the cost of persisting one. Room socket calls all run on the one thread-sensitive
worker thread, so its connection can safely live on between calls; it is still closed after any
database error, when it left autocommit, and after `MAX_AGE` seconds, so a restarted database
is picked up again.
"""

import threading
import time
from typing import Any

from asgiref.sync import SyncToAsync
from django.db import connections

MAX_AGE = 60.0
_opened = threading.local()


def recycle_connections() -> None:
    """Close this thread's connections that are broken, mid-transaction-mode or too old."""
    now = time.monotonic()
    born: dict[str, float] = getattr(_opened, "at", None) or {}
    _opened.at = born
    for conn in connections.all(initialized_only=True):
        if conn.connection is None:
            born.pop(conn.alias, None)
            continue
        if conn.in_atomic_block:
            continue
        opened = born.setdefault(conn.alias, now)
        if (
            conn.errors_occurred
            or now - opened > MAX_AGE
            or conn.get_autocommit() != conn.settings_dict["AUTOCOMMIT"]
        ):
            conn.close()
            born.pop(conn.alias, None)


class RoomDatabaseSyncToAsync(SyncToAsync):
    """`database_sync_to_async` for the room socket's hot path (see the module docstring)."""

    def thread_handler(self, loop: Any, *args: Any, **kwargs: Any) -> Any:
        recycle_connections()
        try:
            return super().thread_handler(loop, *args, **kwargs)
        finally:
            recycle_connections()


room_db = RoomDatabaseSyncToAsync
