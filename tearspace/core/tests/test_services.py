"""The scaled mode's real parts: PostgreSQL and the Redis pub/sub channel layer and cache."""

import asyncio

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection

from tearspace.core.health import run_checks

pytestmark = pytest.mark.services


@pytest.mark.django_db
def test_the_suite_runs_on_postgresql():
    assert connection.vendor == "postgresql"


def test_the_channel_layer_is_redis_pubsub_and_delivers_to_a_group():
    layer = get_channel_layer()
    assert type(layer).__name__ == "RedisPubSubChannelLayer"

    async def roundtrip() -> dict:
        channel = await layer.new_channel()
        await layer.group_add("services-test", channel)
        await layer.group_send("services-test", {"type": "hello", "n": 1})
        message = await asyncio.wait_for(layer.receive(channel), timeout=5)
        await layer.group_discard("services-test", channel)
        return message

    assert async_to_sync(roundtrip)() == {"type": "hello", "n": 1}


def test_the_cache_is_redis():
    cache = caches["default"]
    assert isinstance(cache, RedisCache)
    cache.set("services-test", "kept", 30)
    assert cache.get("services-test") == "kept"


@pytest.mark.django_db
def test_healthz_checks_pass_on_the_real_services():
    checks = run_checks()
    assert checks["database"] == "ok"
    assert checks["channel_layer"] == "ok"
