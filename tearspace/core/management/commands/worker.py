import logging
import threading
from typing import Any

from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks_db.compat import TASKS_LOGGER
from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from tearspace.core.models import WorkerHeartbeat

BEAT_EVERY_SECONDS = 10.0


class Heartbeat(threading.Thread):
    """Record that this worker is alive, so /healthz can tell a stopped worker."""

    def __init__(self, worker_id: str) -> None:
        super().__init__(name="worker-heartbeat", daemon=True)
        self.worker_id = worker_id
        self.stopping = threading.Event()

    def beat(self) -> None:
        """Record one beat now (on the caller's database connection)."""
        WorkerHeartbeat.objects.update_or_create(
            worker_id=self.worker_id, defaults={"seen_at": timezone.now()}
        )

    def run(self) -> None:
        """Beat every BEAT_EVERY_SECONDS until `stopping` is set (the first beat is the
        command's own, before the worker starts, so it never races the worker's first batch)."""
        while not self.stopping.wait(BEAT_EVERY_SECONDS):
            close_old_connections()
            self.beat()
            connection.close()


class Command(DBWorkerCommand):
    help = "Run the background task worker (django-tasks-db) with a health heartbeat."

    def configure_logging(self, verbosity: int) -> None:
        """Show failures always, and each task's routine state lines only at verbosity 2+
        (at 1 they filled the `make run` console: a line per task started and finished)."""
        super().configure_logging(verbosity)
        if verbosity == 1:
            for name in (TASKS_LOGGER, "django_tasks_db"):
                logging.getLogger(name).setLevel(logging.WARNING)

    def handle(self, *args: Any, **options: Any) -> None:
        heartbeat = Heartbeat(options["worker_id"][:64])
        # The first beat before the worker's first batch: on the embedded SQLite the thread's
        # write could otherwise meet the batch's exclusive transaction ("table is locked").
        heartbeat.beat()
        heartbeat.start()
        try:
            super().handle(*args, **options)
        finally:
            heartbeat.stopping.set()
