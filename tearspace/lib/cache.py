"""The Redis cache, limited to Tearspace's own keys."""

import re

from django.core.cache.backends.redis import RedisCache


class PrefixedRedisCache(RedisCache):
    """Django's Redis cache, except that `clear()` deletes only keys under this cache's prefix.

    Django's own `clear()` empties the whole Redis database (FLUSHDB), which also removes what
    anything else keeps there: another deployment's cache under its own REDIS_PREFIX, or the
    rate-limit history of another test worker sharing the server. Keys are found with SCAN
    (never KEYS), in batches, so Redis is not blocked on a large database.
    """

    def clear(self) -> None:
        """Delete every key under `KEY_PREFIX` (glob characters in it are escaped)."""
        client = self._cache.get_client(None, write=True)
        pattern = re.sub(r"([*?\[\]\\])", r"\\\1", self.key_prefix) + ":*"
        batch: list[bytes] = []
        for key in client.scan_iter(match=pattern, count=500):
            batch.append(key)
            if len(batch) == 500:
                client.delete(*batch)
                batch = []
        if batch:
            client.delete(*batch)
