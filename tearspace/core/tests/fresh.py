"""Run code in a fresh process with the embedded settings, as a server start would."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings


def run_fresh(
    data_dir: Path, code: str, *, django: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run `code` under umask 022 with DATA_DIR=`data_dir` and the embedded (not test) settings.

    With `django`, the code runs through `manage.py shell -c` (Django set up, SQLite file under
    `data_dir`); otherwise in a bare interpreter. The caller checks the return code.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="config.settings")
    for name in ("SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "DATABASE_URL", "REDIS_URL", "EMAIL_HOST"):
        env.pop(name, None)
    command = [sys.executable, "manage.py", "shell", "-c", code] if django else [sys.executable]
    return subprocess.run(  # noqa: S603 - our own interpreter and test code
        command,
        umask=0o022,
        input=None if django else code,
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def last_line(result: subprocess.CompletedProcess[str]) -> str:
    """Return the last line the process printed (the shell prints a banner before it)."""
    return result.stdout.strip().splitlines()[-1]
