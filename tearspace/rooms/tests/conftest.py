import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from channels.layers import channel_layers
from playwright.sync_api import Browser, Page

from tearspace.accounts.models import User
from tearspace.core.tests.fresh import DATABASE, migrated_database
from tearspace.lib.outbox import Outbox
from tearspace.rooms.actions import do_create_room, do_join_room
from tearspace.rooms.models import Kind, Room
from tearspace.safety import screening
from tearspace.safety.screening import Screening

CRISIS_WORD = "CRISIS"
WORRY_WORD = "WORRY"  # worries screening short of imminent risk: help shown, no escalation


def fake_assess(text: str) -> Screening:
    if CRISIS_WORD in text:
        return Screening(level="urgent", show_help=True, reasons=["test"])
    if WORRY_WORD in text:
        return Screening(level="concern", show_help=True, reasons=["test"])
    return Screening(level="none", show_help=False)


@pytest.fixture(autouse=True)
def _predictable_screening(monkeypatch: pytest.MonkeyPatch) -> None:
    """Screening levels come from the text models; tests pin them to one marker word."""
    monkeypatch.setattr(screening, "assess", fake_assess)


@pytest.fixture(autouse=True)
def _fresh_channel_layer() -> Iterator[None]:
    channel_layers.backends = {}
    yield
    channel_layers.backends = {}


def with_mfa(user: User) -> User:
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "X"})
    return user


@pytest.fixture
def room(host: User) -> Room:
    with_mfa(host)
    return do_create_room(host=host, title="Goodbye films", kind=Kind.OPEN, capacity=10)


@pytest.fixture
def member(alice: User, room: Room) -> User:
    do_join_room(room=room, user=alice)
    return alice


@pytest.fixture
def member2(bob: User, room: Room) -> User:
    do_join_room(room=room, user=bob)
    return bob


@pytest.fixture
def third(charlie: User, room: Room) -> User:
    """Charlie, in the room too."""
    do_join_room(room=room, user=charlie)
    return charlie


@pytest.fixture
def mod(moderator: User) -> User:
    return with_mfa(moderator)


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int, dict[str, Any]]]:
    """Capture what actions publish (room events and personal events)."""
    captured: list[tuple[str, int, dict[str, Any]]] = []
    monkeypatch.setattr(Outbox, "room", lambda self, rid, e, **_: captured.append(("room", rid, e)))
    monkeypatch.setattr(Outbox, "person", lambda self, uid, e: captured.append(("user", uid, e)))
    return captured


# --- Real browsers against a real server ------------------------------------------------------

ROOT = Path(__file__).resolve().parents[3]
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--autoplay-policy=no-user-gesture-required",
]

# Lets the test drop the page's socket and hold reconnects back while messages are sent.
SOCKET_SPY = """
(() => {
  const Real = window.WebSocket;
  window.__sockets = [];
  window.__blocked = false;
  window.__urls = [];
  function Spy(url, protocols) {
    window.__urls.push(url);
    const target = window.__blocked ? url.replace("/ws/rooms/", "/ws/blocked/") : url;
    const socket = new Real(target, protocols);
    window.__sockets.push(socket);
    return socket;
  }
  Spy.prototype = Real.prototype;
  Object.assign(Spy, { CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 });
  window.WebSocket = Spy;
})();
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _server_env(data_dir: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATA_DIR": data_dir,
        "SECRET_KEY": "browser-test-secret-key-0123456789-0123456789",
        "FIELD_ENCRYPTION_KEYS": "browser-test-encryption-key-0123456789",
        "LOG_LEVEL": "WARNING",
    }
    for name in ("DATABASE_URL", "REDIS_URL"):
        env.pop(name, None)
    return env


@contextlib.contextmanager
def serving(env: dict[str, str], *, wait: float = 30) -> Iterator[str]:
    """Run uvicorn on a free port with `env` (see `_server_env`) and yield its base URL once
    it accepts connections (or after `wait` seconds); stop it on the way out."""
    port = _free_port()
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
    try:
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(10)


@pytest.fixture(scope="session")
def prepared_server_data() -> tuple[Path, dict[str, Any]]:
    """A data folder made once by browser_setup.py, with what it printed.

    Migrating and encoding the clip take most of a browser module's set-up, so they happen once
    per session; each module's server runs on a copy of this folder.
    """
    data_dir = tempfile.mkdtemp(prefix="tearspace-browser-template-")
    # browser_setup's own `migrate` then has nothing left to do.
    shutil.copyfile(migrated_database(), Path(data_dir) / DATABASE)
    setup = subprocess.run(
        [sys.executable, "-m", "tearspace.rooms.tests.browser_setup"],
        cwd=ROOT,
        env=_server_env(data_dir),
        check=True,
        capture_output=True,
        text=True,
    )
    info: dict[str, Any] = json.loads(setup.stdout.strip().splitlines()[-1])
    return Path(data_dir), info


@pytest.fixture(scope="module")
def server(prepared_server_data: tuple[Path, dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """uvicorn serving a fresh file database with a room, its host, alice and bob (one per
    test module, each on its own copy of `prepared_server_data`; see browser_setup.py for what
    it holds), and `env`, the environment it runs in."""
    template, prepared = prepared_server_data
    data_dir = tempfile.mkdtemp(prefix="tearspace-browser-")
    shutil.copytree(template, data_dir, dirs_exist_ok=True)
    env = _server_env(data_dir)
    info = dict(prepared)
    info["env"] = env
    with serving(env) as base:
        info["base"] = base
        yield info


def run_against_server_database(server: dict[str, Any], script: str) -> None:
    """Run Python `script` (after `django.setup()`) against the live server's database, as a
    moderator working elsewhere would: what it stores, the server's sockets only learn of
    when they resume (its live events have no broker to reach them by)."""
    subprocess.run(  # noqa: S603 - our own interpreter and a script written by the test
        [sys.executable, "-c", f"import django\ndjango.setup()\n{script}"],
        cwd=ROOT,
        env=server["env"],
        check=True,
        capture_output=True,
        text=True,
    )


def open_live_pages(
    browser: Browser, server: dict[str, Any], people: tuple[str, ...], errors: list[str]
) -> dict[str, Page]:
    """Open the live room as each of `people` (session keys of `server`), each in a browser
    context of their own with the socket spy; page errors and Content-Security-Policy
    violations are collected in `errors`."""
    pages = {}
    for who in people:
        context = browser.new_context()
        context.add_cookies([{"name": "sessionid", "value": server[who], "url": server["base"]}])
        context.add_init_script(SOCKET_SPY)
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on(
            "console",
            lambda m: errors.append(m.text) if "Content Security Policy" in m.text else None,
        )
        page.goto(f"{server['base']}/rooms/{server['room']}/live/")
        page.wait_for_selector("#status:has-text('in the room')")
        pages[who] = page
    return pages


def drop_socket(page: Page) -> None:
    """Close the page's room socket and hold reconnects back until `window.__blocked = false`."""
    page.evaluate("window.__blocked = true; window.__sockets.at(-1).close()")
    page.wait_for_selector("#status:has-text('Reconnecting')")
