"""Checks behind /healthz: database, channel layer and task worker."""

import asyncio
import uuid
from datetime import timedelta
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import connection
from django.utils import timezone

from tearspace.core.models import WorkerHeartbeat

WORKER_STALE_AFTER = timedelta(seconds=60)


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_channel_layer() -> str:
    """Send a message to a fresh channel and read it back (within two seconds)."""
    layer = get_channel_layer()
    if layer is None:
        return "not configured"
    token = uuid.uuid4().hex

    async def roundtrip() -> dict[str, Any]:
        channel = await layer.new_channel()
        await layer.send(channel, {"type": "health.ping", "token": token})
        message: dict[str, Any] = await asyncio.wait_for(layer.receive(channel), timeout=2)
        return message

    message = async_to_sync(roundtrip)()
    return "ok" if message.get("token") == token else "wrong message"


def check_task_worker() -> str:
    cutoff = timezone.now() - WORKER_STALE_AFTER
    if WorkerHeartbeat.objects.filter(seen_at__gte=cutoff).exists():
        return "ok"
    return "no worker seen in the last minute"


CHECKS = {
    "database": check_database,
    "channel_layer": check_channel_layer,
    "task_worker": check_task_worker,
}


def run_checks() -> dict[str, str]:
    """Run every check; a failing one reports its error instead of raising."""
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as exc:
            results[name] = f"error: {type(exc).__name__}: {exc}"
    return results
