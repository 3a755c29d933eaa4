"""Clearing the cache removes Tearspace's keys and nobody else's on a shared Redis."""

import os
import uuid

import pytest
from django.core.cache.backends.redis import RedisCache

from tearspace.lib.cache import PrefixedRedisCache

pytestmark = pytest.mark.services


def cache_at(prefix: str, backend: type[RedisCache] = PrefixedRedisCache) -> RedisCache:
    return backend(os.environ["REDIS_URL"], {"KEY_PREFIX": prefix})


@pytest.mark.parametrize(
    ("ours", "lookalike"),
    [
        ("site", "site2"),
        ("site*", "site-b"),  # each lookalike is what ours would match as an unescaped glob
        ("site[12]", "site1"),
        ("si?e", "site"),
        ("site\\x", "sitex"),
    ],
)
def test_clear_deletes_our_keys_only_whatever_the_prefix_holds(ours: str, lookalike: str) -> None:
    run = uuid.uuid4().hex
    mine = cache_at(f"{run}-{ours}")
    neighbours = [
        cache_at(f"{run}-{ours}-other"),  # a longer prefix that starts with ours
        cache_at(f"{run}-{lookalike}"),
        cache_at(f"{run}-someone-else", RedisCache),
    ]
    for n in range(1200):  # more than one SCAN batch
        mine.set(f"limit:{n}", n)
    for neighbour in neighbours:
        neighbour.set("limit:1", "theirs")

    mine.clear()

    assert mine.get("limit:1") is None
    assert mine.get("limit:1199") is None
    for neighbour in neighbours:
        assert neighbour.get("limit:1") == "theirs"
        neighbour.delete("limit:1")


def test_the_site_cache_is_the_prefixed_one_under_redis() -> None:
    from django.core.cache import caches

    assert isinstance(caches["default"], PrefixedRedisCache)
