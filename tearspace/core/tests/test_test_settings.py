"""Parallel test workers (pytest-xdist) never share media files or Redis keys."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

PROBE = (
    "import json, os\n"
    "from django.conf import settings\n"
    "print(json.dumps({'data_dir': str(settings.DATA_DIR), "
    "'media': str(settings.MEDIA_ROOT), 'prefix': os.environ['REDIS_PREFIX']}))\n"
)


def _settings_seen_by(env: dict[str, str]) -> dict[str, str]:
    """Import the test settings in a new interpreter with `env`; return what they chose."""
    done = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings_test"},
        capture_output=True,
        text=True,
        check=True,
    )
    seen: dict[str, str] = json.loads(done.stdout)
    return seen


def test_each_worker_gets_its_own_data_folder_and_redis_prefix(tmp_path: Path) -> None:
    # What the controlling pytest process leaves in the environment its workers inherit.
    inherited = {k: v for k, v in os.environ.items() if k != "PYTEST_XDIST_WORKER"}
    inherited.update(DATA_DIR=str(tmp_path / "data"), REDIS_PREFIX="tearspace-test-1")

    first = _settings_seen_by({**inherited, "PYTEST_XDIST_WORKER": "gw0"})
    second = _settings_seen_by({**inherited, "PYTEST_XDIST_WORKER": "gw1"})

    assert first["data_dir"] == str(tmp_path / "data" / "gw0")
    assert second["data_dir"] == str(tmp_path / "data" / "gw1")
    assert Path(first["media"]).is_relative_to(first["data_dir"])
    assert Path(second["media"]).is_relative_to(second["data_dir"])
    assert (first["prefix"], second["prefix"]) == ("tearspace-test-1-gw0", "tearspace-test-1-gw1")


def test_a_process_started_by_a_worker_keeps_that_workers_folder_and_prefix(
    tmp_path: Path,
) -> None:
    worker = {k: v for k, v in os.environ.items() if k != "PYTEST_XDIST_WORKER"}
    worker.update(DATA_DIR=str(tmp_path / "data"), REDIS_PREFIX="tearspace-test-1")
    worker.update(PYTEST_XDIST_WORKER="gw1")
    chosen = _settings_seen_by(worker)

    # A test's own subprocess inherits the worker's environment, already made its own.
    child = _settings_seen_by(
        {**worker, "DATA_DIR": chosen["data_dir"], "REDIS_PREFIX": chosen["prefix"]}
    )

    assert child == chosen


def test_without_workers_the_settings_are_left_as_given(tmp_path: Path) -> None:
    alone = {k: v for k, v in os.environ.items() if k != "PYTEST_XDIST_WORKER"}
    alone.update(DATA_DIR=str(tmp_path / "data"), REDIS_PREFIX="tearspace-test-1")

    seen = _settings_seen_by(alone)

    assert (seen["data_dir"], seen["prefix"]) == (str(tmp_path / "data"), "tearspace-test-1")
