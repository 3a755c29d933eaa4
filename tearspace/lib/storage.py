"""Stored files whose database row is written after them."""

import contextlib
from collections.abc import Iterator

from django.core.files.storage import Storage, default_storage


@contextlib.contextmanager
def removed_unless_kept(path: str | None, *, storage: Storage = default_storage) -> Iterator[None]:
    """Delete the stored file at `path` when the block raises; with None, do nothing.

    Slow file work (probing, sealing, writing) happens before the transaction that records the
    file, so the database's write lock is never held for it. Wrap that transaction in this
    block: if it fails, the file it would have recorded does not stay behind as an orphan.
    """
    try:
        yield
    except BaseException:
        if path is not None:
            storage.delete(path)
        raise
