import os
import signal
import subprocess
import sys
import time
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError

from tearspace.core.demo import DEMO_HANDLE, login_lines


class Command(BaseCommand):
    help = "Serve Tearspace (uvicorn, ASGI) and run the task worker alongside it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))

    def handle(self, *args: Any, host: str, port: int, **options: Any) -> None:
        python = sys.executable
        manage = str(settings.BASE_DIR / "manage.py")
        processes = [
            subprocess.Popen(
                [
                    python,
                    "-m",
                    "uvicorn",
                    "config.asgi:application",
                    "--host",
                    host,
                    "--port",
                    str(port),
                    "--no-server-header",
                    "--log-level",
                    "warning",
                ],
                cwd=settings.BASE_DIR,
            ),
            subprocess.Popen(
                [python, manage, "worker", "--interval", "0.5"], cwd=settings.BASE_DIR
            ),
        ]
        self.stdout.write(
            self.style.SUCCESS(f"\nTearspace is running at http://{host}:{port}/\n")
            + self._logins()
            + "Stop with Ctrl-C.\n"
        )
        stopping = False

        def stop(signum: int, frame: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        while not stopping and all(p.poll() is None for p in processes):
            time.sleep(0.5)
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            process.wait(timeout=15)
        if not stopping:
            sys.exit("A Tearspace process stopped unexpectedly; see the messages above.")

    def _logins(self) -> str:
        """The demo logins, if the demo was seeded (`make run` seeds it; `serve` alone may not)."""
        user_model = get_user_model()
        try:
            seeded = user_model.objects.filter(username=DEMO_HANDLE).exists()
        except DatabaseError:  # not migrated yet: nothing to log in to
            return ""
        return "".join(f"{line}\n" for line in login_lines()) if seeded else ""
