import logging
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from tearspace.core.management.commands.worker import Heartbeat
from tearspace.core.models import WorkerHeartbeat


@pytest.mark.django_db(transaction=True)
def test_the_worker_heartbeat_records_that_it_is_alive():
    beat = Heartbeat("worker-test")
    beat.beat()
    first = WorkerHeartbeat.objects.get(worker_id="worker-test").seen_at
    beat.beat()
    assert WorkerHeartbeat.objects.get(worker_id="worker-test").seen_at > first
    beat.stopping.set()
    beat.run()  # stopping: returns at once


def worker_lines(caplog: pytest.LogCaptureFixture, verbosity: int) -> list[str]:
    """What the worker logs at `verbosity` for one empty batch (INFO and above)."""
    caplog.clear()
    with caplog.at_level(logging.INFO):
        call_command(
            "worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=verbosity
        )
    return [r.getMessage() for r in caplog.records if r.name.startswith("django")]


@pytest.mark.django_db(transaction=True)
def test_the_worker_keeps_routine_lines_out_of_the_console_unless_asked(
    caplog: pytest.LogCaptureFixture, settings: Any
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # as served
    assert worker_lines(caplog, verbosity=1) == []  # make run's console stays readable
    assert any("Starting worker" in line for line in worker_lines(caplog, verbosity=2))
    # The command beats before its first batch (the heartbeat thread's later beats never race
    # it: CI saw "database table is locked" on the embedded SQLite).
    assert WorkerHeartbeat.objects.exists()
    assert logging.getLogger("django_tasks_db").isEnabledFor(logging.ERROR)  # failures show


def test_favicon_ico_leads_to_the_app_icon(client: Client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/icon-192.png")
