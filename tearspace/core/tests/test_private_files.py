"""The data folder is private and no temporary plaintext outlives the process that made it.

Each case runs a fresh process with the embedded settings (umask 022, as a shell would give
it), because what is checked is what happens at process start.
"""

import json
import stat
from pathlib import Path

from django.conf import settings

from tearspace.core.tests.fresh import last_line, run_fresh

CANARY = b"canary-upload-7f3a9c"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


WRITE_AND_STAT = """
import json, os
from pathlib import Path
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.core.management import call_command
call_command("migrate", verbosity=0)
connection.cursor().execute("PRAGMA wal_checkpoint(PASSIVE)")
default_storage.save("journal/1/a.clip", ContentFile(b"sealed"))
files = [settings.DATA_DIR / n for n in
         ("tearspace.sqlite3", "tearspace.sqlite3-wal", "tearspace.sqlite3-shm", "secrets.json")]
folders = [settings.DATA_DIR, settings.MEDIA_ROOT, settings.MEDIA_ROOT / "journal" / "1",
           settings.PRIVATE_TEMP_DIR]
files.append(settings.MEDIA_ROOT / "journal/1/a.clip")
with connection.cursor() as cursor:
    cursor.execute("PRAGMA secure_delete")
    secure = cursor.fetchone()[0]
print(json.dumps({
    "files": {str(p): p.stat().st_mode & 0o777 for p in files},
    "folders": {str(p): p.stat().st_mode & 0o777 for p in folders},
    "secure_delete": secure,
}))
"""


def test_the_database_its_wal_media_and_secrets_are_private_to_the_owner(tmp_path):
    data_dir = tmp_path / "data"
    result = run_fresh(data_dir, WRITE_AND_STAT)
    assert result.returncode == 0, result.stderr
    seen = json.loads(last_line(result))
    assert seen["secure_delete"] == 1
    assert len(seen["files"]) == 5
    assert {path: oct(mode) for path, mode in seen["files"].items() if mode != 0o600} == {}
    assert {path: oct(mode) for path, mode in seen["folders"].items() if mode != 0o700} == {}


def test_a_data_dir_left_readable_by_an_older_version_is_closed_at_start(tmp_path):
    data_dir = tmp_path / "data"
    (data_dir / "media").mkdir(parents=True)
    for name in ("tearspace.sqlite3", "tearspace.sqlite3-wal", "secrets.json"):
        (data_dir / name).write_text("{}" if name == "secrets.json" else "")
        (data_dir / name).chmod(0o644)
    data_dir.chmod(0o755)
    (data_dir / "media").chmod(0o755)
    code = "from pathlib import Path; from tearspace.core.datadir import prepare_data_dir\n"
    code += f"prepare_data_dir(Path({str(data_dir)!r}))\n"
    assert run_fresh(data_dir, code, django=False).returncode == 0
    assert _mode(data_dir) == 0o700
    assert _mode(data_dir / "media") == 0o700
    for name in ("tearspace.sqlite3", "tearspace.sqlite3-wal", "secrets.json"):
        assert _mode(data_dir / name) == 0o600, name


KILLED_MID_UPLOAD = f"""
import os, signal, sys
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
body = {CANARY!r} * (3 * 1024 * 1024 // {len(CANARY)})  # over the 2.5 MiB kept in memory
request = RequestFactory().post("/", {{"clip": SimpleUploadedFile("cry.webm", body, "video/webm")}})
upload = request.FILES["clip"]
print(upload.temporary_file_path(), flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # the server dies before the request ends
"""


def test_an_upload_spooled_to_disk_stays_private_and_is_wiped_after_a_crash(tmp_path):
    data_dir = tmp_path / "data"
    killed = run_fresh(data_dir, KILLED_MID_UPLOAD)
    assert killed.returncode != 0  # it really was killed mid-request
    left = Path(last_line(killed))
    # Spooled into this process's private folder under DATA_DIR, never the shared temp folder.
    assert left.parent.parent == data_dir / "tmp"
    assert CANARY in left.read_bytes()
    assert _mode(left.parent) == 0o700
    assert _mode(left) == 0o600

    restarted = run_fresh(data_dir, "print('up')")
    assert restarted.returncode == 0, restarted.stderr
    assert not left.exists()
    assert not left.parent.exists()


def test_temporary_files_of_this_process_go_to_its_private_folder():
    import tempfile

    folder = Path(settings.PRIVATE_TEMP_DIR)
    assert folder.parent == Path(settings.DATA_DIR) / "tmp"
    assert Path(tempfile.gettempdir()) == folder
    assert Path(settings.FILE_UPLOAD_TEMP_DIR) == folder
    assert _mode(folder) == 0o700


def test_only_what_processes_that_are_gone_left_is_wiped(tmp_path):
    import os
    import socket
    import subprocess
    import sys

    from tearspace.core.datadir import FOREIGN_STALE_SECONDS, wipe_stale_temp

    host = socket.gethostname()
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    folders = {
        "dead here": tmp_path / f"{host}-{gone.stdout.strip()}",
        "alive here": tmp_path / f"{host}-{os.getppid()}",
        "other host": tmp_path / "other-container-7",
    }
    for folder in folders.values():
        folder.mkdir()
        (folder / "fresh.upload").write_bytes(CANARY)
    old = folders["other host"] / "old.upload"
    old.write_bytes(CANARY)
    long_ago = old.stat().st_mtime - FOREIGN_STALE_SECONDS - 60
    os.utime(old, (long_ago, long_ago))

    wipe_stale_temp(tmp_path)

    assert not folders["dead here"].exists()
    assert (folders["alive here"] / "fresh.upload").exists()
    assert (folders["other host"] / "fresh.upload").exists()  # may be a live upload elsewhere
    assert not old.exists()
