"""Live rooms benchmark: real websocket clients against Tearspace and a bare ASGI broadcast.

Run: .venv/bin/python benchmarks/rooms.py [--rooms 20] [--per-room 50] [--rate 0.5] [--seconds 20]

Embedded mode at design load: 20 rooms x 50 sockets, 0.5 messages/s per room, every message
persisted (SQLite, in-memory channel layer, one uvicorn process). The baseline is a tiny bare
ASGI app (below) that broadcasts each frame to its room, run under the same uvicorn in the same
run with the same clients. The server is pinned to one core and this load generator to another;
the generator reports its own CPU (a run where it passes ~80% of its core is invalid).
Prints deliveries/s, p50/p95/p99 latency, loss and server CPU per delivery; exits non-zero when
a target is missed. The last line states the targets.
"""

import argparse
import asyncio
import gc
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGET_P99_MS = 100.0
TARGET_CPU_RATIO = 3.0
SCALED_DELIVERIES = 2500
SCALED_P99_MS = 50.0
SERVER_CORE = 0
CLIENT_CORE = 1


# --- The baseline: a bare ASGI broadcast server ---------------------------------------------

_bare_rooms: dict[str, set[Any]] = {}


async def bare_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """Accept a websocket, and send every frame to everyone in the same path, as JSON, once."""
    if scope["type"] != "websocket":
        return
    path = scope["path"]
    peers = _bare_rooms.setdefault(path, set())
    seq = 0
    while True:
        message = await receive()
        if message["type"] == "websocket.connect":
            await send({"type": "websocket.accept"})
            peers.add(send)
        elif message["type"] == "websocket.receive":
            frame = json.loads(message.get("text") or "{}")
            seq += 1
            text = json.dumps(
                {
                    "type": "room_message",
                    "op": "add",
                    "message": {"id": seq, "seq": seq, "body": frame.get("body", "")},
                },
                separators=(",", ":"),
            )
            for peer in tuple(peers):
                try:
                    await peer({"type": "websocket.send", "text": text})
                except Exception:  # noqa: S112 - a peer that went away
                    continue
            await send(
                {
                    "type": "websocket.send",
                    "text": json.dumps({"type": "ack", "key": frame.get("key")}),
                }
            )
        elif message["type"] == "websocket.disconnect":
            peers.discard(send)
            return


# --- Setup ----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare_database(env: dict[str, str], rooms: int, per_room: int) -> list[list[str]]:
    """Migrate a fresh database (in a child process, so each mode has its own settings) and
    return the room ids followed by each room's session cookies."""
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    out = subprocess.run(
        [sys.executable, __file__, "--prepare", "--rooms", str(rooms), "--per-room", str(per_room)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    data: list[list[str]] = json.loads(out.strip().splitlines()[-1])
    return data


def create_people(rooms: int, per_room: int) -> list[list[str]]:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
    from django.contrib.sessions.backends.db import SessionStore

    from tearspace.accounts.handles import canonical_handle
    from tearspace.accounts.models import Role, User
    from tearspace.conversations.models import Conversation
    from tearspace.rooms.models import Kind, Membership, Room, Status

    backend = "allauth.account.auth_backends.AuthenticationBackend"
    cookies: list[list[str]] = []
    for r in range(rooms):
        host = User.objects.create(username=f"host{r}", role=Role.HOST)
        room = Room.objects.create(
            title=f"Bench {r}",
            host=host,
            kind=Kind.OPEN,
            capacity=50,
            conversation=Conversation.objects.create(kind="room"),
        )
        users = User.objects.bulk_create(
            [
                # bulk_create skips save(), which fills in the canonical handle
                User(
                    username=f"u{r}-{i}",
                    handle_key=canonical_handle(f"u{r}-{i}"),
                    password=UNUSABLE_PASSWORD_PREFIX,
                )
                for i in range(per_room)
            ]
        )
        Membership.objects.bulk_create(
            [Membership(room=room, user=u, status=Status.JOINED) for u in users]
        )
        room_cookies = []
        for user in users:
            store = SessionStore()
            store[SESSION_KEY] = str(user.pk)
            store[BACKEND_SESSION_KEY] = backend
            store[HASH_SESSION_KEY] = user.get_session_auth_hash()
            store.create()
            room_cookies.append(f"sessionid={store.session_key}")
        cookies.append(room_cookies)
    assert Room.objects.count() == rooms
    return [
        [str(room_id) for room_id in Room.objects.order_by("pk").values_list("pk", flat=True)],
        *cookies,
    ]


def start_server(
    app: str, port: int, env: dict[str, str], app_dir: str | None = None, workers: int = 1
) -> Any:
    command = [
        "taskset",
        "-c",
        str(SERVER_CORE),
        sys.executable,
        "-m",
        "uvicorn",
        app,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--ws",
        "websockets",
        "--lifespan",
        "off",
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    if app_dir:
        command += ["--app-dir", app_dir]
    if workers > 1:
        command += ["--workers", str(workers)]
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return process
        time.sleep(0.1)
    process.kill()
    raise SystemExit(f"{app} did not start")


def cpu_seconds(pid: int) -> float:
    """CPU time of a process and its children (uvicorn's workers), from /proc."""
    total = 0
    for each in [pid, *descendants(pid)]:
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / os.sysconf("SC_CLK_TCK")


def descendants(pid: int) -> list[int]:
    try:
        children = [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []
    return [c for child in children for c in (child, *descendants(child))]


# --- Load -----------------------------------------------------------------------------------


@dataclass
class Result:
    name: str
    sent: int = 0
    acked: int = 0
    deliveries: int = 0
    expected: int = 0
    duplicates: int = 0
    latencies: list[float] = field(default_factory=list)
    server_cpu: float = 0.0
    client_cpu: float = 0.0
    idle_cpu: float = 0.0
    send_wall: float = 0.0
    client_gc_pause: float = 0.0  # the load generator's longest garbage collection, seconds

    @property
    def rate(self) -> float:
        """Deliveries per second while messages were being sent."""
        return self.deliveries / max(1e-9, self.send_wall)

    wall: float = 0.0

    def pct(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    @property
    def lost(self) -> int:
        return self.expected - self.deliveries

    @property
    def cpu_per_delivery_ms(self) -> float:
        return 1000 * self.server_cpu / max(1, self.deliveries)


async def run_load(
    name: str,
    port: int,
    rooms: list[str],
    cookies: list[list[str]],
    rate: float,
    seconds: float,
    pid: int,
) -> Result:
    from websockets.asyncio.client import connect

    result = Result(name)
    received: dict[str, int] = {}
    sent_at: dict[str, float] = {}
    measuring = {"on": False}
    gate = asyncio.Semaphore(25)

    async def client(
        room_index: int, cookie: str, ready: asyncio.Event, sockets: list[Any]
    ) -> None:
        uri = f"ws://127.0.0.1:{port}/ws/rooms/{rooms[room_index]}/"
        async with gate:
            ws = await connect(
                uri,
                additional_headers={"Cookie": cookie, "Origin": f"http://127.0.0.1:{port}"},
                max_size=2**20,
                ping_interval=None,
            )
        sockets.append(ws)
        ready.set()
        seen: set[int] = set()
        try:
            async for raw in ws:
                if '"room_message"' not in raw:
                    continue
                now = time.perf_counter()
                event = json.loads(raw)
                message = event["message"]
                body = message["body"]
                if not body.startswith("bench "):
                    continue
                if message["id"] in seen:
                    result.duplicates += 1
                    continue
                seen.add(message["id"])
                key = body.split()[1]
                if key in sent_at:
                    received[key] = received.get(key, 0) + 1
                    if measuring["on"]:
                        result.latencies.append(now - sent_at[key])
        except Exception:  # noqa: S110 - the connection closing ends this client
            pass

    sockets: list[Any] = []
    tasks = []
    started = time.perf_counter()
    for r in range(len(rooms)):
        for cookie in cookies[r]:
            ready = asyncio.Event()
            tasks.append(asyncio.create_task(client(r, cookie, ready, sockets)))
    while len(sockets) < sum(len(c) for c in cookies):
        await asyncio.sleep(0.1)
        if time.perf_counter() - started > 120:
            raise SystemExit(f"{name}: only {len(sockets)} sockets connected")
    await asyncio.sleep(2.0)  # let join/presence traffic settle
    idle_before = cpu_seconds(pid)
    await asyncio.sleep(3.0)
    result.idle_cpu = (cpu_seconds(pid) - idle_before) / 3.0

    per_room = len(cookies[0])
    # Sockets were appended as they connected, so find one socket per room by its path.
    senders = []
    for r in range(len(rooms)):
        for ws in sockets:
            if ws.request.path == f"/ws/rooms/{rooms[r]}/":
                senders.append(ws)
                break
    assert len(senders) == len(rooms)

    async def sender(index: int, ws: Any, count: int, measured: bool) -> None:
        await asyncio.sleep(index / (rate * len(rooms)))
        for n in range(count):
            key = f"{'m' if measured else 'w'}{index}x{n}"
            sent_at[key] = time.perf_counter()
            if measured:
                result.sent += 1
            await ws.send(json.dumps({"action": "send", "key": key, "body": f"bench {key}"}))
            await asyncio.sleep(1 / rate)

    warm = max(1, int(rate * 3))
    await asyncio.gather(*(sender(i, ws, warm, False) for i, ws in enumerate(senders)))
    await asyncio.sleep(1.0)
    measuring["on"] = True
    stop_watching_gc = watch_gc_pauses(result)
    cpu_before = cpu_seconds(pid)
    usage_before = resource.getrusage(resource.RUSAGE_SELF)
    wall_before = time.perf_counter()
    count = max(1, int(rate * seconds))
    await asyncio.gather(*(sender(i, ws, count, True) for i, ws in enumerate(senders)))
    result.send_wall = time.perf_counter() - wall_before
    await asyncio.sleep(2.0)  # drain
    result.wall = time.perf_counter() - wall_before
    result.server_cpu = cpu_seconds(pid) - cpu_before
    stop_watching_gc()
    usage_after = resource.getrusage(resource.RUSAGE_SELF)
    result.client_cpu = (usage_after.ru_utime - usage_before.ru_utime) + (
        usage_after.ru_stime - usage_before.ru_stime
    )
    measured_keys = [k for k in sent_at if k.startswith("m")]
    result.deliveries = sum(received.get(k, 0) for k in measured_keys)
    result.expected = len(measured_keys) * per_room
    for ws in sockets:
        await ws.close()
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return result


def watch_gc_pauses(result: Result) -> Any:
    """Record the load generator's longest garbage collection; a long one would show up as
    latency that the server did not cause. Return a function that stops watching."""
    started: list[float] = []

    def callback(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started[:] = [time.perf_counter()]
        elif started:
            result.client_gc_pause = max(result.client_gc_pause, time.perf_counter() - started[0])

    gc.callbacks.append(callback)
    return lambda: gc.callbacks.remove(callback)


def report(result: Result) -> None:
    print(
        f"{result.name:>10}: {result.rate:8.0f} deliveries/s  "
        f"p50 {result.pct(0.50):6.1f} ms  p95 {result.pct(0.95):6.1f} ms  "
        f"p99 {result.pct(0.99):6.1f} ms  lost {result.lost}  dup {result.duplicates}  "
        f"server CPU {result.cpu_per_delivery_ms:.4f} ms/delivery  "
        f"load generator CPU {100 * result.client_cpu / result.wall:.0f}% of a core, "
        f"longest GC pause {1000 * result.client_gc_pause:.0f} ms  "
        f"(server idle with all sockets open: {100 * result.idle_cpu:.1f}% of a core)"
    )


def base_env(data_dir: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATA_DIR": data_dir,
        "SECRET_KEY": "bench-secret-key-0123456789-bench-secret-key",
        "FIELD_ENCRYPTION_KEYS": "bench-encryption-key-0123456789abcdef",
        "LOG_LEVEL": "CRITICAL",
        "DEBUG": "0",
    }
    for name in ("DATABASE_URL", "REDIS_URL", "REDIS_PREFIX"):
        env.pop(name, None)
    return env


def run_server(
    name: str,
    app: str,
    env: dict[str, str],
    app_dir: str | None,
    workers: int,
    rooms: list[str],
    cookies: list[list[str]],
    rate: float,
    seconds: float,
) -> Result:
    port = free_port()
    server = start_server(app, port, env, app_dir, workers)
    try:
        if workers > 1:
            time.sleep(2.0)  # let every worker start listening
        result = asyncio.run(run_load(name, port, rooms, cookies, rate, seconds, server.pid))
    finally:
        server.terminate()
        server.wait(15)
    report(result)
    return result


def embedded(args: argparse.Namespace) -> list[str]:
    """Design load on the embedded default, against the bare baseline; return missed targets."""
    data_dir = tempfile.mkdtemp(prefix="tearspace-bench-")
    env = base_env(data_dir)
    try:
        rooms, *cookies = prepare_database(env, args.rooms, args.per_room)
        bare = run_server(
            "bare ASGI",
            "rooms:bare_app",
            env,
            str(ROOT / "benchmarks"),
            1,
            rooms,
            cookies,
            args.rate,
            args.seconds,
        )
        ours = run_server(
            "Tearspace",
            "config.asgi:application",
            env,
            None,
            1,
            rooms,
            cookies,
            args.rate,
            args.seconds,
        )
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    ratio = ours.cpu_per_delivery_ms / max(1e-9, bare.cpu_per_delivery_ms)
    print(f"CPU per delivery: {ratio:.2f}x the bare ASGI broadcast")
    checks = {
        "embedded 0 lost": ours.lost == 0 and ours.duplicates == 0,
        f"embedded p99 < {TARGET_P99_MS:.0f} ms": ours.pct(0.99) < TARGET_P99_MS,
        f"CPU/delivery <= {TARGET_CPU_RATIO:.0f}x bare": ratio <= TARGET_CPU_RATIO,
        "load generator < 80% of its core": max(r.client_cpu / r.wall for r in (bare, ours)) < 0.8,
    }
    return [name for name, ok in checks.items() if not ok]


def scaled(args: argparse.Namespace) -> list[str]:
    """PostgreSQL + Redis pub/sub + 2 uvicorn workers at the scaled delivery rate."""
    import psycopg

    server_url = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432")
    database = f"ts_rooms_bench_{os.getpid()}"
    data_dir = tempfile.mkdtemp(prefix="tearspace-bench-")
    env = {
        **base_env(data_dir),
        "DATABASE_URL": f"{server_url}/{database}",
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6"),
        "REDIS_PREFIX": f"roomsbench{os.getpid()}",
    }
    rate = SCALED_DELIVERIES / (args.rooms * args.per_room)
    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{database}"')
    try:
        rooms, *cookies = prepare_database(env, args.rooms, args.per_room)
        ours = run_server(
            "scaled", "config.asgi:application", env, None, 2, rooms, cookies, rate, args.seconds
        )
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
        with psycopg.connect(f"{server_url}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    checks = {
        "scaled 0 lost": ours.lost == 0 and ours.duplicates == 0,
        f"scaled p99 < {SCALED_P99_MS:.0f} ms": ours.pct(0.99) < SCALED_P99_MS,
        # The rate while sending (as printed), not diluted by the drain that follows it.
        f"scaled >= {SCALED_DELIVERIES * 0.95:.0f} deliveries/s": ours.rate
        >= SCALED_DELIVERIES * 0.95,
    }
    return [name for name, ok in checks.items() if not ok]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rooms", type=int, default=20)
    parser.add_argument("--per-room", type=int, default=50)
    parser.add_argument("--rate", type=float, default=0.5, help="messages per second per room")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument(
        "--scaled",
        action="store_true",
        help="also run scaled mode (needs PostgreSQL and Redis, see BENCH_*_URL)",
    )
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.prepare:
        print(json.dumps(create_people(args.rooms, args.per_room)))
        return 0
    if not shutil.which("taskset"):
        raise SystemExit("taskset is needed to pin the server and the load generator")
    os.sched_setaffinity(0, {CLIENT_CORE})
    failed = embedded(args)
    targets = (
        f"targets: embedded ({args.rooms} rooms x {args.per_room} sockets, {args.rate} msg/s/room, "
        f"persisted) 0 lost, p99 < {TARGET_P99_MS:.0f} ms, CPU/delivery <= "
        f"{TARGET_CPU_RATIO:.0f}x bare"
    )
    if args.scaled:
        failed += scaled(args)
        targets += (
            f"; scaled (Redis, 2 workers, {SCALED_DELIVERIES} deliveries/s) 0 lost, "
            f"p99 < {SCALED_P99_MS:.0f} ms"
        )
    print(f"{targets} — {'MET' if not failed else 'MISSED: ' + ', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
