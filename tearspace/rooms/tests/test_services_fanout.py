"""Two ASGI workers on Redis (a private redis-server) and PostgreSQL: nothing acknowledged is lost.

Runs with the other service tests (DATABASE_URL and REDIS_URL set); starts its own redis-server
on another port so stopping it never touches the machine's Redis.
"""

import asyncio
import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection

from tearspace.accounts.models import User
from tearspace.rooms.models import Room

ROOT = Path(__file__).resolve().parents[3]
pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(port: int, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError(f"nothing listening on {port}")


class Redis:
    def __init__(self) -> None:
        self.port = _port()
        self.dir = tempfile.mkdtemp(prefix="rooms-redis-")
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(self.port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                self.dir,
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait(self.port)

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(10)
            self.process = None


@pytest.fixture
def redis() -> Iterator[Redis]:
    server = Redis()
    server.start()
    yield server
    server.stop()
    shutil.rmtree(server.dir, ignore_errors=True)


def _worker(redis: Redis) -> tuple[subprocess.Popen[bytes], int]:
    settings = connection.settings_dict
    url = (
        f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@{settings['HOST']}:"
        f"{settings['PORT'] or 5432}/{settings['NAME']}"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": url,
        "REDIS_URL": f"redis://127.0.0.1:{redis.port}/0",
        "REDIS_PREFIX": "roomsfault",
        "DATA_DIR": tempfile.mkdtemp(prefix="rooms-worker-"),
        # The same keys as this test process, so its sessions are valid in the workers.
        "SECRET_KEY": django_settings.SECRET_KEY,
        "FIELD_ENCRYPTION_KEYS": ",".join(django_settings.SALT_KEY),
    }
    port = _port()
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [
            sys.executable,
            "-m",
            "uvicorn",
            "config.asgi:application",
            "--port",
            str(port),
            "--lifespan",
            "off",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _wait(port)
    return process, port


def _session(user: User) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "allauth.account.auth_backends.AuthenticationBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return f"sessionid={store.session_key}"


class Client:
    """A room client that keeps its last seq, de-duplicates by id and resumes with ?after=."""

    def __init__(self, port: int, room: int, cookie: str) -> None:
        self.port, self.room, self.cookie = port, room, cookie
        self.seqs: dict[int, int] = {}  # id -> seq
        self.duplicates = 0
        self.acks: dict[str, int] = {}
        self.ws: Any = None
        self.reader: asyncio.Task[None] | None = None

    @property
    def last_seq(self) -> int:
        return max(self.seqs.values(), default=0)

    def _take(self, messages: list[dict[str, Any]]) -> None:
        for m in messages:
            if m["id"] in self.seqs:
                self.duplicates += 1
            self.seqs[m["id"]] = m["seq"]

    async def connect(self, port: int | None = None) -> None:
        from websockets.asyncio.client import connect

        self.port = port or self.port
        after = f"?after={self.last_seq}" if self.seqs else ""
        self.ws = await connect(
            f"ws://127.0.0.1:{self.port}/ws/rooms/{self.room}/{after}",
            additional_headers={"Cookie": self.cookie, "Origin": f"http://127.0.0.1:{self.port}"},
        )
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        try:
            async for raw in self.ws:
                event = json.loads(raw)
                if event["type"] == "history":
                    self._take([m for m in event["messages"] if m["id"] not in self.seqs])
                elif event["type"] == "room_message" and event["op"] == "add":
                    if event["message"]["id"] in self.seqs:
                        continue  # seen already (history and live can overlap)
                    gap = event["message"]["seq"] > self.last_seq + 1
                    self._take([event["message"]])
                    if gap:
                        await self.resync()
                elif event["type"] == "resync":
                    await self.resync()
                elif event["type"] == "ack":
                    self.acks[event["key"]] = event["seq"]
        except Exception:  # noqa: S110 - the socket closing ends the reader
            pass

    async def resync(self) -> None:
        def fetch() -> dict[str, Any]:
            request = urllib.request.Request(
                f"http://127.0.0.1:{self.port}/api/v1/rooms/{self.room}/messages?after=0",
                headers={"Cookie": self.cookie},
            )
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                data: dict[str, Any] = json.loads(response.read())
                return data

        data = await asyncio.to_thread(fetch)
        self._take([m for m in data["messages"] if m["id"] not in self.seqs])

    async def send(self, key: str) -> None:
        await self.ws.send(json.dumps({"action": "send", "key": key, "body": f"note {key}"}))


async def _until(condition: Any, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.05)


def test_it_loses_nothing_across_workers_and_a_killed_worker(
    redis: Redis, room: Room, member: User, member2: User
) -> None:
    alice_cookie, bob_cookie = _session(member), _session(member2)
    (worker_a, port_a), (worker_b, port_b) = _worker(redis), _worker(redis)
    try:
        asyncio.run(_scenario(redis, room.pk, alice_cookie, bob_cookie, port_a, port_b, worker_b))
    finally:
        for worker in (worker_a, worker_b):
            worker.kill()
            worker.wait(10)


async def _scenario(
    redis: Redis,
    room_id: int,
    alice_cookie: str,
    bob_cookie: str,
    port_a: int,
    port_b: int,
    worker_b: subprocess.Popen[bytes],
) -> None:
    alice, bob = Client(port_a, room_id, alice_cookie), Client(port_b, room_id, bob_cookie)
    await alice.connect()
    await bob.connect()
    await asyncio.sleep(0.5)

    # Sent through worker A, received on worker B.
    await alice.send("a1")
    await _until(lambda: len(bob.seqs) == 1)

    for n in range(3):
        await alice.send(f"more{n}")
    await _until(lambda: len(bob.seqs) == 4)

    # kill -9 worker B: bob reconnects to worker A and resumes after his last seq.
    worker_b.kill()
    worker_b.wait(10)
    await alice.send("while-b-died")
    await _until(lambda: "while-b-died" in alice.acks)
    await bob.connect(port_a)
    acked = set(alice.acks.values())
    await _until(lambda: acked <= set(bob.seqs.values()), seconds=20)
    assert bob.duplicates == 0
    assert sorted(bob.seqs.values()) == list(range(1, max(acked) + 1))
    for client in (alice, bob):
        await client.ws.close()


class StreamClient(Client):
    """A client as room.js behaves: unacknowledged sends are re-sent (same key) on reconnect,
    a dropped socket reconnects with ?after=, and a gap or `resync` fetches ?after= from the API.

    It resumes from the highest sequence below which it has seen everything, so a message lost
    before a later one arrived is still fetched.
    """

    def __init__(self, name: str, port: int, room: int, cookie: str) -> None:
        super().__init__(port, room, cookie)
        self.name = name
        self.pending: dict[str, str] = {}  # key -> body, until acknowledged
        self.seen: set[int] = set()
        self.upto = 0  # every seq <= upto has been seen
        self.reconnects = 0
        self.running = True
        self.fetching: asyncio.Lock = asyncio.Lock()
        self.keeper: asyncio.Task[None] | None = None
        self.sent = 0
        self.fetches: set[asyncio.Task[None]] = set()

    def _take(self, messages: list[dict[str, Any]]) -> None:
        super()._take(messages)
        for m in messages:
            self.seen.add(m["seq"])
        while self.upto + 1 in self.seen:
            self.upto += 1

    async def connect(self, port: int | None = None) -> None:
        from websockets.asyncio.client import connect

        after = f"?after={self.upto}" if self.seen else ""
        self.ws = await connect(
            f"ws://127.0.0.1:{self.port}/ws/rooms/{self.room}/{after}",
            additional_headers={"Cookie": self.cookie, "Origin": f"http://127.0.0.1:{self.port}"},
        )
        self.reader = asyncio.create_task(self._read())
        for key, body in tuple(self.pending.items()):
            await self.ws.send(json.dumps({"action": "send", "key": key, "body": body}))

    async def start(self) -> None:
        await self.connect()
        self.keeper = asyncio.create_task(self._keep_connected())

    async def _keep_connected(self) -> None:
        while self.running:
            await asyncio.sleep(0.1)
            if self.reader is not None and self.reader.done() and self.running:
                self.reconnects += 1
                await asyncio.sleep(0.4)
                try:
                    await self.connect()
                except Exception:  # noqa: S112 - the server may be briefly away; try again
                    continue

    def _catch_up(self) -> None:
        task = asyncio.create_task(self.resync())
        self.fetches.add(task)
        task.add_done_callback(self.fetches.discard)

    async def _read(self) -> None:
        try:
            async for raw in self.ws:
                event = json.loads(raw)
                kind = event["type"]
                if kind == "history":
                    self._take([m for m in event["messages"] if m["id"] not in self.seqs])
                    if not event["complete"]:
                        self._catch_up()
                elif kind == "room_message" and event["op"] == "add":
                    if event["message"]["id"] in self.seqs:
                        continue
                    self._take([event["message"]])
                    if self.upto < event["message"]["seq"]:
                        self._catch_up()  # a gap: fetch what is missing
                elif kind == "resync":
                    self._catch_up()
                elif kind == "ack":
                    self.pending.pop(event["key"], None)
                    self.acks[event["key"]] = event["seq"]
        except Exception:  # noqa: S110 - the socket closing ends the reader
            pass

    async def resync(self) -> None:
        async with self.fetching:
            while True:
                after = self.upto

                def fetch(after: int = after) -> dict[str, Any]:
                    request = urllib.request.Request(
                        f"http://127.0.0.1:{self.port}/api/v1/rooms/{self.room}/messages"
                        f"?after={after}",
                        headers={"Cookie": self.cookie},
                    )
                    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
                        data: dict[str, Any] = json.loads(response.read())
                        return data

                try:
                    data = await asyncio.to_thread(fetch)
                except Exception:
                    return
                self._take([m for m in data["messages"] if m["id"] not in self.seqs])
                if not data["messages"] or self.upto >= data["last_seq"]:
                    return

    async def send_stream(self, back: asyncio.Event, every: float) -> None:
        """Send every `every` s until Redis is `back`, then once more at once, and stop.

        The last messages leave just after the restart, before the other worker's Redis client
        has re-subscribed, and no later message reveals the gap: only the hub's recovery does.
        """
        n = 0
        while True:
            last = back.is_set()
            key = f"{self.name}-{n}"
            n += 1
            self.pending[key] = f"note {key}"
            with contextlib.suppress(Exception):  # re-sent with the same key on reconnect
                await self.ws.send(
                    json.dumps({"action": "send", "key": key, "body": f"note {key}"})
                )
            if last:
                self.sent = n
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(back.wait(), every)

    async def stop(self) -> None:
        self.running = False
        if self.keeper is not None:
            self.keeper.cancel()
        await self.ws.close()


def test_it_loses_nothing_when_redis_stops_for_3_seconds_mid_stream(
    redis: Redis, room: Room, member: User, member2: User, charlie: User
) -> None:
    from tearspace.rooms.actions import do_join_room

    do_join_room(room=room, user=charlie)
    cookies = [_session(member), _session(member2), _session(charlie)]
    (worker_a, port_a), (worker_b, port_b) = _worker(redis), _worker(redis)
    try:
        asyncio.run(_outage(redis, room.pk, cookies, port_a, port_b))
    finally:
        for worker in (worker_a, worker_b):
            worker.kill()
            worker.wait(10)


async def _outage(redis: Redis, room_id: int, cookies: list[str], port_a: int, port_b: int) -> None:
    started = time.monotonic()
    # Alice and Charlie on worker A, Bob on worker B; all three send.
    clients = [
        StreamClient("alice", port_a, room_id, cookies[0]),
        StreamClient("bob", port_b, room_id, cookies[1]),
        StreamClient("charlie", port_a, room_id, cookies[2]),
    ]
    for client in clients:
        await client.start()
    await asyncio.sleep(0.5)
    await clients[0].send("warm-up")
    await _until(lambda: all(len(c.seqs) == 1 for c in clients))
    clients[0].acks.pop("warm-up")

    back = asyncio.Event()

    async def outage() -> None:
        await asyncio.sleep(1.5)
        redis.stop()
        await asyncio.sleep(3)
        await asyncio.to_thread(redis.start)
        back.set()

    # About 3 messages a second each (under the socket's rate limit) before, during and just
    # after a 3 s Redis outage.
    await asyncio.gather(outage(), *(c.send_stream(back, every=0.3) for c in clients))

    await _until(lambda: not any(c.pending for c in clients), seconds=15)
    acked = {seq for c in clients for seq in c.acks.values()}
    sent = sum(c.sent for c in clients)
    assert sent > 3 * 12
    assert len(acked) == sent  # every send acknowledged, each once
    await _until(lambda: all(acked <= set(c.seqs.values()) for c in clients), seconds=15)

    for client in clients:
        assert client.duplicates == 0
        everything = set(client.seqs.values())
        assert len(client.seqs) == len(everything)  # one message per seq
        assert everything == set(range(1, max(everything) + 1))  # no gap
        assert client.reader is not None
        assert not client.reader.done()  # connected at the end (maybe after a reconnect)
    # The database holds each key once: retries never duplicated a message.
    stored = await asyncio.to_thread(lambda: _all_messages(port_a, room_id, cookies[0]))
    bodies = [m["body"] for m in stored]
    assert len(bodies) == len(set(bodies)) == 1 + sent
    for client in clients:
        await client.stop()
    assert time.monotonic() - started < 45


def _all_messages(port: int, room_id: int, cookie: str) -> list[dict[str, Any]]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/rooms/{room_id}/messages?after=0",
        headers={"Cookie": cookie},
    )
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
        data: dict[str, Any] = json.loads(response.read())
        messages: list[dict[str, Any]] = data["messages"]
        return messages
