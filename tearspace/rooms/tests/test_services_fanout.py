"""Two ASGI workers on a private Redis and a private PostgreSQL: nothing acknowledged is lost.

Runs with the other service tests (marker `services`). It starts its own redis-server and its
own PostgreSQL cluster (as the `postgres` OS user when run as root) on free ports, so stopping
them never touches the machine's own services. Without those programs the module is skipped,
or fails when TEARSPACE_REQUIRE_SERVICES=1.
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
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import pytest
from django.conf import settings as django_settings

from tearspace.rooms.consumers import DATABASE_AWAY_REASON

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.services


def _missing(what: str) -> NoReturn:
    reason = f"the service fault tests need {what}"
    if os.environ.get("TEARSPACE_REQUIRE_SERVICES") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# Generous: a worker imports Django and loads the text models; on a loaded machine that has
# taken over 20 s.
def _wait(port: int, process: subprocess.Popen[bytes] | None = None, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"the process meant to listen on {port} exited")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError(f"nothing listening on {port}")


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    """One temporary directory for the module's servers, workers and logs."""
    # Not in the process's private temp folder (tearspace.core.datadir, 0700 by design): the
    # `postgres` user must reach this test cluster's data, which holds nobody's words.
    system_temp = os.environ.get("TMPDIR", "/tmp")
    base = Path(tempfile.mkdtemp(prefix="rooms-services-", dir=system_temp))
    base.chmod(0o711)  # the `postgres` user must reach its own directory inside
    yield base
    shutil.rmtree(base, ignore_errors=True)


# --- a private PostgreSQL ---------------------------------------------------------------------


def _postgres_bindir() -> Path | None:
    """Where initdb and pg_ctl live: pg_config's answer, Debian's versioned dirs, then PATH."""
    candidates: list[Path] = []
    if pg_config := shutil.which("pg_config"):
        found = subprocess.run(  # noqa: S603 - a fixed question to pg_config
            [pg_config, "--bindir"], capture_output=True, text=True, check=False
        )
        candidates.append(Path(found.stdout.strip()))
    versions = Path("/usr/lib/postgresql").glob("*/bin")
    newest_first = sorted(
        versions, key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0
    )
    candidates += reversed(newest_first)
    if initdb := shutil.which("initdb"):
        candidates.append(Path(initdb).resolve().parent)
    for bindir in candidates:
        if (bindir / "initdb").is_file() and (bindir / "pg_ctl").is_file():
            return bindir
    return None


class Postgres:
    """A throwaway cluster tuned for speed, not durability; trust auth on 127.0.0.1 only."""

    def __init__(self, bindir: Path, base: Path) -> None:
        self.bindir = bindir
        self.dir = base / "pg"
        self.data = str(self.dir / "data")
        self.port = _port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/tearspace"
        # PostgreSQL refuses to run as root: run its programs as the `postgres` user then.
        self.as_owner = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, program: str, *args: str) -> None:
        done = subprocess.run(  # noqa: S603 - the cluster's own programs, fixed arguments
            [*self.as_owner, str(self.bindir / program), *args],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise AssertionError(f"{program} failed: {done.stderr.strip()}")

    def create(self) -> None:
        self.dir.mkdir()
        if self.as_owner:
            shutil.chown(self.dir, "postgres")
        options = ["-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]
        self._run("initdb", "-D", self.data, *options)
        self.start()
        self._run(
            "createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "tearspace"
        )

    def start(self) -> None:
        # A commit is written out before it is answered (synchronous_commit stays on), so an
        # acknowledged message survives the crash below, as on a real server; with it off, a
        # commit the socket had acknowledged could be lost and its sequence number handed out
        # again (seen under load: two keys acknowledged with one number). fsync and full page
        # writes guard against the machine failing, which these tests never do.
        options = (
            f"-p {self.port} -k '{self.dir}' -c listen_addresses=127.0.0.1"
            " -c fsync=off -c full_page_writes=off"
        )
        self._run("pg_ctl", "start", "-w", "-D", self.data, "-l", f"{self.dir}/log", "-o", options)

    def stop(self) -> None:
        """Stop at once, as a crash would: no checkpoint, every connection cut."""
        self._run("pg_ctl", "stop", "-w", "-m", "immediate", "-D", self.data)

    def running(self) -> bool:
        with socket.socket() as s:
            return s.connect_ex(("127.0.0.1", self.port)) == 0


def _env(scratch: Path, database_url: str, redis_url: str | None = None) -> dict[str, str]:
    """The environment of the project's own processes: the private services, our keys."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=database_url,
        DATA_DIR=str(scratch / "data"),
        # The same keys in every process, so sessions made by the setup are valid in workers.
        SECRET_KEY=django_settings.SECRET_KEY,
        FIELD_ENCRYPTION_KEYS=",".join(django_settings.SALT_KEY),
    )
    if redis_url:
        env.update(REDIS_URL=redis_url, REDIS_PREFIX="roomsfault")
    return env


@pytest.fixture(scope="module")
def postgres(scratch: Path) -> Iterator[Postgres]:
    bindir = _postgres_bindir()
    if bindir is None:
        _missing("PostgreSQL's initdb and pg_ctl (pg_config --bindir, /usr/lib/postgresql)")
    if os.geteuid() == 0 and not shutil.which("runuser"):
        _missing("runuser, to run PostgreSQL as the postgres user")
    server = Postgres(bindir, scratch)
    try:
        server.create()
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v", "0"],
            cwd=ROOT,
            env=_env(scratch, server.url),
            check=True,
        )
        yield server
    finally:
        with contextlib.suppress(AssertionError, FileNotFoundError):
            server.stop()


@dataclass
class People:
    room: int
    cookies: dict[str, str]
    token: str


@pytest.fixture
def people(postgres: Postgres, scratch: Path) -> People:
    """A new room in the private database with alice, bob and charlie in it."""
    found = subprocess.run(
        [sys.executable, "-m", "tearspace.rooms.tests.services_setup"],
        cwd=ROOT,
        env=_env(scratch, postgres.url),
        capture_output=True,
        text=True,
        check=False,
    )
    assert found.returncode == 0, found.stderr
    return People(**json.loads(found.stdout.splitlines()[-1]))


# --- a private Redis and two workers ------------------------------------------------------------


class Redis:
    def __init__(self, binary: str, base: Path) -> None:
        self.binary = binary
        self.port = _port()
        self.dir = base
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        unsaved = ["--save", "", "--appendonly", "no", "--dir", str(self.dir)]
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [self.binary, "--port", str(self.port), *unsaved],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait(self.port, self.process)

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(10)
            self.process = None


@pytest.fixture
def redis(scratch: Path) -> Iterator[Redis]:
    binary = shutil.which("redis-server")
    if binary is None:
        _missing("redis-server")
    server = Redis(binary, Path(tempfile.mkdtemp(prefix="redis-", dir=scratch)))
    server.start()
    yield server
    server.stop()


@dataclass
class Worker:
    process: subprocess.Popen[bytes]
    port: int
    log: Path


UVICORN = [sys.executable, "-m", "uvicorn", "config.asgi:application"]


@pytest.fixture
def workers(postgres: Postgres, redis: Redis, scratch: Path) -> Iterator[list[Worker]]:
    """Two uvicorn processes sharing the private PostgreSQL and Redis, as in production."""
    env = _env(scratch, postgres.url, f"redis://127.0.0.1:{redis.port}/0")
    started = []
    for _ in range(2):
        port = _port()
        log = scratch / f"worker-{port}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
                [*UVICORN, "--port", str(port), "--lifespan", "off", "--log-level", "warning"],
                cwd=ROOT,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        started.append(Worker(process, port, log))
    try:
        for worker in started:
            _wait(worker.port, worker.process)
        yield started
    finally:
        for worker in started:
            worker.process.kill()
            worker.process.wait(10)
            # Shown only when the test fails: what the workers said.
            print(f"--- worker {worker.port}:\n{worker.log.read_text()[-4000:]}")


# --- clients ------------------------------------------------------------------------------------


class Client:
    """A room client that keeps its last seq, de-duplicates by id and resumes with ?after=."""

    def __init__(self, port: int, room: int, cookie: str) -> None:
        self.port, self.room, self.cookie = port, room, cookie
        self.seqs: dict[int, int] = {}  # id -> seq
        self.duplicates = 0
        self.acks: dict[str, int] = {}
        self.ws: Any = None
        self.reader: asyncio.Task[None] | None = None
        self.opened = asyncio.Event()  # the history arrived: subscribed to the room

    @property
    def last_seq(self) -> int:
        return max(self.seqs.values(), default=0)

    def _take(self, messages: list[dict[str, Any]]) -> None:
        for m in messages:
            if m["id"] in self.seqs:
                self.duplicates += 1
            self.seqs[m["id"]] = m["seq"]

    async def _open(self, after: str) -> None:
        from websockets.asyncio.client import connect

        self.opened.clear()
        self.ws = await connect(
            f"ws://127.0.0.1:{self.port}/ws/rooms/{self.room}/{after}",
            additional_headers={"Cookie": self.cookie, "Origin": f"http://127.0.0.1:{self.port}"},
        )
        self.reader = asyncio.create_task(self._read())

    async def connect(self, port: int | None = None) -> None:
        self.port = port or self.port
        await self._open(f"?after={self.last_seq}" if self.seqs else "")
        await asyncio.wait_for(self.opened.wait(), 10)

    async def _read(self) -> None:
        try:
            async for raw in self.ws:
                event = json.loads(raw)
                if event["type"] == "history":
                    self._take([m for m in event["messages"] if m["id"] not in self.seqs])
                    self.opened.set()
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
        data = await asyncio.to_thread(_fetch, self.port, self.room, self.cookie, 0)
        self._take([m for m in data["messages"] if m["id"] not in self.seqs])

    async def send(self, key: str) -> None:
        await self.ws.send(json.dumps({"action": "send", "key": key, "body": f"note {key}"}))


def _fetch(port: int, room: int, cookie: str, after: int) -> dict[str, Any]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/rooms/{room}/messages?after={after}",
        headers={"Cookie": cookie},
    )
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
        data: dict[str, Any] = json.loads(response.read())
        return data


async def _until(condition: Callable[[], bool], seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.05)


class StreamClient(Client):
    """A client as room.js behaves: unacknowledged sends are re-sent (same key) on reconnect
    and, after a growing pause, when the server answers "retry"; a dropped socket reconnects
    with ?after=, and a gap or `resync` fetches ?after= from the API.

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
        self.first_sent: dict[str, float] = {}  # key -> when it was first sent
        self.acked_at: dict[str, float] = {}
        self.retry_errors: list[dict[str, Any]] = []
        self.other_errors: list[dict[str, Any]] = []
        self.tries = 0
        self.resender: asyncio.Task[None] | None = None

    def _take(self, messages: list[dict[str, Any]]) -> None:
        super()._take(messages)
        for m in messages:
            self.seen.add(m["seq"])
        while self.upto + 1 in self.seen:
            self.upto += 1

    async def connect(self, port: int | None = None) -> None:
        await self._open(f"?after={self.upto}" if self.seen else "")
        await self._resend()

    async def _resend(self) -> None:
        for key, body in tuple(self.pending.items()):
            await self.ws.send(json.dumps({"action": "send", "key": key, "body": body}))

    def _resend_soon(self) -> None:
        """As room.js: one re-send at a time, after 0.5 s, 1 s, 2 s, 4 s while refused."""
        if self.resender is not None and not self.resender.done():
            return
        delay = min(4.0, 0.5 * 2**self.tries)
        self.tries += 1

        async def later() -> None:
            await asyncio.sleep(delay)
            with contextlib.suppress(Exception):  # a dropped socket re-sends on reconnect
                await self._resend()

        self.resender = asyncio.create_task(later())

    async def start(self) -> None:
        await self.connect()
        await asyncio.wait_for(self.opened.wait(), 10)
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
                    self.opened.set()
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
                    self.acked_at.setdefault(event["key"], time.monotonic())
                    self.tries = 0
                elif kind == "error" and event.get("retry"):
                    self.retry_errors.append(event)
                    self._resend_soon()
                elif kind == "error":
                    self.other_errors.append(event)
        except Exception:  # noqa: S110 - the socket closing ends the reader
            pass

    async def resync(self) -> None:
        async with self.fetching:
            while True:
                try:
                    data = await asyncio.to_thread(
                        _fetch, self.port, self.room, self.cookie, self.upto
                    )
                except Exception:
                    return
                self._take([m for m in data["messages"] if m["id"] not in self.seqs])
                if not data["messages"] or self.upto >= data["last_seq"]:
                    return

    async def send_stream(self, back: asyncio.Event, every: float) -> None:
        """Send every `every` s until the service is `back`, then once more at once, and stop.

        The last messages leave just after the restart, before the other worker's Redis client
        has re-subscribed, and no later message reveals the gap: only the hub's recovery does.
        """
        n = 0
        while True:
            last = back.is_set()
            key = f"{self.name}-{n}"
            n += 1
            self.pending[key] = f"note {key}"
            self.first_sent[key] = time.monotonic()
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


async def _join(people: People, ports: list[int]) -> list[StreamClient]:
    """Alice and Charlie on the first worker, Bob on the second; each says hello to all.

    The hellos also load the text models in both workers (seconds on a busy machine), which
    would otherwise hold up the first message of the stream.
    """
    clients = [
        StreamClient(name, port, people.room, people.cookies[name])
        for name, port in (("alice", ports[0]), ("bob", ports[1]), ("charlie", ports[0]))
    ]
    for client in clients:
        await client.start()
        await client.send(f"hello-{client.name}")
    await _until(lambda: all(len(c.seqs) == len(clients) for c in clients), seconds=30)
    for client in clients:
        client.acks.clear()
    return clients


async def _nothing_lost(clients: list[StreamClient], people: People, port: int) -> None:
    """Every send acknowledged once, every member has every message once, with no gap."""
    await _until(lambda: not any(c.pending for c in clients), seconds=15)
    acked = {seq for c in clients for seq in c.acks.values()}
    sent = sum(c.sent for c in clients)
    # Every send acknowledged, each with a sequence number of its own.
    assert len(acked) == sent, {c.name: c.acks for c in clients}
    await _until(lambda: all(acked <= set(c.seqs.values()) for c in clients), seconds=15)

    for client in clients:
        assert client.duplicates == 0
        everything = set(client.seqs.values())
        assert len(client.seqs) == len(everything)  # one message per seq
        assert everything == set(range(1, max(everything) + 1))  # no gap
        assert client.reader is not None
        assert not client.reader.done()  # connected at the end (maybe after a reconnect)
    # The database holds each key once: retries never duplicated a message.
    stored = await asyncio.to_thread(_fetch, port, people.room, people.cookies["alice"], 0)
    bodies = [m["body"] for m in stored["messages"]]
    assert len(bodies) == len(set(bodies)) == len(clients) + sent


# --- the faults ---------------------------------------------------------------------------------


def test_it_loses_nothing_across_workers_and_a_killed_worker(
    people: People, workers: list[Worker]
) -> None:
    asyncio.run(_killed_worker(people, workers))


async def _killed_worker(people: People, workers: list[Worker]) -> None:
    (a, b), room = workers, people.room
    alice = Client(a.port, room, people.cookies["alice"])
    bob = Client(b.port, room, people.cookies["bob"])
    await alice.connect()
    await bob.connect()

    # Sent through worker A, received on worker B (the first message loads the text models).
    await alice.send("a1")
    await _until(lambda: len(bob.seqs) == 1, seconds=30)

    for n in range(3):
        await alice.send(f"more{n}")
    await _until(lambda: len(bob.seqs) == 4)

    # kill -9 worker B: bob reconnects to worker A and resumes after his last seq.
    b.process.kill()
    b.process.wait(10)
    await alice.send("while-b-died")
    await _until(lambda: "while-b-died" in alice.acks)
    await bob.connect(a.port)
    acked = set(alice.acks.values())
    await _until(lambda: acked <= set(bob.seqs.values()), seconds=20)
    assert bob.duplicates == 0
    assert sorted(bob.seqs.values()) == list(range(1, max(acked) + 1))
    for client in (alice, bob):
        await client.ws.close()


def test_it_loses_nothing_when_redis_stops_for_3_seconds_mid_stream(
    people: People, workers: list[Worker], redis: Redis
) -> None:
    asyncio.run(_redis_outage(people, [w.port for w in workers], redis))


async def _redis_outage(people: People, ports: list[int], redis: Redis) -> None:
    started = time.monotonic()
    clients = await _join(people, ports)
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
    assert sum(c.sent for c in clients) > 3 * 12
    await _nothing_lost(clients, people, ports[0])
    for client in clients:
        await client.stop()
    assert time.monotonic() - started < 45


def test_it_loses_nothing_when_postgres_stops_for_3_seconds_mid_stream(
    people: People, workers: list[Worker], postgres: Postgres
) -> None:
    try:
        asyncio.run(_database_outage(people, [w.port for w in workers], postgres))
    finally:
        if not postgres.running():
            postgres.start()  # the next test needs it


async def _database_outage(people: People, ports: list[int], postgres: Postgres) -> None:
    clients = await _join(people, ports)
    back = asyncio.Event()
    away: list[float] = []  # when the database stopped and when it was started again

    async def outage() -> None:
        await asyncio.sleep(1)
        await asyncio.to_thread(postgres.stop)
        away.append(time.monotonic())
        # Sends now get a retryable error on a socket that stays open; the API says 503.
        await _until(lambda: all(c.retry_errors for c in clients), seconds=3)
        status, answer = await asyncio.to_thread(_api_send, ports[1], people, "via the api")
        assert status == 503, answer
        assert "try again" in answer["detail"]
        await asyncio.sleep(max(0.0, 3 - (time.monotonic() - away[0])))
        away.append(time.monotonic())
        await asyncio.to_thread(postgres.start)
        back.set()

    # Some 4 messages a second in all before, during and just after a 3 s database outage; each
    # client well under the socket's rate limit even when it re-sends everything unacknowledged.
    await asyncio.gather(outage(), *(c.send_stream(back, every=0.75) for c in clients))
    await _nothing_lost(clients, people, ports[0])

    stopped, restarted = away
    for client in clients:
        assert client.reconnects == 0, client.name  # the sockets stayed open throughout
        assert client.other_errors == []
        assert {e["reason"] for e in client.retry_errors} == {DATABASE_AWAY_REASON}
        # What was sent while the database was away was acknowledged only after it came back.
        during = [k for k, at in client.first_sent.items() if stopped < at < restarted]
        assert during
        assert all(client.acked_at[key] > restarted for key in during)
        await client.stop()


def _api_send(port: int, people: People, body: str) -> tuple[int, dict[str, Any]]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/rooms/{people.room}/messages",
        data=json.dumps({"body": body, "key": "api"}).encode(),
        headers={"Authorization": f"Bearer {people.token}", "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())
