"""Screenshots of Tearspace's main pages, phone and desktop, light and dark, for a reviewer.

    .venv/bin/python tools/screenshots.py OUT_DIR [--base-url URL]

Without --base-url it serves a throwaway copy: a fresh data folder (SQLite) in a temporary
directory, migrated and seeded with the demo content, on a free local port, stopped at the end.
With --base-url it photographs a running server (its demo login must exist). Files are named
`<who>-<page>-<phone|desktop>-<light|dark>.png`, plus the phone menu opened; OUT_DIR is never
committed. Uses Debian's Chromium through Playwright (nothing is downloaded).
"""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, BrowserContext, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
DEMO_HANDLE = "demo"  # tearspace.core.demo: tools never import the app
DEMO_PASSWORD = "tears-are-welcome"  # noqa: S105 - the published local demo login
UVICORN = [sys.executable, "-m", "uvicorn", "config.asgi:application"]
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 900}}
SCHEMES = ("light", "dark")
PAGES = {
    "anonymous": {
        "home": "/",
        "help": "/help/",
        "toolkit": "/toolkit/",
        "breathe": "/toolkit/breathe/",
        "login": "/accounts/login/",
        "signup": "/accounts/signup/",
    },
    "member": {
        "home": "/",
        "journal": "/journal/",
        "log-a-cry": "/journal/new/",
        "growth": "/journal/growth/",
        "circles": "/circles/",
        "community": "/circles/community/",
        "rooms": "/rooms/",
        "someone-now": "/support/",
        "self-checks": "/help/self-checks/",
        "therapists": "/care/",
        "notifications": "/circles/notifications/",
        "settings": "/settings/",
    },
}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, timeout: float = 60.0) -> None:
    """Poll `url` until it answers at all; raise RuntimeError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own local server
                return
        except urllib.error.HTTPError:
            return  # an answer: /healthz says 503 while no task worker runs, which is fine here
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {timeout:.0f} s")


@contextmanager
def throwaway_server() -> Iterator[str]:
    """Serve a migrated, seeded copy from a temporary data folder; yield its base URL."""
    with tempfile.TemporaryDirectory(prefix="tearspace-shots-") as data_dir:
        env = {**os.environ, "DATA_DIR": data_dir, "DEBUG": "0"}
        for name in ("DATABASE_URL", "REDIS_URL"):
            env.pop(name, None)
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--noinput", "--verbosity", "0"], env=env, check=True)
        subprocess.run([*manage, "seed_demo"], env=env, check=True, stdout=subprocess.DEVNULL)
        port = free_port()
        server = subprocess.Popen(
            [*UVICORN, "--port", str(port), "--log-level", "warning"],
            cwd=ROOT,
            env=env,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_up(base + "/healthz")
            yield base
        finally:
            server.terminate()
            server.wait(timeout=10)


def signed_in_context(browser: Browser, base: str) -> BrowserContext:
    """A browser context logged in as the demo member through the real login form."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "/accounts/login/")
    page.fill("input[name=login]", DEMO_HANDLE)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("form.entrance-form button[type=submit]")
    page.wait_for_load_state()
    page.close()
    return context


def shoot(browser: Browser, base: str, out: Path) -> list[Path]:
    """Photograph every page of PAGES in every viewport and scheme; return the files."""
    files: list[Path] = []
    for who, pages in PAGES.items():
        context = signed_in_context(browser, base) if who == "member" else browser.new_context()
        page = context.new_page()
        for size, viewport in VIEWPORTS.items():
            page.set_viewport_size(viewport)  # type: ignore[arg-type]
            for scheme in SCHEMES:
                page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
                for name, path in pages.items():
                    page.goto(base + path)
                    files.append(out / f"{who}-{name}-{size}-{scheme}.png")
                    page.screenshot(path=files[-1], full_page=True)
                if size == "phone":
                    page.goto(base + "/")
                    page.click(".menu-button")
                    files.append(out / f"{who}-menu-open-{size}-{scheme}.png")
                    page.screenshot(path=files[-1])
        context.close()
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path, help="folder for the PNG files (created if missing)")
    parser.add_argument("--base-url", help="photograph this running server instead")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        if args.base_url:
            files = shoot(browser, args.base_url.rstrip("/"), args.out)
        else:
            with throwaway_server() as base:
                files = shoot(browser, base, args.out)
        browser.close()
    print(f"{len(files)} screenshots in {args.out}")


if __name__ == "__main__":
    main()
