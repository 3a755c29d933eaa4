"""Run code in a fresh process with the embedded settings, as a server start would."""

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings

DATABASE = "tearspace.sqlite3"

MIGRATE_AND_CLOSE = """
from django.core.management import call_command
from django.db import connection
call_command("migrate", verbosity=0)
connection.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
connection.close()
"""


def run_fresh(
    data_dir: Path, code: str, *, django: bool = True, migrated: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run `code` under umask 022 with DATA_DIR=`data_dir` and the embedded (not test) settings.

    With `django`, the code runs through `manage.py shell -c` (Django set up, SQLite file under
    `data_dir`); otherwise in a bare interpreter. With `migrated`, `data_dir` starts with a copy
    of the database file a fresh `migrate` makes (see `migrated_database`), so a `migrate` in
    `code` finds nothing left to do. The caller checks the return code.
    """
    if migrated:
        data_dir.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(migrated_database(), data_dir / DATABASE)
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


def migrated_database() -> Path:
    """Return the SQLite file that `migrate` makes in an empty DATA_DIR, making it at most once.

    Migrating from nothing costs about 8 s of CPU, and most fresh-process tests need only its
    result. The file is kept next to the test session's data folders, named by a hash of every
    migration and of requirements.txt, and made under a lock: the pytest-xdist workers of a
    session share it. Raises RuntimeError when that `migrate` fails.
    """
    shared = Path(settings.DATA_DIR)
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # settings_test gave each worker a folder inside the session's
    folder = shared / f"migrated-{_migrations_digest()}"
    with open(f"{folder}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder / DATABASE).exists():
            building = Path(f"{folder}.building")
            shutil.rmtree(building, ignore_errors=True)
            done = run_fresh(building, MIGRATE_AND_CLOSE)
            if done.returncode != 0:
                raise RuntimeError(f"migrate failed: {done.stderr[-3000:]}")
            folder.mkdir(exist_ok=True)
            shutil.copyfile(building / DATABASE, folder / f"{DATABASE}.part")
            os.replace(folder / f"{DATABASE}.part", folder / DATABASE)
            shutil.rmtree(building, ignore_errors=True)
    return folder / DATABASE


def _migrations_digest() -> str:
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    for path in [base / "requirements.txt", *sorted(base.glob("tearspace/*/migrations/*.py"))]:
        digest.update(str(path.relative_to(base)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def last_line(result: subprocess.CompletedProcess[str]) -> str:
    """Return the last line the process printed (the shell prints a banner before it)."""
    return result.stdout.strip().splitlines()[-1]
