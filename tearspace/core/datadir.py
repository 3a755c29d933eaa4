"""Keep the data folder private to the account that runs Tearspace, temporary files included.

Settings call `prepare_data_dir` once per process, before anything is written, so it imports
nothing from Django. What it guarantees:

- every file the process creates from then on (the SQLite database with its WAL and shm,
  sealed clips, secrets.json, the mail outbox) is readable by its owner only (umask 077), and
  what an older version left readable is closed (DATA_DIR 0700, the files in it 0600);
- every temporary file the process makes (uploads Django spools to disk, montage work, any
  library using `tempfile`) lies in a 0700 folder of its own under DATA_DIR/tmp, and the
  folders of processes that are gone (a crash, a kill mid-upload) are wiped at the next start,
  so no plaintext of a person's media outlives the process that received it.
"""

import atexit
import os
import shutil
import socket
import tempfile
import time
from pathlib import Path

PRIVATE_UMASK = 0o077
TEMP_FOLDER = "tmp"
FOREIGN_STALE_SECONDS = 24 * 3600


def make_private_dir(folder: Path) -> Path:
    """Create `folder` (and parents) if needed and make it 0700; return it."""
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    return folder


def _folder_name() -> str:
    # The host too: processes in other containers sharing DATA_DIR have pids of their own.
    return f"{socket.gethostname()}-{os.getpid()}"


def _process_alive(pid: str) -> bool:
    if not pid.isdigit() or int(pid) == os.getpid():
        # Our own pid's folder is from an earlier process (a restarted container is pid 1 again).
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, run by another account
        return True
    return True


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def wipe_stale_temp(root: Path) -> None:
    """Remove what processes that are gone left in their temp folders under `root`.

    A folder of this host goes whole when its process is gone (or has this process's pid).
    Another host's processes cannot be checked from here, so only what is older than
    FOREIGN_STALE_SECONDS goes from their folders (no request takes that long).
    """
    host = socket.gethostname()
    for child in root.iterdir():
        owner, _, pid = child.name.rpartition("-")
        if owner == host:
            if not _process_alive(pid):
                _remove(child)
        elif not child.is_dir() or child.is_symlink():
            _remove(child)
        else:
            too_old = time.time() - FOREIGN_STALE_SECONDS
            for item in child.iterdir():
                if item.lstat().st_mtime < too_old:
                    _remove(item)


def prepare_data_dir(data_dir: Path) -> Path:
    """Make `data_dir` private and give this process its own temp folder; return that folder.

    Sets the process umask to 077 and points `tempfile` at the returned folder
    (DATA_DIR/tmp/<host>-<pid>, 0700), after wiping what processes that are gone left there.
    """
    os.umask(PRIVATE_UMASK)
    make_private_dir(data_dir)
    for path in data_dir.iterdir():
        if path.is_symlink():
            continue
        path.chmod(0o700 if path.is_dir() else 0o600)
    root = make_private_dir(data_dir / TEMP_FOLDER)
    wipe_stale_temp(root)
    mine = make_private_dir(root / _folder_name())
    atexit.register(shutil.rmtree, mine, ignore_errors=True)
    tempfile.tempdir = str(mine)
    return mine
