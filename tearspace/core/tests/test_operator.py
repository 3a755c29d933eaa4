"""An operator's first ten minutes: `.env` is read, and the demo has a host who can log in and
a room with clips made on this machine."""

import logging
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.conf import settings
from django.test import Client

from tearspace.accounts.models import Role, User
from tearspace.core.demo import DEMO_HANDLE, login_lines, seed
from tearspace.rooms.demo import DEMO_HOST_HANDLE, DEMO_HOST_PASSWORD, DEMO_ROOM_TITLE
from tearspace.rooms.models import Room

ROOT = Path(settings.BASE_DIR)
SHOW = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.TIME_ZONE, settings.DEFAULT_COUNTRY, settings.ENV_FILE)"
)


def settings_seen(tmp_path: Path, **extra: str) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.pop("DEFAULT_COUNTRY", None)
    env.pop("TIME_ZONE", None)
    env.update(DJANGO_SETTINGS_MODULE="config.settings", DATA_DIR=str(tmp_path / "var"), **extra)
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", SHOW], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_a_dot_env_file_sets_what_the_environment_does_not(tmp_path: Path) -> None:
    dot_env = tmp_path / ".env"
    dot_env.write_text("TIME_ZONE=Asia/Tokyo\nDEFAULT_COUNTRY=GB\n")
    assert settings_seen(tmp_path, ENV_FILE=str(dot_env)) == ["Asia/Tokyo", "GB", str(dot_env)]
    # The environment wins over the file.
    seen = settings_seen(tmp_path, ENV_FILE=str(dot_env), DEFAULT_COUNTRY="FR")
    assert seen[:2] == ["Asia/Tokyo", "FR"]


def test_without_env_file_the_one_beside_manage_py_is_read(tmp_path: Path) -> None:
    seen = settings_seen(tmp_path)
    assert seen[2] == str(ROOT / ".env")
    if not (ROOT / ".env").exists():
        assert seen[:2] == ["UTC", "US"]


def test_the_example_says_a_dot_env_file_works() -> None:
    example = (ROOT / ".env.example").read_text()
    assert "Copy this file to `.env`" in example
    assert ".env" in (ROOT / ".gitignore").read_text().split()


@pytest.fixture
def seeded(db: None, settings: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> User:
    settings.MEDIA_ROOT = str(tmp_path)
    with caplog.at_level(logging.INFO, logger="tearspace.rooms.demo"):
        seed()
        # The slow first step says what it is doing (make run sat silent for ~45 s), once.
        assert [r.getMessage() for r in caplog.records if "clips" in r.getMessage()] == [
            "Making the demo room's 2 one-minute clips (once; about a minute)"
        ]
        caplog.clear()
        seed()  # idempotent: a second `make run` adds nothing twice
        assert not any("clips" in r.getMessage() for r in caplog.records)
    return User.objects.get(username=DEMO_HOST_HANDLE)


def test_the_demo_room_has_real_clips_made_here(seeded: User) -> None:
    room = Room.objects.get(title=DEMO_ROOM_TITLE)
    assert room.host == seeded
    clips = list(room.clips.all())
    assert len(clips) == 2
    for clip in clips:
        data = clip.media.read()
        assert data[:4] == b"\x1a\x45\xdf\xa3", "not a WebM file"
        assert len(data) > 50_000  # a minute of picture and sound, not a placeholder


def test_the_demo_host_logs_in_with_the_printed_second_step(seeded: User) -> None:
    assert seeded.role == Role.HOST
    lines = login_lines()
    printed = "\n".join(lines)
    assert f"'{DEMO_HANDLE}'" in lines[0]
    assert f"handle '{DEMO_HOST_HANDLE}', password '{DEMO_HOST_PASSWORD}'" in printed
    key = printed.split("authenticator app: ")[1].split()[0]
    client = Client()
    response = client.post(
        "/accounts/login/", {"login": DEMO_HOST_HANDLE, "password": DEMO_HOST_PASSWORD}
    )
    assert response.status_code == 302
    assert "/2fa/" in response["Location"]
    code = format_hotp_value(hotp_value(key, int(time.time()) // 30))
    done = client.post(response["Location"], {"code": code})
    assert done.status_code == 302, done.content.decode()[:500]
    assert client.get("/rooms/").status_code == 200
    assert client.session.get("_auth_user_id") == str(seeded.pk)


def test_a_printed_recovery_code_works_without_an_app(seeded: User) -> None:
    printed = "\n".join(login_lines())
    code = printed.split("recovery code: ")[1].split(",")[0].strip()
    client = Client()
    response = client.post(
        "/accounts/login/", {"login": DEMO_HOST_HANDLE, "password": DEMO_HOST_PASSWORD}
    )
    done = client.post(response["Location"], {"code": code})
    assert done.status_code == 302
    assert client.session.get("_auth_user_id") == str(seeded.pk)
