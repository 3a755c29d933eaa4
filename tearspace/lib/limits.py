"""Rate limits shared by every interface (pages, API, sockets), per person.

Two kinds, both kept in the default cache (Redis in scaled mode, so every process shares them):

- fixed-window budgets (`RATES`, through django-ratelimit) for slow, countable things such as
  reports and invitations;
- token buckets (`BUCKETS`) for live writes: a burst at once, then a steady trickle. Actions
  take a token themselves (`take`), so a person has one bucket per kind whichever interface
  they use.
"""

import logging
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited

logger = logging.getLogger(__name__)

RATES = {
    "reply": "20/m",
    "report": "10/h",
    "invite": "30/h",
    "share": "30/h",
    # The toolkit's notes and reminders are the person's own, but each is a row.
    "record_use": "60/h",
    "set_reminder": "20/h",
    "support": "20/h",
}


def over_limit(request: HttpRequest, group: str) -> bool:
    """Count this attempt and say whether the person has gone past the limit for `group`."""
    # The "circles-" prefix dates from when the limits lived in circles; it stays so that
    # budgets already counted in the cache carry on across the move.
    return is_ratelimited(
        request, group=f"circles-{group}", key="user_or_ip", rate=RATES[group], increment=True
    )


def over_limit_for(person_id: int, group: str) -> bool:
    """Like `over_limit`, for a signed-in person acting without a request (a room socket).

    It counts against the same budget as their pages and API calls.
    """
    return is_ratelimited(
        None,
        group=f"circles-{group}",
        key=lambda _group, _request: str(person_id),
        rate=RATES[group],
        increment=True,
    )


@dataclass(frozen=True)
class Bucket:
    """Up to `burst` actions at once, refilled at `per_minute` (tokens per minute)."""

    burst: int
    per_minute: float

    @property
    def per_second(self) -> float:
        return self.per_minute / 60


BUCKETS = {
    # Chat words, in a room's chat and in the mixer's small chats alike.
    "message": Bucket(burst=20, per_minute=120),
    "reaction": Bucket(burst=20, per_minute=120),
    "hand": Bucket(burst=10, per_minute=30),
    # A host steering a session: phase, playback, pin, hide, mute, remove, clips.
    "control": Bucket(burst=30, per_minute=240),
    # Coming into a room or a small chat (leaving is never limited).
    "join": Bucket(burst=10, per_minute=10),
    # Answers only the person sees or gives once: relief, feeling, reminders, invitations.
    "answer": Bucket(burst=10, per_minute=10),
    "room": Bucket(burst=5, per_minute=1),  # opening rooms
}

# One atomic step of a token bucket in Redis, on the server's clock (shared by every process).
TAKE_SCRIPT = """
redis.replicate_commands()
local burst = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'stamp')
local tokens = tonumber(state[1]) or burst
local stamp = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - stamp) * rate)
local taken = 0
if tokens >= 1 then
  tokens = tokens - 1
  taken = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'stamp', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil(burst / rate) + 1)
return taken
"""

_local_lock = threading.Lock()


def take(person_id: int, kind: str) -> bool:
    """Take one token from `person_id`'s bucket for `kind` (a key of `BUCKETS`); return False
    when it is empty.

    If the cache cannot be reached the action is allowed, and it is logged: a broker outage
    must never silence people (their words are in the database either way).
    """
    if not settings.RATELIMIT_ENABLE:
        return True
    bucket = BUCKETS[kind]
    key = f"bucket:{kind}:{person_id}"
    store = caches["default"]
    try:
        if isinstance(store, RedisCache):
            return _take_in_redis(store, key, bucket)
        return _take_in_process(key, bucket)
    except Exception:
        logger.exception("rate limit %s not checked (cache unavailable); allowing", kind)
        return True


def _take_in_redis(redis_cache: RedisCache, key: str, bucket: Bucket) -> bool:
    full_key = redis_cache.make_and_validate_key(key)
    client = redis_cache._cache.get_client(full_key, write=True)
    taken = client.eval(TAKE_SCRIPT, 1, full_key, bucket.burst, bucket.per_second)
    return bool(taken)


def _take_in_process(key: str, bucket: Bucket) -> bool:
    """The same step in this process's cache (embedded mode: one process serves everyone)."""
    store = caches["default"]
    with _local_lock:
        now = time.monotonic()
        tokens, stamp = store.get(key) or (float(bucket.burst), now)
        tokens = min(bucket.burst, tokens + max(0.0, now - stamp) * bucket.per_second)
        taken = tokens >= 1
        if taken:
            tokens -= 1
        store.set(key, (tokens, now), timeout=int(bucket.burst / bucket.per_second) + 1)
        return taken
