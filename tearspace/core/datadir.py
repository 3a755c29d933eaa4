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
import tempfile
from pathlib import Path

PRIVATE_UMASK = 0o077
TEMP_FOLDER = "tmp"


def make_private_dir(folder: Path) -> Path:
    """Create `folder` (and parents) if needed and make it 0700; return it."""
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    return folder


def _process_alive(name: str) -> bool:
    if not name.isdigit() or int(name) == os.getpid():
        # Our own pid's folder is from an earlier process (a restarted container is pid 1 again).
        return False
    try:
        os.kill(int(name), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, run by another account
        return True
    return True


def wipe_stale_temp(root: Path) -> None:
    """Remove the temp folders under `root` whose process is gone (or is this one's pid)."""
    for child in root.iterdir():
        if not _process_alive(child.name):
            if child.is_dir() and not child.is_symlink():
                shutil.rmtree(child, ignore_errors=True)
            else:
                child.unlink(missing_ok=True)


def prepare_data_dir(data_dir: Path) -> Path:
    """Make `data_dir` private and give this process its own temp folder; return that folder.

    Sets the process umask to 077 and points `tempfile` at the returned folder
    (DATA_DIR/tmp/<pid>, 0700), after wiping the folders of processes that are gone.
    """
    os.umask(PRIVATE_UMASK)
    make_private_dir(data_dir)
    for path in data_dir.iterdir():
        if path.is_symlink():
            continue
        path.chmod(0o700 if path.is_dir() else 0o600)
    root = make_private_dir(data_dir / TEMP_FOLDER)
    wipe_stale_temp(root)
    mine = make_private_dir(root / str(os.getpid()))
    atexit.register(shutil.rmtree, mine, ignore_errors=True)
    tempfile.tempdir = str(mine)
    return mine
